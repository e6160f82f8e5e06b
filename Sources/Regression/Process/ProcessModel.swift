// Hayes' PROCESS models as equations (Hayes 2022, Introduction to Mediation,
// Moderation, and Conditional Process Analysis, 3rd ed., appendix A): each
// mediator and the outcome is an OLS regression on the terms below, with the
// covariates added to every equation (PROCESS's default). Terms are products
// of roles; Mᵢ stands for each mediator in turn.
//   1   Y: X, W, XW
//   2   Y: X, W, Z, XW, XZ
//   3   Y: X, W, Z, XW, XZ, WZ, XWZ
//   4   Mᵢ: X                      Y: X, M₁…M_k                      (parallel mediators)
//   6   Mᵢ: X, M₁…Mᵢ₋₁             Y: X, M₁…M_k                      (serial mediators)
//   7   Mᵢ: X, W, XW               Y: X, M₁…M_k
//   8   Mᵢ: X, W, XW               Y: X, M₁…M_k, W, XW
//   14  Mᵢ: X                      Y: X, M₁…M_k, W, M₁W…M_kW
//   15  Mᵢ: X                      Y: X, M₁…M_k, W, M₁W…M_kW, XW
//   58  Mᵢ: X, W, XW               Y: X, M₁…M_k, W, M₁W…M_kW
//   59  Mᵢ: X, W, XW               Y: X, M₁…M_k, W, M₁W…M_kW, XW

public enum ProcessRole: Hashable, Sendable, Comparable {
  case x, w, z
  case m(Int)
  case covariate(Int)
  case y
}

/// A product of roles (one role: a main effect).
public struct ProcessTerm: Hashable, Sendable {
  public var factors: [ProcessRole]
  init(_ factors: ProcessRole...) { self.factors = factors }
  init(_ factors: [ProcessRole]) { self.factors = factors }
}

public struct ProcessEquation: Sendable {
  public var outcome: ProcessRole
  public var terms: [ProcessTerm]
}

public enum ProcessModel: Int, Sendable, Codable, CaseIterable {
  case m1 = 1, m2 = 2, m3 = 3, m4 = 4, m6 = 6, m7 = 7, m8 = 8, m14 = 14, m15 = 15, m58 = 58, m59 = 59

  public var needsMediators: Bool { ![.m1, .m2, .m3].contains(self) }
  public var needsW: Bool { ![.m4, .m6].contains(self) }
  public var needsZ: Bool { self == .m2 || self == .m3 }

  /// The equations for k mediators and c covariates.
  public func equations(mediators k: Int, covariates c: Int) -> [ProcessEquation] {
    let covs = (0..<c).map { ProcessTerm(.covariate($0)) }
    let ms = (0..<k).map { ProcessTerm(.m($0)) }
    let mw = (0..<k).map { ProcessTerm(.m($0), .w) }
    let x = ProcessTerm(.x), w = ProcessTerm(.w), z = ProcessTerm(.z), xw = ProcessTerm(.x, .w)
    func mediator(_ i: Int) -> [ProcessTerm] {
      switch self {
      case .m7, .m8, .m58, .m59: return [x, w, xw]
      case .m6: return [x] + (0..<i).map { ProcessTerm(.m($0)) }
      default: return [x]
      }
    }
    let y: [ProcessTerm]
    switch self {
    case .m1: y = [x, w, xw]
    case .m2: y = [x, w, z, xw, ProcessTerm(.x, .z)]
    case .m3: y = [x, w, z, xw, ProcessTerm(.x, .z), ProcessTerm(.w, .z), ProcessTerm(.x, .w, .z)]
    case .m4, .m6, .m7: y = [x] + ms
    case .m8: y = [x] + ms + [w, xw]
    case .m14, .m58: y = [x] + ms + [w] + mw
    case .m15, .m59: y = [x] + ms + [w] + mw + [xw]
    }
    let mediatorEquations = needsMediators ? (0..<k).map { ProcessEquation(outcome: .m($0), terms: mediator($0) + covs) } : []
    return mediatorEquations + [ProcessEquation(outcome: .y, terms: y + covs)]
  }

  /// Roles whose variables PROCESS mean-centres with center = 1: those that form products.
  public func productRoles(mediators k: Int) -> Set<ProcessRole> {
    var roles = Set<ProcessRole>()
    for e in equations(mediators: k, covariates: 0) {
      for t in e.terms where t.factors.count > 1 { roles.formUnion(t.factors) }
    }
    return roles
  }
}
