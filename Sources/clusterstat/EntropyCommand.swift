import ArgumentParser
import ClusterStat

struct EntropyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "entropy",
    abstract: "Entropy weights of indicators, composite scores, and entropy-weighted TOPSIS.",
    discussion: """
      Indicators are min–max normalised first (cost indicators reversed) unless
      --normalize says otherwise; the table notes the formula used.

      Examples:
        clusterstat entropy --data firms.csv --items nv1:np3 --cost np3
        clusterstat entropy --data panel.csv --items x1:x8 --normalize none --shift --topsis --format json
      """)

  @OptionGroup var input: DataOptions

  @Option(name: .long, help: ArgumentHelp("Indicator columns.", valueName: "cols"))
  var items: String

  @OptionGroup var indicators: IndicatorOptions

  @Flag(name: .long, help: "Add |min| + 0.01 to every column whose minimum is ≤ 0 (reported).")
  var shift = false

  @Flag(name: .long, help: "Also rank units by entropy-weighted TOPSIS.")
  var topsis = false

  @OptionGroup var output: OutputOptions

  func run() throws {
    let frame = try input.load(columns: indicators.columnSpecs([items]))
    let cols = try frame.numericColumns(try frame.resolve(items))
    let r = try EntropyWeights.analyse(
      columns: cols.map(\.values), names: cols.map(\.name), units: try indicators.unitLabels(frame),
      normalization: try indicators.normalization(frame, default: .minmax), shift: shift, topsis: topsis, source: input.data)
    for w in r.warnings { writeWarning(w) }
    try output.emit(r, tables: EntropyTables.make(r, output.labels), title: output.labels["entropy.title"])
  }
}

enum EntropyTables {
  static func make(_ r: EntropyResult, _ L: Labels) -> [Table] {
    let num = { (v: Double) in GreyTables.num(v) }
    var notes = ["\(L["note"]): pᵢⱼ = xᵢⱼ/Σᵢxᵢⱼ, Eⱼ = −(1/ln m)Σ p ln p (0·ln 0 = 0), dⱼ = 1 − Eⱼ, wⱼ = dⱼ/Σd; \(Normalization(rawValue: r.normalization)?.formula ?? r.normalization)\(r.cost.isEmpty ? "" : "; cost: " + r.cost.joined(separator: ", "))."]
    if !r.shifted.isEmpty { notes.append("\(L["note"]): shifted by |min| + 0.01: \(r.shifted.joined(separator: ", ")).") }
    notes += r.warnings.map { "\(L["warning"]): \($0)" }
    let weights = Table(
      title: L["entropy.title"], headers: [L["indicator"], "E", "d", L["weight"]],
      rows: r.indicators.indices.map { j in
        [.text(r.indicators[j]), num(r.entropy.values[j]), num(r.divergence.values[j]), num(r.weights.values[j])]
      }, notes: notes)
    var headers = [L["unit"], L["score"]]
    if r.topsis != nil { headers += ["D+", "D−", "C", L["rank"]] }
    let scores = Table(
      title: L["entropy.scores"], headers: headers,
      rows: r.units.indices.map { i in
        var row: [Cell] = [.text(r.units[i]), num(r.scores[i])]
        if let t = r.topsis { row += [num(t.dPlus[i]), num(t.dMinus[i]), num(t.closeness[i]), .integer(t.rank[i])] }
        return row
      },
      notes: r.topsis == nil ? [] : ["\(L["note"]): TOPSIS on zᵢⱼ = xᵢⱼ/√Σxᵢⱼ², D± = √Σⱼ wⱼ(zᵢⱼ − z±ⱼ)², C = D−/(D+ + D−)."])
    return [weights, scores]
  }
}
