// Tables of grey relational analysis, entropy weights and coupling coordination.

import ClusterStat
import Foundation

public enum GreyTables {
  public static func num(_ v: Double, _ d: Int = 4) -> Cell { .number(v, decimals: d) }

  public static func formulaNote(_ r: GreyRelationalResult, _ L: Labels) -> String {
    let norm = Normalization(rawValue: r.normalization)?.formula ?? r.normalization
    switch r.degree {
    case "deng":
      let ext = r.extremes == "per-series" ? "Δmin, Δmax within each series" : "Δmin, Δmax over all series and points"
      let ref = r.layout == "evaluation" ? "reference = ideal unit (best value of each indicator)" : "reference = \(r.reference)"
      return "\(L["note"]): Deng ξ = (Δmin + ρΔmax)/(Δ + ρΔmax), ρ = \(formatNumberCompact(r.rho ?? 0.5)); \(ext); \(ref); \(norm)."
    case "synthetic":
      return "\(L["note"]): Liu Sifeng's synthetic degree θε + (1−θ)r, θ = \(formatNumberCompact(r.theta ?? 0.5)); \(norm)."
    default:
      return "\(L["note"]): Liu Sifeng's \(r.degree) degree of grey incidence; \(norm)."
    }
  }

  public static func relational(_ r: GreyRelationalResult, _ L: Labels) -> [Table] {
    let rank = Dictionary(uniqueKeysWithValues: r.ranking.enumerated().map { ($1, $0 + 1) })
    let degrees = Table(
      title: L["grey.title"], headers: [r.layout == "evaluation" ? L["unit"] : L["series"], L["degree"], L["rank"]],
      rows: zip(r.degrees.names, r.degrees.values).map { [.text($0), num($1), .integer(rank[$0]!)] },
      notes: [formulaNote(r, L)] + r.warnings.map { "\(L["warning"]): \($0)" })
    guard !r.coefficients.isEmpty else { return [degrees] }
    let isEval = r.layout == "evaluation"
    let rowNames = isEval ? r.series : r.points
    let colNames = isEval ? r.points : r.series
    let coeff = Table(
      title: L["grey.coefficients"], headers: [isEval ? L["unit"] : L["point"]] + colNames,
      rows: zip(rowNames, r.coefficients).map { name, row in [.text(name)] + row.map { num($0) } })
    return [degrees, coeff]
  }

  public static func coupling(_ r: GreyCouplingResult, _ L: Labels) -> [Table] {
    let gamma = Table(
      title: "\(L["grey.coupling.title"]) γ (\(r.systems[0]) × \(r.systems[1]))",
      headers: [r.systems[0]] + r.indicators2 + [L["row.mean"]],
      rows: zip(r.indicators1, r.gamma).enumerated().map { i, pair in
        [.text(pair.0)] + pair.1.map { num($0) } + [num(r.rowMeans.values[i])]
      } + [[.text(L["column.mean"])] + r.columnMeans.values.map { num($0) } + [.empty]],
      notes: ["\(L["note"]): ξᵢⱼ(t) = (Δmin + ρΔmax)/(Δᵢⱼ(t) + ρΔmax), ρ = \(formatNumberCompact(r.rho)), extremes \(r.extremes == "global" ? "over all i, j and t" : "over all i, j at each t"); γᵢⱼ = mean over t; C(t) = mean of ξᵢⱼ(t) (刘耀彬 et al. 2005); \(Normalization(rawValue: r.normalization)?.formula ?? r.normalization)."])
    let byUnit = Table(
      title: L["grey.coupling.byunit"], headers: [L["unit"], "C(t)"],
      rows: zip(r.units, r.coupling).map { [.text($0), num($1)] })
    return [gamma, byUnit]
  }
}

public enum EntropyTables {
  public static func make(_ r: EntropyResult, _ L: Labels) -> [Table] {
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

public enum CouplingTables {
  public static func make(_ r: CouplingResult, _ L: Labels) -> [Table] {
    let num = { (v: Double) in GreyTables.num(v) }
    var tables: [Table] = []
    let weightRows: [[Cell]] = r.systems.flatMap { s -> [[Cell]] in
      guard let w = r.weights[s] else { return [] }
      return zip(w.names, w.values).enumerated().map { k, p in [.text(k == 0 ? s : ""), .text(p.0), num(p.1)] }
    }
    if !weightRows.isEmpty {
      tables.append(Table(title: L["coupling.weights"], headers: [L["system"], L["indicator"], L["weight"]], rows: weightRows,
                          notes: ["\(L["note"]): U = Σ wⱼx′ⱼ, weights: \(r.weightMethod); \(Normalization(rawValue: r.normalization)?.formula ?? r.normalization)."]))
    }
    let cName = r.model == "wang" ? "C (Wang)" : "C"
    let headers = [L["unit"]] + r.systems.map { "U(\($0))" } + [L["C.standard"], L["C.revised"], L["C.stage"], "T", "D", L["level"]]
    let rows: [[Cell]] = r.rows.map { row in
      [.text(row.id)] + row.U.values.map { num($0) } + [num(row.C_standard), num(row.C_wang), .text(row.C_stage), num(row.T), num(row.D), .text(row.level)]
    }
    let n = r.systems.count
    var notes = [
      "\(L["note"]): standard C = n(∏U)^{1/n}/ΣU; revised C = √{[1 − Σ_{i>j}|Uᵢ−Uⱼ|/Σ_{m=1}^{n−1}m]·[∏(Uᵢ/max U)]^{1/(n−1)}} (Wang Shujia et al. 2021); T = Σαᵢ Uᵢ, α = (\(r.alpha.map { formatNumberCompact($0) }.joined(separator: ", "))); D = √(\(cName)·T), n = \(n).",
      "\(L["note"]): \(L["level"]) \(zip(r.levels.names, r.levels.cutoffs).map { "\($0) ≤ \(formatNumberCompact($1))" }.joined(separator: ", ")) (intervals (a, b])."]
    notes += r.notes.map { "\(L["note"]): \($0)" } + r.warnings.map { "\(L["warning"]): \($0)" }
    tables.append(Table(title: L["coupling.title"], headers: headers, rows: rows, notes: notes))
    return tables
  }
}
