import Foundation
import GEMSim
import LockModelExtract
import PatchParse
import Testing

@testable import ReviewCore

typealias Loc = LockModelExtract.SourceLocation

/// Literal mails, findings and knowledge for the writer tests: nothing here is computed by
/// another stage, so the writers are tested alone.
enum WriterFixtures {
  static let gem = "drivers/gpu/drm/i915/i915_gem.c"
  static let structMutex = LockClass("drm_device.struct_mutex")
  static let mmapLock = LockClass("mm_struct.mmap_lock")
  static let fsReclaim = LockClass("fs_reclaim")
  static let objLock = LockClass("?.base.lock", isResolved: false)

  static let knowledge = KnowledgeBase(
    primitives: [
      "copy_from_user": Primitive(
        name: "copy_from_user", action: .implicit,
        implicitLocks: [ImplicitLock(lock: mmapLock, kind: .rwsem, mode: .read)],
        enters: "fault",
        advice: [
          "Move the copy out from under the lock: copy the user data into a kernel buffer"
            + " (or pin the pages) before taking the lock.",
          "Take the lock, pagefault_disable(), copy with __copy_from_user_inatomic(), and"
            + " when that fails drop the lock and take a slow path that faults the pages in.",
        ],
        summary: "Can fault; the fault takes mmap_lock for read."),
      "might_fault": Primitive(name: "might_fault", action: .implicit),
      "kmalloc": Primitive(
        name: "kmalloc", action: .allocation,
        advice: ["Allocate with GFP_NOWAIT under the lock, or allocate before taking it."],
        summary: "May enter direct reclaim with GFP_KERNEL."),
    ],
    contexts: [
      "ioctl": EntryContextSpec(
        name: "ioctl", reproducer: "Call ioctl({handle}) on the DRM device node.",
        summary: "userspace calls {function}() through ioctl() with nothing held"),
      "fault": EntryContextSpec(
        name: "fault", retriedOn: ["VM_FAULT_NOPAGE"],
        reproducer: "mmap() a GEM object through the GTT and touch the mapping, so the page"
          + " fault calls {function}() with mmap_lock held for read.",
        summary: "the page-fault path holds mmap_lock for read when it calls {function}()"),
      "shrinker": EntryContextSpec(
        name: "shrinker",
        reproducer: "Put the machine under memory pressure so that reclaim calls {function}().",
        summary: "reclaim calls {function}() under fs_reclaim"),
    ])

  static func line(_ kind: Hunk.Line.Kind, _ text: String) -> Hunk.Line {
    Hunk.Line(kind: kind, text: text)
  }

  /// pwrite moves the copy under struct_mutex; new-side lines 500…513.
  static let pwriteDiff = FileDiff(
    oldPath: gem, newPath: gem,
    hunks: [
      Hunk(
        oldStart: 500, oldCount: 12, newStart: 500, newCount: 14,
        section: "i915_gem_pwrite_ioctl(struct drm_device *dev, void *data,",
        lines: [
          line(.context, "\tif (obj == NULL)"),  // 500
          line(.context, "\t\treturn -EBADF;"),  // 501
          line(.context, ""),  // 502
          line(.removed, "\tret = copy_from_user(vaddr, user_data, args->size);"),
          line(.context, "\tmutex_lock(&dev->struct_mutex);"),  // 503
          line(.context, "\tobj_priv = obj->driver_private;"),  // 504
          line(.added, "\tvaddr = obj_priv->page_list[0];"),  // 505
          line(.added, "\tret = copy_from_user(vaddr + args->offset, user_data,"),  // 506
          line(.added, "\t\t\t     args->size);"),  // 507
          line(.context, "\tif (ret)"),  // 508
          line(.context, "\t\tret = -EFAULT;"),  // 509
          line(.context, "\tdrm_gem_object_unreference(obj);"),  // 510
          line(.context, "\tmutex_unlock(&dev->struct_mutex);"),  // 511
          line(.context, ""),  // 512
          line(.context, "\treturn ret;"),  // 513
        ])
    ])

  // Computed: nested lazy statics initialised from parallel tests can hang in
  // swift_once on Linux (seen with Swift 6.3).

  static var pwriteMail: Mail {
    Mail(
      index: 1, messageID: "20090219180400.1234-1-author@example.com",
      inReplyTo: "20090219170000.999@example.com",
      references: ["20090219170000.999@example.com"],
      from: Address(name: "A U Thor", email: "author@example.com"),
      to: [
        Address(name: "Maintainer, Drm", email: "maint@example.org"),
        Address(name: "", email: "dri-devel@lists.example.org"),
      ],
      cc: [
        Address(name: "A U Thor", email: "Author@example.com"),
        Address(name: "Jörg Reviewer", email: "joerg@example.net"),
        Address(name: "", email: "dri-devel@lists.example.org"),
      ],
      date: "Thu, 19 Feb 2009 18:04:00 -0800",
      rawSubject: "Re: [PATCH 2/3] drm/i915: copy pwrite data under struct_mutex",
      subject: "drm/i915: copy pwrite data under struct_mutex",
      series: SeriesTag(number: 2, total: 3), fileDiffs: [pwriteDiff])
  }

  static var pwriteEdge: DependencyEdge {
    DependencyEdge(
      from: structMutex, to: mmapLock, toMode: .read, function: "i915_gem_pwrite_ioctl",
      location: Loc(file: gem, line: 506), heldSince: Loc(file: gem, line: 503),
      via: ["copy_from_user", "might_fault"], context: "ioctl",
      userHandle: "DRM_IOCTL_I915_GEM_PWRITE", isNew: true)
  }

  static var faultEdge: DependencyEdge {
    DependencyEdge(
      from: mmapLock, to: structMutex, fromMode: .read, function: "i915_gem_fault",
      location: Loc(file: gem, line: 1130),
      heldSince: Loc(file: gem, line: 1201), via: ["i915_mutex_lock_interruptible"],
      context: "fault")
  }

  static var circular: Finding {
    Finding(
      kind: .circularDependency, locks: [structMutex, mmapLock],
      edges: [pwriteEdge, faultEdge],
      scenario: [
        ScenarioStep(cpu: 0, action: .lock, lock: structMutex),
        ScenarioStep(cpu: 1, action: .rlock, lock: mmapLock),
        ScenarioStep(cpu: 1, action: .lock, lock: structMutex),
        ScenarioStep(cpu: 0, action: .rlock, lock: mmapLock),
      ],
      confirmed: true, statesExplored: 14, origin: .introduced, sameTask: true,
      alreadyBrokenAt: [
        DependencyEdge(
          from: structMutex, to: mmapLock, function: "i915_gem_pread_ioctl",
          location: Loc(file: gem, line: 431),
          heldSince: Loc(file: gem, line: 420), via: ["copy_to_user"])
      ])
  }

  static var livelock: Finding {
    Finding(
      kind: .livelock, locks: [structMutex],
      edges: [
        DependencyEdge(
          from: mmapLock, to: structMutex, function: "i915_gem_fault",
          location: Loc(file: gem, line: 1131),
          heldSince: Loc(file: gem, line: 1201), context: "fault", isNew: true)
      ],
      scenario: [
        ScenarioStep(cpu: 0, action: .lock, lock: structMutex),
        ScenarioStep(cpu: 1, action: .preempted, note: "<preempts TASK0>"),
        ScenarioStep(cpu: 1, action: .trylockFails, lock: structMutex),
        ScenarioStep(cpu: 1, action: .retry, note: "<fault retried, spins>"),
      ],
      confirmed: true, origin: .introduced,
      retry: TrylockRetry(
        lock: structMutex, function: "i915_gem_fault",
        location: Loc(file: gem, line: 1131),
        retry: .returns(code: "VM_FAULT_NOPAGE", at: Loc(file: gem, line: 1133)),
        yieldsWith: ["cond_resched"]),
      retryContext: "fault")
  }

  static let createDiff = FileDiff(
    oldPath: "drivers/gpu/drm/i915/i915_gem_create.c",
    newPath: "drivers/gpu/drm/i915/i915_gem_create.c",
    hunks: [
      Hunk(
        oldStart: 40, oldCount: 3, newStart: 40, newCount: 4, section: "int i915_gem_create(void)",
        lines: [
          line(.context, "\tmutex_lock(&dev->struct_mutex);"),
          line(.added, "\tobj->pages = kmalloc(size, GFP_KERNEL);"),
          line(.context, "\tlist_add(&obj->link, &list);"),
          line(.context, "\tmutex_unlock(&dev->struct_mutex);"),
        ])
    ])

  static let createFile = "drivers/gpu/drm/i915/i915_gem_create.c"

  static var reclaim: Finding {
    Finding(
      kind: .reclaimInversion, locks: [structMutex, fsReclaim, objLock],
      edges: [
        DependencyEdge(
          from: structMutex, to: fsReclaim, function: "i915_gem_create",
          location: Loc(file: createFile, line: 41),
          heldSince: Loc(file: createFile, line: 40), via: ["kmalloc"],
          context: "ioctl", userHandle: "DRM_IOCTL_I915_GEM_CREATE", isNew: true),
        DependencyEdge(
          from: fsReclaim, to: objLock, function: "i915_gem_shrinker_scan",
          location: Loc(file: "drivers/gpu/drm/i915/i915_gem_shrinker.c", line: 77),
          heldSince: Loc(file: "drivers/gpu/drm/i915/i915_gem_shrinker.c", line: 60),
          via: ["i915_gem_object_lock"], context: "shrinker"),
        DependencyEdge(
          from: objLock, to: structMutex, function: "i915_gem_object_release",
          location: Loc(file: gem, line: 2210),
          heldSince: Loc(file: gem, line: 2202), context: "ioctl",
          userHandle: "DRM_IOCTL_GEM_CLOSE"),
      ],
      scenario: [
        ScenarioStep(cpu: 0, action: .lock, lock: structMutex),
        ScenarioStep(cpu: 1, action: .lock, lock: fsReclaim),
        ScenarioStep(cpu: 1, action: .lock, lock: objLock),
        ScenarioStep(cpu: 0, action: .lock, lock: fsReclaim),
      ],
      confirmed: true)
  }

  static var removed: Finding {
    Finding(
      kind: .circularDependency, locks: [structMutex, mmapLock],
      edges: [
        DependencyEdge(
          from: structMutex, to: mmapLock, function: "i915_gem_pread_ioctl",
          location: Loc(file: gem, line: 431),
          heldSince: Loc(file: gem, line: 420), via: ["copy_to_user"]),
        faultEdge,
      ],
      confirmed: true, origin: .removed)
  }

  static var createMail: Mail {
    Mail(
      index: 0, messageID: "create-1@example.com",
      from: Address(name: "", email: "dev@example.com"),
      to: [Address(name: "", email: "intel-gfx@lists.example.org")],
      rawSubject: "[PATCH] drm/i915: allocate pages at create",
      subject: "drm/i915: allocate pages at create",
      fileDiffs: [createDiff])
  }

  static var cleanMail: Mail {
    Mail(
      index: 3, messageID: "clean@example.com", from: Address(name: "B", email: "b@example.com"),
      rawSubject: "[PATCH 3/3] drm/i915: comment fix", subject: "drm/i915: comment fix",
      series: SeriesTag(number: 3, total: 3), fileDiffs: [pwriteDiff])
  }

  static var run: ReviewRun {
    ReviewRun(
      reviews: [
        Review(
          mail: createMail, findings: [removed, reclaim], baseDescription: "the tree in samples/t",
          input: "create.eml", suppressed: 1),
        Review(
          mail: pwriteMail, findings: [livelock, circular],
          baseDescription: "the tree in samples/t with the series' previous patch applied",
          input: "series.mbox"),
        Review(
          mail: cleanMail, findings: [], baseDescription: "no base tree: only the patch's hunks",
          input: "series.mbox", hadBaseTree: false),
      ],
      errors: [
        InputError(
          input: "series.mbox", index: 2, messageID: "broken@example.com",
          message: "malformed header at line 4")
      ],
      messagesRead: 4)
  }

  static let settings = WriterSettings(knowledge: knowledge, version: "0.1.0-test")
}

/// Compares `actual` with `samples/writers/<name>` byte for byte. On a difference the
/// actual bytes go to a temporary file named in the failure, never over the golden.
func expectGolden(
  _ actual: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  let golden = root.appendingPathComponent("samples/writers/\(name)")
  let expected = (try? Data(contentsOf: golden)).map { String(decoding: $0, as: UTF8.self) }
  if expected != actual {
    let dump = FileManager.default.temporaryDirectory
      .appendingPathComponent("reviewbot-actual-\(name)")
    try? Data(actual.utf8).write(to: dump)
    Issue.record(
      "\(name) differs from samples/writers/\(name); actual output in \(dump.path)",
      sourceLocation: sourceLocation)
  }
}
