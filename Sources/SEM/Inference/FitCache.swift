import Foundation
import LinearAlgebra

// What several consumers of one fit need — the information matrix (for the
// standard errors, robust statistics and modification indices) and the robust
// statistics (for the vcov and the scaled fit measures) — computed once per fit.
// Under FIML and MLR the information is the observed one, 4q gradient
// evaluations, so computing it twice was the larger part of reporting a fit.

final class _FitCache: @unchecked Sendable {
  // One lock per value: the robust statistics are made from the information.
  private let informationLock = NSLock(), robustLock = NSLock()
  private var information: Matrix?
  private var robust: RobustStatistics?

  func information(_ make: () throws -> Matrix) rethrows -> Matrix {
    informationLock.lock()
    defer { informationLock.unlock() }
    if let information { return information }
    let m = try make()
    information = m
    return m
  }

  func robust(_ make: () throws -> RobustStatistics) rethrows -> RobustStatistics {
    robustLock.lock()
    defer { robustLock.unlock() }
    if let robust { return robust }
    let r = try make()
    robust = r
    return r
  }
}
