// The layout of a Qualtrics CSV export (Data & Analysis → Export → CSV, "use
// choice text" or "numeric values"): row 1 the column names (StartDate …
// UserLanguage, then Q1, Q2_1, …), row 2 the question texts, row 3 the import
// ids as JSON ({"ImportId":"QID2_1"}). The two extra header rows become the
// labels and are dropped; the columns are typed anew; the metadata columns get
// the short names the other layouts use (seconds, ip, id, submitted), and
// sub-columns Qn_k are grouped under Qn. Recipient names, e-mails and
// coordinates are for the personal-data guard.

public enum QualtricsLayout {
  static let metadata: [String: String] = [
    "Duration (in seconds)": "seconds", "IPAddress": "ip", "ResponseId": "id", "EndDate": "submitted",
    "StartDate": "started", "RecordedDate": "recorded",
  ]

  /// Row 3 (the second row of data) holds the import ids.
  public static func recognizes(_ frame: DataFrame) -> Bool {
    guard frame.rowCount >= 2 else { return false }
    let cells = frame.columns.map { HeaderRows.cell($0, 1) ?? "" }
    let ids = cells.filter { $0.hasPrefix("{\"ImportId\"") || $0.hasPrefix("{'ImportId'") }.count
    return ids * 2 >= cells.count
  }

  public static func apply(_ frame: DataFrame, missingCodes: [String] = []) throws(InputError) -> (DataFrame, LayoutInfo) {
    var out = frame
    var info = LayoutInfo(layout: "qualtrics", questions: [:], split: [])
    let keep = Array(2..<frame.rowCount)
    out.columns = frame.columns.map { column in
      var c = HeaderRows.typed(name: metadata[column.name] ?? column.name, cells: keep.map { HeaderRows.cell(column, $0) },
                               lines: keep.map { frame.lines[$0] }, missingCodes: missingCodes)
      c.label = HeaderRows.cell(column, 0)
      return c
    }
    out.rowCount = keep.count
    out.lines = keep.map { frame.lines[$0] }
    for c in out.columns {
      if c.name == "seconds" { info.secondsColumn = c.name }
      if c.name == "ip" { info.ipColumn = c.name }
      guard c.name.hasPrefix("Q"), let underscore = c.name.firstIndex(of: "_") else { continue }
      let group = String(c.name[..<underscore])
      if group.dropFirst().allSatisfy(\.isNumber) { info.questions[group, default: []].append(c.name) }
    }
    return (out, info)
  }
}
