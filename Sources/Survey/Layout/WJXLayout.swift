import Foundation

// The layout of a 问卷星 (wjx.cn) export, "按选项序号" (answer codes) or
// "按选项文本" (answer texts):
//
//   序号 | 提交答卷时间 | 所用时间 | 来源 | 来源详情 | 来自IP | 1、贵企业所属行业 | … | 7(我们与伙伴相互信任) | …
//
// - metadata columns come first and get short names (id, submitted, seconds,
//   source, source_detail, ip); 所用时间 ("2分3秒", "123秒") becomes seconds;
// - a question header "7、题目" becomes Q7 with the wording as its label;
// - sub-columns of a matrix or multi-select question, "7(子题)", "第7题(选项)",
//   "7、(题干—子题)" (the option-text export's matrix header) or the same
//   "7、子题" number repeated, become Q7_1, Q7_2, … in order, grouped under Q7;
// - a text column whose answers are joined by "┋" (a multi-select in the
//   text export) is split into one 0/1 column per option;
// - codes -2 (skipped by logic) and -3 (not shown) are missing cells, and so
//   are the text export's "(跳过)" and "(空)".

public struct LayoutInfo: Sendable, Codable, Equatable {
  public var layout: String
  /// Question number → its columns after renaming (Q7 or Q7_1, Q7_2, …).
  public var questions: [String: [String]]
  /// Multi-select text columns split into 0/1 columns.
  public var split: [String]
  public var secondsColumn: String?
  public var ipColumn: String?
}

public enum WJXLayout {
  static let metadata: [(header: String, name: String)] = [
    ("序号", "id"), ("提交答卷时间", "submitted"), ("所用时间", "seconds"), ("来源", "source"),
    ("来源详情", "source_detail"), ("来自IP", "ip"), ("总分", "total_score"),
  ]

  /// True when the header reads as a 问卷星 export: its metadata columns, or
  /// mostly "N、…" question headers.
  public static func recognizes(_ names: [String]) -> Bool {
    let meta = Set(metadata.map(\.header))
    if names.filter({ meta.contains($0) }).count >= 2 { return true }
    let questions = names.filter { question(in: $0) != nil || subQuestion(in: $0) != nil }.count
    return names.count >= 2 && questions * 2 >= names.count
  }

  /// "7、题目" → (7, "题目").
  static func question(in header: String) -> (Int, String)? {
    let s = header.trimmingCharacters(in: .whitespaces)
    var digits = ""
    var rest = s[...]
    while let c = rest.first, c.isASCII, c.isNumber { digits.append(c); rest = rest.dropFirst() }
    guard !digits.isEmpty, let n = Int(digits), let sep = rest.first, "、.．".contains(sep) else { return nil }
    let text = rest.dropFirst().trimmingCharacters(in: .whitespaces)
    return (n, text)
  }

  /// "7(子题)", "7（子题）" or "第7题(子题)" → (7, "子题").
  static func subQuestion(in header: String) -> (Int, String)? {
    var s = header.trimmingCharacters(in: .whitespaces)[...]
    if s.hasPrefix("第") { s = s.dropFirst() }
    var digits = ""
    while let c = s.first, c.isASCII, c.isNumber { digits.append(c); s = s.dropFirst() }
    if s.hasPrefix("题") { s = s.dropFirst() }
    guard !digits.isEmpty, let n = Int(digits), let open = s.first, open == "(" || open == "（",
          let close = s.last, close == ")" || close == "）", s.count >= 2 else { return nil }
    return (n, String(s.dropFirst().dropLast()))
  }

  /// 所用时间 as seconds: "123秒", "2分3秒", "1小时2分3秒", "1时2分", or a number.
  public static func seconds(_ text: String) -> Double? {
    let s = text.trimmingCharacters(in: .whitespaces)
    if let v = parseDecimal(s) { return v }
    var total = 0.0, number = "", any = false
    let chars = Array(s)
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if c.isNumber || c == "." {
        number.append(c)
      } else {
        let unit: Double
        if c == "小", i + 1 < chars.count, chars[i + 1] == "时" { unit = 3600; i += 1 }
        else if c == "时" || c == "h" { unit = 3600 }
        else if c == "分" || c == "m" { unit = 60 }
        else if c == "秒" || c == "s" { unit = 1 }
        else if c == " " { i += 1; continue }
        else { return nil }
        guard let v = Double(number) else { return nil }
        total += v * unit
        number = ""
        any = true
      }
      i += 1
    }
    if !number.isEmpty { return nil }
    return any ? total : nil
  }

  /// The multi-select separator in 问卷星's text export.
  public static let optionSeparator: Character = "┋"

  /// "(题干—子题)" → ("题干", "子题"): the option-text export's matrix header.
  static func matrixParts(_ text: String) -> (stem: String, item: String)? {
    guard let open = text.first, open == "(" || open == "（", let close = text.last, close == ")" || close == "）", text.count > 2 else { return nil }
    let inner = String(text.dropFirst().dropLast())
    for dash in ["——", "—", "－", "-"] {
      if let r = inner.range(of: dash) {
        let stem = inner[..<r.lowerBound].trimmingCharacters(in: .whitespaces), item = inner[r.upperBound...].trimmingCharacters(in: .whitespaces)
        if !stem.isEmpty && !item.isEmpty { return (stem, item) }
      }
    }
    return nil
  }

  enum HeaderKind {
    case metadata(String)
    case question(Int, String)
    case sub(Int, String, stem: String?)
    /// "4(其他)": the free text typed beside a question's 其他 (other) option.
    case companion(Int, String)
    case other
  }

  static func isOtherOption(_ text: String) -> Bool {
    text.hasPrefix("其他") || text.hasPrefix("其它") || text.lowercased().hasPrefix("other")
  }

  static func classify(_ headers: [String], source: String) throws(InputError) -> [HeaderKind] {
    var kinds: [HeaderKind] = headers.map { header in
      if let meta = metadata.first(where: { $0.header == header }) { return .metadata(meta.name) }
      if let (n, text) = question(in: header) {
        if let (stem, item) = matrixParts(text) { return .sub(n, item, stem: stem) }
        return .question(n, text)
      }
      if let (n, text) = subQuestion(in: header) { return .sub(n, text, stem: nil) }
      return .other
    }
    // "4(其他)" beside a single question 4 is that question's free-text companion.
    let singles = Set(kinds.compactMap { k -> Int? in if case .question(let n, _) = k { return n }; return nil })
    for (i, k) in kinds.enumerated() {
      if case .sub(let n, let text, nil) = k, singles.contains(n), isOtherOption(text) { kinds[i] = .companion(n, text) }
    }
    // A question number on several columns: they are the sub-columns of one question.
    var count: [Int: Int] = [:]
    for k in kinds {
      switch k {
      case .question(let n, _), .sub(let n, _, _): count[n, default: 0] += 1
      default: break
      }
    }
    for (i, k) in kinds.enumerated() {
      guard case .question(let n, let text) = k, count[n]! > 1 else { continue }
      let stems = kinds.compactMap { kind -> String? in if case .sub(n, _, let stem?) = kind { return stem }; return nil }
      if let stem = stems.first, !text.hasPrefix(stem) {
        let other = headers.indices.first { j in if case .sub(n, _, _) = kinds[j] { return true }; return false }!
        throw InputError(file: source, column: headers[i],
          "question \(n) is both a matrix ('\(headers[other])') and a single question ('\(headers[i])'); two questions cannot share a number: rename one header or read the file with the plain layout", settings: [.dataLayout])
      }
      kinds[i] = .sub(n, text, stem: nil)
    }
    return kinds
  }

  public static func apply(_ frame: DataFrame) throws(InputError) -> (DataFrame, LayoutInfo) {
    var out = frame
    var info = LayoutInfo(layout: "wjx", questions: [:], split: [])
    var columns: [Column] = []
    var subCount: [Int: Int] = [:]
    let kinds = try classify(frame.columns.map(\.name), source: frame.source)
    for (index, var column) in frame.columns.enumerated() {
      let header = column.name
      let group: String
      switch kinds[index] {
      case .metadata(let name):
        column.name = name
        column.label = header
        if name == "seconds" {
          column = try secondsColumn(column, frame: frame)
          info.secondsColumn = column.name
        }
        if name == "ip" { info.ipColumn = column.name }
        columns.append(column)
        continue
      case .question(let n, let text):
        group = "Q\(n)"
        column.name = group
        column.label = text
      case .sub(let n, let text, let stem):
        let k = subCount[n, default: 0] + 1
        subCount[n] = k
        group = "Q\(n)"
        column.name = "Q\(n)_\(k)"
        column.label = stem.map { "\($0)—\(text)" } ?? text
      case .companion(let n, let text):
        column.name = "Q\(n)_other"
        column.label = text
        columns.append(skippedAsMissing(column))
        continue
      case .other:
        columns.append(column)
        continue
      }
      column = skippedAsMissing(column)
      if case .text(let cells) = column.values, cells.contains(where: { $0?.contains(optionSeparator) ?? false }) {
        info.split.append(column.name)
        let parts = splitMultiSelect(column, cells: cells)
        info.questions[group, default: []].append(contentsOf: parts.map(\.name))
        columns.append(contentsOf: parts)
        continue
      }
      info.questions[group, default: []].append(column.name)
      columns.append(column)
    }
    var seen: [String: Int] = [:]
    for (i, c) in columns.enumerated() {
      if let first = seen[c.name] {
        throw InputError(file: frame.source,
          "two columns become '\(c.name)' in the 问卷星 layout ('\(columns[first].label ?? "")' and '\(c.label ?? "")'); rename one header or read the file with the plain layout", settings: [.dataLayout])
      }
      seen[c.name] = i
    }
    out.columns = columns
    return (out, info)
  }

  static func secondsColumn(_ column: Column, frame: DataFrame) throws(InputError) -> Column {
    var c = column
    switch column.values {
    case .numeric: return c
    case .text(let cells):
      var values: [Double] = []
      values.reserveCapacity(cells.count)
      for (r, cell) in cells.enumerated() {
        guard let cell else { values.append(.nan); continue }
        guard let v = seconds(cell) else {
          throw InputError(file: frame.source, row: r + 1, line: frame.lines[r], column: column.name,
            "所用时间 \(_quoteCell(cell)) is not a duration (expected e.g. \"123秒\" or \"2分3秒\")")
        }
        values.append(v)
      }
      c.values = .numeric(values)
      c.firstNonNumeric = nil
      c.numericCells = 0
      return c
    }
  }

  /// The text export's "(跳过)" (skipped) and "(空)" (empty): never answers, in any layout.
  static let skipMarkers: Set<String> = ["(跳过)", "(空)", "（跳过）", "（空）"]

  /// A text column with the skip markers as missing cells, numeric if only they made it text.
  public static func skipMarkersAsMissing(_ column: Column) -> Column { clearing(column, skipMarkers) }

  /// -2 and -3 (and the text export's "(跳过)", "(空)") are not answers.
  static func skippedAsMissing(_ column: Column) -> Column {
    guard case .numeric(var v) = column.values else { return clearing(column, skipMarkers.union(["-2", "-3"])) }
    var c = column
    for i in v.indices where v[i] == -2 || v[i] == -3 { v[i] = .nan }
    c.values = .numeric(v)
    return c
  }

  /// The text cells in `markers` made missing; a column that was text only because of them turns numeric.
  static func clearing(_ column: Column, _ markers: Set<String>) -> Column {
    guard case .text(var v) = column.values, v.contains(where: { $0.map(markers.contains) ?? false }) else { return column }
    var c = column
    for i in v.indices where v[i].map(markers.contains) ?? false { v[i] = nil }
    let numbers = v.map { $0.flatMap(parseDecimal) }
    if zip(v, numbers).allSatisfy({ $0 == nil || $1 != nil }) {
      c.values = .numeric(numbers.map { $0 ?? .nan })
      c.firstNonNumeric = nil
      c.numericCells = 0
    } else {
      c.values = .text(v)
    }
    return c
  }

  /// One 0/1 column per option, options in order of first appearance; a
  /// missing answer stays missing in every option column.
  static func splitMultiSelect(_ column: Column, cells: [String?]) -> [Column] {
    var options: [String] = []
    let answers: [[String]?] = cells.map { cell in
      cell.map { $0.split(separator: optionSeparator).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }
    for a in answers { for o in a ?? [] where !options.contains(o) { options.append(o) } }
    return options.enumerated().map { k, option in
      let values = answers.map { a -> Double in a.map { $0.contains(option) ? 1 : 0 } ?? .nan }
      return Column(name: "\(column.name)_\(k + 1)", label: "\(column.label ?? column.name): \(option)", values: .numeric(values))
    }
  }
}
