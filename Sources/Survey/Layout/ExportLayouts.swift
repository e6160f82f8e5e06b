// The survey platforms whose exports ClusterStat reads as they come. Each
// layout is one file with a type that says whether a freshly read frame is
// its export and turns it into the analysis layout (short names, labels,
// question groups, metadata columns). Adding a platform (腾讯问卷, 见数/Credamo,
// …) is one more file and one more entry in `all`, in the order of detection.

public protocol ExportLayout {
  /// The name `--data-layout` and a codebook's `layout:` use.
  static var name: String { get }
  static func recognizes(_ frame: DataFrame) -> Bool
  static func apply(_ frame: DataFrame, missingCodes: [String]) throws(InputError) -> (DataFrame, LayoutInfo)
}

public enum ExportLayouts {
  /// Tried in order; the first that recognises the frame applies.
  public static let all: [any ExportLayout.Type] = [QualtricsLayout.self, WJXLayout.self]

  public static func named(_ name: String) -> (any ExportLayout.Type)? { all.first { $0.name == name } }
}

extension WJXLayout: ExportLayout {
  public static var name: String { "wjx" }
  public static func recognizes(_ frame: DataFrame) -> Bool { recognizes(frame.names) }
  public static func apply(_ frame: DataFrame, missingCodes: [String]) throws(InputError) -> (DataFrame, LayoutInfo) { try apply(frame) }
}

extension QualtricsLayout: ExportLayout {
  public static var name: String { "qualtrics" }
}
