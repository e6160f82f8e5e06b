// The reliability chapter's result: each scale's α, ω and item statistics
// (Alpha.swift) with the cut-offs they are judged by — α ≥ 0.70 (Nunnally 1978),
// corrected item–total correlation ≥ 0.30 (Nunnally & Bernstein 1994) — and
// whether reversed items were found by psych's check.keys.

public struct ReliabilityReport: Sendable, Encodable {
  public var scales: [ScaleReliability]
  public var alphaCutoff: Double
  public var citcCutoff: Double
  /// Reversed items were chosen by psych's check.keys (else named by the user).
  public var checkKeys: Bool
  enum CodingKeys: String, CodingKey {
    case scales
    case alphaCutoff = "alpha_cutoff", citcCutoff = "citc_cutoff", checkKeys = "check_keys"
  }

  public init(scales: [ScaleReliability], alphaCutoff: Double, citcCutoff: Double, checkKeys: Bool = false) {
    self.scales = scales
    self.alphaCutoff = alphaCutoff
    self.citcCutoff = citcCutoff
    self.checkKeys = checkKeys
  }
}
