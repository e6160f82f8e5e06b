import ArgumentParser
import ClusterStat
import Foundation
import Serve
import Synchronization

/// Where the data come from and how to read them.
struct DataOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("The data file: .csv/.tsv/.txt, .xlsx (问卷星/Excel) or .sav (SPSS).", valueName: "file"))
  var data: String

  @OptionGroup var reading: ReadingOptions

  func load(columns columnSpecs: [String] = []) throws -> DataFrame {
    try reading.load(path: data, columns: columnSpecs)
  }

  func ingest(columns columnSpecs: [String] = []) throws -> IngestResult {
    try reading.ingest(path: data, columns: columnSpecs)
  }
}

/// How to read a data file: text format, sheet, layout, codebook, screening
/// and the personal-data guard.
struct ReadingOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("Text encoding of a CSV (default: detected; gbk also reads gb2312 and gb18030).", valueName: "encoding"))
  var encoding: TextEncoding?

  @Option(name: .long, help: ArgumentHelp("Field delimiter (default: detected).", valueName: "delimiter"))
  var delimiter: Delimiter?

  @Option(name: .customLong("missing-codes"), parsing: .unconditional,
          help: ArgumentHelp("Extra codes meaning missing, e.g. 99. Empty, NA and . always are; -2/-3 in the 问卷星 layout.", valueName: "codes"))
  var missingCodes: String?

  @Option(name: .long, help: ArgumentHelp("The sheet of an .xlsx workbook to read (default: the first).", valueName: "name"))
  var sheet: String?

  @Option(name: .customLong("data-layout"), help: ArgumentHelp("Column layout of the data: wjx (问卷星 export), qualtrics (Qualtrics CSV), plain, or auto (recognised).", valueName: "layout"))
  var layout: IngestOptions.Layout = .auto

  @Option(name: .customLong("header-row"), parsing: .unconditional,
          help: ArgumentHelp("The row of the file that holds the column names (default: row 1, or found below a title row).", valueName: "N"))
  var headerRow: Int?

  @Option(name: .long, help: ArgumentHelp("A codebook (YAML): variable names, codes, scales, reverse-coded items, personal data, screening.", valueName: "file"))
  var codebook: String?

  @Flag(name: .long, help: "Screen responses (straight-lining, too fast, duplicates, too much missing) and drop flagged rows.")
  var screen = false

  @Option(name: .customLong("min-seconds"), parsing: .unconditional, help: ArgumentHelp("With --screen: drop rows completed faster (default: the codebook's, else off).", valueName: "s"))
  var minSeconds: Double?

  @Option(name: .customLong("screen-items"), help: ArgumentHelp("With --screen: the Likert items to judge (default: the codebook's).", valueName: "cols"))
  var screenItems: String?

  @Flag(name: .customLong("include-personal-data"),
        help: "Let columns holding names, phones, e-mails, IPs or ID numbers into the analysis and its output (off by default).")
  var includePersonalData = false

  func validate() throws {
    if let minSeconds, !(minSeconds >= 0) { throw ValidationError("--min-seconds must be zero or more") }
    if let headerRow, headerRow < 1 { throw ValidationError("--header-row counts the file's rows from 1") }
  }

  var csvOptions: CSVOptions {
    CSVOptions(
      delimiter: delimiter?.byte,
      encoding: encoding,
      missingCodes: missingCodes.map { $0.split(separator: ",").map(String.init) } ?? [])
  }

  /// The codebook, read once.
  func loadCodebook() throws -> Codebook? {
    try codebook.map { path throws(InputError) in try Codebook.read(path: path) }
  }

  func ingestOptions(codebook book: Codebook?, columns: [String]) -> IngestOptions {
    let rules = screen ? ScreeningRules(book?.screening, minSeconds: minSeconds ?? book?.screening?.minSeconds) : nil
    return IngestOptions(
      csv: csvOptions, sheet: sheet, layout: layout, codebook: book,
      includePersonalData: includePersonalData, screening: rules, screeningItems: screenItems, columns: columns, headerRow: headerRow)
  }

  /// Reads the file through layout, codebook, guard and screening; says on
  /// stderr what was held back or dropped.
  func ingest(path data: String, columns columnSpecs: [String] = []) throws -> IngestResult {
    let result = try Ingest.load(path: data, options: ingestOptions(codebook: try loadCodebook(), columns: columnSpecs))
    for note in result.noteList { writeNote(note) }
    return result
  }

  /// The analysis frame (see `ingest`).
  func load(path data: String, columns columnSpecs: [String] = []) throws -> DataFrame {
    try ingest(path: data, columns: columnSpecs).frame
  }
}

/// How and where to write results.
struct OutputOptions: ParsableArguments {
  @Option(name: .long, help: "Output format: text (three-line tables), json, md, csv, html or xlsx (an Excel workbook, one sheet per table; needs --out).")
  var format: OutputFormat = .text

  @Option(name: .long, help: "Table labels: zh or en.")
  var lang: Language = .zh

  @Option(name: .long, help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"))
  var out: String?

  @Option(name: .customLong("p-style"), help: "How p values are written: apa (< .001, .032) or stars (AMOS: ***, 0.032).")
  var pStyle: PStyle = .apa

  var labels: Labels { Labels(lang, pStyle: pStyle) }

  func validate() throws {
    // One command per process on the command line: its notes follow its --lang.
    NoteLanguage.process.withLock { $0 = lang }
    // Checked before the analysis runs, so a long fit is not lost to a usage mistake.
    if format != .xlsx, let out, out.lowercased().hasSuffix(".xlsx") {
      throw ValidationError("--out \(out) names an Excel workbook but the format is \(format.rawValue): add --format xlsx (or name the file .\(format.rawValue == "text" ? "txt" : format.rawValue))")
    }
    guard format == .xlsx else { return }
    guard let out else {
      throw ValidationError("--format xlsx writes an Excel workbook, which is binary and is not written to the terminal or standard output: give --out FILE.xlsx")
    }
    guard out.lowercased().hasSuffix(".xlsx") else {
      throw ValidationError("--format xlsx writes an Excel workbook: give --out a file name ending in .xlsx (Excel and WPS know a workbook by its extension), not '\(out)'")
    }
  }

  /// Renders tables in the chosen format, or encodes `value` for JSON.
  func emit<T: Encodable>(_ value: T, tables: [Table], title: String) throws {
    if let capture = OutputCapture.current {
      // `clusterstat serve`: both the JSON and the HTML page, for the browser.
      capture.record(json: try Self.json(value), html: HTMLRenderer.page(title: title, tables: tables, lang: lang), tables: tables, title: title, language: lang)
      return
    }
    var text: String
    switch format {
    case .xlsx:
      guard let out else { throw ValidationError("--format xlsx needs --out FILE.xlsx") }
      try AtomicFile.write(try XLSXRenderer.workbook(tables), to: out)
      return
    case .json:
      text = try Self.json(value)
    case .html:
      text = HTMLRenderer.page(title: title, tables: tables, lang: lang)
    case .csv:
      // A UTF-8 byte-order mark: Excel on Chinese Windows reads the file as GBK without one.
      text = "\u{FEFF}" + tables.map { CSVRenderer.render($0, includeTitle: tables.count > 1) }.joined(separator: "\n")
    case .text, .md:
      text = tables.map { $0.rendered(format) }.joined(separator: "\n")
    }
    if !text.hasSuffix("\n") { text += "\n" }
    try OutputFile.write(text, to: out)
  }

  /// The value as --format json prints it.
  static func json<T: Encodable>(_ value: T) throws -> String {
    let (data, nonFinite) = try JSONOutput.encode(value)
    if nonFinite > 0 {
      writeWarning(Warning(en: "\(nonFinite) value\(nonFinite == 1 ? " is" : "s are") not finite (NaN or ±∞, e.g. an undefined ratio) and written as null",
                           zh: "\(nonFinite) 个值不是有限数（NaN 或 ±∞，如无定义的比值），写为 null"))
    }
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}

/// Where `clusterstat serve` takes a command's output: the JSON and the HTML
/// page of one run and its notes, instead of standard output, a file and
/// standard error. Bound for one run on the thread that runs it (a task-local
/// value), so concurrent runs each fill their own.
final class OutputCapture: Sendable {
  @TaskLocal static var current: OutputCapture?

  private struct Output {
    var json: String?
    var html: String?
    var messages: [String] = []
    var tables: [Table] = []
    var title = ""
    var language = Language.zh
  }

  private let output = Mutex(Output())
  /// Hears long steps (the bootstrap): their name, how many are done, of how many.
  let progress: EngineProgress?
  private let lang = Mutex<Language?>(nil)
  /// The run's --lang, for its notes.
  var language: Language? {
    get { lang.withLock { $0 } }
    set { lang.withLock { $0 = newValue } }
  }

  init(progress: EngineProgress? = nil) { self.progress = progress }

  func record(json: String, html: String, tables: [Table], title: String, language: Language) {
    output.withLock { $0.json = json; $0.html = html; $0.tables = tables; $0.title = title; $0.language = language }
  }

  func message(_ line: String) {
    output.withLock { $0.messages.append(line) }
  }

  func result(failure: EngineFailure?) -> EngineResult {
    output.withLock {
      EngineResult(json: $0.json, html: $0.html, messages: $0.messages, failure: failure, tables: $0.tables, title: $0.title, language: $0.language)
    }
  }
}

extension OutputFormat: ExpressibleByArgument {}
extension IngestOptions.Layout: ExpressibleByArgument {}
extension Delimiter: ExpressibleByArgument {
  public init?(argument: String) { self.init(userValue: argument) }
}
extension TextEncoding: ExpressibleByArgument {
  public init?(argument: String) { self.init(userValue: argument) }
  public static var allValueStrings: [String] { ["utf-8", "gbk"] }
}
extension Language: ExpressibleByArgument {}
extension PStyle: ExpressibleByArgument {}

/// Writes all or nothing: a temporary file beside the target, then rename.
enum OutputFile {
  static func write(_ text: String, to path: String?) throws {
    guard let path else {
      FileHandle.standardOutput.write(Data(text.utf8))
      return
    }
    try AtomicFile.write(Data(text.utf8), to: path)
  }
}


extension MissingHandling: ExpressibleByArgument {}
extension CorrelationMethod: ExpressibleByArgument {}

/// How missing values enter correlations and covariances (psych's `use`).
struct MissingOptions: ParsableArguments {
  @Option(name: .long, help: "Missing values: pairwise (psych's default: every pair over the rows where both are answered, N = all rows) or listwise (complete rows only).")
  var use: MissingHandling = .pairwise
}
