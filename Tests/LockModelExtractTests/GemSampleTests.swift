import Foundation
import Testing

import LockModelExtract

/// The 2009 GEM sample tree (`samples/gem-2009/tree`, written for issue 2); these facts are
/// the base-tree table of its EXPECTED.md. Skipped until that sample is in this checkout.
let gemTree: URL? = {
  let url = packageRoot.appendingPathComponent("samples/gem-2009/tree")
  return FileManager.default.fileExists(atPath: url.path) ? url : nil
}()

let gemModel: TreeModel = {
  guard let gemTree, let files = try? sources(under: gemTree) else {
    return TreeModel(functions: [], entries: [])
  }
  return TreeModel(sources: files, knowledge: bundledKnowledge)
}()

private let gem = "drivers/gpu/drm/i915/i915_gem.c"

private func acquisitions(of name: String) -> [Acquisition] {
  gemModel.functions.first { $0.name == name }?.acquisitions ?? []
}

@Suite("2009 GEM sample tree", .enabled(if: gemTree != nil, "samples/gem-2009/tree is absent"))
struct GemSampleTests {
  @Test("the fault handler is entered with mmap_lock held for read and takes struct_mutex")
  func faultTakesStructMutex() {
    let entry = gemModel.entries.first { $0.function == "i915_gem_fault" }
    #expect(entry?.context == "fault")
    #expect(entry?.registeredAt.description == "\(gem):585")
    #expect(entry?.held.map(\.lock.name) == ["mm_struct.mmap_lock"])
    #expect(entry?.held.first?.mode == .read)
    #expect(acquisitions(of: "i915_gem_fault").contains {
      $0.lock.name == "drm_device.struct_mutex" && !$0.isTrylock && $0.location.line == 556
    })
  }

  @Test("base pwrite copies from user before taking struct_mutex")
  func basePwriteCopiesFirst() {
    let copy = acquisitions(of: "i915_gem_pwrite_ioctl").first {
      $0.lock.name == "mm_struct.mmap_lock"
    }
    #expect(copy?.location.line == 270)
    #expect(copy?.held.isEmpty == true)
    #expect(copy?.via == ["copy_from_user", "might_fault"])
  }

  @Test("the wrapper's struct_mutex is held after a zero return in the ioctls")
  func wrapperHeldAfterSuccess() {
    let pin = acquisitions(of: "i915_gem_pwrite_ioctl").first {
      $0.lock.name == "fs_reclaim" && $0.location.line > 275
    }
    #expect(pin?.held.map(\.lock.name) == ["drm_device.struct_mutex"])
    #expect(pin?.held.first?.via == ["i915_mutex_lock_interruptible"])
  }

  @Test("unmap_mapping_range takes the i_mmap lock then the notifier pseudo-lock")
  func unmapTakesMappingLocks() {
    let locks = acquisitions(of: "i915_gem_release_mmap").map(\.lock.name)
    #expect(locks == ["address_space.i_mmap_rwsem", "mmu_notifier_invalidate_range_start"])
    let evict = acquisitions(of: "i915_gem_evict_ioctl").filter {
      $0.lock.name == "address_space.i_mmap_rwsem"
    }
    #expect(evict.map(\.location.line) == [665])
    #expect(evict.first?.held.isEmpty == true)
  }

  @Test("shrinker and notifier entries hold their pseudo-locks, the shrinker only trylocks")
  func reclaimAndNotifierEntries() {
    let shrink = gemModel.entries.first { $0.function == "i915_gem_shrink" }
    #expect(shrink?.held.map(\.lock.name) == ["fs_reclaim"])
    #expect(acquisitions(of: "i915_gem_shrink").first?.isTrylock == true)
    let notifier = gemModel.entries.first {
      $0.function == "i915_gem_userptr_invalidate_range_start"
    }
    #expect(notifier?.held.map(\.lock.name) == ["mmu_notifier_invalidate_range_start"])
    #expect(gemModel.entries.filter { $0.context == "ioctl" }.count == 6)
    #expect(gemModel.entries.contains { $0.function == "i915_gem_mmap" && $0.context == "mmap" })
  }

  @Test("no imbalance and no retry in the base tree")
  func baseTreeIsClean() {
    #expect(gemModel.functions.allSatisfy { $0.imbalances.isEmpty && $0.trylockRetries.isEmpty })
    #expect(gemModel.functionsSkipped == 0)
  }
}
