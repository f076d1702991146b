import PatchParse

/// A JSON document built in a fixed key order, rendered by hand so bytes never depend on a
/// dictionary's order.
indirect enum JSONValue: Hashable, Sendable {
  case string(String)
  case int(Int)
  case bool(Bool)
  case null
  case array([JSONValue])
  case object([Field])

  struct Field: Hashable, Sendable {
    var key: String
    var value: JSONValue
  }

  static func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
  static func int(_ value: Int?) -> JSONValue { value.map(JSONValue.int) ?? .null }

  /// Two-space indentation; arrays of scalars stay on one line.
  func rendered() -> String {
    var out = JSONBytes()
    write(into: &out, indent: 0)
    out.append(0x0A)
    return out.string
  }

  var isScalar: Bool {
    switch self {
    case .array, .object: false
    default: true
    }
  }

  /// Appends this value as it would appear `indent` columns in (its first line unpadded).
  func write(into out: inout JSONBytes, indent: Int) {
    switch self {
    case .string(let value): out.quote(value)
    case .int(let value): out.append(integer: value)
    case .bool(let value): out.append(value ? "true" : "false")
    case .null: out.append("null")
    case .array(let items):
      if items.isEmpty {
        out.append("[]")
      } else if items.allSatisfy(\.isScalar) {
        out.append(0x5B)
        for (index, item) in items.enumerated() {
          if index > 0 { out.append(", ") }
          item.write(into: &out, indent: indent)
        }
        out.append(0x5D)
      } else {
        out.append("[\n")
        for (index, item) in items.enumerated() {
          out.pad(indent + 2)
          item.write(into: &out, indent: indent + 2)
          out.append(index + 1 < items.count ? ",\n" : "\n")
        }
        out.pad(indent)
        out.append(0x5D)
      }
    case .object(let fields):
      if fields.isEmpty {
        out.append("{}")
        return
      }
      out.append("{\n")
      for (index, field) in fields.enumerated() {
        out.pad(indent + 2)
        out.quote(field.key)
        out.append(": ")
        field.value.write(into: &out, indent: indent + 2)
        out.append(index + 1 < fields.count ? ",\n" : "\n")
      }
      out.pad(indent)
      out.append(0x7D)
    }
  }
}

/// `"key": value` pairs in the order written.
func jsonObject(_ fields: (String, JSONValue)...) -> JSONValue {
  .object(fields.map { JSONValue.Field(key: $0.0, value: $0.1) })
}
