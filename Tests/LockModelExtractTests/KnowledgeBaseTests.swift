import Foundation
import Testing

import LockModelExtract

@Test("the bundled knowledge base loads with primitives, contexts, aliases and registrations")
func bundledKnowledgeLoads() throws {
  let kb = try KnowledgeBase.bundled()
  #expect(kb.primitives["mutex_lock"]?.action == .acquire)
  #expect(kb.primitives["mutex_lock_interruptible"]?.heldWhen == .zero)
  #expect(kb.primitives["copy_from_user"]?.faults == true)
  #expect(kb.primitives["copy_from_user"]?.enters == "fault")
  #expect(kb.primitives["copy_from_user"]?.advice.isEmpty == false)
  #expect(kb.primitives["__copy_from_user_inatomic"] == nil)
  #expect(kb.contexts["fault"]?.retriedOn.contains("VM_FAULT_NOPAGE") == true)
  #expect(kb.contexts["fault"]?.reproducer.contains("{function}") == true)
  #expect(kb.canonical("mm_struct.mmap_sem") == "mm_struct.mmap_lock")
  #expect(kb.registrations.contains { $0.macro == "DRM_IOCTL_DEF_DRV" })
}

@Test("a knowledge-base error names the source and the line")
func knowledgeErrorsNameLine() {
  let yaml = """
    primitives:
      - {name: foo_lock, action: acquire}
      - {name: foo_unlock, action: unlokc}
    """
  #expect(throws: KnowledgeBaseError.invalid(source: ".reviewbot.yml", line: 3,
    message: "unknown value 'unlokc'")) {
    try KnowledgeBase(yaml: yaml, source: ".reviewbot.yml")
  }
  #expect(throws: KnowledgeBaseError.self) {
    try KnowledgeBase(yaml: "primitives: [ {name: x", source: "broken.yml")
  }
  #expect(throws: KnowledgeBaseError.invalid(source: "typo.yml", line: 1,
    message: "unknown key 'primitive'")) {
    try KnowledgeBase(yaml: "primitive: []", source: "typo.yml")
  }
}

@Test("a repository's .reviewbot.yml adds primitives and overrides same-named ones")
func reviewbotYmlExtends() throws {
  let local = try KnowledgeBase(yaml: """
    primitives:
      - {name: intel_lock_obj, action: acquire, kind: mutex, lock: 0}
      - {name: kmalloc, action: allocation, gfp: 1}
    aliases:
      drm_device.old_mutex: drm_device.struct_mutex
    """, source: ".reviewbot.yml")
  let kb = try KnowledgeBase.bundled().merging(local)
  #expect(kb.primitives["intel_lock_obj"]?.kind == .mutex)
  #expect(kb.primitives["kmalloc"]?.enters == nil)
  #expect(kb.primitives["mutex_lock"] != nil)
  #expect(kb.canonical("drm_device.old_mutex") == "drm_device.struct_mutex")
  let tree = TreeModel(files: [FileModel(extracting: SourceFile(path: "x.c", text: """
    struct drm_device { struct mutex m; };
    void f(struct drm_device *dev) { intel_lock_obj(&dev->m); }
    """), knowledge: kb)], knowledge: kb)
  #expect(tree.functions.first?.acquisitions.map(\.lock.name) == ["drm_device.m"])
}
