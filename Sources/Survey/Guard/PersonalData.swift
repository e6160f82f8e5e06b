import Foundation

// The personal-data guard. A column is personal data when
//   - its header names a person, a contact or an identifier (姓名, 填表人,
//     受访者, 联系人, 电话, 手机, 邮箱, IP, 身份证, 微信, QQ, 工号, 学号,
//     来源详情 (问卷星's referrer, which carries openid), 企业名称, name,
//     phone, e-mail, WeChat, openid …),
//   - the codebook lists it under personal_data, or
//   - by content (Detectors.swift): half or more of its answered cells are a
//     personal datum (a phone in any written form, an e-mail, an IP, an ID
//     number, a QQ or WeChat ID, an identifying URL), or it is a column of
//     names (most cells 2–4 Han characters led by a surname, nearly all different).
// Such columns are taken out of the frame before anything can print a cell;
// only their names and the reason remain. In the other text columns each
// datum found is masked in place ([电话], [邮箱] …) so the rest of a free-text
// answer stays analysable, and a name or phone typed into an otherwise
// numeric column becomes a missing cell; both are reported (MaskedColumn).
// A header is a suspicion, not a verdict: a column whose header matches but
// whose cells are all small whole numbers (a rating scale: "IP" is the usual
// abbreviation of 创新绩效, innovation performance) is data and is kept.

public struct ExcludedColumn: Sendable, Codable, Equatable {
  public var column: String
  /// "header", "codebook" or "content".
  public var reason: String
  /// For content: what was found (phone, email, ip, id_number, qq, wechat, url, name) and in how many cells.
  public var found: String?
  public var cells: Int?
}

/// A column kept for analysis in which personal data were masked.
public struct MaskedColumn: Sendable, Codable, Equatable {
  public var column: String
  /// The kinds masked (phone, email, name …).
  public var found: [String]
  public var cells: Int

  /// The line that tells the user.
  var note: Note {
    Note(en: "personal data masked in column \(column): \(cells) cell\(cells == 1 ? "" : "s") (\(found.joined(separator: ", ")))",
         zh: "列 \(column) 中的个人信息已遮蔽：\(cells) 个单元格（\(found.joined(separator: "、"))）")
  }
}

public enum PersonalDataGuard {
  /// Header words that name a person, a contact or an identifier.
  static let headerWords: [String] = [
    "姓名", "名字", "联系人", "填写人", "填表人", "受访者", "被访者", "被调查者", "被调查人", "答题人", "答卷人", "负责人", "昵称",
    "电话", "手机", "联系方式", "邮箱", "电子邮件", "邮件", "身份证", "证件号", "微信", "QQ", "工号", "学号", "员工编号", "职工号",
    "员工号", "用户名", "账号", "企业名称", "公司名称", "单位名称", "地址", "IP", "来源详情",
    "name", "phone", "mobile", "telephone", "email", "e-mail", "wechat", "address", "idcard", "id_card", "id card",
    "id number", "id_number", "passport", "contact", "latitude", "longitude", "位置", "定位", "openid", "unionid",
    "nickname", "username", "employee id", "employee_id", "student id", "student_id", "staff id", "respondent name",
  ]

  /// The header words found in a header, matched case-insensitively; short
  /// Latin words ("ip", "qq", "name") only as whole words, so "zip" or
  /// "username_count" style headers are judged by their other words.
  static func headerMatch(_ header: String) -> String? {
    let h = header.lowercased()
    let bytes = Array(h.utf8)
    for (w, word, ascii) in loweredHeaderWords {
      if ascii {
        if _containsWord(bytes, word) { return w }
      } else if h.contains(word) {
        return w
      }
    }
    return nil
  }

  /// Each header word, lowercased, and whether it is ASCII (matched as a whole word): made once.
  static let loweredHeaderWords: [(word: String, lowered: String, ascii: Bool)] = headerWords.map { w in
    let l = w.lowercased()
    return (w, l, l.unicodeScalars.allSatisfy(\.isASCII))
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

  /// A phone (13…–19… with 11 digits) or an ID number typed into a numeric cell.
  static func numericKind(_ x: Double) -> PersonalKind? {
    guard !x.isNaN, x == x.rounded() else { return nil }
    if x >= 13_000_000_000 && x < 20_000_000_000 { return .phone }
    if x >= 1e16 && x < 1e18 { return .idNumber }
    return nil
  }

  /// A cell that is nothing but a personal datum (trimmed), and which kind.
  static func wholeCellKind(_ cell: String) -> PersonalKind? {
    let t = cell.trimmingCharacters(in: .whitespacesAndNewlines)
    if PersonalDataDetector.isName(t) { return .name }
    let spans = PersonalDataDetector.find(t)
    guard spans.count == 1, let only = spans.first else { return nil }
    let length = t.unicodeScalars.count
    // The datum with at most a few characters around it ("Tel: …", "QQ …").
    return only.range.count >= length - 4 ? only.kind : nil
  }

  /// The kind of personal datum that makes the whole column personal, and in how many cells.
  public static func contentMatch(_ c: Column) -> (String, Int)? {
    var counts: [PersonalKind: Int] = [:]
    var answered = 0
    switch c.values {
    case .numeric(let v):
      for x in v where !x.isNaN {
        answered += 1
        if let k = numericKind(x) { counts[k, default: 0] += 1 }
      }
    case .text(let v):
      var names = 0
      var distinct = Set<String>()
      for cell in v {
        guard let cell, !cell.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
        answered += 1
        distinct.insert(cell)
        guard let k = wholeCellKind(cell) else { continue }
        if k == .name { names += 1 } else { counts[k, default: 0] += 1 }
      }
      // A column of names: most answers names, nearly all different (a
      // category such as 张家港 or 林业 repeats; people do not).
      if answered >= 5, Double(names) >= 0.6 * Double(answered), Double(distinct.count) >= 0.7 * Double(answered) {
        counts[.name] = names
      }
    }
    return contentVerdict(counts, answered: answered)
  }

  /// A column is personal by content when half or more of its answered cells
  /// are personal data (or it is a column of names): the first kind found, and in how many cells.
  static func contentVerdict(_ counts: [PersonalKind: Int], answered: Int) -> (String, Int)? {
    let total = counts.values.reduce(0, +)
    guard answered > 0, Double(total) >= 0.5 * Double(answered) || counts[.name] != nil,
          let first = PersonalKind.allCases.first(where: { counts[$0] != nil }) else { return nil }
    return (first.rawValue, total)
  }

  /// `scan`'s verdict on a numeric column known by its summary (StreamingDescribe):
  /// its name, whether it reads as a rating scale, its answered cells and the
  /// phones and ID numbers among them. No codebook, no label.
  static func scanNumeric(name: String, ratingScale: Bool, answered: Int, kinds: [PersonalKind: Int]) -> ExcludedColumn? {
    if let w = headerMatch(name), !ratingScale { return ExcludedColumn(column: name, reason: "header", found: w) }
    if let (kind, n) = contentVerdict(kinds, answered: answered) { return ExcludedColumn(column: name, reason: "content", found: kind, cells: n) }
    return nil
  }

  /// Masks what the column-level scan left: each datum inside a free-text
  /// answer by its placeholder, and a whole-cell name, phone or ID in an
  /// otherwise numeric column as missing. Columns in `skip` are left alone.
  public static func mask(_ frame: DataFrame, skip: Set<String> = []) -> (DataFrame, [MaskedColumn]) {
    var out = frame
    var report: [MaskedColumn] = []
    for (j, c) in frame.columns.enumerated() where !skip.contains(c.name) {
      var kinds = Set<String>()
      var cells = 0
      switch c.values {
      case .numeric(let v):
        var w = v
        for (i, x) in v.enumerated() { if let k = numericKind(x) { w[i] = .nan; kinds.insert(k.rawValue); cells += 1 } }
        if cells > 0 { out.columns[j].values = .numeric(w) }
      case .text(let v):
        var w = v
        let mostlyNumbers = c.numericCells > 0 && Double(c.numericCells) >= 0.8 * Double(v.compactMap { $0 }.count)
        for (i, cell) in v.enumerated() {
          guard let cell else { continue }
          if mostlyNumbers, parseDecimal(cell.trimmingCharacters(in: .whitespaces)) == nil, let k = wholeCellKind(cell) {
            w[i] = nil; kinds.insert(k.rawValue); cells += 1
            continue
          }
          let spans = PersonalDataDetector.find(cell)
          guard !spans.isEmpty else { continue }
          w[i] = PersonalDataDetector.mask(cell)
          for s in spans { kinds.insert(s.kind.rawValue) }
          cells += 1
        }
        if cells > 0 {
          let lines = frame.lines.count == v.count ? frame.lines : Array(1...max(1, v.count))
          var typed = HeaderRows.typed(name: c.name, cells: w, lines: lines, missingCodes: [])
          typed.label = c.label
          typed.valueLabels = c.valueLabels
          out.columns[j] = typed
        }
      }
      if cells > 0 { report.append(MaskedColumn(column: c.name, found: kinds.sorted(), cells: cells)) }
    }
    return (out, report)
  }

  /// What personal datum a cell holds, if any (anywhere in it, or a whole-cell name).
  public static func kind(of cell: String) -> String? {
    if PersonalDataDetector.isName(cell) { return PersonalKind.name.rawValue }
    return PersonalDataDetector.find(cell).first?.kind.rawValue
  }
}

/// Does the UTF-8 text contain the ASCII word with no ASCII letter or digit
/// next to it? (A byte of a multi-byte character is never one, so bytes
/// decide as characters would.)
private func _containsWord(_ text: [UInt8], _ word: String) -> Bool {
  let w = Array(word.utf8)
  guard !w.isEmpty, w.count <= text.count else { return false }
  func isWordByte(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }
  var i = 0
  while i + w.count <= text.count {
    var k = 0
    while k < w.count && text[i + k] == w[k] { k += 1 }
    if k == w.count {
      let beforeOK = i == 0 || !isWordByte(text[i - 1])
      let afterOK = i + w.count == text.count || !isWordByte(text[i + w.count])
      if beforeOK && afterOK { return true }
    }
    i += 1
  }
  return false
}

