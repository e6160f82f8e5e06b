// Terminal display width of a string: East Asian wide and fullwidth
// characters take two columns, combining marks none, everything else one
// (Unicode Standard Annex #11, "East Asian Width"; the W and F classes).
// Chinese labels and values stay aligned because padding counts columns,
// not characters.

public func displayWidth(_ s: String) -> Int {
  var w = 0
  for u in s.unicodeScalars { w += scalarWidth(u.value) }
  return w
}

@inline(__always)
func scalarWidth(_ v: UInt32) -> Int {
  if v < 0x300 { return v < 0x20 || (0x7F..<0xA0).contains(v) ? 0 : 1 }
  // Combining marks and zero-width characters.
  if (0x0300...0x036F).contains(v) || (0x200B...0x200F).contains(v) || (0xFE00...0xFE0F).contains(v)
    || (0x20D0...0x20FF).contains(v) || v == 0xFEFF { return 0 }
  switch v {
  case 0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
       0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
       0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
       0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
    return 2
  default:
    return 1
  }
}

/// Pads to a display width, left- or right-aligned.
public func pad(_ s: String, to width: Int, alignRight: Bool) -> String {
  let fill = String(repeating: " ", count: max(0, width - displayWidth(s)))
  return alignRight ? fill + s : s + fill
}
