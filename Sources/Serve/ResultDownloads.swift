import Foundation
import Survey
import Report

// An analysis result as Word and Excel files (the page's downloads beside
// JSON and HTML): the tables the run rendered — three-line tables, numbered,
// captions where Chinese theses put them, the same Document code as the
// study's report — and its figures (the path diagram, the scree plot) as
// pictures. Written into the dataset's results/ folder under a random name
// and served from there; the folder goes with the session.

enum ResultDownloads {
  enum Kind: String, CaseIterable {
    case docx, xlsx

    var contentType: String {
      switch self {
      case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
      case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      }
    }
  }

  static func folder(_ dataset: Dataset) -> String { dataset.folder + "/results" }

  /// Writes <kind>-<id>.docx and .xlsx for a run's tables and figures; that name (nil without tables).
  static func write(_ result: EngineResult, figures: [(name: String, svg: String)], dataset: Dataset, kind: String) throws -> String? {
    guard !result.tables.isEmpty else { return nil }
    // Session paths in any text become the upload's name, as in the JSON and HTML.
    func clean(_ s: String) -> String { Messages.clean(s, dataset) }
    let tables = result.tables.map { t in
      Table(title: clean(t.title), headers: t.headers.map(clean),
            rows: t.rows.map { $0.map { if case .text(let s) = $0 { .text(clean(s)) } else { $0 } } }, notes: t.notes.map(clean))
    }
    let title = result.title.isEmpty ? kind : clean(result.title)
    let document = Document(title: title, lang: result.language,
                            blocks: tables.map { .table($0) } + figures.map { .figure(Figure(title: title, svg: $0.svg)) })
    let stem = "\(kind)-\(randomID())"
    let folder = folder(dataset)
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    try AtomicFile.write(try document.docx(), to: "\(folder)/\(stem).docx")
    try AtomicFile.write(try document.xlsx(), to: "\(folder)/\(stem).xlsx")
    return stem
  }

  /// The file a download names, if the name is one this server wrote (an analysis, 32 hex digits, a kind),
  /// and the name to save it under (the analysis and the kind).
  static func path(_ dataset: Dataset, _ name: String) -> (path: String, kind: Kind, saveAs: String)? {
    let parts = name.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 2, let kind = Kind(rawValue: String(parts[1])) else { return nil }
    let stem = parts[0].split(separator: "-", omittingEmptySubsequences: false)
    guard stem.count == 2, let analysis = AnalysisKind(rawValue: String(stem[0])), stem[1].count == 32,
          stem[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
    return ("\(folder(dataset))/\(name)", kind, "\(analysis.rawValue).\(kind.rawValue)")
  }
}
