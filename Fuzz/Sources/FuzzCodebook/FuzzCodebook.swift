import FuzzSupport
import Survey

// A codebook as `clusterstat study` reads it: YAML, decoded and validated,
// then the derived views the pipeline asks for.

@main enum Fuzzer {
  static func main() { runFuzzer { data, size in fuzzCodebook(data, size) } }
}

func fuzzCodebook(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data else { return 0 }
  guard let book = try? Codebook.parse(fuzzText(data, size), source: "fuzz.yaml") else { return 0 }
  _ = book.scaleItems
  _ = book.likertItems
  for v in book.variables {
    _ = book.labels(of: v)
    _ = book.scaleRange(of: v)
    _ = book.sourceColumn(of: v)
  }
  return 0
}
