import ArgumentParser
import ClusterStat
import Foundation

/// Where the data come from and how to read them.
struct DataOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("The data file (.csv, .tsv, .txt).", valueName: "file"))
  var data: String

  @OptionGroup var reading: ReadingOptions

  func load(columns columnSpecs: [String] = []) throws -> DataFrame {
    try reading.load(path: data, columns: columnSpecs)
  }
}

/// How to read a delimited text file.
struct ReadingOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("Text encoding: utf-8 or gbk (default: detected).", valueName: "name"))
  var encoding: String?

  @Option(name: .long, help: ArgumentHelp("Field delimiter: comma, tab or semicolon (default: detected).", valueName: "d"))
  var delimiter: String?

  @Option(name: .customLong("missing-codes"),
          help: ArgumentHelp("Extra codes meaning missing, e.g. -2,-3 (问卷星). Empty, NA and . always are.", valueName: "codes"))
  var missingCodes: String?

  func validate() throws {
    if let encoding, TextEncoding(userValue: encoding) == nil {
      throw ValidationError("unknown --encoding '\(encoding)'; use utf-8 or gbk")
    }
    if let delimiter, ReadingOptions.delimiterByte(delimiter) == nil {
      throw ValidationError("unknown --delimiter '\(delimiter)'; use comma, tab or semicolon")
    }
  }

  static func delimiterByte(_ s: String) -> UInt8? {
    switch s.lowercased() {
    case ",", "comma": return UInt8(ascii: ",")
    case "\t", "\\t", "tab": return 9
    case ";", "semicolon": return UInt8(ascii: ";")
    default: return nil
    }
  }

  var csvOptions: CSVOptions {
    CSVOptions(
      delimiter: delimiter.flatMap(ReadingOptions.delimiterByte),
      encoding: encoding.flatMap(TextEncoding.init(userValue:)),
      missingCodes: missingCodes.map { $0.split(separator: ",").map(String.init) } ?? [])
  }

  /// Reads the file, keeping only the columns `columnSpecs` name (all when empty).
  func load(path data: String, columns columnSpecs: [String] = []) throws -> DataFrame {
    let specs = columnSpecs
    return try DataFrameReader.readCSV(path: data, options: csvOptions) { header throws(InputError) -> [Int]? in
      if specs.isEmpty { return nil }
      var keep: [Int] = []
      for spec in specs {
        for name in try ColumnList.resolve(spec, in: header, source: data) {
          let i = header.firstIndex(of: name)!
          if !keep.contains(i) { keep.append(i) }
        }
      }
      return keep
    }
  }
}

/// How and where to write results.
struct OutputOptions: ParsableArguments {
  @Option(name: .long, help: "Output format: text (three-line tables), json, md, csv or html.")
  var format: OutputFormat = .text

  @Option(name: .long, help: "Table labels: zh or en.")
  var lang: Language = .zh

  @Option(name: .long, help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"))
  var out: String?

  var labels: Labels { Labels(lang) }

  /// Renders tables in the chosen text format, or encodes `value` for JSON.
  func emit<T: Encodable>(_ value: T, tables: [Table], title: String) throws {
    var text: String
    switch format {
    case .json:
      let enc = JSONEncoder()
      enc.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
      text = String(decoding: try enc.encode(value), as: UTF8.self) + "\n"
    case .html:
      text = HTMLRenderer.page(title: title, tables: tables, lang: lang)
    case .csv:
      text = tables.map { CSVRenderer.render($0, includeTitle: tables.count > 1) }.joined(separator: "\n")
    case .text, .md:
      text = tables.map { $0.rendered(format) }.joined(separator: "\n")
    }
    if !text.hasSuffix("\n") { text += "\n" }
    try OutputFile.write(text, to: out)
  }
}

extension OutputFormat: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}

/// Writes all or nothing: a temporary file beside the target, then rename.
enum OutputFile {
  static func write(_ text: String, to path: String?) throws {
    guard let path else {
      FileHandle.standardOutput.write(Data(text.utf8))
      return
    }
    let url = URL(fileURLWithPath: path)
    let dir = url.deletingLastPathComponent()
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
      throw InputError(file: path, "cannot write: the folder \(dir.path) does not exist")
    }
    let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
    do {
      try Data(text.utf8).write(to: tmp)
      if rename(tmp.path, url.path) != 0 {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: tmp)
        throw InputError(file: path, "cannot write: \(reason)")
      }
    } catch let e as InputError {
      throw e
    } catch {
      try? FileManager.default.removeItem(at: tmp)
      throw InputError(file: path, "cannot write: \(error.localizedDescription)")
    }
  }
}
