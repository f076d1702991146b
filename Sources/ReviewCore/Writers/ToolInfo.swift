/// The tool's name and version as every writer prints them.
public enum ToolInfo {
  public static let name = "reviewbot"
  public static let version = "0.1.0"
}
