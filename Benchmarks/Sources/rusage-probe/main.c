// rusage-probe REPORT PROGRAM [ARG...]
//
// Runs PROGRAM with posix_spawnp, reaps it with wait4 and writes one line to REPORT:
//   <wall nanoseconds> <ru_maxrss kilobytes> <raw wait status>
// Why a separate C program: on exec, Linux folds the high-water RSS of the address space
// being replaced into the new program's ru_maxrss. A child spawned straight from the
// benchmark (Swift runtime and Foundation, ~20 MB) inherits that floor; spawned from this
// probe it inherits about 1 MB. stdin, stdout, stderr and the working directory are the
// probe's own, set by the caller.
#define _GNU_SOURCE
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: rusage-probe REPORT PROGRAM [ARG...]\n");
    return 125;
  }
  struct timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  pid_t pid;
  int spawned = posix_spawnp(&pid, argv[2], NULL, NULL, argv + 2, environ);
  if (spawned != 0) {
    fprintf(stderr, "cannot start %s: %s\n", argv[2], strerror(spawned));
    return 127;
  }
  int status = 0;
  struct rusage usage;
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) {
      perror("wait4");
      return 126;
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &end);
  long long nanoseconds =
      (long long)(end.tv_sec - start.tv_sec) * 1000000000LL + (end.tv_nsec - start.tv_nsec);
  FILE *report = fopen(argv[1], "w");
  if (report == NULL) {
    perror(argv[1]);
    return 126;
  }
  fprintf(report, "%lld %ld %d\n", nanoseconds, usage.ru_maxrss, status);
  fclose(report);
  return 0;
}
