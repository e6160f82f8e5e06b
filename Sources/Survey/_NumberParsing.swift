#if canImport(Glibc)
import Glibc
#endif

// Decimal text → Double. The fast path (Clinger 1990, "How to read floating
// point numbers accurately"): when the integer significand m is ≤ 2^53 and
// the decimal exponent e is within ±22, m·10^e (or m/10^−e)
// is one correctly rounded IEEE operation on two exact operands, hence exact
// to the last bit. Everything else goes to strtod, which rounds correctly.

private let _exactPowersOfTen: [Double] = (0...22).map { k in
  var p = 1.0
  for _ in 0..<k { p *= 10 }
  return p
}

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
  var mantissa: UInt64 = 0
  var digits = 0          // significant digits kept in mantissa
  var dropped = 0         // integer digits beyond 19 (scale up)
  var fractionDigits = 0  // digits after the point kept in mantissa
  var sawDigit = false
  while i < end, isDigit(p[i]) {
    sawDigit = true
    if digits < 19 {
      mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
      if mantissa != 0 { digits += 1 }
    } else {
      dropped += 1
    }
    i += 1
  }
  if i < end, p[i] == UInt8(ascii: ".") {
    i += 1
    while i < end, isDigit(p[i]) {
      sawDigit = true
      if digits < 19 {
        mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
        if mantissa != 0 { digits += 1 }
        fractionDigits += 1
      } else {
        // More than 19 significant digits: let strtod round them.
        return _slowParse(p, start, end)
      }
      i += 1
    }
  }
  if !sawDigit { return .notNumber }
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
  if dropped > 0 { return _slowParse(p, start, end) }
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
