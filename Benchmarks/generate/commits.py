#!/usr/bin/env python3
"""Builds a git repository of kernel-style commits on top of a small tree.

The first commit imports TREE as it is (tag `bench-base`); each following commit adds,
reworks or removes one helper function in a drm/i915 C file, with the locking patterns
reviewbot looks at (struct_mutex around GEM calls, user copies with and without the lock,
pagefault_disable regions, GFP_KERNEL allocations, the irq spinlock). Authors, dates and
messages come from a seeded generator, so the same seed gives the same commit ids.
The tip is branch `master` (tag `bench-tip`).

usage: commits.py --seed N --commits N --tree DIR --out REPO
Built with `git fast-import` into REPO.tmp, checked out, then renamed to REPO.
"""

import argparse
import os
import random
import shutil
import subprocess
import sys

AUTHORS = [("Ines Marwood", "ines.marwood@example.org"),
           ("Dana Kettering", "dkettering@example.net"),
           ("Tomas Vasquez", "tvasquez@example.com"),
           ("Jörg Brandt", "jbrandt@example.org"),
           ("Aiko Ishikawa", "aiko@example.net"),
           ("Łukasz Kowalczyk", "lkowalczyk@example.com")]
TARGETS = ["drivers/gpu/drm/i915/i915_gem.c", "drivers/gpu/drm/i915/i915_gem_debug.c"]
NEW_FILE_HEAD = """/*
 * i915_gem_debug.c -- consistency checks for GEM objects, debug builds only
 */

#include "drmP.h"
#include "i915_drm.h"
#include "i915_drv.h"
"""
SUBJECTS = {"add": "Add {name}()", "rework": "Rework {name}()", "remove": "Remove {name}()"}
WHY = ["The callers open-code this sequence in three places; a helper keeps the "
       "locking in one spot.",
       "This runs on the eviction path, so it must not sleep on user memory while "
       "struct_mutex is held.",
       "userptr objects can be faulted from the very mapping being written, so the "
       "copy has to happen outside the lock or with page faults disabled.",
       "Retiring before the unbind avoids waiting for requests the GPU has already "
       "completed."]

REMOVED = "No caller is left after the previous patch."

BODIES = [
    # Retire under struct_mutex: a plain, correct sequence.
    """\tmutex_lock(&dev->struct_mutex);
\ti915_gem_retire_requests(dev);
\tmutex_unlock(&dev->struct_mutex);
\treturn 0;""",
    # Interruptible lock helper, then evict.
    """\tint ret;

\tret = i915_mutex_lock_interruptible(dev);
\tif (ret)
\t\treturn ret;

\tret = i915_gem_evict_something(dev);
\tmutex_unlock(&dev->struct_mutex);
\treturn ret;""",
    # Copy from user before taking the lock: the accepted fix.
    """\tchar buf[64];

\tif (len > sizeof(buf))
\t\treturn -EINVAL;
\tif (copy_from_user(buf, user_data, len))
\t\treturn -EFAULT;

\tmutex_lock(&dev->struct_mutex);
\ti915_gem_object_pin(obj, 0);
\tmutex_unlock(&dev->struct_mutex);
\treturn 0;""",
    # Copy from user under the lock: the 2009 inversion.
    """\tchar buf[64];
\tint ret = 0;

\tif (len > sizeof(buf))
\t\treturn -EINVAL;

\tmutex_lock(&dev->struct_mutex);
\tif (copy_from_user(buf, user_data, len))
\t\tret = -EFAULT;
\tmutex_unlock(&dev->struct_mutex);
\treturn ret;""",
    # Atomic copy with page faults disabled under the lock.
    """\tchar buf[64];
\tunsigned long unwritten;

\tif (len > sizeof(buf))
\t\treturn -EINVAL;

\tmutex_lock(&dev->struct_mutex);
\tpagefault_disable();
\tunwritten = __copy_from_user_inatomic(buf, user_data, len);
\tpagefault_enable();
\tmutex_unlock(&dev->struct_mutex);
\treturn unwritten ? -EFAULT : 0;""",
    # Unbind under the lock (zaps user mappings).
    """\tint ret;

\tmutex_lock(&dev->struct_mutex);
\tret = i915_gem_object_unbind(obj);
\tmutex_unlock(&dev->struct_mutex);
\treturn ret;""",
    # The irq spinlock around the refcount.
    """\tdrm_i915_private_t *dev_priv = dev->dev_private;
\tunsigned long flags;

\tspin_lock_irqsave(&dev_priv->user_irq_lock, flags);
\tdev_priv->user_irq_refcount += {n} % 3;
\tspin_unlock_irqrestore(&dev_priv->user_irq_lock, flags);
\treturn 0;""",
    # Allocation outside the lock, list walk inside.
    """\tvoid *scratch;

\tscratch = kmalloc(len, GFP_KERNEL);
\tif (!scratch)
\t\treturn -ENOMEM;

\tmutex_lock(&dev->struct_mutex);
\ti915_gem_object_unpin(obj);
\tmutex_unlock(&dev->struct_mutex);
\tkfree(scratch);
\treturn 0;""",
]
NAME_PARTS = ["pin", "flush", "retire", "evict", "check", "scrub", "sync", "trim",
              "verify", "settle", "drain", "touch"]


def helper(name, body_index, serial):
    body = BODIES[body_index].replace("{n}", str(serial))
    return ("\n/* %s: generated helper, variant %d */\nint\n%s(struct drm_device *dev, "
            "struct drm_gem_object *obj,\n\tvoid __user *user_data, size_t len)\n{\n%s\n}\n"
            % (name, body_index, name, body))


def fast_import_data(text):
    raw = text.encode("utf-8")
    return b"data %d\n" % len(raw) + raw + b"\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--commits", type=int, default=500)
    parser.add_argument("--tree", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    base_files = {}
    for folder, _, names in os.walk(args.tree):
        for file_name in names:
            path = os.path.join(folder, file_name)
            relative = os.path.relpath(path, args.tree)
            with open(path, encoding="utf-8") as handle:
                base_files[relative] = handle.read()
    helpers = {target: {} for target in TARGETS}

    def render(target):
        head = base_files.get(target, NEW_FILE_HEAD)
        return head + "".join(helpers[target][name] for name in sorted(helpers[target]))

    stream = bytearray()
    when = 1235000000
    stream += b"commit refs/heads/master\nmark :1\n"
    stream += b"author Bench Base <base@example.org> %d +0000\n" % when
    stream += b"committer Bench Base <base@example.org> %d +0000\n" % when
    stream += fast_import_data("Import the base tree\n")
    for relative in sorted(base_files):
        stream += b"M 100644 inline %s\n" % relative.encode()
        stream += fast_import_data(base_files[relative])[:-1] + b"\n"
    stream += b"\n"

    for serial in range(1, args.commits + 1):
        target = rng.choice(TARGETS)
        existing = sorted(helpers[target])
        roll = rng.random()
        if not existing or roll < 0.6:
            action = "add"
            name = "i915_gem_%s_%s_%d" % (rng.choice(NAME_PARTS), rng.choice(NAME_PARTS),
                                          serial)
            helpers[target][name] = helper(name, rng.randrange(len(BODIES)), serial)
        elif roll < 0.85:
            action = "rework"
            name = rng.choice(existing)
            helpers[target][name] = helper(name, rng.randrange(len(BODIES)), serial)
        else:
            action = "remove"
            name = rng.choice(existing)
            del helpers[target][name]
        author, email = rng.choice(AUTHORS)
        when += rng.randint(600, 86400)
        why = REMOVED if action == "remove" else rng.choice(WHY)
        message = "drm/i915: %s\n\n%s\n\nSigned-off-by: %s <%s>\n" % (
            SUBJECTS[action].format(name=name), why, author, email)
        identity = ("%s <%s> %d +0100\n" % (author, email, when)).encode("utf-8")
        stream += b"commit refs/heads/master\nmark :%d\n" % (serial + 1)
        stream += b"author " + identity + b"committer " + identity
        stream += fast_import_data(message)
        stream += b"from :%d\n" % serial
        stream += b"M 100644 inline %s\n" % target.encode()
        stream += fast_import_data(render(target))[:-1] + b"\n"
        stream += b"\n"
    stream += b"reset refs/tags/bench-base\nfrom :1\n\n"
    stream += b"reset refs/tags/bench-tip\nfrom :%d\n\n" % (args.commits + 1)

    temporary = args.out + ".tmp"
    shutil.rmtree(temporary, ignore_errors=True)
    quiet = {"stdout": subprocess.DEVNULL}
    subprocess.run(["git", "init", "-q", "-b", "master", temporary], check=True, **quiet)
    subprocess.run(["git", "-C", temporary, "fast-import", "--quiet"], input=bytes(stream),
                   check=True, **quiet)
    subprocess.run(["git", "-C", temporary, "reset", "-q", "--hard", "master"], check=True)
    shutil.rmtree(args.out, ignore_errors=True)
    os.replace(temporary, args.out)
    print("%s: %d commits on top of %s" % (args.out, args.commits, args.tree), file=sys.stderr)


if __name__ == "__main__":
    main()
