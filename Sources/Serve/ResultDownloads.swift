import Foundation
import Survey
import Report

// An analysis result as Word and Excel files (the page's downloads beside
// JSON and HTML): the tables the run rendered — three-line tables, numbered,
// captions where Chinese theses put them, the same Document code as the
// study's report — and its figures (the path diagram, the scree plot) as
// pictures. A run keeps only what they are made of (its tables and figures,
// in the dataset's results/ folder under a random name); the file is built
// when it is asked for, so an analysis nobody downloads pays nothing for it
// (rasterising a diagram for Word is the costly part). The folder goes with
// the session.

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

  /// What a run's downloads are made of.
  struct Bundle: Codable {
    var title: String
    var language: Language
    var tables: [Table]
    var figures: [String]
  }

  static func folder(_ dataset: Dataset) -> String { dataset.folder + "/results" }

  /// Keeps a run's tables and figures as <kind>-<id>.json; that stem (nil without tables).
  static func save(_ result: EngineResult, figures: [String], dataset: Dataset, kind: String) throws -> String? {
    guard !result.tables.isEmpty else { return nil }
    // Session paths in any text become the upload's name, as in the JSON and HTML.
    func clean(_ s: String) -> String { Messages.clean(s, dataset) }
    let tables = result.tables.map { t in
      Table(title: clean(t.title), headers: t.headers.map(clean),
            rows: t.rows.map { $0.map { if case .text(let s) = $0 { .text(clean(s)) } else { $0 } } }, notes: t.notes.map(clean))
    }
    let bundle = Bundle(title: result.title.isEmpty ? kind : clean(result.title), language: result.language, tables: tables, figures: figures)
    let stem = "\(kind)-\(randomID())"
    let folder = folder(dataset)
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    try AtomicFile.write(try bundleEncoder.encode(bundle), to: "\(folder)/\(stem).json")
    return stem
  }

  /// The file a download names — <kind>-<32 hex digits>.docx|.xlsx, a run this server kept — built now,
  /// and the name to save it under (the analysis and the kind); nil for any other name.
  static func file(_ dataset: Dataset, _ name: String) throws -> (data: Data, kind: Kind, saveAs: String)? {
    let parts = name.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 2, let kind = Kind(rawValue: String(parts[1])) else { return nil }
    let stem = parts[0].split(separator: "-", omittingEmptySubsequences: false)
    guard stem.count == 2, let analysis = AnalysisKind(rawValue: String(stem[0])), stem[1].count == 32,
          stem[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase }),
          let json = FileManager.default.contents(atPath: "\(folder(dataset))/\(parts[0]).json") else { return nil }
    let bundle = try bundleDecoder.decode(Bundle.self, from: json)
    let document = Document(title: bundle.title, lang: bundle.language,
                            blocks: bundle.tables.map { .table($0) } + bundle.figures.map { .figure(Figure(title: bundle.title, svg: $0)) })
    let data = switch kind {
    case .docx: try document.docx()
    case .xlsx: try document.xlsx()
    }
    return (data, kind, "\(analysis.rawValue).\(kind.rawValue)")
  }
}

// The kept result is read back only by this server: a cell that is not finite
// round-trips as it is (the table renderers show it as empty).
private let nonFinite = (positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
private var bundleEncoder: JSONEncoder {
  let e = JSONEncoder()
  e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity, nan: nonFinite.nan)
  return e
}
private var bundleDecoder: JSONDecoder {
  let d = JSONDecoder()
  d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: nonFinite.positiveInfinity, negativeInfinity: nonFinite.negativeInfinity, nan: nonFinite.nan)
  return d
}
