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
    var out = ""
    write(into: &out, indent: 0)
    out += "\n"
    return out
  }

  private var isScalar: Bool {
    switch self {
    case .array, .object: false
    default: true
    }
  }

  private func write(into out: inout String, indent: Int) {
    switch self {
    case .string(let value): JSONValue.quote(value, into: &out)
    case .int(let value): out += String(value)
    case .bool(let value): out += value ? "true" : "false"
    case .null: out += "null"
    case .array(let items):
      if items.isEmpty {
        out += "[]"
      } else if items.allSatisfy(\.isScalar) {
        out += "["
        for (index, item) in items.enumerated() {
          if index > 0 { out += ", " }
          item.write(into: &out, indent: indent)
        }
        out += "]"
      } else {
        let pad = String(repeating: " ", count: indent + 2)
        out += "[\n"
        for (index, item) in items.enumerated() {
          out += pad
          item.write(into: &out, indent: indent + 2)
          out += index + 1 < items.count ? ",\n" : "\n"
        }
        out += String(repeating: " ", count: indent) + "]"
      }
    case .object(let fields):
      if fields.isEmpty {
        out += "{}"
        return
      }
      let pad = String(repeating: " ", count: indent + 2)
      out += "{\n"
      for (index, field) in fields.enumerated() {
        out += pad
        JSONValue.quote(field.key, into: &out)
        out += ": "
        field.value.write(into: &out, indent: indent + 2)
        out += index + 1 < fields.count ? ",\n" : "\n"
      }
      out += String(repeating: " ", count: indent) + "}"
    }
  }

  private static func quote(_ text: String, into out: inout String) {
    out += jsonString(text)
  }
}

/// `"key": value` pairs in the order written.
func jsonObject(_ fields: (String, JSONValue)...) -> JSONValue {
  .object(fields.map { JSONValue.Field(key: $0.0, value: $0.1) })
}
