import FuzzSupport
import Survey

// A data file as read for every command: detected encoding and delimiter,
// with the default 1 MiB chunk and with the smallest chunk (64 bytes), so that
// records, quotes and CRLF pairs cross chunk boundaries.

@main enum FuzzCSV: FileFuzzTarget {
  static let suffix = ".csv"

  static func test(path: String) {
    for options in [CSVOptions(), CSVOptions(missingCodes: ["-2", "x"], chunkSize: 64)] {
      _ = try? DataFrameReader.readCSV(path: path, options: options)
    }
  }
}
