#!/usr/bin/env python3
"""Writes a kernel-style patch mbox of a given size, deterministic from a seed.

Every mail is made up here: invented authors (some with RFC 2047 encoded names),
`git format-patch` headers, series with cover letters and In-Reply-To chains,
commit messages with trailers, a diffstat, and unified diffs of plausible
drm/i915-style C. Nothing is copied from a real tree or list.

usage: mbox.py --seed N --megabytes M --out FILE
The file is written under FILE.tmp and renamed when complete, so an interrupted
run never leaves a truncated mbox that looks cached.
"""

import argparse
import base64
import binascii
import os
import random
import sys

FIRST = ["Dana", "Ines", "Tomas", "Mirela", "Kasper", "Aiko", "Ravi", "Lena",
         "Oskar", "Priya", "Jörg", "Zoë", "Ségolène", "Håkon", "Łukasz", "Ümit",
         "Chloé", "Björn", "Tuomas", "Ana", "Marek", "Yuki", "Nikola", "Sven"]
LAST = ["Kettering", "Marwood", "Vasquez", "Okafor", "Lindqvist", "Brandt",
        "Moreau", "Szabó", "Nieminen", "Kowalczyk", "Hartmann", "Østergaard",
        "Pereira", "Ishikawa", "Petrović", "Fairbanks", "Delacroix", "Grünewald"]
DOMAINS = ["example.org", "example.net", "example.com", "mail.example.org",
           "lists.example.net"]
AREAS = ["drm/i915", "drm/i915/gem", "drm/i915/gtt", "drm/i915/execlists",
         "drm/i915/guc", "drm/i915/selftests", "drm/i915/userptr", "drm/i915/shrinker"]
VERBS = ["Fix", "Avoid", "Move", "Drop", "Take", "Skip", "Flush", "Keep",
         "Document", "Simplify", "Reorder", "Check", "Track", "Defer", "Pin", "Release"]
NOUNS = ["the object lock", "struct_mutex", "the vma list", "the GTT mapping",
         "a stale fence", "userptr pages", "the shrinker", "the eviction list",
         "pwrite", "the fault handler", "request retirement", "the context close",
         "unbind", "the page array", "an unused parameter", "the error path"]
TAILS = ["before unbinding", "under the lock", "on suspend", "in the fault path",
         "for userptr objects", "while evicting", "after reset", "in pread",
         "when the object is purgeable", "on the error path", ""]
PREFIX = ["i915_gem", "i915_vma", "intel_engine", "i915_gem_object", "i915_ggtt",
          "intel_ring", "i915_gem_context", "i915_request", "i915_gem_evict",
          "i915_gem_shrinker", "intel_guc", "i915_gem_userptr"]
ACTIONS = ["pin", "unpin", "bind", "unbind", "flush", "retire", "wait", "evict",
           "release", "acquire", "get_pages", "put_pages", "set_domain", "close",
           "reset", "sync", "prepare", "finish", "lookup", "scan"]
FILES = ["drivers/gpu/drm/i915/i915_gem.c", "drivers/gpu/drm/i915/i915_vma.c",
         "drivers/gpu/drm/i915/i915_gem_gtt.c", "drivers/gpu/drm/i915/i915_gem_evict.c",
         "drivers/gpu/drm/i915/i915_gem_shrinker.c", "drivers/gpu/drm/i915/i915_request.c",
         "drivers/gpu/drm/i915/i915_gem_userptr.c", "drivers/gpu/drm/i915/intel_ringbuffer.c",
         "drivers/gpu/drm/i915/i915_gem_context.c", "drivers/gpu/drm/i915/i915_drv.h",
         "drivers/gpu/drm/i915/intel_lrc.c", "drivers/gpu/drm/i915/i915_gem_execbuffer.c"]
WORDS = ("the object is pinned while we write to it so its aperture mapping cannot "
         "move and the fault handler may run concurrently with the shrinker which "
         "takes the lock from reclaim context we must not allocate with GFP_KERNEL "
         "while holding it because that can recurse into the shrinker and deadlock "
         "the request is retired once the seqno has passed and the vma is unbound "
         "after the last user drops its reference lockdep reports the inversion only "
         "when both paths have run since boot so the window is small but real the "
         "userptr path takes mmap_sem for read and then struct_mutex which is the "
         "opposite of the pwrite slow path this keeps the ordering consistent and "
         "removes an unneeded wait").split()
C_LINES = [
    "\tret = {f}(obj, flags);",
    "\tif (ret)\n\t\tgoto err_unlock;",
    "\tmutex_lock(&dev->struct_mutex);",
    "\tmutex_unlock(&dev->struct_mutex);",
    "\tlist_for_each_entry(vma, &obj->vma_list, obj_link) {",
    "\t\tif (!drm_mm_node_allocated(&vma->node))\n\t\t\tcontinue;",
    "\t}",
    "\tspin_lock_irqsave(&engine->timeline.lock, flags);",
    "\tspin_unlock_irqrestore(&engine->timeline.lock, flags);",
    "\tGEM_BUG_ON(!{f}_is_pinned(vma));",
    "\treturn 0;",
    "\treturn ret;",
    "\t/* The caller holds a reference, so the object cannot vanish here. */",
    "\tpages = kvmalloc_array(num_pages, sizeof(*pages), GFP_KERNEL);",
    "\tif (!pages)\n\t\treturn -ENOMEM;",
    "\tunmap_mapping_range(obj->base.filp->f_mapping, 0, (loff_t)-1, 0);",
    "\tret = copy_from_user(vaddr + offset, user_data, length);",
    "\tpagefault_disable();",
    "\tpagefault_enable();",
    "\ti915_gem_object_put(obj);",
    "\tobj = i915_gem_object_lookup(file, args->handle);",
    "\tif (!obj)\n\t\treturn -ENOENT;",
    "\tdown_read(&mm->mmap_sem);",
    "\tup_read(&mm->mmap_sem);",
    "\tintel_runtime_pm_get(dev_priv);",
    "\tintel_runtime_pm_put(dev_priv);",
    "\t{f}(vma);",
    "\tflush_work(&dev_priv->mm.free_work);",
    "",
]


class Writer:
    """Buffered output that knows how many bytes it has written."""

    def __init__(self, path):
        self.handle = open(path, "wb", buffering=1 << 22)
        self.size = 0

    def write(self, text):
        data = text.encode("utf-8")
        self.handle.write(data)
        self.size += len(data)

    def close(self):
        self.handle.close()


def encoded_name(rng, name):
    """RFC 2047 words, as git send-email and mail clients write non-ASCII names."""
    if all(ord(c) < 128 for c in name):
        return name
    raw = name.encode("utf-8")
    if rng.random() < 0.5:
        return "=?UTF-8?B?" + base64.b64encode(raw).decode("ascii") + "?="
    out = []
    for byte in raw:
        ch = chr(byte)
        if ch.isalnum() and byte < 128:
            out.append(ch)
        elif ch == " ":
            out.append("_")
        else:
            out.append("=%02X" % byte)
    return "=?UTF-8?q?" + "".join(out) + "?="


def person(rng):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    local = (first[0] + last).lower().encode("ascii", "ignore").decode() or "dev"
    return first + " " + last, local + "@" + rng.choice(DOMAINS)


def function_name(rng):
    return rng.choice(PREFIX) + "_" + rng.choice(ACTIONS)


def paragraph(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(18, 70))]
    words[0] = words[0].capitalize()
    lines, line = [], ""
    for word in words:
        if len(line) + len(word) + 1 > 72:
            lines.append(line)
            line = word
        else:
            line = word if not line else line + " " + word
    lines.append(line + ".")
    return "\n".join(lines)


def c_line(rng):
    return rng.choice(C_LINES).replace("{f}", function_name(rng))


def hunk(rng, start):
    before = [c_line(rng) for _ in range(3)]
    removed = [c_line(rng) for _ in range(rng.randint(0, 8))]
    added = [c_line(rng) for _ in range(rng.randint(1, 10))]
    after = [c_line(rng) for _ in range(3)]
    # A C_LINES entry may hold two lines; count real lines for the header.
    def lines(group, mark):
        return [mark + piece for entry in group for piece in entry.split("\n")]
    ctx_before, ctx_after = lines(before, " "), lines(after, " ")
    minus, plus = lines(removed, "-"), lines(added, "+")
    old_len = len(ctx_before) + len(minus) + len(ctx_after)
    new_len = len(ctx_before) + len(plus) + len(ctx_after)
    header = "@@ -%d,%d +%d,%d @@ static int %s(struct drm_i915_gem_object *obj)" % (
        start, old_len, start, new_len, function_name(rng))
    body = ctx_before + minus + plus + ctx_after
    return header + "\n" + "\n".join(body) + "\n", len(plus), len(minus)


def diff(rng):
    files = rng.sample(FILES, rng.randint(1, 3))
    parts, stat, total_plus, total_minus = [], [], 0, 0
    for path in sorted(files):
        hunks, plus, minus, start = [], 0, 0, rng.randint(20, 400)
        for _ in range(rng.randint(1, 5)):
            text, p, m = hunk(rng, start)
            hunks.append(text)
            plus, minus = plus + p, minus + m
            start += rng.randint(40, 300)
        index = "%09x..%09x" % (rng.getrandbits(36), rng.getrandbits(36))
        parts.append("diff --git a/%s b/%s\nindex %s 100644\n--- a/%s\n+++ b/%s\n%s" % (
            path, path, index, path, path, "".join(hunks)))
        bar = "+" * min(plus, 30) + "-" * min(minus, 30)
        stat.append(" %s | %d %s" % (path, plus + minus, bar))
        total_plus, total_minus = total_plus + plus, total_minus + minus
    summary = " %d file%s changed, %d insertions(+), %d deletions(-)" % (
        len(files), "" if len(files) == 1 else "s", total_plus, total_minus)
    return "\n".join(stat) + "\n" + summary + "\n\n" + "".join(parts)


def quoted_printable(text):
    return binascii.b2a_qp(text.encode("utf-8")).decode("ascii")


def subject_line(rng, tag, title):
    subject = "Subject: %s %s" % (tag, title)
    if len(subject) > 78:
        # Long subjects are folded the way git format-patch folds them.
        cut = subject.rfind(" ", 0, 78)
        subject = subject[:cut] + "\n " + subject[cut + 1:]
    return subject


def message(rng, serial, series_id, version, number, total, author, cover_id, when):
    name, email = author
    sha = "%040x" % rng.getrandbits(160)
    tag = "[PATCH%s %d/%d]" % (" v%d" % version if version > 1 else "", number, total)
    if total == 1:
        tag = "[PATCH%s]" % (" v%d" % version if version > 1 else "")
    area = rng.choice(AREAS)
    if number == 0:
        title = "%s: %s series for %s" % (area, rng.choice(VERBS), rng.choice(NOUNS))
    else:
        title = ("%s: %s %s %s" % (area, rng.choice(VERBS), rng.choice(NOUNS),
                                   rng.choice(TAILS))).rstrip()
    msgid = "<%d.%d-%d-git-send-email-%s>" % (series_id, serial, number, email)
    headers = [
        "From %s Mon Sep 17 00:00:00 2001" % sha,
        "From: %s <%s>" % (encoded_name(rng, name), email),
        "Date: %s" % when,
        subject_line(rng, tag, title),
        "Message-Id: %s" % msgid,
    ]
    if cover_id and number > 0:
        headers.append("In-Reply-To: %s" % cover_id)
        headers.append("References: %s" % cover_id)
    headers.append("To: intel-gfx@lists.example.org")
    cc = [person(rng) for _ in range(rng.randint(0, 3))]
    if cc:
        headers.append("Cc: " + ",\n    ".join("%s <%s>" % (encoded_name(rng, n), e)
                                               for n, e in cc))
    paragraphs = [paragraph(rng) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.02:
        # A line that starts with "From " must be quoted in an mbox.
        paragraphs.append(">From the trace above the second path is the fault handler.")
    trailers = ["Signed-off-by: %s <%s>" % (name, email)]
    for _ in range(rng.randint(0, 3)):
        kind = rng.choice(["Reviewed-by", "Acked-by", "Cc", "Tested-by"])
        trailers.append("%s: %s <%s>" % (kind, *person(rng)))
    if rng.random() < 0.3:
        trailers.append("Link: https://patchwork.example.org/patch/%d/" % rng.randint(1, 999999))
    body = "\n\n".join(paragraphs) + "\n\n" + "\n".join(trailers) + "\n"
    if number > 0:
        body += "---\n" + diff(rng)
    body += "-- \n2.17.1\n"
    use_qp = rng.random() < 0.05
    headers.append("MIME-Version: 1.0")
    headers.append("Content-Type: text/plain; charset=UTF-8")
    if use_qp:
        headers.append("Content-Transfer-Encoding: quoted-printable")
        body = quoted_printable(body)
        if not body.endswith("\n"):
            body += "\n"
    else:
        headers.append("Content-Transfer-Encoding: 8bit")
    return "\n".join(headers) + "\n\n" + body + "\n", msgid


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--megabytes", type=float, default=1024)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    target = int(args.megabytes * 1024 * 1024)
    temporary = args.out + ".tmp"
    out = Writer(temporary)
    serial, series_id, messages = 0, 0, 0
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
              "Nov", "Dec"]
    while out.size < target:
        series_id += 1
        total = rng.choice([1, 1, 1, 2, 3, 4, 5, 7, 12])
        version = rng.choice([1, 1, 1, 2, 3])
        author = person(rng)
        seconds = series_id * 977
        when = "%s, %d %s 2018 %02d:%02d:%02d +0%d00" % (
            days[series_id % 7], 1 + (series_id // 24) % 28, months[(series_id // 700) % 12],
            (seconds // 3600) % 24, (seconds // 60) % 60, seconds % 60, rng.randint(0, 3))
        cover_id = None
        first = 0 if total > 1 else 1
        for number in range(first, total + 1):
            serial += 1
            text, msgid = message(rng, serial, series_id, version, number, total, author,
                                  cover_id, when)
            if number == 0:
                cover_id = msgid
            out.write(text)
            messages += 1
            if out.size >= target:
                break
    out.close()
    os.replace(temporary, args.out)
    print("%s: %d messages, %d bytes" % (args.out, messages, out.size), file=sys.stderr)


if __name__ == "__main__":
    main()
