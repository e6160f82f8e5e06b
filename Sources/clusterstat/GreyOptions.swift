import ArgumentParser
import ClusterStat

/// Options shared by grey, entropy and coupling: normalisation and directions.
struct IndicatorOptions: ParsableArguments {
  @Option(name: .long, help: "Normalisation: none, initial, mean, minmax, interval (0.01–0.99) or zscore.")
  var normalize: Normalization?

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Cost indicators (smaller is better), reversed by minmax and interval.", valueName: "cols"))
  var cost: String?

  @Option(name: .long, help: ArgumentHelp("Column with the units' labels (default: row numbers).", valueName: "col"))
  var id: String?

  func normalization(_ frame: DataFrame, default method: Normalization) throws -> NormalizationOptions {
    NormalizationOptions(method: normalize ?? method, cost: Set(try cost.map { try frame.resolve($0) } ?? []))
  }

  func unitLabels(_ frame: DataFrame) throws -> [String] {
    guard let id else { return (1...frame.rowCount).map(String.init) }
    guard let c = frame[id] else { _ = try frame.resolve(id); return [] }
    return c.textValues.enumerated().map { $1 ?? "#\($0 + 1)" }
  }

  @Option(name: .long, help: "Units with a missing indicator: refuse (complete, the default: these methods need complete data) or drop them (listwise).")
  var missing: GreyMissing = .complete

  /// Columns to load: the listed specs plus --cost and --id.
  func columnSpecs(_ specs: [String?]) -> [String] {
    (specs + [cost, id]).compactMap { $0 }
  }

  /// With --missing listwise, the units whose listed indicators are all present (and a note of how many were dropped).
  func complete(_ frame: DataFrame, _ specs: [String?]) throws -> DataFrame {
    guard missing == .listwise else { return frame }
    var columns: [[Double]] = []
    for spec in specs.compactMap({ $0 }) {
      for name in try frame.resolve(spec) { columns.append(try frame.numericColumn(name)) }
    }
    let keep = (0..<frame.rowCount).filter { r in columns.allSatisfy { $0[r].isFinite } }
    if keep.count < frame.rowCount {
      let out = frame.rowCount - keep.count
      writeNote(Note(en: "--missing listwise: \(out) of \(frame.rowCount) units with a missing indicator left out; \(keep.count) analysed",
                     zh: "按列删除（--missing listwise）：\(frame.rowCount) 个单位中 \(out) 个有指标缺失，未纳入；分析 \(keep.count) 个"))
    }
    guard keep.count >= 2 else { throw InputError(file: frame.source, "only \(keep.count) unit\(keep.count == 1 ? " has" : "s have") every indicator; too few to analyse") }
    return frame.rows(keep)
  }
}

enum GreyMissing: String, ExpressibleByArgument, CaseIterable {
  case complete, listwise
}

extension Normalization: ExpressibleByArgument {}
extension CouplingModel: ExpressibleByArgument {}
extension ExtremesScope: ExpressibleByArgument {}
extension LiuDegree: ExpressibleByArgument {}

/// --degree: Deng's grey relational degree or one of Liu Sifeng's.
enum GreyDegree: String, ExpressibleByArgument, CaseIterable {
  case deng, absolute, relative, synthetic

  enum Kind { case deng, liu(LiuDegree) }
  var kind: Kind { LiuDegree(rawValue: rawValue).map { .liu($0) } ?? .deng }
}

/// `NAME=COLS` as --system takes it.
struct SystemSpec {
  var name: String
  var columns: String

  init(_ raw: String) throws {
    guard let eq = raw.firstIndex(of: "="), eq != raw.startIndex, raw.index(after: eq) != raw.endIndex else {
      throw ValidationError("--system takes NAME=COLS (e.g. NC=NV1:NP3); got '\(raw)'")
    }
    name = String(raw[..<eq]).trimmingCharacters(in: .whitespaces)
    columns = String(raw[raw.index(after: eq)...])
  }
}

/// A comma-separated list of numbers from the command line.
func numberList(_ raw: String, option: String) throws -> [Double] {
  try raw.split(separator: ",").map { part in
    guard let v = parseDecimal(String(part)) else {
      throw ValidationError("\(option): '\(part)' is not a number")
    }
    return v
  }
}

extension DataFrame {
  /// The named numeric columns, as (name, values) pairs.
  func numericColumns(_ names: [String]) throws -> [(name: String, values: [Double])] {
    try names.map { ($0, try numericColumn($0)) }
  }
}
