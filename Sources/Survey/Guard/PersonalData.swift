import Foundation

// The personal-data guard. A column is personal data when
//   - its header names a person or a contact (姓名, 联系人, 填写人, 电话, 手机,
//     邮箱, IP, 身份证, 微信, QQ, 企业名称/公司名称, name, phone, e-mail, WeChat …),
//   - the codebook lists it under personal_data, or
//   - any of its cells holds a mainland mobile number (1[3-9] + 9 digits,
//     optionally +86), an e-mail address, an IPv4 address, or an 18-character
//     resident ID whose check digit is valid (GB 11643-1999, ISO 7064 MOD 11-2).
// Such columns are taken out of the frame before any analysis; only their
// names and the reason remain, so no report, JSON or message can show a value.
// A header is a suspicion, not a verdict: a column whose header matches but
// whose cells are all small whole numbers (a rating scale: "IP" is the usual
// abbreviation of 创新绩效, innovation performance) is data — phones, QQ and ID
// numbers are never small — and is kept.

public struct ExcludedColumn: Sendable, Codable, Equatable {
  public var column: String
  /// "header", "codebook" or "content".
  public var reason: String
  /// For content: what was found (phone, email, ip, id_number) and in how many cells.
  public var found: String?
  public var cells: Int?
}

public enum PersonalDataGuard {
  /// Header words that name a person, a contact or an identifier.
  static let headerWords: [String] = [
    "姓名", "名字", "联系人", "填写人", "负责人", "电话", "手机", "联系方式", "邮箱", "电子邮件", "邮件", "身份证", "证件号",
    "微信", "QQ", "企业名称", "公司名称", "单位名称", "地址", "IP",
    "name", "phone", "mobile", "telephone", "email", "e-mail", "wechat", "address", "idcard", "id_card", "id card",
    "id number", "id_number", "passport", "contact", "latitude", "longitude", "位置", "定位",
  ]

  /// The header words found in a header, matched case-insensitively; short
  /// Latin words ("ip", "qq", "name") only as whole words, so "zip" or
  /// "username_count" style headers are judged by their other words.
  static func headerMatch(_ header: String) -> String? {
    let h = header.lowercased()
    for w in headerWords {
      let word = w.lowercased()
      if word.unicodeScalars.allSatisfy(\.isASCII) {
        if _containsWord(h, word) { return w }
      } else if h.contains(word) {
        return w
      }
    }
    return nil
  }

  /// Scans the frame: the columns to hold back and why.
  public static func scan(_ frame: DataFrame, declared: [String] = []) -> [ExcludedColumn] {
    var out: [ExcludedColumn] = []
    for c in frame.columns {
      if declared.contains(c.name) || (c.label.map { declared.contains($0) } ?? false) {
        out.append(ExcludedColumn(column: c.name, reason: "codebook"))
      } else if let w = headerMatch(c.name) ?? c.label.flatMap(headerMatch), !isRatingScale(c) {
        out.append(ExcludedColumn(column: c.name, reason: "header", found: w))
      } else if let (kind, n) = contentMatch(c) {
        out.append(ExcludedColumn(column: c.name, reason: "content", found: kind, cells: n))
      }
    }
    return out
  }

  /// Numeric, every answer a whole number from −3 to 100, at least two distinct answers.
  static func isRatingScale(_ c: Column) -> Bool {
    guard case .numeric(let v) = c.values else { return false }
    var distinct = Set<Double>()
    for x in v where !x.isNaN {
      guard x == x.rounded(), x >= -3, x <= 100 else { return false }
      distinct.insert(x)
      if distinct.count > 101 { return false }
    }
    return distinct.count >= 2
  }

  /// The first kind of personal datum in a column's cells, and how many cells hold one.
  static func contentMatch(_ c: Column) -> (String, Int)? {
    var counts: [String: Int] = [:]
    switch c.values {
    case .numeric(let v):
      // Phone numbers and ID numbers typed into a numeric cell.
      for x in v where !x.isNaN && x == x.rounded() {
        if x >= 13_000_000_000 && x < 20_000_000_000 { counts["phone", default: 0] += 1 }
        else if x >= 1e16 && x < 1e18 { counts["id_number", default: 0] += 1 }
      }
    case .text(let v):
      for cell in v {
        guard let cell, let kind = kind(of: cell) else { continue }
        counts[kind, default: 0] += 1
      }
    }
    guard let first = ["id_number", "phone", "email", "ip"].first(where: { counts[$0] != nil }) else { return nil }
    return (first, counts.values.reduce(0, +))
  }

  /// What personal datum a cell holds, if any.
  public static func kind(of cell: String) -> String? {
    let bytes = Array(cell.utf8)
    if bytes.count < 7 { return nil }
    if _findResidentID(bytes) { return "id_number" }
    if _findMobile(bytes) { return "phone" }
    if _findEmail(bytes) { return "email" }
    if _findIPv4(bytes) { return "ip" }
    return nil
  }
}

@inline(__always) private func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }

private func _containsWord(_ text: String, _ word: String) -> Bool {
  var search = text.startIndex..<text.endIndex
  while let r = text.range(of: word, range: search) {
    let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
    let after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
    func isWordChar(_ c: Character?) -> Bool { c.map { $0.isASCII && ($0.isLetter || $0.isNumber) } ?? false }
    if !isWordChar(before) && !isWordChar(after) { return true }
    search = r.upperBound..<text.endIndex
  }
  return false
}

/// A run of digits of exactly `length`, not part of a longer run.
private func _digitRuns(_ b: [UInt8], length: Int, _ body: (Int) -> Bool) -> Bool {
  var i = 0
  while i < b.count {
    guard isDigit(b[i]) else { i += 1; continue }
    var j = i
    while j < b.count, isDigit(b[j]) { j += 1 }
    if j - i == length, body(i) { return true }
    // An 18-character ID may end in X: a 17-digit run followed by X.
    if length == 17, j - i == 17, j < b.count, b[j] == UInt8(ascii: "X") || b[j] == UInt8(ascii: "x"), body(i) { return true }
    i = j
  }
  return false
}

/// Mainland mobile number: 1[3-9]xxxxxxxxx (an optional +86 prefix is just other text).
private func _findMobile(_ b: [UInt8]) -> Bool {
  _digitRuns(b, length: 11) { i in b[i] == UInt8(ascii: "1") && b[i + 1] >= UInt8(ascii: "3") && b[i + 1] <= UInt8(ascii: "9") }
    || _digitRuns(b, length: 13) { i in b[i] == UInt8(ascii: "8") && b[i + 1] == UInt8(ascii: "6") && b[i + 2] == UInt8(ascii: "1")
      && b[i + 3] >= UInt8(ascii: "3") && b[i + 3] <= UInt8(ascii: "9") }
}

/// 18-character resident ID with a valid ISO 7064 MOD 11-2 check character.
private func _findResidentID(_ b: [UInt8]) -> Bool {
  let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let checks = Array("10X98765432".utf8)
  func valid(_ i: Int) -> Bool {
    guard i + 18 <= b.count else { return false }
    var sum = 0
    for k in 0..<17 {
      guard isDigit(b[i + k]) else { return false }
      sum += Int(b[i + k] - 48) * weights[k]
    }
    var last = b[i + 17]
    if last == UInt8(ascii: "x") { last = UInt8(ascii: "X") }
    return checks[sum % 11] == last
  }
  return _digitRuns(b, length: 18) { valid($0) } || _digitRuns(b, length: 17) { valid($0) }
}

/// local@domain.tld with a dot in the domain.
private func _findEmail(_ b: [UInt8]) -> Bool {
  func isLocal(_ c: UInt8) -> Bool {
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c) || c == 46 || c == 95 || c == 45 || c == 43 || c == 37
  }
  func isDomain(_ c: UInt8) -> Bool { (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c) || c == 46 || c == 45 }
  for (at, c) in b.enumerated() where c == UInt8(ascii: "@") {
    guard at > 0, isLocal(b[at - 1]) else { continue }
    var j = at + 1, dot = false, lastDot = -1
    while j < b.count, isDomain(b[j]) {
      if b[j] == 46 { dot = true; lastDot = j }
      j += 1
    }
    if dot, lastDot > at + 1, j - lastDot > 2 { return true }
  }
  return false
}

/// Four dot-separated numbers 0–255, not inside a longer dotted number.
private func _findIPv4(_ b: [UInt8]) -> Bool {
  var i = 0
  while i < b.count {
    guard isDigit(b[i]), i == 0 || (!isDigit(b[i - 1]) && b[i - 1] != 46) else { i += 1; continue }
    var j = i, parts = 0, ok = true
    while parts < 4 {
      var k = j, v = 0
      while k < b.count, isDigit(b[k]), k - j < 3 { v = v * 10 + Int(b[k] - 48); k += 1 }
      if k == j || v > 255 || (k < b.count && isDigit(b[k])) { ok = false; break }
      parts += 1
      j = k
      if parts < 4 {
        guard j < b.count, b[j] == 46 else { ok = false; break }
        j += 1
      }
    }
    if ok, parts == 4, j == b.count || (b[j] != 46 && !isDigit(b[j])) { return true }
    i += 1
  }
  return false
}
