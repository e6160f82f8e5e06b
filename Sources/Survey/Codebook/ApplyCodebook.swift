import Foundation

// Reading a data frame through a codebook: each variable's column is found
// (by header, 问卷星 question number, or name) and renamed, labelled and given
// its value labels; answers given as text (问卷星's "按选项文本" export) are
// turned into codes through the value labels; Likert answers outside the
// scale range are refused. Reverse-coding is a separate step (after
// screening, so straight-lining is judged on the answers as given).

extension Codebook {
  /// The frame with codebook names, labels and codes. Columns the codebook
  /// does not mention are kept as they are.
  public func apply(to frame: DataFrame) throws(InputError) -> DataFrame {
    var out = frame
    var taken: [String: String] = [:]
    for v in variables {
      let from = sourceColumn(of: v)
      guard let j = out.index(of: from) else {
        let listed = frame.names.prefix(10).joined(separator: ", ") + (frame.names.count > 10 ? ", …" : "")
        throw InputError(file: source,
          "variable '\(v.name)': its column '\(from)' is not in \(frame.source) (columns: \(listed))")
      }
      if let other = taken[from] {
        throw InputError(file: source, "variables '\(other)' and '\(v.name)' both read column '\(from)'")
      }
      taken[from] = v.name
      var column = out.columns[j]
      column.name = v.name
      if let l = v.label { column.label = l.zh ?? l.en } else if column.label == nil, from != v.name { column.label = from }
      let labels = self.labels(of: v)
      if let labels { column.valueLabels = labels }
      column = try coded(column, variable: v, labels: labels, frame: frame, sourceName: from)
      out.columns[j] = column
    }
    var seen = Set<String>()
    for c in out.columns where !seen.insert(c.name).inserted {
      throw InputError(file: source,
        "variable '\(c.name)': \(frame.source) already has a column of that name that the codebook does not map; rename one")
    }
    out.scales = scaleItems
    return out
  }

  private func coded(
    _ column: Column, variable v: Variable, labels: [ValueLabel]?, frame: DataFrame, sourceName: String
  ) throws(InputError) -> Column {
    var c = column
    let missing = Set((missingCodes ?? []) + (v.missingCodes ?? []))
    let isCoded = v.type?.isRating == true || v.type == .categorical
    // A column the codebook calls personal data, or whose header says so, is never quoted.
    let isPersonal = (personalData ?? []).contains(v.name) || (personalData ?? []).contains(sourceName)
      || PersonalDataGuard.headerMatch(sourceName) != nil
    switch column.values {
    case .text(let cells) where isCoded:
      // The text export: answer texts back to their codes.
      var byText: [String: Double] = [:]
      for l in labels ?? [] { if let code = parseDecimal(l.code) { byText[l.label] = code } }
      var values: [Double] = []
      values.reserveCapacity(cells.count)
      for (r, cell) in cells.enumerated() {
        guard let cell else { values.append(.nan); continue }
        if let code = byText[cell] ?? parseDecimal(cell) {
          values.append(missing.contains(code) ? .nan : code)
          continue
        }
        let known = (labels ?? []).map { "\($0.code)=\($0.label)" }.joined(separator: ", ")
        throw InputError(file: frame.source, row: r + 1, line: frame.lines[r], column: sourceName,
          "answer \(isPersonal ? "(a cell of a personal-data column)" : _quoteCell(cell)) has no value label in the codebook for '\(v.name)'\(known.isEmpty ? " (it has none)" : " (labels: \(known))")")
      }
      c.values = .numeric(values)
      c.firstNonNumeric = nil
      c.numericCells = 0
    case .numeric(var values) where !missing.isEmpty:
      for i in values.indices where missing.contains(values[i]) { values[i] = .nan }
      c.values = .numeric(values)
    default:
      break
    }
    if v.type?.isRating == true, case .numeric(let values) = c.values, let (lo, hi) = scaleRange(of: v) {
      if let r = values.firstIndex(where: { !$0.isNaN && ($0 < lo || $0 > hi) }) {
        throw InputError(file: frame.source, row: r + 1, line: frame.lines[r], column: sourceName,
          "answer \(formatNumberCompact(values[r])) is outside the scale \(formatNumberCompact(lo))–\(formatNumberCompact(hi)) of '\(v.name)'; declare it in missing_codes if it is a missing-value code")
      }
    }
    return c
  }

  /// Reverse-coded items recoded as min + max − x; the names of those recoded.
  public func reverseCode(_ frame: DataFrame) throws(InputError) -> (DataFrame, [String]) {
    var out = frame
    var done: [String] = []
    for v in variables where v.reverse == true {
      guard let j = out.index(of: v.name) else { continue }
      guard let (lo, hi) = scaleRange(of: v) else { continue }  // validate() refused this
      guard case .numeric(var values) = out.columns[j].values else {
        _ = try out.numericColumn(v.name)
        continue
      }
      for i in values.indices where !values[i].isNaN { values[i] = lo + hi - values[i] }
      out.columns[j].values = .numeric(values)
      done.append(v.name)
    }
    return (out, done)
  }
}
