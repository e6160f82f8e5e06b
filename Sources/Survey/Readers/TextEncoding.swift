#if canImport(Glibc)
import Glibc
#endif

// Chinese survey exports come as UTF-8 (问卷星, 腾讯问卷), UTF-8 with a BOM
// (Excel's "CSV UTF-8"), or GBK/GB18030 (Excel's default "CSV" on a Chinese
// Windows). GBK is a subset of GB18030, so one decoder serves both. Every byte
// below 0x80 means the same in all three, and no GBK/GB18030 trail byte is one
// of the CSV specials (quote 0x22, comma 0x2C, semicolon 0x3B, tab, CR, LF), so
// the tokenizer works on bytes and only text cells are decoded.

public enum TextEncoding: String, Sendable, CaseIterable, Codable {
  case utf8 = "utf-8"
  case gb18030 = "gb18030"

  /// Parses a user's `--encoding` value (utf-8, utf8, gbk, gb2312, gb18030, …).
  public init?(userValue: String) {
    switch userValue.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "") {
    case "utf8", "utf8bom", "utf8sig": self = .utf8
    case "gbk", "gb2312", "gb18030", "cp936", "euccn": self = .gb18030
    default: return nil
    }
  }
}

enum _EncodingCheck {
  /// Offset of the first byte that is not valid UTF-8, or nil. An incomplete
  /// sequence at the very end is accepted when `truncatedTailOK` (more data follows).
  static func firstInvalidUTF8(_ p: UnsafeBufferPointer<UInt8>, truncatedTailOK: Bool) -> Int? {
    var i = 0
    let n = p.count
    while i < n {
      let c = p[i]
      if c < 0x80 { i += 1; continue }
      let len: Int
      var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
      switch c {
      case 0xC2...0xDF: len = 2
      case 0xE0: len = 3; lo = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: len = 3
      case 0xED: len = 3; hi = 0x9F
      case 0xF0: len = 4; lo = 0x90
      case 0xF1...0xF3: len = 4
      case 0xF4: len = 4; hi = 0x8F
      default: return i
      }
      if i + len > n { return truncatedTailOK ? nil : i }
      if p[i + 1] < lo || p[i + 1] > hi { return i }
      for k in 2..<len where p[i + k] < 0x80 || p[i + k] > 0xBF { return i }
      i += len
    }
    return nil
  }

  /// Valid multi-byte UTF-8 characters, and the offsets of bytes that start no
  /// valid sequence (a file that is UTF-8 with a few rows pasted in from a GBK
  /// file has many of the first and few of the second).
  static func utf8Census(_ p: UnsafeBufferPointer<UInt8>) -> (valid: Int, invalid: [Int]) {
    var i = 0, valid = 0
    var invalid: [Int] = []
    while i < p.count {
      if p[i] < 0x80 { i += 1; continue }
      let rest = UnsafeBufferPointer(rebasing: p[i...])
      // The first invalid offset within this character's bytes, if any.
      let len: Int
      switch p[i] {
      case 0xC2...0xDF: len = 2
      case 0xE0...0xEF: len = 3
      case 0xF0...0xF4: len = 4
      default: len = 1
      }
      if len > 1, rest.count >= len, firstInvalidUTF8(UnsafeBufferPointer(rebasing: rest[0..<len]), truncatedTailOK: false) == nil {
        valid += 1
        i += len
      } else if len > 1, rest.count < len {
        break
      } else {
        invalid.append(i)
        i += 1
      }
    }
    return (valid, invalid)
  }

  /// Offset of the first byte that is not valid GB18030 (1-, 2- or 4-byte form), or nil.
  static func firstInvalidGB18030(_ p: UnsafeBufferPointer<UInt8>, truncatedTailOK: Bool) -> Int? {
    var i = 0
    let n = p.count
    while i < n {
      let c = p[i]
      if c < 0x80 { i += 1; continue }
      guard c >= 0x81, c <= 0xFE else { return i }
      if i + 1 >= n { return truncatedTailOK ? nil : i }
      let d = p[i + 1]
      if (0x40...0x7E).contains(d) || (0x80...0xFE).contains(d) { i += 2; continue }
      if (0x30...0x39).contains(d) {
        if i + 3 >= n { return truncatedTailOK ? nil : i }
        guard (0x81...0xFE).contains(p[i + 2]), (0x30...0x39).contains(p[i + 3]) else { return i }
        i += 4
        continue
      }
      return i
    }
    return nil
  }
}

/// Converts GB18030 bytes to a String through glibc's iconv.
final class _GB18030Decoder {
  private var cd: iconv_t

  init() throws(InputError) {
    let h = iconv_open("UTF-8", "GB18030")
    if h == iconv_t(bitPattern: -1) {
      throw InputError("cannot decode GB18030/GBK text: this system's iconv lacks the GB18030 converter")
    }
    cd = h!
  }

  deinit { iconv_close(cd) }

  /// nil when the bytes are not valid GB18030.
  func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    if bytes.isEmpty { return "" }
    // A GB18030 character is 1–4 bytes and at most 4 bytes in UTF-8.
    let capacity = bytes.count * 2 + 4
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { out -> String? in
      _ = iconv(cd, nil, nil, nil, nil)  // reset shift state
      var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: bytes.baseAddress!)
        .assumingMemoryBound(to: CChar.self)
      var inLeft = bytes.count
      var outPtr: UnsafeMutablePointer<CChar>? = out.baseAddress
      var outLeft = capacity
      let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
      if r == -1 || inLeft != 0 { return nil }
      let written = capacity - outLeft
      return String(decoding: UnsafeRawBufferPointer(start: out.baseAddress, count: written).bindMemory(to: UInt8.self), as: UTF8.self)
    }
  }
}

import Foundation
