#!/usr/bin/env python3
"""Commits the corpus drm tree into a scratch repository and picks the review patch.

The corpus mbox holds commits that are already in the 2018 tree, so none of them applies
forward. To review a real patch against a real base, we take the last mail whose diff
touches i915_gem.c and reverse-applies cleanly, commit the tree with that patch reverted
(HEAD), and write the mail out unchanged: it then applies to HEAD exactly as it applied
upstream. If no mail qualifies, the script fails and says so.

usage: corpus.py --tree DIR --mbox FILE --out REPO --patch FILE
Built in REPO.tmp and renamed when complete.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

TARGET = "diff --git a/drivers/gpu/drm/i915/i915_gem.c "
IDENTITY = {
    "GIT_AUTHOR_NAME": "Bench Corpus", "GIT_AUTHOR_EMAIL": "corpus@example.org",
    "GIT_COMMITTER_NAME": "Bench Corpus", "GIT_COMMITTER_EMAIL": "corpus@example.org",
    "GIT_AUTHOR_DATE": "2018-05-31T12:00:00+0000",
    "GIT_COMMITTER_DATE": "2018-05-31T12:00:00+0000",
}


def git(repo, *arguments, check=True):
    environment = dict(os.environ, **IDENTITY)
    return subprocess.run(["git", "-C", repo, *arguments], env=environment, check=check,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", required=True)
    parser.add_argument("--mbox", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--patch", required=True)
    args = parser.parse_args()

    temporary = args.out + ".tmp"
    shutil.rmtree(temporary, ignore_errors=True)
    shutil.copytree(args.tree, temporary, symlinks=True)
    git(temporary, "init", "-q", "-b", "master")
    git(temporary, "add", "-A")
    git(temporary, "commit", "-q", "-m", "Import the corpus drm tree")

    with tempfile.TemporaryDirectory() as split:
        subprocess.run(["git", "mailsplit", "-o" + split, args.mbox], check=True,
                       stdout=subprocess.DEVNULL)
        chosen = None
        for name in sorted(os.listdir(split), reverse=True):
            path = os.path.join(split, name)
            with open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
            if TARGET not in text:
                continue
            if git(temporary, "apply", "--check", "-R", path, check=False).returncode == 0:
                chosen = path
                break
        if chosen is None:
            sys.exit("corpus.py: no i915_gem.c patch in %s reverse-applies" % args.mbox)
        git(temporary, "apply", "-R", chosen)
        git(temporary, "commit", "-q", "-a", "-m",
            "Revert the benchmark patch so that it applies to HEAD")
        shutil.copyfile(chosen, args.patch)

    shutil.rmtree(args.out, ignore_errors=True)
    os.replace(temporary, args.out)
    with open(args.patch, encoding="utf-8", errors="replace") as handle:
        subject = next((line.strip() for line in handle if line.startswith("Subject:")), "?")
    print("%s: corpus tree at HEAD; review patch %s (%s)" % (args.out, args.patch, subject),
          file=sys.stderr)


if __name__ == "__main__":
    main()
