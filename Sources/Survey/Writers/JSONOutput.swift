#if canImport(Glibc)
import Glibc
#endif
import Foundation

// One JSON encoding for every output (commands, the study's results.json and
// the browser interface's API):
// pretty, sorted keys, unescaped slashes, and a value that is not finite (NaN,
// ±∞: an undefined AVE, a ratio over 0) written as null — valid JSON that every
// reader accepts — and counted, so the caller can say so. Swift's encoder has no
// null strategy for such values, so they pass through a sentinel string that no
// real value can be, replaced afterwards.

public enum JSONOutput {
  static let sentinel = "__clusterstat_not_finite__"

  /// The encoded value and how many non-finite numbers became null.
  /// `pretty: false` for machine-to-machine bodies (the browser interface's API).
  public static func encode<T: Encodable>(_ value: T, pretty: Bool = true) throws -> (data: Data, nonFinite: Int) {
    let enc = JSONEncoder()
    enc.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
    enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: sentinel, negativeInfinity: sentinel, nan: sentinel)
    let data = try enc.encode(value)
    let quoted = "\"\(sentinel)\""
    // Usually there is none: the bytes as they are (a describe of a large file writes megabytes).
    let needle = Array(quoted.utf8)
    let found = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
      guard let base = raw.baseAddress else { return false }
      var at = 0
      while at + needle.count <= raw.count, let hit = memchr(base + at, Int32(needle[0]), raw.count - at - needle.count + 1) {
        let i = base.distance(to: UnsafeRawPointer(hit))
        if memcmp(base + i, needle, needle.count) == 0 { return true }
        at = i + 1
      }
      return false
    }
    if !found { return (data, 0) }
    let text = String(decoding: data, as: UTF8.self)
    let count = text.components(separatedBy: quoted).count - 1
    return (Data((count == 0 ? text : text.replacingOccurrences(of: quoted, with: "null")).utf8), count)
  }
}
