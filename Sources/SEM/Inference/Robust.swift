// Robust standard errors and scaled test statistics for non-normal data.

public enum Robust: String, Sendable, Codable, CaseIterable {
  /// Satorra–Bentler: robust.sem standard errors, scaled χ² (complete data).
  case mlm
  /// Huber–White standard errors, Yuan–Bentler (Mplus) scaled χ².
  case mlr
}

enum Robustness {
  /// The robust covariance matrix of θ̂, or nil for normal-theory standard errors.
  static func vcov(_ f: FittedModel, informationInverse: Matrix) throws -> Matrix? {
    nil
  }
}
