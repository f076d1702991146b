import Foundation
import Testing

@testable import LockModelExtract

/// `text` with `statement` put first in the body of the function whose definition starts
/// a line with `name(`.
private func inserting(_ statement: String, into name: String, in text: String) -> String {
  guard let head = text.range(of: "\n" + name + "("),
    let open = text.range(of: "\n{\n", range: head.upperBound..<text.endIndex)
  else { return text }
  var copy = text
  copy.insert(contentsOf: "\t" + statement + "\n", at: open.upperBound)
  return copy
}

@Suite("relinking a tree after body-only changes")
struct RelinkTests {
  @Test("a tree linked as never relinked is linked anew rather than relinked")
  func unrelinkableTreeRefusesRelink() throws {
    let base = try sources(under: packageRoot.appendingPathComponent("samples/gem-2009/tree"))
    let files = base.map { FileModel(extracting: $0, knowledge: bundledKnowledge) }
    let target = try #require(base.first { $0.text.contains("\ni915_gem_object_pin(") })
    var edited = target
    edited.text = inserting("might_fault();", into: "i915_gem_object_pin", in: target.text)
    let changed = FileModel(extracting: edited, knowledge: bundledKnowledge)
    let load = { (path: String) in files.first { $0.path == path } }
    let relinkable = LinkedTree(files: files, knowledge: bundledKnowledge)
    let once = LinkedTree(files: files, knowledge: bundledKnowledge, relinkable: false)
    #expect(once.tree.functions == relinkable.tree.functions)
    #expect(once.tree.entries == relinkable.tree.entries)
    let relinked = relinkable.relinking(changed: [changed], knowledge: bundledKnowledge, load: load)
    #expect(relinked != nil)
    #expect(once.relinking(changed: [changed], knowledge: bundledKnowledge, load: load) == nil)
  }

  @Test("a relinked sample tree equals a full link of the changed tree, callers included")
  func sampleRelinkMatchesFullLink() throws {
    let base = try sources(under: packageRoot.appendingPathComponent("samples/gem-2009/tree"))
    let files = base.map { FileModel(extracting: $0, knowledge: bundledKnowledge) }
    let linked = LinkedTree(files: files, knowledge: bundledKnowledge)
    let target = try #require(base.first { $0.text.contains("\ni915_gem_object_pin(") })
    var edited = target
    edited.text = inserting("might_fault();", into: "i915_gem_object_pin", in: target.text)
    #expect(edited.text != target.text)
    let changed = FileModel(extracting: edited, knowledge: bundledKnowledge)
    let relinked = try #require(
      linked.relinking(changed: [changed], knowledge: bundledKnowledge) { path in
        files.first { $0.path == path }
      })
    let full = LinkedTree(
      files: files.map { $0.path == changed.path ? changed : $0 }, knowledge: bundledKnowledge)
    #expect(relinked.linked.tree.functions == full.tree.functions)
    #expect(relinked.linked.tree.entries == full.tree.entries)
    #expect(relinked.linked.summaries == full.summaries)
    #expect(relinked.changedFunctions.contains("i915_gem_object_pin"))
    let pinCallers = full.tree.functions.filter { f in
      f.acquisitions.contains { $0.via.first == "i915_gem_object_pin" }
    }
    #expect(!pinCallers.isEmpty)
    for caller in pinCallers { #expect(relinked.changedFunctions.contains(caller.name)) }
  }

  @Test("a change to a struct declaration is refused: only a full link is right then")
  func declarationChangeNeedsFullLink() throws {
    let base = try sources(under: packageRoot.appendingPathComponent("samples/gem-2009/tree"))
    let files = base.map { FileModel(extracting: $0, knowledge: bundledKnowledge) }
    let linked = LinkedTree(files: files, knowledge: bundledKnowledge)
    let header = try #require(base.first { $0.path.hasSuffix(".h") && $0.text.contains("struct ") })
    var edited = header
    edited.text += "\nstruct reviewbot_added { struct mutex lock; };\n"
    let changed = FileModel(extracting: edited, knowledge: bundledKnowledge)
    #expect(linked.relinking(changed: [changed], knowledge: bundledKnowledge) { _ in nil } == nil)
  }

  @Test(
    "on the corpus, a relink after edits in two files equals the full link, and the cache form reads back whole",
    .enabled(if: corpusTree != nil, "../shared/corpus is absent"))
  func corpusRelinkMatchesFullLink() throws {
    let files = corpusSources.map { FileModel(extracting: $0, knowledge: bundledKnowledge) }
    let linked = LinkedTree(files: files, knowledge: bundledKnowledge)
    for file in files {
      var fileWriter = BinaryWriter()
      fileWriter.write(file)
      var fileReader = BinaryReader(fileWriter.bytes)
      #expect(try FileModel(from: &fileReader) == file, "\(file.path)")
      var truncated = BinaryReader(Array(fileWriter.bytes.dropLast()))
      #expect(throws: BinaryArchiveError.self) { try FileModel(from: &truncated) }
    }

    var writer = BinaryWriter()
    writer.write(linked)
    var reader = BinaryReader(writer.bytes)
    let restored = try LinkedTree(from: &reader)
    #expect(reader.isAtEnd)
    #expect(restored.tree.functions == linked.tree.functions)
    #expect(restored.tree.entries == linked.tree.entries)
    #expect(restored.summaries == linked.summaries)
    // Arrays are written once per shared storage, and a read-back tree shares more of
    // them than the linker's did: the second form may be shorter, never different in value.
    var again = BinaryWriter()
    again.write(restored)
    #expect(again.bytes.count <= writer.bytes.count)
    var secondReader = BinaryReader(again.bytes)
    let second = try LinkedTree(from: &secondReader)
    #expect(second.tree.functions == linked.tree.functions)
    #expect(second.summaries == linked.summaries)

    let gem = try #require(corpusSources.first { $0.path.hasSuffix("i915/i915_gem.c") })
    var gemEdit = gem
    gemEdit.text = inserting("might_fault();", into: "i915_gem_object_wait_fence", in: gem.text)
    if let unlock = gemEdit.text.range(
      of: "\tmutex_unlock(&dev->struct_mutex);\n",
      range: gemEdit.text.index(gemEdit.text.startIndex, offsetBy: gemEdit.text.count / 3)..<gemEdit.text.endIndex)
    {
      gemEdit.text.removeSubrange(unlock)
    }
    let core = try #require(corpusSources.first { $0.path.hasSuffix("drm/drm_gem.c") })
    var coreEdit = core
    coreEdit.text = inserting("might_fault();", into: "drm_gem_object_release", in: core.text)
    #expect(gemEdit.text != gem.text && coreEdit.text != core.text)
    let changed = [gemEdit, coreEdit].map { FileModel(extracting: $0, knowledge: bundledKnowledge) }
    let byPath = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0) })
    let relinked = try #require(
      restored.relinking(changed: changed, knowledge: bundledKnowledge) { byPath[$0] })
    var patched = byPath
    for model in changed { patched[model.path] = model }
    let full = LinkedTree(files: Array(patched.values), knowledge: bundledKnowledge)
    #expect(relinked.linked.tree.functions == full.tree.functions)
    #expect(relinked.linked.tree.diagnostics == full.tree.diagnostics)
    #expect(relinked.linked.tree.entries == full.tree.entries)
    #expect(relinked.linked.summaries == full.summaries)
    #expect(relinked.linked.level == full.level)
    #expect(relinked.changedFunctions.count > 2)
  }
}
