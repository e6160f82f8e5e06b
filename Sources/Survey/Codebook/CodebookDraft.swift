import Foundation

// A first codebook drafted from an export as it is, for the researcher to
// correct rather than write: every column the reader kept as a variable, named
// as the layout names it (Q7, Q10_1 …, or the header) with its wording as the
// label; answer texts of a known rating scale as that value set, other text
// answers as categories in the order they first appear; one scale per matrix
// question (问卷星, Qualtrics), or per run of columns sharing a name stem (TR1,
// TR2, TR3) in a plain file; items that correlate negatively with the rest of
// their scale flagged as reverse-worded candidates; the personal-data columns
// the guard found; screening defaults; and a commented template of the
// analysis plan (models, mediation, hypotheses). It is valid as it stands:
// `study` on a drafted codebook gives the measurement chapters.

public enum CodebookDraft {
  /// A YAML double-quoted scalar (line breaks folded to spaces): the codebook writers' one quoting.
  public static func q(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: " ") + "\""
  }

  public static func draft(path: String, options: IngestOptions = IngestOptions()) throws(InputError) -> String {
    var o = options
    o.codebook = nil
    o.includePersonalData = false
    o.screening = nil
    let ingest = try Ingest.load(path: path, options: o)
    let frame = ingest.frame
    let layout = ingest.layout
    var usedSets: [String: [String]] = [:]
    var variables: [String] = []
    var likert = Set<String>()
    let metadata = Set(["id", "submitted", "seconds", "source", "source_detail", "started", "recorded", "total_score"])
    // A column in which the guard masked personal data is free text whatever its number of distinct
    // answers: categories would carry the masked texts, which the unmasked cells never match.
    let masked = Set(ingest.masked.map(\.column))
    for c in frame.columns where !metadata.contains(c.name) {
      var entry = "{name: \(c.name)"
      if let label = c.label, label != c.name { entry += ", label: {zh: \(q(label)), en: \(q(label))}" }
      switch c.values {
      case .numeric(let v):
        if let labels = c.valueLabels, let scale = AnswerScales.known.first(where: { $0.labels == labels.map(\.label) }) {
          usedSets[scale.name] = scale.labels
          entry += ", type: likert, values: \(scale.name)"
          likert.insert(c.name)
        } else if Ingest.looksLikeRating(v) {
          // The scale's range (what reverse: true recodes by, min + max − x): from 1 (0 when 0 occurs) to the largest answer.
          let observed = v.filter { !$0.isNaN }
          entry += ", type: likert, range: [\((observed.min() ?? 1) == 0 ? 0 : 1), \(formatNumberCompact(observed.max() ?? 1))]"
          likert.insert(c.name)
        } else {
          entry += ", type: numeric"
        }
      case .text(let v):
        var levels: [String] = []
        for s in v.compactMap({ $0 }) where !levels.contains(s) { levels.append(s) }
        // Options that start with a number ("10人以下", "31-100人") in numeric order.
        func leading(_ s: String) -> Double? { Double(String(s.prefix { $0.isASCII && ($0.isNumber || $0 == ".") })) }
        if levels.allSatisfy({ leading($0) != nil }) {
          levels = levels.enumerated().sorted { (leading($0.element)!, $0.offset) < (leading($1.element)!, $1.offset) }.map(\.element)
        }
        if levels.count >= 2 && levels.count <= 12 && !c.name.hasSuffix("_other") && !masked.contains(c.name) {
          entry += ", type: categorical, values: {" + levels.enumerated().map { "\($0.offset + 1): \(q($0.element))" }.joined(separator: ", ") + "}"
          entry += "}   # EDIT: put the categories in the questionnaire's order"
          variables.append(entry)
          continue
        }
        entry += ", type: text"
      }
      variables.append(entry + "}")
    }
    // Scales: the layout's question groups of rating items, else name stems.
    var groups: [(name: String, label: String?, items: [String])] = []
    if let questions = layout?.questions, !questions.isEmpty {
      for (group, items) in questions.sorted(by: { Int($0.key.dropFirst()) ?? 0 < Int($1.key.dropFirst()) ?? 0 }) {
        let rating = items.filter(likert.contains)
        guard rating.count >= 2 else { continue }
        // The matrix question's stem: before "—" (问卷星) or " - " (Qualtrics).
        let stem = frame[rating[0]]?.label.flatMap { l in (l.range(of: "—") ?? l.range(of: " - ")).map { String(l[..<$0.lowerBound]) } }
        groups.append(("S" + group.dropFirst(), stem, rating))
      }
    } else {
      var stems: [String: [String]] = [:], order: [String] = []
      for c in frame.columns where likert.contains(c.name) {
        let stem = String(c.name.reversed().drop { $0.isNumber }.reversed()).trimmingCharacters(in: CharacterSet(charactersIn: "_."))
        guard !stem.isEmpty, stem != c.name else { continue }
        if stems[stem] == nil { order.append(stem) }
        stems[stem, default: []].append(c.name)
      }
      for s in order where stems[s]!.count >= 2 { groups.append((s, nil, stems[s]!)) }
    }
    var scales: [String] = []
    for g in groups {
      var line = "  - {name: \(g.name), label: {zh: \(q(g.label ?? g.name)), en: \(q(g.label ?? g.name))}, items: [\(g.items.joined(separator: ", "))]}"
      let suspects = reverseCandidates(frame, g.items)
      if !suspects.isEmpty { line += "   # reverse-worded? \(suspects.joined(separator: ", ")) correlate\(suspects.count == 1 ? "s" : "") negatively with the rest: add reverse: true to \(suspects.count == 1 ? "it" : "them")" }
      scales.append(line)
    }
    var y = """
      # Codebook drafted by `clusterstat codebook` from \(URL(fileURLWithPath: path).lastPathComponent) (\(layout?.layout ?? "plain") layout, \(frame.rowCount) rows).
      # It is valid as it stands (`clusterstat study --data FILE --codebook THIS` gives the measurement chapters);
      # lines marked EDIT are guesses to check. The schema: Sources/Survey/README.md.
      title: {zh: "问卷研究", en: "Questionnaire study"}   # EDIT: your study's title

      """
    if let l = layout?.layout { y += "layout: \(l)\n" }
    if layout?.layout == "wjx" { y += "missing_codes: [-2, -3]\n" }
    if !usedSets.isEmpty {
      y += "value_sets:\n"
      for (name, labels) in usedSets.sorted(by: { $0.key < $1.key }) {
        y += "  \(name): {" + labels.enumerated().map { "\($0.offset + 1): \(q($0.element))" }.joined(separator: ", ") + "}\n"
      }
    }
    y += "variables:\n" + variables.map { "  - " + $0 + "\n" }.joined()
    if !scales.isEmpty {
      y += "# One scale per question group: EDIT the names (short, e.g. TR, IS, IP) and split or merge them as your constructs are.\n"
      y += "scales:\n" + scales.joined(separator: "\n") + "\n"
    }
    if !ingest.excluded.isEmpty {
      y += "# Held back as personal data (by header, content or both); never analysed or reported.\n"
      y += "personal_data: [\(ingest.excluded.map(\.column).joined(separator: ", "))]\n"
    }
    y += "screening: {straightlining: true, duplicates: true, max_missing_share: 0.5"
    if layout?.secondsColumn != nil { y += ", min_seconds: 60" }
    y += "}   # EDIT: the shortest plausible completion time\n"
    let names = groups.map(\.name)
    y += """
      # The analysis plan. EDIT: write your structural model in lavaan syntax, label the paths that
      # form indirect effects and define them (ind := a*b), then state the hypotheses. Uncomment:
      # models:
      #   - name: main
      #     label: {zh: "主模型", en: "Main model"}
      #     syntax: |

      """
    for g in groups { y += "#       \(g.name) =~ \(g.items.joined(separator: " + "))\n" }
    if names.count >= 3 {
      y += "#       \(names[1]) ~ a*\(names[0])\n#       \(names[2]) ~ b*\(names[1]) + c*\(names[0])\n#       ind := a*b\n"
      y += "# hypotheses:\n"
      y += "#   - {id: H1, path: \"\(names[1]) ~ \(names[0])\", sign: positive, statement: {zh: \"…\", en: \"…\"}}\n"
      y += "#   - {id: H2, effect: ind, statement: {zh: \"\(names[1])在\(names[0])与\(names[2])之间起中介作用\", en: \"…\"}}\n"
    }
    return y
  }

  /// Items whose correlation with the sum of the others (pairwise rows) is negative.
  static func reverseCandidates(_ frame: DataFrame, _ items: [String]) -> [String] {
    guard items.count >= 3 else { return [] }
    let cols = items.compactMap { try? frame.numericColumn($0) }
    guard cols.count == items.count else { return [] }
    return items.indices.filter { i in
      var x: [Double] = [], y: [Double] = []
      for r in 0..<frame.rowCount where !cols[i][r].isNaN {
        let rest = cols.indices.filter { $0 != i }.map { cols[$0][r] }
        guard !rest.contains(where: \.isNaN) else { continue }
        x.append(cols[i][r]); y.append(rest.reduce(0, +))
      }
      guard x.count > 2 else { return false }
      let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
      return zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } < 0
    }.map { items[$0] }
  }
}
