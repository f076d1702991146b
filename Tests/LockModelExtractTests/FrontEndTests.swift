import Foundation
import Testing

import LockModelExtract

@Test("a per-file model survives a JSON round trip, so ReviewCore can cache it by blob")
func fileModelIsCodable() throws {
  let dir = packageRoot.appendingPathComponent("samples/extract/trylock-branches")
  let file = try sources(under: dir)[0]
  let model = FileModel(extracting: file, knowledge: bundledKnowledge)
  let data = try JSONEncoder().encode(model)
  #expect(try JSONDecoder().decode(FileModel.self, from: data) == model)
}

@Test("a function that cannot be read is skipped with a diagnostic, the rest of the file kept")
func brokenFunctionSkippedOnly() {
  let tree = model("""
    struct mutex { int o; };
    struct d { struct mutex m; };
    void good(struct d *x) { mutex_lock(&x->m); mutex_unlock(&x->m); }
    void bad(struct d *x) { if (x) { mutex_lock(&x->m);
    """)
  #expect(tree.functions.map(\.name) == ["good"])
  #expect(tree.functionsSkipped == 1)
  #expect(tree.diagnostics.count == 1)
}

@Test("copy_from_user between pagefault_disable and pagefault_enable takes no mmap_lock")
func pagefaultDisabledCopyTakesNothing() {
  let tree = model("""
    void f(void *d, void *s) {
      pagefault_disable();
      copy_from_user(d, s, 4);
      pagefault_enable();
      copy_from_user(d, s, 4);
    }
    """)
  #expect(tree.functions[0].acquisitions.map(\.location.line) == [5])
}

@Test("arbitrary bytes give a model or diagnostics, never a crash or a hang")
func arbitraryBytesNeverCrash() {
  var generator = SystemRandomNumberGenerator()
  let alphabet = Array("{}()[];,#\\\"'/*\n ifelsewhilemutex_lock&->.=!0x_goto:case".utf8)
  for _ in 0..<300 {
    let length = Int.random(in: 0..<400, using: &generator)
    let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
    let text = String(decoding: bytes, as: UTF8.self)
    _ = model("void f(void) {" + text + "}\n" + text)
  }
}
