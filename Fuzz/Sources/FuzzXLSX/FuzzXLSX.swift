import FuzzSupport
import Survey

@main enum FuzzXLSX: FileFuzzTarget {
  static let suffix = ".xlsx"

  static func test(path: String) {
    _ = try? XLSXReader.read(path: path)
  }
}
