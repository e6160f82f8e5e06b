import Survey
import Foundation

// How a dataset is read: the CLI's reading options (ReadingOptions in
// Sources/clusterstat/Options.swift) under the same names, set once per
// dataset in the Data tab. The summary reads the file with them through
// Ingest.load, and every analysis gets them as the same command-line options,
// so the page shows the rows and columns the analyses see. Missing from the
// list on purpose: --data and --codebook (the server names its own files) and
// --include-personal-data (the guard is not negotiable in the browser).

struct ReadingSettings: Codable, Sendable, Equatable {
  var screen: Bool = true
  var encoding: String?
  var delimiter: String?
  var sheet: String?
  var layout: String?
  var headerRow: Int?
  var missingCodes: String?
  var minSeconds: Double?
  var screenItems: String?

  enum CodingKeys: String, CodingKey {
    case screen, encoding, delimiter, sheet
    case layout = "data-layout"
    case headerRow = "header-row"
    case missingCodes = "missing-codes"
    case minSeconds = "min-seconds"
    case screenItems = "screen-items"
  }

  init() {}

  init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    screen = try c.decodeIfPresent(Bool.self, forKey: .screen) ?? true
    encoding = try c.decodeIfPresent(String.self, forKey: .encoding)
    delimiter = try c.decodeIfPresent(String.self, forKey: .delimiter)
    sheet = try c.decodeIfPresent(String.self, forKey: .sheet)
    layout = try c.decodeIfPresent(String.self, forKey: .layout)
    headerRow = try c.decodeIfPresent(Int.self, forKey: .headerRow)
    missingCodes = try c.decodeIfPresent(String.self, forKey: .missingCodes)
    minSeconds = try c.decodeIfPresent(Double.self, forKey: .minSeconds)
    screenItems = try c.decodeIfPresent(String.self, forKey: .screenItems)
    // Empty fields of the form mean "not set", as an option left out.
    for key in [\ReadingSettings.encoding, \.delimiter, \.sheet, \.layout, \.missingCodes, \.screenItems]
    where self[keyPath: key]?.trimmingCharacters(in: .whitespaces).isEmpty == true {
      self[keyPath: key] = nil
    }
  }

  /// The checks ReadingOptions.validate() makes, as 400s.
  func validate() throws(ServeError) {
    if let encoding, TextEncoding(userValue: encoding) == nil {
      throw ServeError(.badRequest, "unknown encoding '\(encoding)'; use utf-8 or gbk")
    }
    if let delimiter, Delimiter(userValue: delimiter) == nil {
      throw ServeError(.badRequest, "unknown delimiter '\(delimiter)'; use comma, tab or semicolon")
    }
    if let layout, IngestOptions.Layout(rawValue: layout) == nil {
      throw ServeError(.badRequest, "unknown data-layout '\(layout)'; use auto, wjx, qualtrics or plain")
    }
    if let minSeconds, !(minSeconds >= 0) { throw ServeError(.badRequest, "min-seconds must be zero or more") }
    if let headerRow, headerRow < 1 { throw ServeError(.badRequest, "header-row counts the file's rows from 1") }
    for (name, value) in [("sheet", sheet), ("missing-codes", missingCodes), ("screen-items", screenItems)] {
      if let value, value.count > 10_000 || value.contains(where: \.isNewline) {
        throw ServeError(.badRequest, "\(name) must be one line of text")
      }
    }
  }

  /// What ReadingOptions.ingestOptions builds from the same values.
  func ingestOptions(codebook book: Codebook?) -> IngestOptions {
    let csv = CSVOptions(
      delimiter: delimiter.flatMap(Delimiter.init(userValue:))?.byte,
      encoding: encoding.flatMap(TextEncoding.init(userValue:)),
      missingCodes: missingCodes.map { $0.split(separator: ",").map(String.init) } ?? [])
    let rules = screen ? ScreeningRules(book?.screening, minSeconds: minSeconds ?? book?.screening?.minSeconds) : nil
    return IngestOptions(
      csv: csv, sheet: sheet, layout: layout.flatMap(IngestOptions.Layout.init(rawValue:)) ?? .auto, codebook: book,
      includePersonalData: false, screening: rules, screeningItems: screenItems, columns: [], headerRow: headerRow)
  }

  /// The same settings as command-line options (`--name=value`, so that a
  /// value starting with '-' is never read as an option).
  var arguments: [String] {
    var out: [String] = screen ? ["--screen"] : []
    let values: [(String, String?)] = [
      ("encoding", encoding), ("delimiter", delimiter), ("sheet", sheet), ("data-layout", layout),
      ("header-row", headerRow.map(String.init)), ("missing-codes", missingCodes),
      ("min-seconds", minSeconds.map { "\($0)" }), ("screen-items", screenItems),
    ]
    for (name, value) in values { if let value { out.append("--\(name)=\(value)") } }
    return out
  }
}
