// Rating answers exported as text (问卷星's "按选项文本", Qualtrics' choice
// text, a hand-typed Excel sheet): the common agreement, conformity,
// frequency, satisfaction and importance scales, Chinese and English, 5- and
// 7-point, coded 1…k in their natural order. The answers of one question (a
// matrix question's sub-columns together; otherwise each column alone) must
// all belong to one scale; where they fit several, the one with the fewest
// points is taken (a 7-point scale whose extra points nobody chose reads the
// same on 5). The mapping is said once per question and kept as the columns'
// value labels, so frequency tables list the answers in the scale's order.
// A codebook's value sets take precedence: this runs on columns still text
// after the codebook.

public struct AnswerScale: Sendable, Equatable {
  public var name: String
  /// Labels in order: code 1, 2, …
  public var labels: [String]
  /// Other spellings of a label → its code.
  public var synonyms: [String: Int]

  /// Normalised label or synonym → code; a label wins over a synonym spelt the same.
  var codes: [String: Int] {
    var table: [String: Int] = [:]
    for (k, v) in synonyms.sorted(by: { $0.key < $1.key }) { table[AnswerScale.normalised(k)] = table[AnswerScale.normalised(k)] ?? v }
    // Reversed, so that of two labels spelt the same the first keeps its code.
    for (i, label) in labels.enumerated().reversed() { table[AnswerScale.normalised(label)] = i + 1 }
    return table
  }

  static func normalised(_ s: String) -> String {
    s.lowercased().filter { !$0.isWhitespace && $0 != "　" }
  }
}

public enum AnswerScales {
  public static let known: [AnswerScale] = [
    AnswerScale(name: "agree5", labels: ["非常不同意", "不同意", "一般", "同意", "非常同意"],
                synonyms: ["完全不同意": 1, "比较不同意": 2, "中立": 3, "不确定": 3, "说不清": 3, "中等": 3, "比较同意": 4, "完全同意": 5]),
    AnswerScale(name: "agree7", labels: ["非常不同意", "不同意", "比较不同意", "一般", "比较同意", "同意", "非常同意"],
                synonyms: ["完全不同意": 1, "有点不同意": 3, "中立": 4, "不确定": 4, "说不清": 4, "有点同意": 5, "完全同意": 7]),
    AnswerScale(name: "conform5", labels: ["完全不符合", "比较不符合", "一般", "比较符合", "完全符合"],
                synonyms: ["非常不符合": 1, "不符合": 2, "不确定": 3, "中立": 3, "符合": 4, "非常符合": 5]),
    AnswerScale(name: "conform7", labels: ["完全不符合", "不符合", "比较不符合", "一般", "比较符合", "符合", "完全符合"],
                synonyms: ["非常不符合": 1, "有点不符合": 3, "不确定": 4, "有点符合": 5, "非常符合": 7]),
    AnswerScale(name: "frequency5", labels: ["从不", "很少", "有时", "经常", "总是"],
                synonyms: ["从来没有": 1, "偶尔": 2, "较少": 2, "有时候": 3, "较多": 4, "常常": 4, "一直": 5, "总是如此": 5]),
    AnswerScale(name: "satisfaction5", labels: ["非常不满意", "不满意", "一般", "满意", "非常满意"],
                synonyms: ["比较不满意": 2, "比较满意": 4]),
    AnswerScale(name: "importance5", labels: ["非常不重要", "不重要", "一般", "重要", "非常重要"],
                synonyms: ["比较不重要": 2, "比较重要": 4]),
    AnswerScale(name: "agree5_en", labels: ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"],
                synonyms: ["Neutral": 3, "Neither disagree nor agree": 3, "Undecided": 3]),
    AnswerScale(name: "agree7_en", labels: ["Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree", "Agree", "Strongly agree"],
                synonyms: ["Neutral": 4, "Slightly disagree": 3, "Slightly agree": 5]),
    AnswerScale(name: "frequency5_en", labels: ["Never", "Rarely", "Sometimes", "Often", "Always"],
                synonyms: ["Very often": 4, "Seldom": 2, "Usually": 4]),
    AnswerScale(name: "satisfaction5_en", labels: ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"],
                synonyms: ["Neither satisfied nor dissatisfied": 3]),
  ]

  /// The scale every answer belongs to, different answers to different points
  /// (so 不符合 and 比较不符合 rule out a 5-point reading), fewest points first; or nil.
  public static func scale(for answers: Set<String>) -> AnswerScale? { match(answers)?.scale }

  /// The scale and its lookup table.
  static func match(_ answers: Set<String>) -> (scale: AnswerScale, codes: [String: Int])? {
    guard !answers.isEmpty else { return nil }
    let normalised = Set(answers.map(AnswerScale.normalised))
    return zip(known, knownCodes).filter { _, table in
      let codes = normalised.map { table[$0] }
      return codes.allSatisfy { $0 != nil } && Set(codes.map { $0! }).count == normalised.count
    }.min { $0.0.labels.count < $1.0.labels.count }
  }

  /// Each known scale's lookup table, built once.
  static let knownCodes: [[String: Int]] = known.map(\.codes)

  /// Codes the text columns whose answers form a known scale; groups: question → its columns.
  public static func code(_ frame: DataFrame, groups: [String: [String]]) -> (DataFrame, [Note]) {
    var out = frame
    var notes: [Note] = []
    var grouped = Set<String>()
    var units: [[String]] = groups.values.map { $0 }.sorted { ($0.first ?? "") < ($1.first ?? "") }
    for g in units { grouped.formUnion(g) }
    units += frame.columns.map(\.name).filter { !grouped.contains($0) }.map { [$0] }
    for unit in units {
      let columns = unit.compactMap { name in frame.index(of: name) }.filter { !frame.columns[$0].isNumeric }
      guard columns.count == unit.count, !columns.isEmpty else { continue }
      var answers = Set<String>()
      for j in columns {
        if case .text(let v) = frame.columns[j].values { for a in v.compactMap({ $0 }) { answers.insert(a) } }
      }
      guard answers.count >= 2, let (s, table) = match(answers) else { continue }
      // Each distinct answer is looked up once, not once per cell.
      var coded: [String: Double] = [:]
      for a in answers { coded[a] = table[AnswerScale.normalised(a)].map(Double.init) ?? .nan }
      for j in columns {
        guard case .text(let v) = frame.columns[j].values else { continue }
        out.columns[j].values = .numeric(v.map { $0.flatMap { coded[$0] } ?? .nan })
        out.columns[j].valueLabels = s.labels.enumerated().map { ValueLabel(code: "\($0.offset + 1)", label: $0.element) }
        out.columns[j].firstNonNumeric = nil
        out.columns[j].numericCells = 0
      }
      let names = unit.count > 2 ? "\(unit.first!)…\(unit.last!)" : unit.joined(separator: ", ")
      let codes = s.labels.enumerated().map { "\($0.element) = \($0.offset + 1)" }.joined(separator: ", ")
      notes.append(Note(en: "answer texts coded as the \(s.labels.count)-point scale \(s.name) in \(names): " + codes,
                        zh: "\(names) 的作答文字按 \(s.labels.count) 级量表 \(s.name) 编码：" + codes))
    }
    return (out, notes)
  }
}
