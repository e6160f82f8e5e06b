import FuzzSupport
import Survey

let file = FuzzFile(suffix: ".xlsx")

@main enum Fuzzer {
  static func main() { runFuzzer { data, size in fuzzXLSX(data, size) } }
}

func fuzzXLSX(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data else { return 0 }
  file.write(data, size)
  _ = try? XLSXReader.read(path: file.path)
  return 0
}
