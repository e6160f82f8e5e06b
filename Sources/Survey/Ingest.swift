import Foundation

// From a researcher's file to the frame every analysis reads, in one order:
//   read (CSV/TSV, XLSX, SAV) → 问卷星 layout → codebook (names, codes,
//   labels) → personal-data guard (which columns to hold back) → screening
//   (which rows to drop) → reverse-coding → the analysis frame.
// Screening runs before the personal columns are removed because its
// duplicate rule compares IP addresses; nothing of those columns survives
// into the result but their names.

public struct IngestOptions: Sendable {
  /// auto, plain, or the name of one of `ExportLayouts.all`.
  public enum Layout: String, Sendable, CaseIterable { case auto, wjx, qualtrics, plain }

  public var csv: CSVOptions
  public var sheet: String?
  public var layout: Layout
  public var codebook: Codebook?
  public var includePersonalData: Bool
  /// nil: no screening.
  public var screening: ScreeningRules?
  /// Items screening looks at (default: the codebook's Likert items).
  public var screeningItems: String?
  /// For CSV without codebook or 问卷星 layout: column lists to keep (all when empty).
  public var columns: [String]
  /// The file's row that holds the header (nil: found automatically).
  public var headerRow: Int?
  /// For CSV without codebook or 问卷星 layout: the columns to keep by position
  /// (a batch of a describe too large to hold at once); wins over `columns`.
  public var columnIndices: [Int]?

  public init(
    csv: CSVOptions = CSVOptions(), sheet: String? = nil, layout: Layout = .auto, codebook: Codebook? = nil,
    includePersonalData: Bool = false, screening: ScreeningRules? = nil, screeningItems: String? = nil,
    columns: [String] = [], headerRow: Int? = nil
  ) {
    self.headerRow = headerRow
    self.csv = csv
    self.sheet = sheet
    self.layout = layout
    self.codebook = codebook
    self.includePersonalData = includePersonalData
    self.screening = screening
    self.screeningItems = screeningItems
    self.columns = columns
  }
}

public struct IngestResult: Sendable {
  public var frame: DataFrame
  public var format: String
  public var layout: LayoutInfo?
  public var excluded: [ExcludedColumn]
  /// Kept columns in which personal data were masked.
  public var masked: [MaskedColumn] = []
  /// True when personal-data columns were let through on request.
  public var personalDataIncluded: Bool
  public var screening: ScreeningReport?
  public var reverseCoded: [String]
  public var codebook: Codebook?
  /// What reading decided: skipped title rows, coded answer texts.
  public var readingNotes: [Note] = []

  static func excludedNote(_ excluded: [ExcludedColumn], included: Bool) -> Note {
    let names = excluded.map(\.column).joined(separator: ", ")
    return included
      ? Note(en: "personal data included on request (--include-personal-data): \(names)", zh: "应要求保留了个人信息列（--include-personal-data）：\(names)", warning: true)
      : Note(en: "personal data excluded from analysis: \(names)", zh: "个人信息列不参与分析：\(names)")
  }

  /// What to tell the user (stderr, under tables, the browser page), in both languages.
  public var noteList: [Note] {
    var out = readingNotes
    if !excluded.isEmpty {
      out.append(Self.excludedNote(excluded, included: personalDataIncluded))
    }
    for m in masked { out.append(m.note) }
    if let s = screening { out.append(s.summaryNote) }
    if !reverseCoded.isEmpty {
      let names = reverseCoded.joined(separator: ", ")
      out.append(Note(en: "reverse-coded (min + max − x): \(names)", zh: "反向计分（最小值 + 最大值 − 原值）：\(names)"))
    }
    return out
  }

  /// The notes in English.
  public var notes: [String] { noteList.map { $0.text(chinese: false) } }
}

public enum Ingest {
  /// The file's kind by its first bytes (a zip is .xlsx, "$FL2"/"$FL3" SPSS,
  /// the OLE2 signature a legacy .xls), else by its extension.
  public static func format(of path: String) -> String {
    let byExtension: String
    switch (path as NSString).pathExtension.lowercased() {
    case "xlsx", "xlsm": byExtension = "xlsx"
    case "xls": byExtension = "xls"
    case "sav", "zsav": byExtension = "sav"
    default: byExtension = "csv"
    }
    guard let h = FileHandle(forReadingAtPath: path) else { return byExtension }
    defer { try? h.close() }
    let magic = [UInt8](h.readData(ofLength: 8))
    if magic.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "xlsx" }
    if magic.starts(with: Array("$FL2".utf8)) || magic.starts(with: Array("$FL3".utf8)) { return "sav" }
    // An OLE2 container is a legacy .xls — or an encrypted .xlsx, which the XLSX reader names as such.
    if magic.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return byExtension == "xlsx" ? "xlsx" : "xls" }
    return byExtension == "csv" ? "csv" : (byExtension == "xls" ? "csv" : byExtension)
  }

  /// A first line that is a title, not a header: at most a fifth of three or
  /// more fields named (the rest empty or the reader's V1, V2 …).
  static func looksLikeTitleRow(_ header: [String]) -> Bool {
    header.count >= 3 && header.enumerated().filter { !$0.element.isEmpty && $0.element != "V\($0.offset + 1)" }.count <= max(1, header.count / 5)
  }

  /// Reads a file as it is (no layout, codebook, guard or screening).
  public static func readRaw(path: String, options: IngestOptions) throws(InputError) -> DataFrame {
    AtomicFile.protect(path)
    switch format(of: path) {
    case "xlsx":
      return try XLSXReader.read(path: path, options: XLSXOptions(sheet: options.sheet, missingCodes: options.csv.missingCodes))
    case "xls":
      throw InputError(file: path, "is a legacy Excel 97–2003 (.xls) workbook, which ClusterStat does not read; open it in Excel or WPS and save it as .xlsx or CSV (UTF-8)")
    case "sav":
      return try SAVReader.read(path: path, missingCodes: options.csv.missingCodes)
    default:
      if options.layout != .wjx, options.codebook == nil, let indices = options.columnIndices {
        return try DataFrameReader.readCSV(path: path, options: options.csv) { _ throws(InputError) -> [Int]? in indices }
      }
      if options.layout != .wjx, options.codebook == nil, !options.columns.isEmpty {
        let specs = options.columns
        return try DataFrameReader.readCSV(path: path, options: options.csv) { header throws(InputError) -> [Int]? in
          if options.layout == .auto, WJXLayout.recognizes(header) { return nil }
          // A title row instead of a header (HeaderRows finds the real one): read every column.
          if options.headerRow != nil || looksLikeTitleRow(header) { return nil }
          // Only the listed columns are read; the guard then scans those.
          var keep: [Int] = []
          for spec in specs {
            for name in try ColumnList.resolve(spec, in: header, source: path) {
              let i = header.firstIndex(of: name)!
              if !keep.contains(i) { keep.append(i) }
            }
          }
          return keep
        }
      }
      return try DataFrameReader.readCSV(path: path, options: options.csv)
    }
  }

  public static func load(path: String, options: IngestOptions = IngestOptions()) throws(InputError) -> IngestResult {
    var frame = try readRaw(path: path, options: options)
    var readingNotes: [Note] = []
    var headerNotes: [Note]
    (frame, headerNotes) = try HeaderRows.locate(frame, headerRow: options.headerRow, missingCodes: options.csv.missingCodes)
    readingNotes += headerNotes
    var layoutInfo: LayoutInfo?
    var layout: (any ExportLayout.Type)?
    switch options.layout {
    case .plain: layout = nil
    case .auto:
      if let declared = options.codebook?.layout { layout = ExportLayouts.named(declared) }
      else { layout = ExportLayouts.all.first { $0.recognizes(frame) } }
    default: layout = ExportLayouts.named(options.layout.rawValue)
    }
    if let layout {
      (frame, layoutInfo) = try layout.apply(frame, missingCodes: options.csv.missingCodes)
    } else {
      frame.columns = frame.columns.map(WJXLayout.skipMarkersAsMissing)
    }
    if let book = options.codebook {
      frame = try book.apply(to: frame)
    }
    var scaleNotes: [Note]
    (frame, scaleNotes) = AnswerScales.code(frame, groups: layoutInfo?.questions ?? [:])
    readingNotes += scaleNotes
    let declared = options.codebook?.personalData ?? []
    let excluded = PersonalDataGuard.scan(frame, declared: declared)
    // Before screening or any analysis can show a cell: personal data left in
    // the kept columns (a phone in a free-text answer, a name in a rating item) masked.
    var masked: [MaskedColumn] = []
    if !options.includePersonalData {
      (frame, masked) = PersonalDataGuard.mask(frame, skip: Set(excluded.map(\.column)))
    }

    var report: ScreeningReport?
    if let rules = options.screening {
      let items = try screeningItems(frame, options: options, excluded: excluded)
      let (r, keep) = try Screening.run(frame, items: items, rules: rules,
                                        secondsColumn: layoutInfo?.secondsColumn ?? (frame.index(of: "seconds") != nil ? "seconds" : nil),
                                        ipColumn: layoutInfo?.ipColumn ?? (frame.index(of: "ip") != nil ? "ip" : nil))
      report = r
      if keep.count < frame.rowCount { frame = frame.rows(keep) }
      if keep.isEmpty { throw InputError(file: path, "screening dropped every row (\(r.summary))") }
    }
    var reversed: [String] = []
    if let book = options.codebook {
      (frame, reversed) = try book.reverseCode(frame)
    }
    if !options.includePersonalData {
      let out = Set(excluded.map(\.column))
      frame.columns.removeAll { out.contains($0.name) }
      frame.excludedColumns = excluded.map(\.column)
    }
    return IngestResult(frame: frame, format: format(of: path), layout: layoutInfo, excluded: excluded, masked: masked,
                        personalDataIncluded: options.includePersonalData && !excluded.isEmpty,
                        screening: report, reverseCoded: reversed, codebook: options.codebook, readingNotes: readingNotes)
  }

  /// A rating item's answers: whole numbers 0–10, at least three distinct.
  static func looksLikeRating(_ v: [Double]) -> Bool {
    var distinct = Set<Double>()
    for x in v where !x.isNaN {
      guard x == x.rounded(), x >= 0, x <= 10 else { return false }
      distinct.insert(x)
    }
    return distinct.count >= 3
  }

  /// The items screening judges: the user's list, else the codebook's Likert
  /// items, else the 问卷星 question columns that look like rating items
  /// (whole numbers 0–10 with at least three distinct answers).
  static func screeningItems(_ frame: DataFrame, options: IngestOptions, excluded: [ExcludedColumn]) throws(InputError) -> [String] {
    if let spec = options.screeningItems {
      let items = try frame.resolve(spec)
      if !options.includePersonalData, let c = excluded.first(where: { items.contains($0.column) }) {
        throw InputError(column: c.column, "holds personal data (\(c.reason)\(c.found.map { ": \($0)" } ?? "")) and is not screened or analysed; leave it out of the screening items", settings: [.screenItems])
      }
      return items
    }
    if let items = options.codebook?.likertItems, !items.isEmpty { return items }
    let out = Set(excluded.map(\.column))
    let rating = frame.columns.filter { c in
      guard !out.contains(c.name), c.name.hasPrefix("Q"), case .numeric(let v) = c.values else { return false }
      return looksLikeRating(v)
    }.map(\.name)
    // Rating scales are usually matrix questions (Q6_1, Q6_2, …); single
    // questions among them are more likely profile items (industry, size).
    let matrix = rating.filter { $0.contains("_") }
    return matrix.count >= 3 ? matrix : rating
  }
}
