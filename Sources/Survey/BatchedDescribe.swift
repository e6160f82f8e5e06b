import Foundation

// `describe` of a CSV too large to hold whole (a million rows of sixty
// columns is 480 MB as numbers): the file is read once per batch of columns,
// each batch through the whole reading pipeline (answer texts, the
// personal-data guard), described with the in-memory code and let go, so
// memory stays at one batch (about 64 MB of numbers) whatever the file's
// size. The statistics are the same values as a whole-file describe; only
// the missing-data patterns need every column of a row at once, and are kept
// as one bit per row and variable.

public enum BatchedDescribe {
  /// The result and the reading notes; nil when the file is small enough to
  /// read whole, or when its reading needs every column at once (a codebook,
  /// screening, a 问卷星/Qualtrics layout, a title row above the header).
  public static func run(path: String, options: IngestOptions, items: String?, frequencies: String?,
                         budgetBytes: Int = 64 << 20) throws(InputError) -> (DescribeResult, [ExcludedColumn], [String])? {
    guard Ingest.format(of: path) == "csv", options.codebook == nil, options.screening == nil, options.headerRow == nil,
          options.layout == .auto || options.layout == .plain else { return nil }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size > budgetBytes / 2 else { return nil }
    // The header, and the rows estimated from the first records' length.
    let reader = try CSVReader(path: path, options: options.csv)
    let header = reader.header
    // A title row instead of a header: the in-memory route finds the real one.
    if Ingest.looksLikeTitleRow(header) { return nil }
    // The first records, as text: an export layout is recognised from them
    // (Qualtrics by the import ids of its third row), and the rows are
    // estimated from their length.
    var sample = [[String?]](repeating: [], count: header.count)
    var sampled = 0
    while sampled < 2000, try reader.next() {
      if sampled < 3 { for i in header.indices { sample[i].append(try reader.text(i)) } }
      sampled += 1
    }
    guard sampled > 0 else { return nil }
    if options.layout == .auto {
      let lines = Array(2..<(2 + sample[0].count))
      let frame = DataFrame(source: path, columns: header.indices.map { HeaderRows.typed(name: header[$0], cells: sample[$0], lines: lines, missingCodes: []) },
                            rowCount: sample[0].count, lines: lines)
      if ExportLayouts.all.contains(where: { $0.recognizes(frame) }) { return nil }
    }
    let bytesPerRow = Double(max(1, reader.offset - reader.dataOffset)) / Double(sampled)
    let estimatedRows = Double(size - reader.dataOffset) / bytesPerRow
    let perBatch = max(1, Int(Double(budgetBytes) / (8 * estimatedRows)))
    guard perBatch < header.count else { return nil }

    var described: [Int] = []
    if let items {
      for name in try ColumnList.resolve(items, in: header, source: path) { described.append(header.firstIndex(of: name)!) }
    } else {
      described = Array(header.indices)
    }
    var tabulated = Set<String>()
    if let frequencies { tabulated = Set(try ColumnList.resolve(frequencies, in: header, source: path)) }
    let wanted = described + header.indices.filter { tabulated.contains(header[$0]) && !described.contains($0) }

    var variables: [DescriptiveStatistics] = [], freqs: [FrequencyTable] = [], warnings: [String] = []
    var excluded: [ExcludedColumn] = [], notes: [String] = []
    var rows = 0, encoding: String?
    // One bit per row and numeric variable, which are missing: `words` per row, flat.
    let words = (wanted.count + 63) / 64
    var missingBits: [UInt64] = []
    var numericNames: [String] = []
    for batchStart in stride(from: 0, to: wanted.count, by: perBatch) {
      var o = options
      o.columnIndices = Array(wanted[batchStart..<min(wanted.count, batchStart + perBatch)])
      o.csv.expectedRows = Int(estimatedRows * 1.02) + 16
      let ingest = try Ingest.load(path: path, options: o)
      excluded += ingest.excluded
      notes += ingest.notes.filter { !$0.hasPrefix("personal data excluded") }
      let frame = ingest.frame
      rows = frame.rowCount
      encoding = frame.encoding?.rawValue
      let names = frame.names.filter { n in described.contains { header[$0] == n } }
      let part = try frame.describe(items == nil ? nil : names, frequencies: frame.names.filter(tabulated.contains))
      variables += part.variables
      freqs += part.frequencies
      warnings += part.warnings
      for v in part.variables {
        let column = try frame.numericColumn(v.variable)
        let k = numericNames.count
        numericNames.append(v.variable)
        if missingBits.isEmpty { missingBits = Array(repeating: 0, count: rows * words) }
        for r in 0..<rows where column[r].isNaN { missingBits[r * words + k / 64] |= 1 << UInt64(k % 64) }
      }
    }
    if !excluded.isEmpty { notes.insert("personal data excluded from analysis: \(excluded.map(\.column).joined(separator: ", "))", at: 0) }
    var result = DescribeResult(data: path, encoding: encoding, rows: rows, variables: variables, frequencies: freqs, warnings: warnings)
    result.missingPatterns = MissingPatternSummary(variables: numericNames, rows: rows, bits: missingBits, words: words)
    return (result, excluded, notes)
  }
}

extension MissingPatternSummary {
  /// From one bit per row and variable (set: missing), `words` per row; nil when nothing is missing.
  init?(variables: [String], rows: Int, bits: [UInt64], words: Int) {
    guard !variables.isEmpty, rows > 0, bits.count == rows * words else { return nil }
    var counts: [ArraySlice<UInt64>: Int] = [:]
    var missingCells = 0
    for r in 0..<rows {
      let key = bits[(r * words)..<((r + 1) * words)]
      counts[key, default: 0] += 1
      missingCells += key.reduce(0) { $0 + $1.nonzeroBitCount }
    }
    guard missingCells > 0 else { return nil }
    func indices(_ key: ArraySlice<UInt64>) -> [Int] {
      (0..<variables.count).filter { key[key.startIndex + $0 / 64] & (1 << UInt64($0 % 64)) != 0 }
    }
    let keyed = counts.map { (indices($0.key), $0.value) }
    self.variables = variables
    self.rows = rows
    completeRows = keyed.first { $0.0.isEmpty }?.1 ?? 0
    missingCellPercent = 100 * Double(missingCells) / Double(rows * variables.count)
    patterns = keyed.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.lexicographicallyPrecedes($1.0) }.map {
      Pattern(missing: $0.0.map { variables[$0] }, rows: $0.1, percent: 100 * Double($0.1) / Double(rows))
    }
  }
}
