import ClusterStat
import Foundation

// The flop floor of a fit: the least arithmetic one fit needs, timed on this
// machine, so that a fit's time reads as a multiple of it (Benchmarks/RESULTS.md).
// Each evaluation of F and ∇F for a group with p observed and m latent variables
// needs at least the Cholesky factor of Σ (p³/3 flops), its inverse (2p³/3),
// Σ⁻¹S and Σ⁻¹SΣ⁻¹ (4p³) and the chain rule through ΛΦ and ΛA (6p²m): about
// 5p³ + 6p²m. The floor is evaluations × groups × the time of exactly those
// calls (dpotrf, the triangular inverse, three products), the median of many
// runs at the model's p and m — the rate at which this machine does this
// arithmetic at this size, per-call overhead included. Everything else a fit
// does (start values, information, standard errors, the baseline, the fit
// measures) counts as overhead above the floor.

enum FlopFloor {
  struct Estimate: Encodable {
    var flops_per_evaluation: Double
    var seconds: Double
  }

  static func estimate(p: Int, m: Int, groups: Int, evaluations: Int) -> Estimate {
    var g = SplitMix64(seed: 1)
    var x = Matrix(rows: p + 2, columns: p)
    for k in x.elements.indices { x.elements[k] = g.nextUniform() }
    let s = x.gram + Matrix.identity(p)
    var factor = s, inverse = s, work = s, product = s, twice = s
    var lambdaPhi = Matrix(rows: p, columns: max(1, m)), out = lambdaPhi
    for k in lambdaPhi.elements.indices { lambdaPhi.elements[k] = g.nextUniform() }
    let clock = ContinuousClock()
    var times: [Double] = []
    for rep in 0..<400 {
      let start = clock.now
      factor.elements = s.elements
      _ = Cholesky.factorInPlaceInfo(&factor)
      inverse.elements = factor.elements
      Cholesky.invertInPlace(factor: &inverse, workspace: &work)
      Matrix.multiply(inverse, s, into: &product)
      Matrix.multiply(product, inverse, into: &twice)
      Matrix.multiply(twice, lambdaPhi, into: &out)
      Matrix.multiply(twice, lambdaPhi, into: &out, beta: 1)
      Matrix.multiply(out, lambdaPhi, into: &product, transposeB: true)
      let d = clock.now - start
      if rep >= 50 { times.append(Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18) }
    }
    times.sort()
    let perEvaluation = times[times.count / 2]
    let pd = Double(p), md = Double(m)
    return Estimate(flops_per_evaluation: 5 * pd * pd * pd + 6 * pd * pd * md,
                    seconds: Double(evaluations * groups) * perEvaluation)
  }
}
