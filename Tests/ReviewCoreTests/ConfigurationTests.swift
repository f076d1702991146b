import Testing

@testable import ReviewCore

@Suite("configuration")
struct ConfigurationTests {
  @Test("suppressions by lock pair, function and fingerprint are read with their reasons")
  func readsSuppressions() throws {
    let yaml = """
      # our tree's exceptions
      suppressions:
        - locks: [drm_device.struct_mutex, "mm_struct.mmap_lock"]  # the 2009 case
          reason: "fixed by the slow path in pwrite"
        - function: i915_gem_shrinker_scan
          reason: 'trylock only; the shrinker never waits'
        -
          fingerprint: 0123456789abcdef
          reason: reviewed on the list
      """
    let configuration = try Configuration(yaml: yaml, source: ".reviewbot.yml")
    #expect(
      configuration.suppressions == [
        Suppression(
          .lockPair("drm_device.struct_mutex", "mm_struct.mmap_lock"),
          reason: "fixed by the slow path in pwrite"),
        Suppression(
          .function("i915_gem_shrinker_scan"), reason: "trylock only; the shrinker never waits"),
        Suppression(.fingerprint("0123456789abcdef"), reason: "reviewed on the list"),
      ])
    #expect(configuration.knowledge == nil)
  }

  @Test("a suppression without a reason is refused with its file and line")
  func reasonRequired() {
    let yaml = "primitives: {}\nsuppressions:\n  - function: f\n"
    #expect(
      throws: ConfigurationError.invalidSuppression(
        file: "c.yml", line: 3, detail: "a suppression needs a reason")
    ) {
      try Configuration(yaml: yaml, source: "c.yml")
    }
  }

  @Test("a suppression must say exactly what it matches")
  func oneMatch() {
    let yaml = "suppressions:\n  - function: f\n    locks: [a, b]\n    reason: r\n"
    #expect(throws: ConfigurationError.self) { try Configuration(yaml: yaml, source: "c.yml") }
  }

  @Test("the suppressions section is cut out; the rest goes to the knowledge base")
  func splitsKnowledge() {
    let yaml =
      "primitives:\n  foo_lock: {}\nsuppressions:\n  - function: f\n    reason: r\naliases: {}\n"
    let split = SuppressionsSection.split(yaml)
    #expect(split.rest == "primitives:\n  foo_lock: {}\naliases: {}\n")
    #expect(split.section.map(\.0) == [4, 5])
  }
}
