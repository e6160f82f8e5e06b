import Testing
@testable import Grey

// The issue's reference cases and hand-checked cases, each with its arithmetic.

func near(_ a: Double, _ b: Double, _ tol: Double = 1e-8) -> Bool { abs(a - b) <= tol }

func inputError(_ body: () throws -> Void) -> InputError? {
  do { try body() } catch let e as InputError { return e } catch { return nil }
  return nil
}

@Suite struct DengTests {
  // rows [55,24,10], [65,38,22], [75,40,18], [100,50,20]; first column the reference.
  let x0 = [55.0, 65, 75, 100], x1 = [24.0, 38, 40, 50], x2 = [10.0, 22, 18, 20]

  @Test func issueReferenceMeanNormalisation() throws {
    let r = try GreyRelational.series(
      reference: ("x0", x0), compared: [("x1", x1), ("x2", x2)], points: ["1", "2", "3", "4"],
      normalization: NormalizationOptions(method: .mean))
    #expect(near(r.degrees.values[0], 0.76966578))
    #expect(near(r.degrees.values[1], 0.60058464))
    #expect(r.ranking == ["x1", "x2"])
    #expect(r.coefficients.count == 4 && r.coefficients[0].count == 2)
  }

  @Test func perSeriesExtremes() throws {
    // Within x2 the extremes equal the global ones (x2 holds both), so its degree
    // is unchanged; x1 uses its own Δmin, Δmax and rises... to 0.75913734.
    let r = try GreyRelational.series(
      reference: ("x0", x0), compared: [("x1", x1), ("x2", x2)], points: ["1", "2", "3", "4"],
      normalization: NormalizationOptions(method: .mean), extremes: .perSeries)
    #expect(near(r.degrees.values[0], 0.75913734))
    #expect(near(r.degrees.values[1], 0.60058464))
  }

  @Test func handCaseWithWeightsAndRho() throws {
    // No normalisation: x0 = [1, 2], x1 = [2, 2] → Δ = [1, 0]; Δmin 0, Δmax 1.
    // ρ = 0.5: ξ = 0.5/(Δ + 0.5) = [1/3, 1]. Weights (3, 1) are rescaled to (0.75, 0.25):
    // r = 0.75/3 + 0.25 = 0.5.
    let r = try GreyRelational.series(
      reference: ("a", [1, 2]), compared: [("b", [2, 2])], points: ["t1", "t2"],
      normalization: NormalizationOptions(method: .none), weights: [3, 1])
    #expect(near(r.coefficients[0][0], 1.0 / 3, 1e-15) && r.coefficients[1][0] == 1)
    #expect(near(r.degrees.values[0], 0.5, 1e-15))
    #expect(r.warnings.count == 1 && r.warnings[0].en.contains("divided by their sum"))
    // ρ = 1: ξ = 1/(Δ + 1) = [0.5, 1] → r = 0.75 with equal weights.
    let r1 = try GreyRelational.series(
      reference: ("a", [1, 2]), compared: [("b", [2, 2])], points: ["t1", "t2"],
      normalization: NormalizationOptions(method: .none), rho: 1)
    #expect(near(r1.degrees.values[0], 0.75, 1e-15))
  }

  @Test func evaluationAgainstTheIdealUnit() throws {
    // Units × indicators: [3, 10], [5, 20], [4, 15]; the second is a cost.
    // min–max: ind1 → [0, 1, 0.5]; ind2 (cost) → [1, 0, 0.5]; ideal = [1, 1].
    // Δ: u1 [1, 0], u2 [0, 1], u3 [0.5, 0.5]; Δmin 0, Δmax 1; ξ = 0.5/(Δ + 0.5):
    // Δ 1 → 1/3, 0 → 1, 0.5 → 0.5. Degrees: u1 = u2 = 2/3, u3 = 0.5.
    let r = try GreyRelational.evaluation(
      indicators: [("ind1", [3, 5, 4]), ("ind2", [10, 20, 15])], units: ["u1", "u2", "u3"],
      normalization: NormalizationOptions(method: .minmax, cost: ["ind2"]))
    #expect(near(r.degrees.values[0], 2.0 / 3, 1e-15) && near(r.degrees.values[1], 2.0 / 3, 1e-15))
    #expect(near(r.degrees.values[2], 0.5, 1e-15))
    #expect(r.ranking == ["u1", "u2", "u3"])
  }

  @Test func badInput() {
    // A reference series starting with 0 under initial-value normalisation.
    let e = inputError {
      _ = try GreyRelational.series(reference: ("ref", [0, 1, 2]), compared: [("x", [1, 2, 3])], points: ["1", "2", "3"],
                                    normalization: NormalizationOptions(method: .initial))
    }
    #expect(e?.column == "ref" && e?.message.contains("starts with 0") == true)
    #expect(inputError {
      _ = try GreyRelational.series(reference: ("r", [1, 2]), compared: [("x", [1, 3])], points: ["1", "2"],
                                    normalization: NormalizationOptions(method: .none), rho: 0)
    }?.message.contains("ρ") == true)
  }
}

@Suite struct LiuTests {
  @Test func absoluteRelativeSynthetic() throws {
    // X0 = [1, 2, 3] → image [0, 1, 2], s0 = 1 + ½·2 = 2.
    // X1 = [2, 6, 8] → image [0, 4, 6], s1 = 4 + ½·6 = 7; s1 − s0 = (4 − 1) + ½(6 − 2) = 5.
    // ε = (1 + 2 + 7)/(1 + 2 + 7 + 5) = 10/15 = 2/3.
    // Initial images: X0' = [1, 2, 3], X1' = [1, 3, 4] → images [0,1,2], [0,2,3]:
    // s0' = 2, s1' = 2 + 1.5 = 3.5, diff = 1 + 0.5 = 1.5; r = 6.5/8 = 0.8125.
    // Synthetic, θ = 0.5: (2/3 + 0.8125)/2 = 0.73958333…
    let x0 = [1.0, 2, 3], x1 = [2.0, 6, 8]
    #expect(near(try LiuIncidence.degree(.absolute, x0, x1, names: ("x0", "x1")), 2.0 / 3, 1e-15))
    #expect(near(try LiuIncidence.degree(.relative, x0, x1, names: ("x0", "x1")), 0.8125, 1e-15))
    #expect(near(try LiuIncidence.degree(.synthetic, x0, x1, names: ("x0", "x1")), (2.0 / 3 + 0.8125) / 2, 1e-15))
    #expect(near(try LiuIncidence.degree(.synthetic, theta: 1, x0, x1, names: ("x0", "x1")), 2.0 / 3, 1e-15))
    // Identical series: ε = 1.
    #expect(try LiuIncidence.degree(.absolute, x0, x0, names: ("x0", "x0")) == 1)
    let e = inputError { _ = try LiuIncidence.degree(.relative, [0, 1], [1, 2], names: ("a", "b")) }
    #expect(e?.column == "a")
  }
}

@Suite struct EntropyTests {
  @Test func zerosCountAsZeroLogZero() throws {
    // No normalisation. A = [0, 1, 1]: p = [0, ½, ½], H = ln 2, E = ln 2/ln 3 = 0.63092975.
    // B = [1, 2, 3]: p = [⅙, ⅓, ½], H = 1.01140426, E = 0.92061984.
    // d = [0.36907025, 0.07938016], w = d/Σd = [0.82299010, 0.17700990].
    let r = try EntropyWeights.analyse(columns: [[0, 1, 1], [1, 2, 3]], names: ["A", "B"], units: ["1", "2", "3"],
                                       normalization: NormalizationOptions(method: .none), topsis: true)
    #expect(near(r.entropy.values[0], 0.6309297535714574, 1e-14) && near(r.entropy.values[1], 0.920619835714305, 1e-14))
    #expect(near(r.weights.values[0], 0.8229900956958253, 1e-14) && near(r.weights.values[1], 0.1770099043041747, 1e-14))
    // Scores Σ w x: unit 3 = 0.82299·1 + 0.17701·3.
    #expect(near(r.scores[2], 0.8229900956958253 + 3 * 0.1770099043041747, 1e-14))
    // TOPSIS: z = x/‖x‖; unit 1 is worst on both (C = 0), unit 3 best on both (C = 1),
    // unit 2: D⁺ = 0.11244361, D⁻ = 0.65125925, C = 0.85276524.
    let t = try #require(r.topsis)
    #expect(t.closeness[0] == 0 && near(t.closeness[2], 1, 1e-15))
    #expect(near(t.dPlus[1], 0.11244361, 1e-8) && near(t.dMinus[1], 0.65125925, 1e-8) && near(t.closeness[1], 0.85276524, 1e-8))
    #expect(t.rank == [3, 2, 1])
  }

  @Test func shiftAndNegatives() throws {
    // C = [-1, 0, 2]: negative without the shift is an error naming the cell.
    let e = inputError {
      _ = try EntropyWeights.analyse(columns: [[-1, 0, 2], [1, 2, 3]], names: ["C", "B"], units: ["1", "2", "3"],
                                     normalization: NormalizationOptions(method: .none))
    }
    #expect(e?.column == "C" && e?.row == 1 && e?.message.contains("a shift") == true && e?.settings == [.normalization, .shift])
    // With it, C + (|−1| + 0.01) = [0.01, 1.01, 3.01]; B (min 1 > 0) is left alone.
    let r = try EntropyWeights.analyse(columns: [[-1, 0, 2], [1, 2, 3]], names: ["C", "B"], units: ["1", "2", "3"],
                                       normalization: NormalizationOptions(method: .none), shift: true)
    #expect(r.shifted == ["C"])
    #expect(near(r.entropy.values[0], 0.5276317378579645, 1e-14))
  }

  @Test func concentrationWarningAndConstantIndicator() throws {
    let r = try EntropyWeights.analyse(columns: [[0, 0, 5], [1, 2, 3]], names: ["rare", "B"], units: ["1", "2", "3"],
                                       normalization: NormalizationOptions(method: .none))
    #expect(r.entropy.values[0] == 0 && r.warnings.contains { $0.en.contains("'rare'") })
    let e = inputError {
      _ = try EntropyWeights.analyse(columns: [[2, 2, 2], [1, 2, 3]], names: ["flat", "B"], units: ["1", "2", "3"],
                                     normalization: NormalizationOptions(method: .minmax))
    }
    #expect(e?.column == "flat" && e?.message.contains("constant") == true)
  }
}

@Suite struct NormalizationTests {
  @Test func forms() throws {
    let x = [2.0, 4, 6]
    #expect(try Normalization.initial.apply(x, name: "x") == [1, 2, 3])
    #expect(try Normalization.mean.apply(x, name: "x") == [0.5, 1, 1.5])
    #expect(try Normalization.minmax.apply(x, name: "x") == [0, 0.5, 1])
    #expect(try Normalization.minmax.apply(x, name: "x", cost: true) == [1, 0.5, 0])
    // interval [0.01, 0.99]: 0.01 + 0.98·[0, 0.5, 1] = [0.01, 0.5, 0.99].
    let iv = try Normalization.interval.apply(x, name: "x")
    #expect(near(iv[0], 0.01, 1e-15) && near(iv[1], 0.5, 1e-15) && near(iv[2], 0.99, 1e-15))
    // z-score: mean 4, s = 2 → [−1, 0, 1].
    #expect(try Normalization.zscore.apply(x, name: "x") == [-1, 0, 1])
    #expect(inputError { _ = try Normalization.minmax.apply([3, 3], name: "c") }?.message.contains("constant") == true)
    #expect(inputError { _ = try Normalization.none.apply([1, .nan], name: "m") }?.row == 2)
  }
}

@Suite struct CouplingTests {
  let s1 = [0.0162, 0.1782, 0.5490, 0.6730, 0.0207, 0.9875]
  let s2 = [0.2720, 0.6824, 0.0593, 0.4812, 0.8891, 0.5573]
  let s3 = [0.2655, 0.3721, 0.5729, 0.9082, 0.2017, 0.8984]

  @Test func issueReferenceThreeSystems() throws {
    let r = try Coupling.analyse(ids: (1...6).map(String.init), systems: ["s1", "s2", "s3"], indices: [s1, s2, s3],
                                 levels: .coordination("zh"), stages: .couplingStages("zh"))
    let C = [0.571, 0.867, 0.674, 0.967, 0.418, 0.971]
    let T = [0.185, 0.411, 0.394, 0.687, 0.370, 0.814]
    let D = [0.325, 0.597, 0.515, 0.815, 0.393, 0.889]
    // The issue prints 3 decimals: agree within half a unit of the last place
    // (T of unit 5 is (0.0207 + 0.8891 + 0.2017)/3 = 0.3705, printed 0.370).
    let half = 5e-4 + 1e-12
    for (k, row) in r.rows.enumerated() {
      #expect(near(row.C, C[k], half), "C row \(k + 1): \(row.C)")
      #expect(near(row.T, T[k], half), "T row \(k + 1): \(row.T)")
      #expect(near(row.D, D[k], half), "D row \(k + 1): \(row.D)")
    }
    // D = 0.325 → (0.3, 0.4] 轻度失调; D = 0.889 → (0.8, 0.9] 良好协调.
    #expect(r.rows[0].level == "轻度失调" && r.rows[5].level == "良好协调")
    #expect(r.rows[1].C_stage == "高水平耦合" && r.rows[4].C_stage == "拮抗")
  }

  @Test func revisedCouplingDegree() {
    // Two systems, U = (0.4, 0.8): [1 − 0.4/1] · (0.4/0.8 · 1)^{1/1} = 0.6 · 0.5 = 0.3, C = √0.3.
    #expect(near(Coupling.wangC([0.4, 0.8]), 0.3.squareRoot(), 1e-15))
    // Standard: 2√0.32/1.2 = 0.94280904.
    #expect(near(Coupling.standardC([0.4, 0.8]), 2 * 0.32.squareRoot() / 1.2, 1e-15))
    // Three systems, U = (0.2, 0.5, 0.8): gaps 0.3 + 0.6 + 0.3 = 1.2, Σ_{m=1}^{2} m = 3 → 0.6;
    // ∏ U/max = 0.25 · 0.625 · 1 = 0.15625, ^(1/2) = 0.39528471; C = √(0.6 · 0.39528471) = 0.48700187.
    #expect(near(Coupling.wangC([0.2, 0.5, 0.8]), 0.4870018732126484, 1e-14))
    // Equal U's couple perfectly under both; a zero U gives 0.
    #expect(near(Coupling.wangC([0.6, 0.6]), 1, 1e-15) && near(Coupling.standardC([0.6, 0.6]), 1, 1e-15))
    #expect(Coupling.standardC([0, 0.5]) == 0 && Coupling.wangC([0, 0.5]) == 0)
  }

  @Test func levelsAreHalfOpenIntervals() throws {
    let scale = LevelScale.coordination("zh")
    #expect(scale.names[scale.level(0)] == "极度失调" && scale.names[scale.level(0.1)] == "极度失调")
    #expect(scale.names[scale.level(0.1000001)] == "严重失调" && scale.names[scale.level(1)] == "优质协调")
    let narrow = LevelScale(cutoffs: [0.5, 0.52, 1], names: ["a", "b", "c"])
    #expect(try narrow.validate().count == 1)
    #expect(inputError { _ = try LevelScale(cutoffs: [0.5, 0.9], names: ["a", "b"]).validate() }?.message.contains("must be 1") == true)
  }

  @Test func standardCNoteAndBadInput() throws {
    // U's close to each other: standard C near 1 for all units → the note.
    let r = try Coupling.analyse(ids: ["a", "b", "c"], systems: ["x", "y"], indices: [[0.3, 0.5, 0.7], [0.35, 0.45, 0.8]],
                                 model: .wang, levels: .coordination("en"), stages: .couplingStages("en"))
    #expect(r.notes.count == 1 && r.rows[0].C == r.rows[0].C_wang)
    #expect(inputError {
      _ = try Coupling.analyse(ids: ["a"], systems: ["x"], indices: [[0.5]], levels: .coordination("en"), stages: .couplingStages("en"))
    }?.message.contains("at least two systems") == true)
    let out = inputError {
      _ = try Coupling.analyse(ids: ["a", "b"], systems: ["x", "y"], indices: [[0.5, 1.5], [0.5, 0.5]],
                               levels: .coordination("en"), stages: .couplingStages("en"))
    }
    #expect(out?.row == 2 && out?.column == "x" && out?.message.contains("outside [0, 1]") == true)
    // α that do not sum to 1 are rescaled, with a warning: α = (2, 2) → (0.5, 0.5).
    let a = try Coupling.analyse(ids: ["a"], systems: ["x", "y"], indices: [[0.2], [0.6]], alpha: [2, 2],
                                 levels: .coordination("en"), stages: .couplingStages("en"))
    #expect(a.alpha == [0.5, 0.5] && near(a.rows[0].T, 0.4, 1e-15) && a.warnings.count == 1)
  }

  @Test func systemIndexWeights() throws {
    // Equal weights over min–max normalised indicators: p = [0, 0.5, 1], q (cost) = [1, 0.5, 0] → U = 0.5 each.
    let (u, w, _) = try SystemIndex.compute(columns: [[1, 2, 3], [10, 20, 30]], names: ["p", "q"], system: "S",
                                            normalization: NormalizationOptions(method: .minmax, cost: ["q"]), weights: .equal)
    #expect(u == [0.5, 0.5, 0.5] && w == [0.5, 0.5])
    // One column, no normalisation: that column is U.
    let single = try SystemIndex.compute(columns: [[0.2, 0.7]], names: ["U"], system: "S",
                                         normalization: NormalizationOptions(method: .none), weights: .entropy)
    #expect(single.u == [0.2, 0.7] && single.weights == [1])
  }
}

@Suite struct GreyCouplingTests {
  // System 1: x1 = [0.2, 0.6], x2 = [0.6, 1.0]; system 2: y1 = [0.3, 0.5]; no normalisation.
  // t1: Δ = |0.2−0.3| = 0.1, |0.6−0.3| = 0.3;  t2: Δ = 0.1, |1.0−0.5| = 0.5.
  let s1 = (name: "A", columns: [[0.2, 0.6], [0.6, 1.0]], indicators: ["x1", "x2"])
  let s2 = (name: "B", columns: [[0.3, 0.5]], indicators: ["y1"])

  @Test func perUnitExtremes() throws {
    // t1: Δmin 0.1, Δmax 0.3: ξ11 = 1, ξ21 = (0.1 + 0.15)/(0.3 + 0.15) = 0.5555…
    // t2: Δmin 0.1, Δmax 0.5: ξ11 = 1, ξ21 = (0.1 + 0.25)/(0.5 + 0.25) = 0.4666…
    // γ21 = (0.5555… + 0.4666…)/2 = 0.5111…; C(t1) = 0.7777…, C(t2) = 0.7333…
    let r = try GreyCoupling.analyse(system1: s1, system2: s2, units: ["t1", "t2"], normalization: NormalizationOptions(method: .none))
    #expect(near(r.gamma[0][0], 1, 1e-15) && near(r.gamma[1][0], (5.0 / 9 + 7.0 / 15) / 2, 1e-15))
    #expect(near(r.coupling[0], (1 + 5.0 / 9) / 2, 1e-15) && near(r.coupling[1], (1 + 7.0 / 15) / 2, 1e-15))
    #expect(near(r.rowMeans.values[1], r.gamma[1][0], 1e-15) && near(r.columnMeans.values[0], (r.gamma[0][0] + r.gamma[1][0]) / 2, 1e-15))
  }

  @Test func globalExtremes() throws {
    // Δmin 0.1, Δmax 0.5 over all t: ξ21(t1) = 0.35/(0.3 + 0.25) = 0.6363…, ξ21(t2) = 0.4666…
    let r = try GreyCoupling.analyse(system1: s1, system2: s2, units: ["t1", "t2"], normalization: NormalizationOptions(method: .none),
                                     extremes: .global)
    #expect(near(r.gamma[1][0], (7.0 / 11 + 7.0 / 15) / 2, 1e-15))
  }
}
