import GEMSim
import LockModelExtract
import PatchParse
import Testing

@testable import ReviewCore

/// End to end through the real extractor and simulator on a literal tree: these assert what a
/// maintainer sees, so they wait for the stages they need.
@Suite("pipeline on literal trees")
struct PipelineTests {
  static let file = "drivers/gpu/drm/i915/i915_gem.c"

  static let header = """
    struct mutex { int owner; };
    struct drm_device { struct mutex struct_mutex; };

    """

  /// The 2009 shape: pwrite copies before taking struct_mutex; the fault handler runs with
  /// mmap_lock held and takes struct_mutex.
  static let gem = """
    #include "i915_drv.h"

    static int i915_gem_pwrite_ioctl(struct drm_device *dev, void *data,
    \t\t\t\t struct drm_file *file)
    {
    \tint ret;

    \tret = copy_from_user(buf, user_data, size);
    \tmutex_lock(&dev->struct_mutex);
    \twrite_pages(buf, size);
    \tmutex_unlock(&dev->struct_mutex);
    \treturn ret;
    }

    static vm_fault_t i915_gem_fault(struct vm_fault *vmf)
    {
    \tstruct drm_device *dev = vmf->vma->vm_private_data;

    \tmutex_lock(&dev->struct_mutex);
    \tinsert_pfn(vmf);
    \tmutex_unlock(&dev->struct_mutex);
    \treturn VM_FAULT_NOPAGE;
    }

    static const struct vm_operations_struct i915_gem_vm_ops = {
    \t.fault = i915_gem_fault,
    };

    static const struct drm_ioctl_desc i915_ioctls[] = {
    \tDRM_IOCTL_DEF_DRV(I915_GEM_PWRITE, i915_gem_pwrite_ioctl, DRM_AUTH),
    };

    """

  static let base = BaseTree(
    id: "gem", source: MemoryTree(files: [file: gem, "drivers/gpu/drm/i915/i915_drv.h": header]),
    description: "the literal GEM tree")

  static func mail(_ index: Int, number: Int = 1, total: Int = 1, _ hunk: Hunk) -> Mail {
    Mail(
      index: index, messageID: "gem\(index)@example.com",
      from: Address(name: "A U Thor", email: "author@example.com"),
      rawSubject: "[PATCH] drm/i915: pwrite \(index)", subject: "drm/i915: pwrite \(index)",
      series: SeriesTag(number: number, total: total),
      fileDiffs: [FileDiff(oldPath: file, newPath: file, hunks: [hunk])])
  }

  /// Moves the copy under struct_mutex: new line 9 is the copy.
  static let copyUnderLock = Hunk(
    oldStart: 8, oldCount: 3, newStart: 8, newCount: 3,
    section: "static int i915_gem_pwrite_ioctl(struct drm_device *dev, void *data,",
    lines: [
      .init(kind: .removed, text: "\tret = copy_from_user(buf, user_data, size);"),
      .init(kind: .context, text: "\tmutex_lock(&dev->struct_mutex);"),
      .init(kind: .added, text: "\tret = copy_from_user(buf, user_data, size);"),
      .init(kind: .context, text: "\twrite_pages(buf, size);"),
    ])

  /// Moves the copy after mutex_unlock: still outside the lock.
  static let copyAfterUnlock = Hunk(
    oldStart: 8, oldCount: 4, newStart: 8, newCount: 4,
    section: "static int i915_gem_pwrite_ioctl(struct drm_device *dev, void *data,",
    lines: [
      .init(kind: .removed, text: "\tret = copy_from_user(buf, user_data, size);"),
      .init(kind: .context, text: "\tmutex_lock(&dev->struct_mutex);"),
      .init(kind: .context, text: "\twrite_pages(buf, size);"),
      .init(kind: .context, text: "\tmutex_unlock(&dev->struct_mutex);"),
      .init(kind: .added, text: "\tret = copy_from_user(buf, user_data, size);"),
    ])

  func review(_ mails: [Mail]) throws -> ReviewRun {
    Reviewer(knowledge: try KnowledgeBase.bundled())
      .review(mails, input: "literal", bases: FixedBase(Self.base), applier: TestPatchApplier())
  }

  @Test(
    "moving copy_from_user under struct_mutex is a new circular dependency at the copy")
  func copyUnderLockIsFlagged() throws {
    let run = try review([Self.mail(0, Self.copyUnderLock)])
    #expect(run.errors == [])
    let finding = try #require(run.reviews.first?.regressions.first)
    #expect(finding.kind == .circularDependency)
    #expect(Set(finding.locks.map(\.name)) == ["drm_device.struct_mutex", "mm_struct.mmap_lock"])
    let newEdge = finding.edges.first { $0.isNew }
    let site = try #require(newEdge)
    #expect(site.function == "i915_gem_pwrite_ioctl")
    #expect(site.location.file == Self.file && site.location.line == 9)
    #expect(finding.edges.contains { $0.function == "i915_gem_fault" && !$0.isNew })
    #expect(run.hasRegressions)
  }

  @Test(
    "moving the copy after mutex_unlock is clean")
  func copyAfterUnlockIsClean() throws {
    let run = try review([Self.mail(0, Self.copyAfterUnlock)])
    #expect(run.errors == [])
    #expect(run.reviews.count == 1)
    #expect(run.reviews[0].regressions.isEmpty)
    #expect(!run.hasRegressions)
  }

  @Test(
    "in a series of two, the finding belongs to the patch that introduces it")
  func seriesBlamesTheRightPatch() throws {
    let first = Hunk(
      oldStart: 10, oldCount: 1, newStart: 10, newCount: 2,
      section: "static int i915_gem_pwrite_ioctl(struct drm_device *dev, void *data,",
      lines: [
        .init(kind: .context, text: "\twrite_pages(buf, size);"),
        .init(kind: .added, text: "\tflush_pages(buf);"),
      ])
    let run = try review([
      Self.mail(0, number: 1, total: 2, first),
      Self.mail(1, number: 2, total: 2, Self.copyUnderLock),
    ])
    #expect(run.errors == [])
    #expect(run.reviews.map(\.regressions.isEmpty) == [true, false])
  }
}
