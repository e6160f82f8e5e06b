import Synchronization
import LinearAlgebra

// What several consumers of one fit need — the information matrix (for the
// standard errors, robust statistics and modification indices) and the robust
// statistics (for the vcov and the scaled fit measures) — computed once per
// fit. (The unrestricted model's information depends on the data alone and is
// kept with them: GroupData.unrestricted.)
// Under FIML and MLR the information is the observed one, 4q gradient
// evaluations, so computing it twice was the larger part of reporting a fit.

final class _FitCache: Sendable {
  let information = _Once<Matrix>()
  let robust = _Once<RobustStatistics>()
  let ordinal = _Once<OrdinalStatistics>()
}

/// A value made on first use, under its own lock (the robust statistics are
/// made from the information, so the two must not share one).
final class _Once<Value: Sendable>: Sendable {
  private let value = Mutex<Value?>(nil)

  func get(_ make: () throws -> Value) rethrows -> Value {
    try value.withLock { v in
      if let v { return v }
      let made = try make()
      v = made
      return made
    }
  }
}
