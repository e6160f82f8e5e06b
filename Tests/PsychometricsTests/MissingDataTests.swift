import Foundation
import LinearAlgebra
import Psychometrics
import Validity
import Survey
import Testing
import _TestSupport

/// psych 2.2.9's defaults on data with missing values (bfi's real NAs, the
/// study's -2/-3 codes): alpha with and without check.keys, KMO/Bartlett and
/// fa with pairwise correlations (n.obs = nrow), the listwise alternative,
/// psych::omega's Schmid–Leiman ω_h/ω_t, cor.smooth, and fa.parallel's count.
/// References: Fixtures/psych_missing.json from make_references_missing.R.
/// Closed forms to 1e-8 relative; fa and omega (psych's L-BFGS-B stops short
/// of the optimum) to 1e-4.
@Suite struct MissingDataTests {
  static func section(_ name: String) -> [String: Any] { try! json("psych_missing.json")[name] as! [String: Any] }

  /// The rows the R script reads: all of them, with -2/-3 as missing.
  func frame(_ items: [String]) throws -> DataFrame {
    let names = Set(items)
    if names.isSubset(of: Set(bfiItems)) { return try dataset("bfi.csv") }
    if names.isSubset(of: Set((1...9).map { "x\($0)" })) { return try dataset("HolzingerSwineford1939.csv") }
    return try studyFrame()
  }

  func studyFrame() throws -> DataFrame {
    let path = datasets.deletingLastPathComponent().appendingPathComponent("cluster-enterprise/responses.csv").path
    let raw = try DataFrameReader.readCSV(path: path, options: CSVOptions(missingCodes: ["-2", "-3"]))
    let names = ["ACQ", "ASM", "TRN", "EXP"].flatMap { t in (1...3).map { "\(t)\($0)" } } + ["NV", "NB", "RM", "NP"].flatMap { t in (1...3).map { "\(t)\($0)" } }
    var columns: [Column] = []
    for (j, name) in names.enumerated() {
      columns.append(Column(name: name, values: .numeric(try raw.numericColumn(raw.names[21 + j]))))
    }
    return DataFrame(source: path, columns: columns, rowCount: raw.rowCount)
  }

  func strings(_ v: Any?) -> [String] {
    if let s = v as? String { return [s] }
    return (v as? [Any])?.compactMap { $0 as? String } ?? []
  }

  @Test(arguments: ["bfi_A_keys_pairwise", "bfi_A_keys_listwise", "bfi_C_keys_pairwise", "bfi_E_keys_pairwise",
                    "bfi_N_pairwise", "bfi_N_listwise", "bfi_C_pairwise"])
  func alpha(_ name: String) throws {
    let r = Self.section("alpha")[name] as! [String: Any]
    let items = strings(r["items"])
    let use: MissingHandling = name.hasSuffix("listwise") ? .listwise : .pairwise
    let s = try ItemSample.from(try frame(items), items: items, use: use, purpose: "test")
    #expect(s.n == r["nrow"] as! Int)
    let a = try Reliability.alpha(s, name: name, omegaTotal: Omega.total, keys: name.contains("keys") ? .check : .none)
    #expect(a.reversed == strings(r["reversed"]))
    let total = r["total"] as! [String: Any]
    expectAlphaTotals(a, total, name)
    let feldt = numbers(r["feldt"])
    expectAgrees(a.alphaCILower, feldt[0], 1e-8, "\(name) Feldt lower")
    expectAgrees(a.alphaCIUpper, feldt[1], 1e-8, "\(name) Feldt upper")
    for (i, st) in a.itemStats.enumerated() {
      #expect(st.n == (r["n"] as! [Int])[i], "\(name) n \(i)")
      expectAgrees(st.citc, numbers(r["r_drop"])[i], 1e-8, "\(name) r.drop \(i)")
      expectAgrees(st.rawR, numbers(r["raw_r"])[i], 1e-8, "\(name) raw.r \(i)")
      expectAgrees(st.stdR, numbers(r["std_r"])[i], 1e-8, "\(name) std.r \(i)")
      expectAgrees(st.rCor, numbers(r["r_cor"])[i], 1e-8, "\(name) r.cor \(i)")
      expectAgrees(st.mean, numbers(r["mean"])[i], 1e-8, "\(name) mean \(i)")
      expectAgrees(st.sd, numbers(r["sd"])[i], 1e-8, "\(name) sd \(i)")
      expectAgrees(st.alphaIfDeleted, numbers(r["alpha_drop"])[i], 1e-8, "\(name) α drop \(i)")
      expectAgrees(st.standardizedAlphaIfDeleted, numbers(r["std_alpha_drop"])[i], 1e-8, "\(name) std α drop \(i)")
    }
  }

  @Test func reverseNamedItemsEqualsCheckKeys() throws {
    let items = (1...5).map { "A\($0)" }
    let s = try ItemSample.from(try dataset("bfi.csv"), items: items, use: .pairwise, purpose: "test")
    let checked = try Reliability.alpha(s, name: "A", omegaTotal: Omega.total, keys: .check)
    let named = try Reliability.alpha(s, name: "A", omegaTotal: Omega.total, keys: .items(["A1"]))
    #expect(checked.alpha == named.alpha && checked.itemStats == named.itemStats)
    let plain = try Reliability.alpha(s, name: "A", omegaTotal: Omega.total)
    #expect(plain.warnings.contains { $0.en.contains("A1") && $0.en.contains("--check-keys") })
    #expect(throws: InputError.self) { _ = try Reliability.alpha(s, name: "A", omegaTotal: Omega.total, keys: .items(["C1"])) }
  }

  @Test(arguments: ["bfi_pairwise", "bfi_listwise", "nc_pairwise"])
  func adequacy(_ name: String) throws {
    let r = Self.section("adequacy")[name] as! [String: Any]
    let items = strings(r["items"])
    let s = try ItemSample.from(try frame(items), items: items, use: name.hasSuffix("listwise") ? .listwise : .pairwise, purpose: "test")
    let a = try Adequacy.compute(s)
    expectAgrees(a.kmo.overall, r["msa"] as! Double, 1e-8, "\(name) KMO")
    for (i, v) in numbers(r["msai"]).enumerated() { expectAgrees(a.kmo.items.values[i], v, 1e-8, "\(name) MSA \(i)") }
    expectAgrees(a.bartlett.chisq, r["chisq"] as! Double, 1e-8, "\(name) Bartlett χ²")
    #expect(a.bartlett.df == r["df"] as! Int)
    expectAgrees(a.bartlett.pvalue, r["pvalue"] as! Double, 1e-8, "\(name) Bartlett p")
    for (i, v) in numbers(r["eigenvalues"]).enumerated() { expectAgrees(a.eigenvalues[i], v, 1e-8, "\(name) eigenvalue \(i)") }
  }

  @Test(arguments: ["bfi_minres_oblimin_pairwise", "bfi_ml_promax_pairwise", "bfi_NO_minres_pairwise", "hs_minres_oblimin",
                    "nc_minres_oblimin_pairwise"])
  func factorAnalysis(_ name: String) throws {
    let r = Self.section("fa")[name] as! [String: Any]
    let items = strings(r["items"])
    let s = try ItemSample.from(try frame(items), items: items, use: .pairwise, purpose: "test")
    #expect(s.n == r["n_obs"] as! Int)
    let k = r["factors"] as! Int
    let e = try EFA.run(s, options: EFAOptions(method: ExtractionMethod(rawValue: r["fm"] as! String)!,
                                               rotation: RotationMethod(rawValue: r["rotation"] as! String)!, factors: k))
    expectLoadings(e.loadings.map(\.loadings), matrix(r["loadings"]), tol: 1e-4, name)
    for (i, v) in numbers(r["h2"]).enumerated() { _ = closeAbs(e.loadings[i].h2, v, 1e-4, "\(name) h2 \(i)") }
    let fit = try #require(e.fit)
    #expect(fit.df == r["dof"] as! Int)
    expectAgrees(fit.objective, r["objective"] as! Double, 1e-4, "\(name) objective")
    expectAgrees(fit.chisq, r["STATISTIC"] as! Double, 1e-4, "\(name) χ²")
    expectAgrees(fit.pvalue!, r["PVAL"] as! Double, 1e-3, "\(name) p")
    expectAgrees(fit.nullChisq, r["null_chisq"] as! Double, 1e-8, "\(name) null χ²")
    #expect(fit.nullDf == r["null_dof"] as! Int)
    expectAgrees(fit.tli, r["TLI"] as! Double, 1e-4, "\(name) TLI")
    let rmsea = numbers(r["RMSEA"])
    expectAgrees(fit.rmsea!, rmsea[0], 1e-4, "\(name) RMSEA")
    // psych finds the interval with uniroot (tolerance ε^¼ on the noncentrality).
    expectAgrees(fit.rmseaLower!, rmsea[1], 1e-3, "\(name) RMSEA lower")
    expectAgrees(fit.rmseaUpper!, rmsea[2], 1e-3, "\(name) RMSEA upper")
    expectAgrees(fit.bic!, r["BIC"] as! Double, 1e-4, "\(name) BIC")
  }

  // bfi_C_3 (three group factors for five items) is in the reference but not
  // here: psych fits that unidentified model; ClusterStat refuses it.
  @Test(arguments: ["hs_3", "bfi_C_1", "bfi_C_2", "bfi_25_5"])
  func omega(_ name: String) throws {
    let r = Self.section("omega")[name] as! [String: Any]
    let items = strings(r["items"])
    let s = try ItemSample.from(try frame(items), items: items, use: .pairwise, purpose: "test")
    let o = try OmegaHierarchical.compute(s.correlation, factors: r["factors"] as! Int, names: items)
    expectAgrees(o.omegaH, r["omega_h"] as! Double, 1e-4, "\(name) ω_h")
    expectAgrees(o.omegaTotal, r["omega_tot"] as! Double, 1e-4, "\(name) ω_t")
    expectAgrees(o.omegaLimit, r["omega_lim"] as! Double, 1e-4, "\(name) ω_limit")
    expectAgrees(o.alpha, r["alpha"] as! Double, 1e-8, "\(name) α")
    expectAgrees(o.g6, r["G6"] as! Double, 1e-8, "\(name) G6")
    expectAgrees(o.ecv, r["ECV"] as! Double, 1e-4, "\(name) ECV")
    #expect(o.reversed == zip(items, numbers(r["key"])).filter { $0.1 < 0 }.map(\.0), "\(name) reversed")
    for (i, v) in numbers(r["g"]).enumerated() { _ = closeAbs(o.g[i], v, 1e-4, "\(name) g \(i)") }
    for (i, v) in numbers(r["u2"]).enumerated() { _ = closeAbs(o.u2[i], v, 1e-4, "\(name) u2 \(i)") }
    // Group rows: the first is the whole scale; the rest in psych's factor
    // order, which may differ from ours, so compared as sorted sets.
    let totals = numbers(r["group_total"]), generals = numbers(r["group_general"]), groups = numbers(r["group_group"])
    expectAgrees(o.groups[0].total!, totals[0], 1e-4, "\(name) whole total")
    expectAgrees(o.groups[0].group!, groups[0], 1e-4, "\(name) whole group")
    let ours = o.groups.dropFirst().compactMap(\.general).sorted()
    let theirs = generals.dropFirst().filter(\.isFinite).sorted()
    #expect(ours.count == theirs.count, "\(name) groups with items")
    for (a, b) in zip(ours, theirs) { expectAgrees(a, b, 1e-4, "\(name) group general") }
  }

  @Test func corSmooth() throws {
    let r = Self.section("smooth")
    let input = matrix(r["input"]), output = matrix(r["output"])
    var m = Matrix(rows: 4, columns: 4)
    for i in 0..<4 { for j in 0..<4 { m[i, j] = input[i][j] } }
    let s = try #require(ItemSample.smoothed(m))
    for i in 0..<4 { for j in 0..<4 { expectAgrees(s[i, j], output[i][j], 1e-8, "smoothed [\(i), \(j)]") } }
    #expect(ItemSample.smoothed(Matrix.identity(4)) == nil)
  }

  /// psych's count, within the spread psych shows over its seeds 1–40 (it
  /// varies: bfi A1:C5 gives 3 for 29 seeds and 4 for 11), for our seeds
  /// 1–40, with the same most frequent count — and never a failed replicate.
  @Test(.tags(.slow), .enabled(if: slowTestsEnabled), arguments: ["bfi_NO", "bfi_AC", "bfi_AE", "hs", "nc", "ac"])
  func parallelAnalysisCount(_ name: String) throws {
    let r = Self.section("parallel")[name] as! [String: Any]
    let items = strings(r["items"])
    let s = try ItemSample.from(try frame(items), items: items, use: .pairwise, purpose: "test")
    let nfact = (r["nfact"] as! [Int]), ncomp = (r["ncomp"] as! [Int])
    var ours: [Int] = []
    for seed in 1...40 {
      let pa = try ParallelAnalysis.run(s.correlation, n: s.n, iterations: 20, seed: UInt64(seed))
      #expect(pa.failed == 0)
      #expect((nfact.min()!...nfact.max()!).contains(pa.suggestedFactors), "\(name) seed \(seed): \(pa.suggestedFactors) factors, psych \(nfact)")
      #expect((ncomp.min()!...ncomp.max()!).contains(pa.suggestedComponents), "\(name) seed \(seed): \(pa.suggestedComponents) components, psych \(ncomp)")
      ours.append(pa.suggestedFactors)
    }
    func mode(_ v: [Int]) -> Int { Dictionary(grouping: v, by: { $0 }).max { $0.value.count < $1.value.count }!.key }
    #expect(mode(ours) == mode(nfact), "\(name): most frequent count \(mode(ours)), psych \(mode(nfact))")
  }

  /// A grid of simulated scales: p items in k factors of equal size (simple
  /// structure, loadings 0.7, factor correlations 0.3), N cases, 20 seeds.
  /// Where the structure is clear (N ≥ 300) parallel analysis finds k; it
  /// never finds 0 on data with a factor, and no replicate ever fails.
  @Test(.tags(.slow), .enabled(if: slowTestsEnabled), arguments: [(6, 1), (6, 2), (9, 3), (12, 4), (15, 3), (15, 5), (20, 4), (30, 5), (30, 1)])
  func parallelAnalysisGrid(_ design: (Int, Int)) throws {
    let (p, k) = design
    for n in [100, 300, 1000, 3000] {
      var found: [Int] = []
      for seed in 0..<20 {
        let r = simulatedCorrelation(p: p, k: k, n: n, seed: UInt64(1000 * p + 100 * k + seed) &* 2654435761 &+ UInt64(n))
        let pa = try ParallelAnalysis.run(r, n: n, iterations: 20, seed: UInt64(seed + 1))
        #expect(pa.failed == 0)
        #expect(pa.suggestedFactors >= 1, "p \(p), k \(k), N \(n), seed \(seed): no factor")
        found.append(pa.suggestedFactors)
      }
      if n >= 300 {
        #expect(found.allSatisfy { $0 == k }, "p \(p), k \(k), N \(n): suggested \(found)")
      }
    }
  }

  func simulatedCorrelation(p: Int, k: Int, n: Int, seed: UInt64) -> Matrix {
    var g = SplitMix64(seed: seed)
    let lambda = 0.7, rho = 0.3
    var x = Matrix(rows: n, columns: p)
    for t in 0..<n {
      let common = g.nextGaussian()
      let f = (0..<k).map { _ in rho.squareRoot() * common + (1 - rho).squareRoot() * g.nextGaussian() }
      for j in 0..<p {
        x[t, j] = lambda * f[j * k / p] + (1 - lambda * lambda).squareRoot() * g.nextGaussian()
      }
    }
    var c = Matrix(rows: p, columns: p)
    var means = [Double](repeating: 0, count: p)
    for j in 0..<p { for t in 0..<n { means[j] += x[t, j] }; means[j] /= Double(n) }
    for j in 0..<p { for t in 0..<n { x[t, j] -= means[j] } }
    Matrix.gram(x, into: &c)
    return ItemSample.cov2cor(c)
  }
}

