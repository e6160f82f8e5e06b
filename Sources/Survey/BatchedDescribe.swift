import Foundation

// `describe` of a CSV too large to hold whole (a million rows of sixty
// columns is 480 MB as numbers): the numeric columns are tallied in a
// streaming pass on all cores (StreamingDescribe), the others read a batch of
// columns at a time through the whole reading pipeline (answer texts, the
// personal-data guard) and described with the in-memory code, so memory stays
// bounded whatever the file's size. The statistics are the whole-file
// describe's (to rounding: sums are exact where R adds in row order); the
// missing-data patterns need every column of a row at once, and are kept as
// one bit per row and variable.

public enum BatchedDescribe {
  /// The result and the reading notes; nil when the file is small enough to
  /// read whole, or when its reading needs every column at once (a codebook,
  /// screening, a 问卷星/Qualtrics layout, a title row above the header).
  public static func run(path: String, options: IngestOptions, items: String?, frequencies: String?,
                         budgetBytes: Int = 64 << 20, partBytes: Int = Moments.defaultPartBytes) throws(InputError) -> (DescribeResult, [ExcludedColumn], [Note])? {
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
    // Numbers seen per column, up to 501: more in 2,000 rows, the column is continuous.
    var seen = [Set<Double>](repeating: [], count: header.count)
    var sampled = 0
    while sampled < 2000, try reader.next() {
      if sampled < 3 { for i in header.indices { sample[i].append(try reader.text(i)) } }
      for i in header.indices where seen[i].count <= 500 {
        if case .number(let v) = reader.numeric(i) { seen[i].insert(v) }
      }
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
    return try StreamingDescribe.run(path: path, reader: reader, options: options, described: described, tabulated: tabulated,
                                     explicit: items != nil, estimatedRows: estimatedRows,
                                     continuous: Set(header.indices.filter { seen[$0].count > 500 }), budgetBytes: budgetBytes, partBytes: partBytes)
  }
}
