#if canImport(Glibc)
import Glibc
#endif

// Decimal text → Double. The fast path (Clinger 1990, "How to read floating
// point numbers accurately"): when the integer significand m is ≤ 2^53 and
// the decimal exponent e is within ±22, m·10^e (or m/10^−e)
// is one correctly rounded IEEE operation on two exact operands, hence exact
// to the last bit. Everything else goes to strtod, which rounds correctly.

// A literal table, so the compiler can place it in read-only data (no lazy
// initialisation check on every parse).
private let _exactPowersOfTen: [Double] = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
  1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

enum _NumberParse {
  case number(Double)
  case notNumber
}

@inline(__always)
private func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }

/// Parses bytes [start, end) of `p` (ASCII spaces already trimmed).
@inline(__always)
func _parseDecimal(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> _NumberParse {
  var i = start
  if i == end { return .notNumber }
  var negative = false
  if p[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if p[i] == UInt8(ascii: "+") { i += 1 }
  // Up to 19 decimal digits fit in a UInt64 (10¹⁹ < 2⁶⁴), so accumulate
  // without overflow checks and count digits by position; longer numbers go
  // to strtod.
  var mantissa: UInt64 = 0
  let intStart = i
  while i < end, isDigit(p[i]) {
    mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
    i += 1
  }
  let intDigits = i - intStart
  var fractionDigits = 0
  if i < end, p[i] == UInt8(ascii: ".") {
    i += 1
    let fracStart = i
    while i < end, isDigit(p[i]) {
      mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
      i += 1
    }
    fractionDigits = i - fracStart
  }
  if intDigits + fractionDigits == 0 { return .notNumber }
  var exponent = 0
  if i < end, p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") {
    i += 1
    var expNegative = false
    if i < end, p[i] == UInt8(ascii: "-") { expNegative = true; i += 1 } else if i < end, p[i] == UInt8(ascii: "+") { i += 1 }
    if i == end || !isDigit(p[i]) { return .notNumber }
    while i < end, isDigit(p[i]) {
      if exponent < 100_000 { exponent = exponent * 10 + Int(p[i] &- 48) }
      i += 1
    }
    if expNegative { exponent = -exponent }
  }
  if i != end { return .notNumber }
  if intDigits + fractionDigits > 19 { return _slowParse(p, start, end) }
  let e10 = exponent - fractionDigits
  if mantissa <= (1 << 53), e10 >= -22, e10 <= 22 {
    var v = Double(mantissa)
    v = e10 >= 0 ? v * _exactPowersOfTen[e10] : v / _exactPowersOfTen[-e10]
    return .number(negative ? -v : v)
  }
  return _slowParse(p, start, end)
}

/// strtod on a NUL-terminated copy; only reached for syntactically valid decimals.
private func _slowParse(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> _NumberParse {
  let n = end - start
  return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buf in
    for k in 0..<n { buf[k] = CChar(bitPattern: p[start + k]) }
    buf[n] = 0
    var endPtr: UnsafeMutablePointer<CChar>? = nil
    let v = strtod(buf.baseAddress!, &endPtr)
    guard let endPtr, endPtr - buf.baseAddress! == n else { return .notNumber }
    return .number(v)
  }
}

/// Parses a Swift string as a decimal number with the same rules as the CSV reader.
public func parseDecimal(_ s: String) -> Double? {
  var bytes = Array(s.utf8)
  var a = 0, b = bytes.count
  while a < b, bytes[a] == 32 || bytes[a] == 9 { a += 1 }
  while b > a, bytes[b - 1] == 32 || bytes[b - 1] == 9 { b -= 1 }
  return bytes.withUnsafeMutableBufferPointer { buf -> Double? in
    guard let base = buf.baseAddress else { return nil }
    if case .number(let v) = _parseDecimal(UnsafePointer(base), a, b) { return v }
    return nil
  }
}
