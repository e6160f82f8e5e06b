import FuzzSupport
import Survey

// A codebook as `clusterstat study` reads it: YAML, decoded and validated,
// then the derived views the pipeline asks for.

@main enum FuzzCodebook: FuzzTarget {
  static func test(_ input: UnsafeBufferPointer<UInt8>) {
    guard let book = try? Codebook.parse(text(input), source: "fuzz.yaml") else { return }
    _ = book.scaleItems
    _ = book.likertItems
    for v in book.variables {
      _ = book.labels(of: v)
      _ = book.scaleRange(of: v)
      _ = book.sourceColumn(of: v)
    }
  }
}
