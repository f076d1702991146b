import CGit2

/// Keeps libgit2 initialised while it lives.
///
/// `git_libgit2_init` is reference-counted and the last `git_libgit2_shutdown` tears down
/// every global: hold one of these across a loop of calls that need no repository
/// (hashing a directory tree) so the library is not set up and torn down per file.
final class GitLibrary {
  init() { git_libgit2_init() }
  deinit { git_libgit2_shutdown() }
}
