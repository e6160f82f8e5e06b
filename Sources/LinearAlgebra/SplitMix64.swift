// SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number
// generators"; constants from Vigna's reference implementation): a 64-bit
// generator with a single word of state, so a run is fixed by its seed on
// every machine, and independent streams come from `split(stream:)` (used for
// parallel replicates whose results must not depend on the thread count).

public struct SplitMix64: RandomNumberGenerator, Sendable {
  public private(set) var state: UInt64

  public init(seed: UInt64) { state = seed }

  @inline(__always)
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// An independent generator for stream `k` of this seed.
  public func split(stream k: UInt64) -> SplitMix64 {
    var g = SplitMix64(seed: state ^ (k &* 0xD1B5_4A32_D192_ED03))
    return SplitMix64(seed: g.next())
  }

  /// Uniform on [0, 1) with 53 random bits.
  @inline(__always)
  public mutating func nextUniform() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// Standard normal by the Box–Muller transform (one of the pair is used, so
  /// the stream position depends only on the number of draws).
  public mutating func nextGaussian() -> Double {
    var u = nextUniform()
    while u == 0 { u = nextUniform() }
    let v = nextUniform()
    return (-2 * _log(u)).squareRoot() * _cos(2 * Double.pi * v)
  }
}
