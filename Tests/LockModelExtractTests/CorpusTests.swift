import Foundation
import Testing

import LockModelExtract

/// The released 2018 drivers/gpu/drm tree from `../shared/corpus/`, unpacked into
/// `.build-corpus/` on first use; nil when the corpus is not on this machine.
let corpusTree: URL? = {
  let unpacked = packageRoot.appendingPathComponent(".build-corpus/drm-2018")
  if FileManager.default.fileExists(atPath: unpacked.path) { return unpacked }
  let archive = packageRoot.appendingPathComponent("../shared/corpus/drm-2018.tar.xz")
  guard FileManager.default.fileExists(atPath: archive.path) else { return nil }
  let target = packageRoot.appendingPathComponent(".build-corpus")
  try? FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
  let tar = Process()
  tar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  tar.arguments = ["tar", "-xJf", archive.path, "-C", target.path]
  guard (try? tar.run()) != nil else { return nil }
  tar.waitUntilExit()
  return FileManager.default.fileExists(atPath: unpacked.path) ? unpacked : nil
}()

let corpusSources: [SourceFile] = {
  guard let corpusTree else { return [] }
  return (try? sources(under: corpusTree)) ?? []
}()

let corpusModel: TreeModel = TreeModel(sources: corpusSources, knowledge: bundledKnowledge)

@Suite("2018 drm corpus", .enabled(if: corpusTree != nil, "../shared/corpus is absent"))
struct CorpusTests {
  @Test("every .c file of the tree is read and at least 99 % of functions are parsed")
  func everyFileReadAndFunctionsParsed() {
    let cFiles = corpusSources.filter { $0.path.hasSuffix(".c") }
    #expect(cFiles.count >= 700)
    let modelled = Set(corpusModel.functions.map(\.location.file))
    let withFunctions = cFiles.filter { modelled.contains($0.path) }
    #expect(withFunctions.count >= cFiles.count * 95 / 100)
    let parsed = corpusModel.functions.count
    let total = parsed + corpusModel.functionsSkipped
    #expect(parsed >= 15_000)
    #expect(parsed * 100 >= total * 99, "parsed \(parsed) of \(total)")
  }

  @Test("an i915 ioctl allocates with GFP_KERNEL under drm_device.struct_mutex")
  func ioctlAllocatesUnderStructMutex() {
    let ioctls = Set(corpusModel.entries.filter {
      $0.context == "ioctl" && $0.registeredAt.file.contains("/i915/")
    }.map(\.function))
    let hits = corpusModel.functions.filter { ioctls.contains($0.name) }.filter { f in
      f.acquisitions.contains { a in
        a.lock.name == "fs_reclaim"
          && a.held.contains { $0.lock.name == "drm_device.struct_mutex" && !$0.maybe }
      }
    }
    #expect(!hits.isEmpty)
  }

  @Test("the i915 shrinker runs under fs_reclaim and tries drm_device.struct_mutex")
  func shrinkerTakesStructMutex() {
    let shrinkers = corpusModel.entries.filter {
      $0.context == "shrinker" && $0.registeredAt.file.hasSuffix("i915/i915_gem_shrinker.c")
    }
    #expect(shrinkers.contains { $0.function == "i915_gem_shrinker_scan" })
    #expect(shrinkers.allSatisfy { $0.held.map(\.lock.name) == ["fs_reclaim"] })
    let scan = corpusModel.functions.first { $0.name == "i915_gem_shrinker_scan" }
    #expect(scan?.acquisitions.contains { $0.lock.name == "drm_device.struct_mutex" } == true)
  }

  @Test("i915_gem_fault is a fault entry holding mmap_lock and takes struct_mutex")
  func faultEntryTakesStructMutex() {
    let entry = corpusModel.entries.first { $0.function == "i915_gem_fault" }
    #expect(entry?.context == "fault")
    #expect(entry?.held.map(\.lock.name) == ["mm_struct.mmap_lock"])
    let fault = corpusModel.functions.first { $0.name == "i915_gem_fault" }
    #expect(fault?.acquisitions.contains {
      $0.lock.name == "drm_device.struct_mutex" && !$0.isTrylock
    } == true)
  }

  @Test("modelling the corpus reports its size, time and diagnostics",
    .enabled(if: ProcessInfo.processInfo.environment["REVIEWBOT_BENCH"] != nil))
  func benchmark() {
    let start = Date()
    let cpuStart = clock()
    let tree = TreeModel(sources: corpusSources, knowledge: bundledKnowledge)
    let seconds = Date().timeIntervalSince(start)
    let cpu = Double(clock() - cpuStart) / Double(CLOCKS_PER_SEC)
    let extractStart = clock()
    let files = corpusSources.map { FileModel(extracting: $0, knowledge: bundledKnowledge) }
    let linkStart = clock()
    _ = TreeModel(files: files, knowledge: bundledKnowledge)
    let linkEnd = clock()
    print("cpu-seconds extract \(Double(linkStart - extractStart) / Double(CLOCKS_PER_SEC))",
      "link \(Double(linkEnd - linkStart) / Double(CLOCKS_PER_SEC))")
    var kinds: [String: Int] = [:]
    for d in tree.diagnostics {
      let parts = d.split(separator: ":")
      guard parts.count > 2 else { continue }
      kinds[String(parts[2]).trimmingCharacters(in: .whitespaces), default: 0] += 1
    }
    let acquisitions = tree.functions.reduce(0) { $0 + $1.acquisitions.count }
    print("corpus: files \(tree.fileCount) functions \(tree.functions.count)",
      "skipped \(tree.functionsSkipped) acquisitions \(acquisitions)",
      "entries \(tree.entries.count) seconds \(seconds) cpu-seconds \(cpu)")
    print("diagnostics:", kinds.sorted { ($1.value, $0.key) < ($0.value, $1.key) })
  }
}
