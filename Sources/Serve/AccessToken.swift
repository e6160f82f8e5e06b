// The secret that every request must carry. The server is bound to loopback,
// but every local program and every web page the researcher's browser opens
// can reach loopback: the token is what keeps them out of the data.

/// 256 random bits as 64 lowercase hex digits, drawn from the operating
/// system's generator (SystemRandomNumberGenerator: getrandom on Linux).
public struct AccessToken: Sendable, Equatable, CustomStringConvertible {
  public let value: String

  public init(value: String) { self.value = value }

  public static func random() -> AccessToken {
    var generator = SystemRandomNumberGenerator()
    return AccessToken(value: randomHex(bytes: 32, using: &generator))
  }

  /// Compares in time independent of where the strings first differ, so the
  /// token cannot be guessed a character at a time by timing the answers.
  public func matches(_ candidate: some StringProtocol) -> Bool {
    let a = Array(value.utf8), b = Array(candidate.utf8)
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for i in a.indices { difference |= a[i] ^ b[i] }
    return difference == 0
  }

  /// Shown in the printed URL only, never logged otherwise.
  public var description: String { value }
}

/// `bytes` random bytes as hex: the access token and the ids of datasets and runs.
func randomHex(bytes: Int, using generator: inout some RandomNumberGenerator) -> String {
  let digits = Array("0123456789abcdef".utf8)
  var out: [UInt8] = []
  out.reserveCapacity(bytes * 2)
  for _ in 0..<bytes {
    let byte = UInt8.random(in: .min ... .max, using: &generator)
    out.append(digits[Int(byte >> 4)])
    out.append(digits[Int(byte & 0x0F)])
  }
  return String(decoding: out, as: UTF8.self)
}

/// A fresh 128-bit id (datasets, analysis runs): unguessable, so one dataset's
/// id says nothing about another's.
func randomID() -> String {
  var generator = SystemRandomNumberGenerator()
  return randomHex(bytes: 16, using: &generator)
}
