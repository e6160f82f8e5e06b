import Foundation
import LinearAlgebra
import Psychometrics
import Survey
import Testing
import _TestSupport

/// psych::fa / principal / KMO / cortest.bartlett / fa.parallel on the 25 bfi
/// items (complete cases, N = 2436): psych_efa_bfi.json (../shared/reference)
/// and psych_more.json (Fixtures/make_references.R). Loadings are compared up
/// to column order and sign, to 1e-5; KMO, Bartlett and eigenvalues to 1e-8.
@Suite struct FactorTests {
  @Test func adequacyAndEigenvalues() throws {
    let ref = try json("psych_efa_bfi.json")
    let s = try bfiSample()
    #expect(s.n == 2436)
    let a = try Adequacy.compute(s)
    let kmo = ref["KMO"] as! [String: Any]
    expectAgrees(a.kmo.overall, kmo["MSA"] as! Double, 1e-8, "KMO")
    let msai = kmo["MSAi"] as! [String: Any]
    for item in bfiItems { expectAgrees(a.kmo.items[item]!, msai[item] as! Double, 1e-8, "MSA \(item)") }
    let b = ref["bartlett"] as! [String: Any]
    expectAgrees(a.bartlett.chisq, b["chisq"] as! Double, 1e-8, "Bartlett χ²")
    #expect(a.bartlett.df == 300)
    let ev = try SymmetricEigen(s.correlation, vectors: false).values
    for (i, v) in numbers(ref["eigenvalues"]).enumerated() { expectAgrees(ev[i], v, 1e-8, "eigenvalue \(i)") }
  }

  func check(_ r: EFAResult, loadings: [[Double]], h2: [Double], phi: [[Double]]?, ss: [Double]?, tol: Double, _ what: String) {
    let ours = r.loadings.map(\.loadings)
    let (perm, sign) = expectLoadings(ours, loadings, tol: tol, what)
    for (i, v) in h2.enumerated() { _ = closeAbs(r.loadings[i].h2, v, tol, "\(what) h2 \(i)") }
    if let ss { for (c, v) in ss.enumerated() { _ = closeAbs(r.variance.ssLoadings[perm[c]], v, tol * 25, "\(what) SS \(c)") } }
    if let phi {
      let ourPhi = r.phi!
      for a in phi.indices { for b in phi.indices {
        _ = closeAbs(sign[a] * sign[b] * ourPhi[perm[a]][perm[b]], phi[a][b], tol, "\(what) Φ[\(a), \(b)]")
      } }
    } else {
      #expect(r.phi == nil)
    }
  }

  @Test(arguments: ["pa_varimax", "minres_none"])
  func sharedReferenceCases(_ name: String) throws {
    let ref = ((try json("psych_efa_bfi.json")["fa"] as! [String: Any])[name]) as! [String: Any]
    let method = ExtractionMethod(rawValue: ref["fm"] as! String)!
    let rotation = RotationMethod(rawValue: ref["rotation"] as! String)!
    let r = try EFA.run(try bfiSample(), options: EFAOptions(method: method, rotation: rotation, factors: 5))
    let l = ref["loadings"] as! [String: Any]
    let h2 = ref["h2"] as! [String: Any]
    check(r, loadings: matrix(l["values"]), h2: bfiItems.map { h2[$0] as! Double }, phi: nil, ss: nil, tol: 1e-5, name)
    let vacc = matrix((ref["Vaccounted"] as! [String: Any])["values"])
    for c in 0..<5 { _ = closeAbs(r.variance.ssLoadings.sorted(by: >)[c], vacc[0].sorted(by: >)[c], 2e-5, "\(name) SS loadings \(c)") }
    expectAgrees(r.fit!.chisq, ref["STATISTIC"] as! Double, 1e-5, "\(name) χ²")
    #expect(r.fit!.df == ref["dof"] as! Int)
    expectAgrees(r.fit!.objective, ref["objective"] as! Double, 1e-5, "\(name) objective")
  }

  @Test(arguments: ["minres_oblimin", "ml_none", "ml_promax", "minres_quartimax", "minres_geominQ", "pa_oblimin", "minres_varimax"])
  func moreCases(_ name: String) throws {
    let ref = ((try json("psych_more.json")["fa"] as! [String: Any])[name]) as! [String: Any]
    let method = ExtractionMethod(rawValue: ref["fm"] as! String)!
    let rotation = RotationMethod(rawValue: (ref["rotation"] as! String) == "geominQ" ? "geomin" : ref["rotation"] as! String)!
    let r = try EFA.run(try bfiSample(), options: EFAOptions(method: method, rotation: rotation, factors: 5))
    check(r, loadings: matrix(ref["loadings"]), h2: numbers(ref["h2"]), phi: ref["Phi"] is NSNull ? nil : matrix(ref["Phi"]),
          ss: numbers(ref["ss"]), tol: 1e-5, name)
    for (i, v) in numbers(ref["complexity"]).enumerated() { _ = closeAbs(r.loadings[i].complexity, v, 1e-4, "\(name) complexity \(i)") }
    expectAgrees(r.fit!.chisq, ref["STATISTIC"] as! Double, 1e-5, "\(name) χ²")
  }

  @Test func principalComponents() throws {
    let s = try bfiSample()
    let none = try json("psych_more.json")["principal_none"] as! [String: Any]
    let r0 = try EFA.run(s, options: EFAOptions(method: .pca, rotation: .none, factors: 5))
    check(r0, loadings: matrix(none["loadings"]), h2: numbers(none["h2"]), phi: nil, ss: nil, tol: 1e-8, "principal none")
    let vm = try json("psych_efa_bfi.json")["principal_varimax"] as! [String: Any]
    let r1 = try EFA.run(s, options: EFAOptions(method: .pca, rotation: .varimax, factors: 5))
    let h2 = vm["h2"] as! [String: Any]
    check(r1, loadings: matrix((vm["loadings"] as! [String: Any])["values"]), h2: bfiItems.map { h2[$0] as! Double }, phi: nil, ss: nil, tol: 1e-6, "principal varimax")
  }

  @Test func parallelAnalysisAgreesWithinMonteCarloError() throws {
    let ref = try json("psych_more.json")["parallel"] as! [String: Any]
    let s = try bfiSample()
    let pa = try ParallelAnalysis.run(s.correlation, n: s.n, iterations: 20, seed: 20180501)
    // Observed values are deterministic.
    for (i, v) in numbers(ref["pc_values"]).enumerated() { expectAgrees(pa.observedComponents[i], v, 1e-8, "observed PC \(i)") }
    for (i, v) in numbers(ref["fa_values"]).enumerated() { _ = closeAbs(pa.observedFactors[i], v, 1e-5, "observed FA \(i)") }
    // Simulated means: R's RNG differs from ours; with 20 replicates of N = 2436
    // the leading simulated eigenvalues have Monte-Carlo s.e. ≈ 0.003.
    for (i, v) in numbers(ref["sim_pc"]).enumerated() { _ = closeAbs(pa.simulatedComponentsMean[i], v, 0.02, "simulated PC mean \(i)") }
    // The first simulated factor eigenvalue is looser: psych's replicates of it
    // scatter (one of its 20 here stopped at 0.42 where the rest lie near
    // 0.21, seen in fa.parallel's $values), and psych's run-to-run values
    // differ under mclapply even with set.seed.
    for (i, v) in numbers(ref["sim_fa"]).enumerated() {
      _ = closeAbs(pa.simulatedFactorsMean[i], v, i == 0 ? 0.06 : 0.02, "simulated FA mean \(i)")
    }
    #expect(pa.suggestedFactors == ref["nfact"] as! Int)
    #expect(pa.suggestedComponents == ref["ncomp"] as! Int)
    #expect(pa.kaiser == 6)
    // Same seed, same answer.
    let again = try ParallelAnalysis.run(s.correlation, n: s.n, iterations: 20, seed: 20180501)
    #expect(again == pa)
  }

  @Test func tooManyFactorsNamesTheLimit() throws {
    let s = try ItemSample.from(try dataset("HolzingerSwineford1939.csv"), items: ["x1", "x2", "x3", "x4", "x5"], purpose: "test")
    let message = inputErrorMessage { _ = try EFA.run(s, options: EFAOptions(method: .minres, rotation: .oblimin, factors: 3)) }
    #expect(message?.contains("at most 2 for minres") == true, "\(message ?? "no error")")
  }

  @Test func collinearItemsAreNamed() throws {
    var frame = try dataset("HolzingerSwineford1939.csv")
    let x1 = try frame.numericColumn("x1"), x2 = try frame.numericColumn("x2")
    frame.columns.append(Column(name: "sum12", values: .numeric(zip(x1, x2).map { $0 + $1 })))
    let s = try ItemSample.from(frame, items: ["x1", "x2", "x3", "sum12"], purpose: "test")
    let message = inputErrorMessage { _ = try EFA.run(s, options: EFAOptions(factors: 1)) }
    #expect(message?.contains("x1, x2") == true && message?.contains("sum12") == true, "\(message ?? "no error")")
  }

  @Test func constantItemIsBadInput() throws {
    var frame = try dataset("HolzingerSwineford1939.csv")
    frame.columns.append(Column(name: "k", values: .numeric(Array(repeating: 3, count: frame.rowCount))))
    let message = inputErrorMessage { _ = try ItemSample.from(frame, items: ["x1", "k"], purpose: "test") }
    #expect(message?.contains("constant") == true, "\(message ?? "no error")")
  }
}
