import Yams

/// Reads the knowledge-base schema from a composed YAML node tree, so every error can
/// name the line it is about. Unknown keys are errors: a typo must not silently drop a rule.
struct KnowledgeBaseReader {
  let source: String

  private func fail(_ node: Node, _ message: String) -> KnowledgeBaseError {
    .invalid(source: source, line: node.mark?.line ?? 0, message: message)
  }

  private func mapping(_ node: Node, allowed: Set<String>) throws -> [(String, Node)] {
    guard let map = node.mapping else { throw fail(node, "expected a mapping") }
    var result: [(String, Node)] = []
    for (key, value) in map {
      guard let name = key.string else { throw fail(key, "expected a string key") }
      guard allowed.isEmpty || allowed.contains(name) else {
        throw fail(key, "unknown key '\(name)'")
      }
      result.append((name, value))
    }
    return result
  }

  private func string(_ node: Node) throws -> String {
    guard let s = node.scalar?.string else { throw fail(node, "expected a string") }
    return s
  }

  private func int(_ node: Node) throws -> Int {
    guard let s = node.scalar?.string, let n = Int(s) else {
      throw fail(node, "expected an integer")
    }
    return n
  }

  private func bool(_ node: Node) throws -> Bool {
    guard let b = node.bool else { throw fail(node, "expected true or false") }
    return b
  }

  private func strings(_ node: Node) throws -> [String] {
    if node.scalar != nil { return [try string(node)] }
    guard let seq = node.sequence else { throw fail(node, "expected a list") }
    return try seq.map(string)
  }

  private func stringMap(_ node: Node) throws -> [String: String] {
    var result: [String: String] = [:]
    for (k, v) in try mapping(node, allowed: []) { result[k] = try string(v) }
    return result
  }

  private func enumValue<T: RawRepresentable>(_ node: Node, _: T.Type) throws -> T
  where T.RawValue == String {
    let s = try string(node)
    guard let v = T(rawValue: s) else { throw fail(node, "unknown value '\(s)'") }
    return v
  }

  mutating func read(_ root: Node, into kb: inout KnowledgeBase) throws {
    let keys: Set<String> = [
      "aliases", "types", "globals", "constants", "condition-wrappers",
      "assertion-wrappers", "yield-calls", "gfp-flags", "reclaim", "primitives", "contexts",
      "registrations", "container-macros", "error-returns", "held-on-entry-annotations",
    ]
    for (key, value) in try mapping(root, allowed: keys) {
      switch key {
      case "aliases": kb.aliases.merge(try stringMap(value)) { _, new in new }
      case "globals": kb.globals.merge(try stringMap(value)) { _, new in new }
      case "types":
        for (type, members) in try mapping(value, allowed: []) {
          kb.types[type, default: [:]].merge(try stringMap(members)) { _, new in new }
        }
      case "constants":
        for (name, v) in try mapping(value, allowed: []) { kb.constants[name] = try int(v) }
      case "condition-wrappers": kb.conditionWrappers.formUnion(try strings(value))
      case "assertion-wrappers": kb.assertionWrappers.formUnion(try strings(value))
      case "yield-calls": kb.yieldCalls.formUnion(try strings(value))
      case "container-macros": kb.containerMacros.formUnion(try strings(value))
      case "error-returns": kb.errorReturns.formUnion(try strings(value))
      case "held-on-entry-annotations":
        kb.heldOnEntryAnnotations.formUnion(try strings(value))
      case "gfp-flags":
        for (flag, bits) in try mapping(value, allowed: []) {
          kb.gfpFlags[flag] = try strings(bits)
        }
      case "reclaim":
        guard let seq = value.sequence else { throw fail(value, "expected a list") }
        for item in seq { kb.reclaimRules.append(try reclaimRule(item)) }
      case "primitives":
        guard let seq = value.sequence else { throw fail(value, "expected a list") }
        for item in seq {
          for p in try primitives(item) { kb.primitives[p.name] = p }
        }
      case "contexts":
        guard let seq = value.sequence else { throw fail(value, "expected a list") }
        for item in seq {
          let c = try context(item)
          kb.contexts[c.name] = c
        }
      case "registrations":
        guard let seq = value.sequence else { throw fail(value, "expected a list") }
        for item in seq { kb.registrations.append(try registration(item)) }
      default:
        break
      }
    }
  }

  private func implicitLock(_ node: Node) throws -> ImplicitLock {
    var lock = ImplicitLock(lock: LockClass(""), kind: .pseudo)
    for (k, v) in try mapping(node, allowed: ["lock", "kind", "mode"]) {
      switch k {
      case "lock": lock.lock = LockClass(try string(v))
      case "kind": lock.kind = try enumValue(v, LockKind.self)
      default: lock.mode = try enumValue(v, LockMode.self)
      }
    }
    guard !lock.lock.name.isEmpty else { throw fail(node, "a lock needs 'lock'") }
    return lock
  }

  private func reclaimRule(_ node: Node) throws -> ReclaimRule {
    var rule = ReclaimRule(lock: ImplicitLock(lock: LockClass(""), kind: .pseudo), requires: [])
    for (k, v) in try mapping(node, allowed: ["lock", "kind", "mode", "requires"]) {
      switch k {
      case "requires": rule.requires = try strings(v)
      case "lock": rule.lock.lock = LockClass(try string(v))
      case "kind": rule.lock.kind = try enumValue(v, LockKind.self)
      default: rule.lock.mode = try enumValue(v, LockMode.self)
      }
    }
    guard !rule.lock.lock.name.isEmpty else { throw fail(node, "a rule needs 'lock'") }
    return rule
  }

  private func primitives(_ node: Node) throws -> [Primitive] {
    let allowed: Set<String> = [
      "name", "names", "action", "lock", "kind", "mode", "implicit", "enters", "advice",
      "summary", "held-when", "subclass", "context", "gfp", "default-gfp", "faults",
      "predicate", "transient", "irq", "completion", "field", "through",
    ]
    var names: [String] = []
    var p = Primitive(name: "", action: .implicit)
    var sawAction = false
    for (k, v) in try mapping(node, allowed: allowed) {
      switch k {
      case "name", "names": names += try strings(v)
      case "action":
        p.action = try enumValue(v, Primitive.Action.self)
        sawAction = true
      case "lock": p.lockArgument = try int(v)
      case "kind": p.kind = try enumValue(v, LockKind.self)
      case "mode": p.mode = try enumValue(v, LockMode.self)
      case "implicit":
        guard let seq = v.sequence else { throw fail(v, "expected a list of locks") }
        p.implicitLocks = try seq.map(implicitLock)
      case "enters": p.enters = try string(v)
      case "advice": p.advice = try strings(v)
      case "summary": p.summary = try string(v)
      case "held-when": p.heldWhen = try enumValue(v, ValueFact.Predicate.self)
      case "subclass": p.subclassArgument = try int(v)
      case "context": p.contextArgument = try int(v)
      case "gfp": p.gfpArgument = try int(v)
      case "default-gfp": p.defaultGfp = try strings(v)
      case "faults": p.faults = try bool(v)
      case "predicate": p.isPredicate = try bool(v)
      case "transient": p.transient = try bool(v)
      case "irq":
        switch try string(v) {
        case "hard": p.disablesHardirqs = true
        case "soft": p.disablesSoftirqs = true
        default: throw fail(v, "irq is 'hard' or 'soft'")
        }
      case "completion": p.completion = try string(v)
      case "field": p.lockField = try string(v)
      case "through": p.through = try strings(v)
      default: break
      }
    }
    guard !names.isEmpty else { throw fail(node, "a primitive needs 'name' or 'names'") }
    guard sawAction else { throw fail(node, "primitive \(names[0]) needs 'action'") }
    return names.map { name in
      var copy = p
      copy.name = name
      return copy
    }
  }

  private func context(_ node: Node) throws -> EntryContextSpec {
    var c = EntryContextSpec(name: "")
    let allowed: Set<String> = [
      "name", "held", "irq", "retried-on", "retry-advice", "reproducer", "summary",
    ]
    for (k, v) in try mapping(node, allowed: allowed) {
      switch k {
      case "name": c.name = try string(v)
      case "held":
        guard let seq = v.sequence else { throw fail(v, "expected a list of locks") }
        c.held = try seq.map(implicitLock)
      case "irq":
        for flag in try strings(v) {
          switch flag {
          case "in-hardirq": c.irq.inHardirq = true
          case "in-softirq": c.irq.inSoftirq = true
          case "hardirqs-disabled": c.irq.hardirqsDisabled = true
          case "softirqs-disabled": c.irq.softirqsDisabled = true
          default: throw fail(v, "unknown irq state '\(flag)'")
          }
        }
      case "retried-on": c.retriedOn = try strings(v)
      case "retry-advice": c.retryAdvice = try strings(v)
      case "reproducer": c.reproducer = try string(v)
      default: c.summary = try string(v)
      }
    }
    guard !c.name.isEmpty else { throw fail(node, "a context needs 'name'") }
    return c
  }

  private func registration(_ node: Node) throws -> Registration {
    var r = Registration(context: "")
    let allowed: Set<String> = [
      "context", "struct", "field", "fields", "macro", "call", "function", "handle",
      "handle-prefix", "item",
    ]
    for (k, v) in try mapping(node, allowed: allowed) {
      switch k {
      case "context": r.context = try string(v)
      case "struct": r.structType = try string(v)
      case "field": r.field = try string(v)
      case "macro": r.macro = try string(v)
      case "call": r.call = try string(v)
      case "function": r.functionArgument = try int(v)
      case "handle": r.handleArgument = try int(v)
      case "handle-prefix": r.handlePrefix = try string(v)
      case "item": r.itemArgument = try int(v)
      default: break
      }
    }
    guard !r.context.isEmpty else { throw fail(node, "a registration needs 'context'") }
    let forms = [r.field, r.macro, r.call].compactMap { $0 }.count
    guard forms == 1, (r.field == nil) == (r.structType == nil) else {
      throw fail(node, "a registration has struct+field, macro, or call")
    }
    return r
  }
}
