import Foundation

// What a reader refuses to take on, so that a small hostile or damaged file
// is bad input (exit 2) instead of a crash or gigabytes of memory: a zip
// bomb, a cell reference that makes a row billions wide, XML nested deeper
// than any spreadsheet is. Each limit is stated here once, with its default;
// the size and ratio limits can be raised from the environment, since a
// genuine workbook can exceed them.

public struct ReadLimits: Sendable, Equatable {
  /// Decompressed bytes of one ZIP entry (1 GiB; `CLUSTERSTAT_MAX_UNZIPPED_MB`).
  public var maxUnzippedBytes: Int64 = 1 << 30
  /// Decompressed : compressed bytes of one entry, checked once it is past
  /// `ratioCheckAfterBytes` (100; `CLUSTERSTAT_MAX_ZIP_RATIO`). Worksheet XML
  /// compresses 5–20:1; zip bombs reach 1000:1.
  public var maxCompressionRatio: Int64 = 100
  /// Small parts compress well (a styles part of repeated elements), so the
  /// ratio is a limit only past this size (10 MB).
  public var ratioCheckAfterBytes: Int64 = 10 << 20
  /// Columns in one row: 16,384 is Excel's XFD.
  public var maxColumns: Int = _xlsxMaxColumns
  /// Cells of the data frame (rows × columns), so that a small file cannot
  /// ask for gigabytes of columns: 250 million is 2 GB of numbers.
  public var maxCells: Int = 250_000_000
  /// Decompressed bytes of a part read whole rather than streamed (the
  /// workbook, its relationships, styles): 64 MB, far above any real one.
  public var maxSmallPartBytes: Int64 = 64 << 20
  /// Element nesting depth of a part's XML (256; a worksheet needs 6).
  public var maxXMLDepth: Int = 256

  /// One CSV record (with quoted line breaks, one record), in bytes: 64 MB (`CLUSTERSTAT_MAX_LINE_MB`).
  public var maxRecordBytes: Int = 64 << 20
  /// Fields of one CSV record: 100,000 (`CLUSTERSTAT_MAX_FIELDS`).
  public var maxFields: Int = 100_000

  public static let unzippedVariable = "CLUSTERSTAT_MAX_UNZIPPED_MB"
  public static let ratioVariable = "CLUSTERSTAT_MAX_ZIP_RATIO"
  public static let lineVariable = "CLUSTERSTAT_MAX_LINE_MB"
  public static let fieldsVariable = "CLUSTERSTAT_MAX_FIELDS"

  /// This process's limits (the environment read once; a malformed variable leaves the default).
  public static let process: ReadLimits = (try? fromEnvironment()) ?? ReadLimits()

  public init() {}

  /// The defaults, with the size and ratio limits the environment raises (or lowers).
  public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws(InputError) -> ReadLimits {
    var limits = ReadLimits()
    func positive(_ name: String, max: Int64) throws(InputError) -> Int64? {
      guard let text = env[name] else { return nil }
      guard let v = Int64(text.trimmingCharacters(in: .whitespaces)), v > 0, v <= max else {
        throw InputError("\(name)='\(text)' is not a whole number between 1 and \(max)")
      }
      return v
    }
    // MB → bytes: bounded first so the product cannot overflow.
    if let mb = try positive(unzippedVariable, max: 1 << 40) { limits.maxUnzippedBytes = mb << 20 }
    if let r = try positive(ratioVariable, max: 1 << 30) { limits.maxCompressionRatio = r }
    if let mb = try positive(lineVariable, max: 1 << 20) { limits.maxRecordBytes = Int(mb) << 20 }
    if let f = try positive(fieldsVariable, max: 1 << 30) { limits.maxFields = Int(f) }
    return limits
  }
}

/// The last column (XFD) and row a worksheet can have (ECMA-376 Part 1 §18.3.1.4 and Excel's specification).
let _xlsxMaxColumns = 16_384
let _xlsxMaxRows = 1_048_576
