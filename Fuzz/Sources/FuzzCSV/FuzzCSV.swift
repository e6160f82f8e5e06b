import FuzzSupport
import Survey

// A data file as read for every command: detected encoding and delimiter,
// with the default 1 MiB chunk and with the smallest chunk (64 bytes), so that
// records, quotes and CRLF pairs cross chunk boundaries.

let file = FuzzFile(suffix: ".csv")

@main enum Fuzzer {
  static func main() { runFuzzer { data, size in fuzzCSV(data, size) } }
}

func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data else { return 0 }
  file.write(data, size)
  for options in [CSVOptions(), CSVOptions(missingCodes: ["-2", "x"], chunkSize: 64)] {
    guard let frame = try? DataFrameReader.readCSV(path: file.path, options: options) else { continue }
    _ = frame.columns.count
  }
  return 0
}
