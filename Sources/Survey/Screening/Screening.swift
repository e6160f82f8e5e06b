import Foundation

// Screening of questionnaire responses before analysis (Meade & Craig 2012,
// "Identifying careless responses in survey data", Psychological Methods 17):
//   - straight-lining: the same answer on every answered Likert item (long-
//     string index equal to the number of answered items), with at least half
//     of the items answered;
//   - too fast: completion time (问卷星's 所用时间) below a threshold;
//   - duplicate submissions: the same IP and the same answers as an earlier
//     row; without an IP column, the same answer vector as an earlier row
//     (the first submission is kept);
//   - too much missing: more than a share of the Likert items unanswered.
// A row flagged by any rule is dropped; each rule's count is reported, and a
// row flagged by two rules counts under both.

public struct ScreeningRules: Sendable, Codable, Equatable {
  public var straightlining: Bool
  /// Rows completed in fewer seconds are dropped (nil: rule off).
  public var minSeconds: Double?
  public var duplicates: Bool
  /// Rows with a larger share of Likert items missing are dropped (nil: off).
  public var maxMissingShare: Double?

  public init(straightlining: Bool = true, minSeconds: Double? = nil, duplicates: Bool = true, maxMissingShare: Double? = 0.5) {
    self.straightlining = straightlining
    self.minSeconds = minSeconds
    self.duplicates = duplicates
    self.maxMissingShare = maxMissingShare
  }

  /// The rules a codebook's `screening:` sets (the defaults where it is
  /// silent), with the completion-time threshold the caller settled on.
  public init(_ defaults: Codebook.ScreeningDefaults?, minSeconds: Double?) {
    self.init(straightlining: defaults?.straightlining ?? true, minSeconds: minSeconds,
              duplicates: defaults?.duplicates ?? true, maxMissingShare: defaults?.maxMissingShare ?? 0.5)
  }

  enum CodingKeys: String, CodingKey {
    case straightlining, duplicates
    case minSeconds = "min_seconds"
    case maxMissingShare = "max_missing_share"
  }
}

public struct ScreeningRule: Sendable, Codable, Equatable {
  /// straightlining, too_fast, duplicate, too_much_missing.
  public var rule: String
  /// The threshold in force (seconds, or a share), if the rule has one.
  public var threshold: Double?
  public var flagged: Int
  /// 1-based data rows flagged (row numbers only, never content).
  public var rows: [Int]
}

public struct ScreeningReport: Sendable, Codable, Equatable {
  public var rowsRead: Int
  public var rowsKept: Int
  public var rowsDropped: Int
  public var itemsChecked: Int
  public var rules: [ScreeningRule]
  /// Rules that could not run (e.g. no 所用时间 column), with the reason.
  public var skipped: [String]

  enum CodingKeys: String, CodingKey {
    case rules, skipped
    case rowsRead = "rows_read"
    case rowsKept = "rows_kept"
    case rowsDropped = "rows_dropped"
    case itemsChecked = "items_checked"
  }

  /// "dropped 20 of 330 rows: 8 straight-lining, 7 too fast (< 90 s), 5 duplicate".
  public var summary: String { summaryNote.en }

  /// The summary in both languages, rule by rule from one switch.
  public var summaryNote: Note {
    let parts = rules.filter { $0.flagged > 0 }.map { r -> (en: String, zh: String) in
      let n = r.flagged, t = formatNumberCompact(r.threshold ?? 0)
      switch r.rule {
      case "too_fast": return ("\(n) too fast (< \(t) s)", "用时过短（< \(t) 秒）\(n) 份")
      case "too_much_missing":
        let share = formatNumberCompact(100 * (r.threshold ?? 0))
        return ("\(n) with more than \(share)% of items missing", "缺失超过 \(share)% 题目 \(n) 份")
      case "duplicate": return ("\(n) duplicate submission\(n == 1 ? "" : "s")", "重复提交 \(n) 份")
      default: return ("\(n) straight-lining", "直线作答 \(n) 份")
      }
    }
    return Note(en: "screening dropped \(rowsDropped) of \(rowsRead) rows" + (parts.isEmpty ? "" : ": " + parts.map(\.en).joined(separator: ", ")),
                zh: "答卷筛查剔除 \(rowsRead) 份中的 \(rowsDropped) 份" + (parts.isEmpty ? "" : "：" + parts.map(\.zh).joined(separator: "，")))
  }
}

public enum Screening {
  /// Flags rows of `frame` by `rules` over the Likert `items`. Returns the
  /// report and the 0-based rows to keep.
  public static func run(
    _ frame: DataFrame, items: [String], rules: ScreeningRules,
    secondsColumn: String?, ipColumn: String?
  ) throws(InputError) -> (report: ScreeningReport, keep: [Int]) {
    let n = frame.rowCount
    var cols: [[Double]] = []
    for i in items { cols.append(try frame.numericColumn(i)) }
    var flagged = [Bool](repeating: false, count: n)
    var report = ScreeningReport(rowsRead: n, rowsKept: n, rowsDropped: 0, itemsChecked: items.count, rules: [], skipped: [])
    func add(_ rule: String, _ threshold: Double?, _ rows: [Int]) {
      for r in rows { flagged[r] = true }
      report.rules.append(ScreeningRule(rule: rule, threshold: threshold, flagged: rows.count, rows: rows.map { $0 + 1 }))
    }
    let p = items.count
    if rules.straightlining {
      if p < 3 {
        report.skipped.append("straightlining: fewer than 3 Likert items")
      } else {
        var rows: [Int] = []
        for r in 0..<n {
          var first = Double.nan, answered = 0, same = true
          for c in cols where !c[r].isNaN {
            if answered == 0 { first = c[r] } else if c[r] != first { same = false; break }
            answered += 1
          }
          if same, answered * 2 >= p { rows.append(r) }
        }
        add("straightlining", nil, rows)
      }
    }
    if let minSeconds = rules.minSeconds {
      if let s = secondsColumn, frame.index(of: s) != nil {
        let t = try frame.numericColumn(s)
        add("too_fast", minSeconds, (0..<n).filter { !t[$0].isNaN && t[$0] < minSeconds })
      } else {
        report.skipped.append("too_fast: no completion-time column (所用时间)")
      }
    }
    if rules.duplicates, p > 0 {
      let ips = ipColumn.flatMap { frame[$0]?.textValues }
      var firstSeen: [String: Int] = [:]
      var rows: [Int] = []
      for r in 0..<n {
        var key = cols.map { $0[r].isNaN ? "." : formatNumberCompact($0[r]) }.joined(separator: ",")
        if let ips {
          guard let ip = ips[r] else { continue }
          key = ip + "|" + key
        }
        if firstSeen[key] != nil { rows.append(r) } else { firstSeen[key] = r }
      }
      add("duplicate", nil, rows)
    }
    if let share = rules.maxMissingShare, p > 0 {
      add("too_much_missing", share, (0..<n).filter { r in
        Double(cols.reduce(0) { $0 + ($1[r].isNaN ? 1 : 0) }) > share * Double(p)
      })
    }
    let keep = (0..<n).filter { !flagged[$0] }
    report.rowsKept = keep.count
    report.rowsDropped = n - keep.count
    return (report, keep)
  }
}
