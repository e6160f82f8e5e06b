import _Core
import Dispatch
import Distributions
import LinearAlgebra
import Survey

// Conditional process analysis as PROCESS computes it (Hayes 2022):
// every equation of the model (ProcessModel.swift) by OLS; then, with the
// moderators held at probe values w (and z):
//   the effect of a variable V in an equation, ∂E/∂V = Σ_{terms t ∋ V} b_t·Π(t's other factors at w, z),
//   linear in that equation's b, so its SE is √(gᵀVar(b)g) and t has the
//   equation's residual df (conditional effects, conditional direct effects);
//   an indirect effect along X → M… → Y is the product of ∂'s along the path;
//   the index of moderated mediation, where the indirect effect is linear in W
//   (one moderated edge: models 7, 8, 14, 15), its slope in W (Hayes 2015);
//   in models 58 and 59 both edges depend on W, so the indirect effect is
//   quadratic in W and has no single index: its pairwise contrasts between
//   probe values are given instead;
//   Johnson–Neyman (model 1): the W where θ(W) = b_X + b_XW·W has |t| = t_.975,
//   the roots of (b_XW² − t²v_XW,XW)W² + 2(b_X b_XW − t²v_X,XW)W + b_X² − t²v_X,X = 0
//   inside the observed range (Johnson & Neyman 1936; Hayes & Matthes 2009).
// Indirect effects, indices and contrasts get percentile bootstrap intervals:
// B resamples of the rows (replicate b draws from SplitMix64(seed).split(b),
// so results are identical on any number of threads), each refitting every
// equation; SE = SD of the replicates, interval = their 2.5% and 97.5% R
// quantiles (type 7). Probe values: mean and ± 1 SD (SD with N − 1), or the
// 16th, 50th and 84th percentiles (PROCESS's default; SPSS's HAVERAGE, R's
// type 6), or both values of a dichotomous moderator.

public enum ProbeValues: String, Sendable, Codable, CaseIterable {
  case meanSD = "mean-sd"
  case percentiles
}

public enum Centering: String, Sendable, Codable, CaseIterable {
  case none, mean
}

public struct ProcessOptions: Sendable {
  public var bootstrap = 5000
  public var seed: UInt64 = 20180501
  public var center: Centering = .none
  public var probe: ProbeValues = .meanSD
  public var johnsonNeyman = false
  public var threads: Int? = nil
  public var level = 0.95
  public init() {}
}

public struct ProcessVariables: Sendable, Codable, Equatable {
  public var x: String
  public var y: String
  public var m: [String]
  public var w: String?
  public var z: String?
  public var covariates: [String]
  public init(x: String, y: String, m: [String] = [], w: String? = nil, z: String? = nil, covariates: [String] = []) {
    self.x = x; self.y = y; self.m = m; self.w = w; self.z = z; self.covariates = covariates
  }
}

public struct OutcomeModel: Sendable, Codable, Equatable {
  public var outcome: String
  public var n: Int
  public var r2: Double
  public var F: Double
  public var df1: Int
  public var df2: Int
  public var pvalue: Double
  public var coefficients: [CoefficientRow]
}

public struct ConditionalEffect: Sendable, Codable, Equatable {
  public var focal: String
  public var outcome: String
  public var moderator: String?
  public var w: Double?
  public var z: Double?
  public var effect: Double
  public var se: Double
  public var t: Double
  public var pvalue: Double
  public var ciLower: Double
  public var ciUpper: Double
  enum CodingKeys: String, CodingKey {
    case focal, outcome, moderator, w, z, effect, se, t, pvalue
    case ciLower = "ci.lower", ciUpper = "ci.upper"
  }
}

public struct BootstrapEffect: Sendable, Codable, Equatable {
  /// "x1 → x4 → x9", or "total" for the sum of the indirect effects.
  public var path: String
  public var mediator: String?
  public var moderator: String?
  public var w: Double?
  public var w2: Double?
  public var effect: Double
  public var bootSE: Double
  public var bootLower: Double
  public var bootUpper: Double
  enum CodingKeys: String, CodingKey {
    case path, mediator, moderator, w, w2, effect
    case bootSE = "boot_se", bootLower = "boot_ci.lower", bootUpper = "boot_ci.upper"
  }
}

/// A point of the simple-slopes plot: the predicted outcome at a focal value and a moderator value.
public struct SimpleSlopePoint: Sendable, Codable, Equatable {
  public var w: Double
  public var x: Double
  public var yhat: Double
}

public struct JohnsonNeyman: Sendable, Codable, Equatable {
  public var bounds: [Double]
  /// Share of the cases with W below each bound.
  public var below: [Double]
  public var table: [ConditionalEffect]
}

public struct ProcessResult: Sendable, Codable, Equatable {
  public var model: Int
  public var variables: ProcessVariables
  public var n: Int
  public var dropped: Int
  public var center: Centering
  public var probe: ProbeValues
  public var probeValues: [String: [Double]]
  public var bootstrap: Int
  public var seed: UInt64
  public var bootstrapFailed: Int
  public var outcomeModels: [OutcomeModel]
  public var conditionalEffects: [ConditionalEffect]
  public var direct: [ConditionalEffect]
  public var total: ConditionalEffect?
  public var indirect: [BootstrapEffect]
  public var indexOfModeratedMediation: [BootstrapEffect]
  public var contrasts: [BootstrapEffect]
  public var johnsonNeyman: JohnsonNeyman?
  /// Models 1–3: ŷ at the focal predictor's mean ± 1 SD for each probed W (Z and covariates at their means).
  public var simpleSlopes: [SimpleSlopePoint]?
  public var warnings: [Warning]

  enum CodingKeys: String, CodingKey {
    case model, variables, n, dropped, center, probe, bootstrap, seed, direct, total, indirect, contrasts, warnings
    case simpleSlopes = "simple_slopes"
    case probeValues = "probe_values", bootstrapFailed = "bootstrap_failed", outcomeModels = "outcome_models"
    case conditionalEffects = "conditional_effects", indexOfModeratedMediation = "index_of_moderated_mediation"
    case johnsonNeyman = "johnson_neyman"
  }
}

public enum Process {
  /// The data of every role over complete rows, centred as asked.
  struct Data {
    var columns: [ProcessRole: [Double]]
    var n: Int
  }

  public static func run(_ frame: DataFrame, model: ProcessModel, variables v: ProcessVariables, options o: ProcessOptions = ProcessOptions()) throws -> ProcessResult {
    if model.needsMediators && v.m.isEmpty { throw InputError("model \(model.rawValue) needs one or more mediators", settings: [.mediators]) }
    if !model.needsMediators && !v.m.isEmpty { throw InputError("model \(model.rawValue) has no mediator; drop the mediators or choose a mediation model (4, 6, 7, 8, 14, 15, 58, 59)", settings: [.mediators, .processModel]) }
    if model.needsW && v.w == nil { throw InputError("model \(model.rawValue) needs a moderator W", settings: [.moderator]) }
    if !model.needsW && v.w != nil { throw InputError("model \(model.rawValue) has no moderator; drop W or choose a moderated model", settings: [.moderator, .processModel]) }
    if model.needsZ && v.z == nil { throw InputError("model \(model.rawValue) needs a second moderator Z", settings: [.secondModerator]) }
    if !model.needsZ && v.z != nil { throw InputError("model \(model.rawValue) has no second moderator; drop Z", settings: [.secondModerator]) }
    if model == .m6 && v.m.count > 4 { throw InputError("model 6 takes 2 to 4 serial mediators (PROCESS's limit); \(v.m.count) were given") }
    if model == .m6 && v.m.count < 2 { throw InputError("model 6 is serial mediation and needs at least 2 mediators; with one, use model 4") }
    var named: [(ProcessRole, String)] = [(.x, v.x), (.y, v.y)] + v.m.enumerated().map { (.m($0.offset), $0.element) }
    if let w = v.w { named.append((.w, w)) }
    if let z = v.z { named.append((.z, z)) }
    named += v.covariates.enumerated().map { (.covariate($0.offset), $0.element) }
    var seen = Set<String>()
    for (_, name) in named where !seen.insert(name).inserted {
      throw InputError(column: name, "has two roles in the model; each variable can play one")
    }
    var raw: [ProcessRole: [Double]] = [:]
    for (role, name) in named {
      guard let col = frame[name] else { _ = try frame.resolve(name); continue }
      guard col.isNumeric else {
        throw InputError(file: frame.source, column: name, "is not numeric; PROCESS's variables are numeric (code a dichotomous moderator 0/1)")
      }
      raw[role] = try frame.numericColumn(name)
    }
    let keep = (0..<frame.rowCount).filter { r in raw.values.allSatisfy { !$0[r].isNaN } }
    var data = Data(columns: raw.mapValues { c in keep.map { c[$0] } }, n: keep.count)
    guard data.n > 2 * (named.count + 2) else {
      throw InputError(file: frame.source, "only \(data.n) rows have every variable of the model answered; too few for model \(model.rawValue)")
    }
    var warnings: [Warning] = []
    if o.center == .mean {
      for role in model.productRoles(mediators: v.m.count) {
        let c = data.columns[role]!
        let m = c.reduce(0, +) / Double(c.count)
        data.columns[role] = c.map { $0 - m }
      }
    }
    let equations = model.equations(mediators: v.m.count, covariates: v.covariates.count)
    func name(_ r: ProcessRole) -> String {
      switch r {
      case .x: return v.x
      case .y: return v.y
      case .w: return v.w!
      case .z: return v.z!
      case .m(let i): return v.m[i]
      case .covariate(let i): return v.covariates[i]
      }
    }
    func termName(_ t: ProcessTerm) -> String { t.factors.map(name).joined(separator: ":") }
    // Fit every equation once with inference.
    var fits: [OLSFit] = []
    var outcomeModels: [OutcomeModel] = []
    for e in equations {
      let x = design(e, data, rows: nil)
      let y = data.columns[e.outcome]!
      let fit: OLSFit
      do { fit = try OLS.fit(x, y, names: ["(Intercept)"] + e.terms.map(termName)) } catch { throw InputError(error.description) }
      fits.append(fit)
      outcomeModels.append(OutcomeModel(outcome: name(e.outcome), n: fit.n, r2: fit.r2, F: fit.F, df1: fit.p - 1, df2: fit.dfResidual,
                                        pvalue: fit.fPvalue, coefficients: Regression.coefficients(fit, x: x, y: y, robust: .none)))
    }
    // Probe values of the moderators, from the analysed (centred) data.
    var probes: [ProcessRole: [Double]] = [:]
    for role in [ProcessRole.w, .z] where data.columns[role] != nil {
      let (values, note) = probeValues(data.columns[role]!, o.probe)
      probes[role] = values
      if let note { warnings.append(note.prefixed(en: "\(name(role)): ", zh: "\(name(role))：")) }
    }
    let wValues: [Double?] = probes[.w].map { $0.map(Optional.some) } ?? [nil]
    let zValues: [Double?] = probes[.z].map { $0.map(Optional.some) } ?? [nil]

    // ∂(equation e)/∂(role) at (w, z): the coefficient weights g (index 0 = intercept).
    func gradient(_ e: Int, _ role: ProcessRole, _ w: Double?, _ z: Double?) -> [Double] {
      var g = [Double](repeating: 0, count: equations[e].terms.count + 1)
      for (j, t) in equations[e].terms.enumerated() where t.factors.contains(role) {
        var rest = t.factors
        rest.remove(at: rest.firstIndex(of: role)!)
        g[j + 1] = rest.reduce(1.0) { acc, r in acc * (r == .w ? (w ?? 0) : r == .z ? (z ?? 0) : .nan) }
      }
      return g
    }
    func dependsOnModerator(_ e: Int, _ role: ProcessRole) -> Bool {
      equations[e].terms.contains { $0.factors.contains(role) && $0.factors.count > 1 }
    }
    let yIndex = equations.count - 1
    func conditional(_ e: Int, _ role: ProcessRole, _ w: Double?, _ z: Double?) -> ConditionalEffect {
      let fit = fits[e]
      let g = gradient(e, role, w, z)
      let est = zip(g, fit.b).reduce(0) { $0 + $1.0 * $1.1 }
      let vg = fit.vcov.apply(g)
      let se = zip(g, vg).reduce(0) { $0 + $1.0 * $1.1 }.squareRoot()
      let dist = StudentT(df: Double(fit.dfResidual))
      let q = dist.quantile(1 - (1 - o.level) / 2)
      let moderated = dependsOnModerator(e, role)
      return ConditionalEffect(focal: name(role), outcome: name(equations[e].outcome), moderator: moderated ? v.w : nil,
                               w: moderated ? w : nil, z: moderated ? z : nil, effect: est, se: se, t: est / se,
                               pvalue: 2 * dist.cdf(-abs(est / se)), ciLower: est - q * se, ciUpper: est + q * se)
    }

    var conditionalEffects: [ConditionalEffect] = []
    var direct: [ConditionalEffect] = []
    var johnsonNeyman: JohnsonNeyman?
    if !model.needsMediators {
      for w in wValues { for z in zValues { conditionalEffects.append(conditional(yIndex, .x, w, z)) } }
      if o.johnsonNeyman || model == .m1 {
        if model == .m1 {
          johnsonNeyman = jn(fits[yIndex], data.columns[.w]!, level: o.level) { w in conditional(yIndex, .x, w, nil) }
        } else if o.johnsonNeyman {
          warnings.append(Warning(en: "Johnson–Neyman regions are given for model 1 (one moderator)",
                                  zh: "Johnson–Neyman 区间只用于模型 1（一个调节变量）"))
        }
      }
    } else if dependsOnModerator(yIndex, .x) {
      for w in wValues { direct.append(conditional(yIndex, .x, w, nil)) }
    } else {
      direct.append(conditional(yIndex, .x, nil, nil))
    }

    // Paths X → M… → Y (an edge wherever a role is a term of an equation).
    func equationIndex(_ r: ProcessRole) -> Int { equations.firstIndex { $0.outcome == r }! }
    func paths(from role: ProcessRole, visited: [ProcessRole]) -> [[ProcessRole]] {
      var out: [[ProcessRole]] = []
      // Y first, then the mediators in order: PROCESS's numbering of serial paths.
      for e in [equations[equations.count - 1]] + equations.dropLast() where !visited.contains(e.outcome) {
        guard e.terms.contains(where: { $0.factors.contains(role) }) else { continue }
        if e.outcome == .y {
          if role != .x { out.append(visited + [role, .y]) }
        } else {
          out += paths(from: e.outcome, visited: visited + [role])
        }
      }
      return out
    }
    let allPaths = model.needsMediators ? paths(from: .x, visited: []) : []
    func pathEffect(_ path: [ProcessRole], _ b: [[Double]], _ w: Double?) -> Double {
      var effect = 1.0
      for k in 0..<(path.count - 1) {
        let e = equationIndex(path[k + 1])
        let g = gradient(e, path[k], w, nil)
        effect *= zip(g, b[e]).reduce(0) { $0 + $1.0 * $1.1 }
      }
      return effect
    }
    func moderated(_ path: [ProcessRole]) -> Int {
      (0..<(path.count - 1)).filter { dependsOnModerator(equationIndex(path[$0 + 1]), path[$0]) }.count
    }
    func label(_ path: [ProcessRole]) -> String { path.map(name).joined(separator: " → ") }
    func mediatorName(_ path: [ProcessRole]) -> String { path.dropFirst().dropLast().map(name).joined(separator: " → ") }

    // Statistics the bootstrap replicates: what they are, and how to compute them from coefficients.
    struct Stat { var template: BootstrapEffect; var compute: ([[Double]]) -> Double }
    var stats: [Stat] = []
    for path in allPaths {
      let mod = moderated(path)
      for w in (mod > 0 ? wValues : [nil]) {
        stats.append(Stat(template: BootstrapEffect(path: label(path), mediator: mediatorName(path), moderator: mod > 0 ? v.w : nil, w: w, w2: nil,
                                                    effect: 0, bootSE: 0, bootLower: 0, bootUpper: 0),
                          compute: { pathEffect(path, $0, w) }))
      }
    }
    let unmoderated = allPaths.allSatisfy { moderated($0) == 0 }
    if allPaths.count > 1 && unmoderated {
      stats.append(Stat(template: BootstrapEffect(path: "total", mediator: nil, moderator: nil, w: nil, w2: nil, effect: 0, bootSE: 0, bootLower: 0, bootUpper: 0),
                        compute: { b in allPaths.reduce(0) { $0 + pathEffect($1, b, nil) } }))
    }
    let indirectCount = stats.count
    for path in allPaths where moderated(path) == 1 {
      stats.append(Stat(template: BootstrapEffect(path: label(path), mediator: mediatorName(path), moderator: v.w, w: nil, w2: nil,
                                                  effect: 0, bootSE: 0, bootLower: 0, bootUpper: 0),
                        compute: { pathEffect(path, $0, 1) - pathEffect(path, $0, 0) }))
    }
    let indexCount = stats.count - indirectCount
    if let ws = probes[.w] {
      for path in allPaths where moderated(path) == 2 {
        for i in 0..<ws.count { for j in (i + 1)..<ws.count {
          stats.append(Stat(template: BootstrapEffect(path: label(path), mediator: mediatorName(path), moderator: v.w, w: ws[j], w2: ws[i],
                                                      effect: 0, bootSE: 0, bootLower: 0, bootUpper: 0),
                            compute: { pathEffect(path, $0, ws[j]) - pathEffect(path, $0, ws[i]) }))
        } }
      }
    }
    var total: ConditionalEffect?
    if model == .m4 || model == .m6 {
      let e = ProcessEquation(outcome: .y, terms: [ProcessTerm(.x)] + (0..<v.covariates.count).map { ProcessTerm(.covariate($0)) })
      let x = design(e, data, rows: nil)
      let fit: OLSFit
      do { fit = try OLS.fit(x, data.columns[.y]!, names: ["(Intercept)"] + e.terms.map(termName)) } catch { throw InputError(error.description) }
      let dist = StudentT(df: Double(fit.dfResidual))
      let q = dist.quantile(1 - (1 - o.level) / 2)
      let se = fit.se(1)
      total = ConditionalEffect(focal: v.x, outcome: v.y, moderator: nil, w: nil, z: nil, effect: fit.b[1], se: se, t: fit.b[1] / se,
                                pvalue: 2 * dist.cdf(-abs(fit.b[1] / se)), ciLower: fit.b[1] - q * se, ciUpper: fit.b[1] + q * se)
    }

    // The bootstrap.
    let pointB = fits.map(\.b)
    var results = stats.map { s -> BootstrapEffect in var t = s.template; t.effect = s.compute(pointB); return t }
    var failed = 0
    if !stats.isEmpty && o.bootstrap > 0 {
      let (draws, f) = bootstrap(equations, data, replicates: o.bootstrap, seed: o.seed, threads: o.threads) { b in stats.map { $0.compute(b) } }
      failed = f
      if draws.count < max(2, o.bootstrap / 2) {
        throw ProcessFailure(description: "the bootstrap failed: \(failed) of \(o.bootstrap) resamples had a singular design (a dichotomous or rare predictor); too few for intervals")
      }
      for k in results.indices {
        let column = draws.map { $0[k] }.sorted()
        results[k].bootSE = meanAndSD(column).sd
        results[k].bootLower = sortedQuantile(column, (1 - o.level) / 2)
        results[k].bootUpper = sortedQuantile(column, 1 - (1 - o.level) / 2)
      }
      if failed > 0 {
        warnings.append(Warning(en: "\(failed) of \(o.bootstrap) bootstrap resamples had a singular design and were left out",
                                zh: "\(o.bootstrap) 次 bootstrap 重抽样中有 \(failed) 次设计矩阵奇异，未计入"))
      }
    }
    var simpleSlopes: [SimpleSlopePoint]?
    if !model.needsMediators, let ws = probes[.w] {
      func mean(_ c: [Double]) -> Double { c.reduce(0, +) / Double(c.count) }
      let (mx, sx) = meanAndSD(data.columns[.x]!)
      let fit = fits[yIndex], e = equations[yIndex]
      simpleSlopes = ws.flatMap { w in
        [mx - sx, mx + sx].map { x -> SimpleSlopePoint in
          var yhat = fit.b[0]
          for (j, t) in e.terms.enumerated() {
            yhat += fit.b[j + 1] * t.factors.reduce(1.0) { acc, r in
              acc * (r == .x ? x : r == .w ? w : mean(data.columns[r]!))
            }
          }
          return SimpleSlopePoint(w: w, x: x, yhat: yhat)
        }
      }
    }
    var probeOut: [String: [Double]] = [:]
    for (role, values) in probes { probeOut[name(role)] = values }
    return ProcessResult(
      model: model.rawValue, variables: v, n: data.n, dropped: frame.rowCount - data.n, center: o.center, probe: o.probe,
      probeValues: probeOut, bootstrap: stats.isEmpty ? 0 : o.bootstrap, seed: o.seed, bootstrapFailed: failed,
      outcomeModels: outcomeModels, conditionalEffects: conditionalEffects, direct: direct, total: total,
      indirect: Array(results[0..<indirectCount]), indexOfModeratedMediation: Array(results[indirectCount..<(indirectCount + indexCount)]),
      contrasts: Array(results[(indirectCount + indexCount)...]), johnsonNeyman: johnsonNeyman, simpleSlopes: simpleSlopes, warnings: warnings)
  }

  /// [1, terms…] over `rows` (nil: all rows).
  static func design(_ e: ProcessEquation, _ d: Data, rows: [Int]?) -> Matrix {
    let n = rows?.count ?? d.n
    var x = Matrix(rows: n, columns: e.terms.count + 1)
    let cols = e.terms.map { t in t.factors.map { d.columns[$0]! } }
    for i in 0..<n {
      let r = rows?[i] ?? i
      x[i, 0] = 1
      for (j, factors) in cols.enumerated() { x[i, j + 1] = factors.reduce(1.0) { $0 * $1[r] } }
    }
    return x
  }

  /// Mean ± SD, or the 16th/50th/84th percentiles; a variable with two values is probed at both.
  static func probeValues(_ c: [Double], _ probe: ProbeValues) -> ([Double], Warning?) {
    let distinct = Array(Set(c)).sorted()
    if distinct.count == 2 { return (distinct, nil) }
    let sorted = c.sorted()
    switch probe {
    case .meanSD:
      let (m, s) = meanAndSD(c)
      let v = [m - s, m, m + s]
      let outside = v.filter { $0 < sorted.first! || $0 > sorted.last! }
      let range = "[\(formatNumberCompact(sorted.first!)), \(formatNumberCompact(sorted.last!))]"
      return (v, outside.isEmpty ? nil : Warning(en: "mean ± 1 SD lies outside the observed range \(range); consider --probe percentiles",
                                                  zh: "均值 ± 1 个标准差超出观测范围 \(range)；可改用百分位数取值（--probe percentiles）"))
    case .percentiles:
      return ([0.16, 0.5, 0.84].map { type6Quantile(sorted, $0) }, nil)
    }
  }

  /// R's quantile(type = 6), SPSS's HAVERAGE: position p(n + 1).
  static func type6Quantile(_ sorted: [Double], _ p: Double) -> Double {
    let n = sorted.count
    let h = p * Double(n + 1)
    let lo = Int(h.rounded(.down))
    if lo < 1 { return sorted[0] }
    if lo >= n { return sorted[n - 1] }
    return sorted[lo - 1] + (h - Double(lo)) * (sorted[lo] - sorted[lo - 1])
  }

  /// Johnson–Neyman bounds for θ(W) = b_X + b_XW·W (model 1) and a table over W's range.
  static func jn(_ fit: OLSFit, _ w: [Double], level: Double, effect: (Double) -> ConditionalEffect) -> JohnsonNeyman {
    let t2 = pow(StudentT(df: Double(fit.dfResidual)).quantile(1 - (1 - level) / 2), 2)
    let b1 = fit.b[1], b3 = fit.b[3]
    let v11 = fit.vcov[1, 1], v13 = fit.vcov[1, 3], v33 = fit.vcov[3, 3]
    let a = b3 * b3 - t2 * v33, b = 2 * (b1 * b3 - t2 * v13), c = b1 * b1 - t2 * v11
    let lo = w.min()!, hi = w.max()!
    var bounds: [Double] = []
    let disc = b * b - 4 * a * c
    if a != 0 && disc >= 0 {
      let s = disc.squareRoot()
      bounds = [(-b - s) / (2 * a), (-b + s) / (2 * a)].sorted().filter { $0 >= lo && $0 <= hi }
    } else if a == 0 && b != 0 {
      bounds = [-c / b].filter { $0 >= lo && $0 <= hi }
    }
    let grid = (0...20).map { lo + (hi - lo) * Double($0) / 20 }
    let table = (grid + bounds).sorted().map(effect)
    let below = bounds.map { bound in Double(w.filter { $0 < bound }.count) / Double(w.count) }
    return JohnsonNeyman(bounds: bounds, below: below, table: table)
  }

  /// Percentile-bootstrap replicates of `statistics(coefficients of every equation)`.
  static func bootstrap(_ equations: [ProcessEquation], _ d: Data, replicates: Int, seed: UInt64, threads: Int?,
                        statistics: @escaping ([[Double]]) -> [Double]) -> (draws: [[Double]], failed: Int) {
    // Each replicate writes only its own slot; the statistics closure reads
    // immutable captures (equations, probe values): safe across threads.
    final class Slots: @unchecked Sendable {
      var values: [[Double]?]
      let statistics: ([[Double]]) -> [Double]
      init(_ n: Int, _ f: @escaping ([[Double]]) -> [Double]) { values = Array(repeating: nil, count: n); statistics = f }
    }
    let slots = Slots(replicates, statistics)
    let base = SplitMix64(seed: seed)
    let n = d.n
    let workers = max(1, min(threads ?? 2, replicates))
    let chunk = (replicates + workers - 1) / workers
    // Small matrices by loops that take no lock (LinearAlgebra's SmallKernels.swift).
    ParallelWork.perform(iterations: workers) { worker in
      var rows = [Int](repeating: 0, count: n)
      for r in (worker * chunk)..<min(replicates, (worker + 1) * chunk) {
        var g = base.split(stream: UInt64(r))
        for i in 0..<n { rows[i] = Int.random(in: 0..<n, using: &g) }
        var coefficients: [[Double]] = []
        var ok = true
        for e in equations {
          let x = design(e, d, rows: rows)
          let y = rows.map { d.columns[e.outcome]![$0] }
          guard let b = try? leastSquares(x, y) else { ok = false; break }
          coefficients.append(b)
        }
        slots.values[r] = ok ? slots.statistics(coefficients) : nil
      }
    }
    let draws = slots.values.compactMap { $0 }.filter { $0.allSatisfy(\.isFinite) }
    return (draws, replicates - draws.count)
  }

  /// b = (XᵀX)⁻¹Xᵀy by Cholesky, nothing else (the bootstrap's inner loop).
  static func leastSquares(_ x: Matrix, _ y: [Double]) throws -> [Double] {
    let xtx = x.times(x, transposeSelf: true)
    var xty = Matrix(rows: x.columns, columns: 1)
    for j in 0..<x.columns { var s = 0.0; for i in 0..<x.rows { s += x[i, j] * y[i] }; xty[j, 0] = s }
    guard OLS.isWellConditioned(xtx) else { throw DesignError(description: "singular") }
    return try Cholesky(xtx).solve(xty).elements
  }
}

/// A statistical failure (exit 1).
public struct ProcessFailure: Error, CustomStringConvertible, Sendable {
  public var description: String
}

#if canImport(Glibc)
import Glibc
#endif

extension ProcessFailure: ClassifiedError {
  public var failureKind: FailureKind { .statistical }
}
