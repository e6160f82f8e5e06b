import Foundation
import Grey
import Survey

// Sub-model 5 (chapter 7) on the firms' indicators:
//   1. min–max normalisation (cost indicators reversed), entropy weights of
//      each system's indicators, system index U = Σ w x′;
//   2. coupling degree C (standard and Wang et al. 2021 revised), T = ½U₁ + ½U₂,
//      D = √(C·T) with the revised C, and the ten-level scale;
//   3. dimension scores: the entropy-weighted mean of each dimension's
//      normalised indicators (weights renormalised within the dimension);
//   4. Deng's grey relational degree of each dimension with each outcome (the book: KR and IG)
//      (series layout, mean normalisation, ρ = 0.5);
//   5. the grey relational coupling matrix between the NC and AC dimensions
//      (刘耀彬 2005), firms as the index.

enum SubModel5 {
  static func run(firms path: String, codebook: String, lang: String) throws -> CouplingStudy {
    let book = try FirmsCodebook.read(path: codebook)
    let frame = try DataFrameReader.readCSV(path: path)
    // The report lists every unit by its id: ids that are people's names, phones or ID numbers would print them.
    if let c = frame[book.id], let (kind, _) = PersonalDataGuard.contentMatch(c) {
      throw InputError(file: path, column: book.id, "the ids hold personal data (\(kind)); give the units codes (F01, F02, …) instead")
    }
    let ids = try frame[book.id].map { $0.textValues.map { $0 ?? "" } } ?? { throw InputError(file: path, column: book.id, "the id column named by the codebook's id: is missing") }()
    var indices: [[Double]] = []
    var weights: [String: NamedValues] = [:]
    var dimensionScores: [String: [Double]] = [:]
    var dimensions: [String: [String]] = [:]
    for s in book.systems {
      let names = s.dimensions.flatMap { $0.indicators.map(\.name) }
      let cost = Set(s.dimensions.flatMap { $0.indicators.filter(\.isCost).map(\.name) })
      let raw = try names.map { try frame.numericColumn($0) }
      let norm = NormalizationOptions(method: .minmax, cost: cost)
      let r = try SystemIndex.compute(columns: raw, names: names, system: s.name, normalization: norm, weights: .entropy, source: path)
      indices.append(r.u)
      weights[s.name] = NamedValues(names: names, values: r.weights)
      let x = try norm.method.apply(columns: raw, names: names, options: norm, source: path)
      var offset = 0
      dimensions[s.name] = s.dimensions.map(\.name)
      for d in s.dimensions {
        let k = d.indicators.count
        let w = Array(r.weights[offset..<(offset + k)])
        let total = w.reduce(0, +)
        dimensionScores[d.name] = (0..<frame.rowCount).map { t in
          (0..<k).reduce(0.0) { $0 + w[$1] * x[offset + $1][t] } / total
        }
        offset += k
      }
    }
    let systems = book.systems.map(\.name)
    let coupling = try Coupling.analyse(
      ids: ids, systems: systems, indices: indices, model: .wang, levels: .coordination(lang), stages: .couplingStages(lang),
      weights: weights, weightMethod: "entropy", normalization: "minmax", source: path)
    let dims = book.systems.flatMap { $0.dimensions.map(\.name) }
    let compared = dims.map { (name: $0, values: dimensionScores[$0]!) }
    let normalization = NormalizationOptions(method: .mean)
    // Each outcome the codebook names (the book: KR and IG) against every dimension.
    var outcomes: [CouplingStudy.OutcomeGrey] = []
    for o in book.outcomes {
      let y = try frame.numericColumn(o.name)
      let grey = try GreyRelational.series(reference: (o.name, y), compared: compared, points: ids, normalization: normalization, source: path)
      outcomes.append(.init(name: o.name, label: o.label?.text(lang) ?? o.name, result: grey))
    }
    let s1 = book.systems[0], s2 = book.systems[1]
    let grey = try GreyCoupling.analyse(
      system1: (s1.name, s1.dimensions.map { dimensionScores[$0.name]! }, s1.dimensions.map(\.name)),
      system2: (s2.name, s2.dimensions.map { dimensionScores[$0.name]! }, s2.dimensions.map(\.name)),
      units: ids, normalization: NormalizationOptions(method: .minmax), source: path)
    return CouplingStudy(firms: ids.count, systems: systems, systemLabels: book.systems.map { $0.label?.text(lang) ?? $0.name },
                         dimensions: dimensions, coupling: coupling, dimensionScores: dimensionScores, outcomes: outcomes, greyCoupling: grey)
  }
}

/// The coupling chapter's data and codebook read and analysed as the study will (what the browser checks when
/// they are uploaded, before a study needs them).
public enum CouplingData {
  public static func check(firms: String, codebook: String, lang: String = "zh") throws -> CouplingStudy {
    try SubModel5.run(firms: firms, codebook: codebook, lang: lang)
  }
}
