import Foundation

// A dense real matrix stored column-major, as BLAS and LAPACK expect.
// Value semantics with copy-on-write come from the underlying Array.

public struct Matrix: Equatable, Sendable, CustomStringConvertible {
  public let rows: Int
  public let columns: Int
  /// Column-major elements: element (i, j) is at `i + j * rows`.
  public var elements: [Double]

  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    precondition(rows >= 0 && columns >= 0)
    self.rows = rows
    self.columns = columns
    self.elements = Array(repeating: value, count: rows * columns)
  }

  /// From column-major elements.
  public init(rows: Int, columns: Int, columnMajor elements: [Double]) {
    precondition(elements.count == rows * columns, "element count \(elements.count) ≠ \(rows)×\(columns)")
    self.rows = rows
    self.columns = columns
    self.elements = elements
  }

  /// From rows, as one writes a matrix on paper.
  public init(_ rowArrays: [[Double]]) {
    let r = rowArrays.count
    let c = rowArrays.first?.count ?? 0
    precondition(rowArrays.allSatisfy { $0.count == c }, "ragged rows")
    var e = [Double](repeating: 0, count: r * c)
    for i in 0..<r { for j in 0..<c { e[i + j * r] = rowArrays[i][j] } }
    self.init(rows: r, columns: c, columnMajor: e)
  }

  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { m.elements[i + i * n] = 1 }
    return m
  }

  public static func diagonal(_ d: [Double]) -> Matrix {
    var m = Matrix(rows: d.count, columns: d.count)
    for (i, v) in d.enumerated() { m.elements[i + i * d.count] = v }
    return m
  }

  public var isSquare: Bool { rows == columns }

  /// Copies `other`'s elements into this matrix's own storage (same shape).
  /// Assigning `elements` instead shares the buffer, and the first write then
  /// copies it: an allocation on every pass of a hot loop.
  @inlinable
  public mutating func overwrite(with other: Matrix) {
    precondition(rows == other.rows && columns == other.columns, "overwrite: \(other.rows)×\(other.columns) into \(rows)×\(columns)")
    let count = elements.count
    guard count > 0 else { return }
    elements.withUnsafeMutableBufferPointer { d in
      other.elements.withUnsafeBufferPointer { s in d.baseAddress!.update(from: s.baseAddress!, count: count) }
    }
  }

  @inlinable
  public subscript(i: Int, j: Int) -> Double {
    get { elements[i + j * rows] }
    set { elements[i + j * rows] = newValue }
  }

  public func column(_ j: Int) -> [Double] {
    Array(elements[(j * rows)..<((j + 1) * rows)])
  }

  public func row(_ i: Int) -> [Double] {
    (0..<columns).map { elements[i + $0 * rows] }
  }

  public var diagonalElements: [Double] {
    (0..<min(rows, columns)).map { elements[$0 + $0 * rows] }
  }

  public var rowArrays: [[Double]] { (0..<rows).map(row) }

  /// The rows and columns `indices` of a square matrix (a principal submatrix when they are distinct).
  public func submatrix(_ indices: [Int]) -> Matrix {
    var m = Matrix(rows: indices.count, columns: indices.count)
    for (b, j) in indices.enumerated() { for (a, i) in indices.enumerated() { m[a, b] = self[i, j] } }
    return m
  }

  public var transposed: Matrix {
    var t = Matrix(rows: columns, columns: rows)
    let (r, c) = (rows, columns)
    t.elements.withUnsafeMutableBufferPointer { pt in
      elements.withUnsafeBufferPointer { pe in
        for j in 0..<c { for i in 0..<r { pt[j + i * c] = pe[i + j * r] } }
      }
    }
    return t
  }

  public var trace: Double {
    precondition(isSquare)
    var s = 0.0
    for i in 0..<rows { s += elements[i + i * rows] }
    return s
  }

  /// tr(AB) = Σᵢⱼ AᵢⱼBⱼᵢ without forming AB (A m × n, B n × m), with
  /// optional weights: Σᵢⱼ uᵢ vⱼ AᵢⱼBⱼᵢ = tr(diag(u) A diag(v) B).
  public static func traceOfProduct(_ a: Matrix, _ b: Matrix, rowWeights u: [Double]? = nil, columnWeights v: [Double]? = nil) -> Double {
    precondition(a.rows == b.columns && a.columns == b.rows)
    let m = a.rows, n = a.columns
    return a.elements.withUnsafeBufferPointer { pa in
      b.elements.withUnsafeBufferPointer { pb in
        var total = 0.0
        for j in 0..<n {
          var s = 0.0
          // Bⱼᵢ walks row j of B: stride n.
          if let u { for i in 0..<m { s += u[i] * pa[i + j * m] * pb[j + i * n] } } else { for i in 0..<m { s += pa[i + j * m] * pb[j + i * n] } }
          total += (v?[j] ?? 1) * s
        }
        return total
      }
    }
  }

  /// ⟨A, B⟩ = Σᵢⱼ AᵢⱼBᵢⱼ = tr(AᵀB) (same shapes).
  public static func innerProduct(_ a: Matrix, _ b: Matrix) -> Double {
    precondition(a.rows == b.rows && a.columns == b.columns)
    if a.elements.isEmpty { return 0 }
    return a.elements.withUnsafeBufferPointer { pa in
      b.elements.withUnsafeBufferPointer { pb in contiguousDot(pa.baseAddress!, pb.baseAddress!, pa.count) }
    }
  }

  /// ‖A‖₁, the largest absolute column sum.
  public var oneNorm: Double {
    elements.withUnsafeBufferPointer { e in
      var best = 0.0
      for j in 0..<columns {
        var s = 0.0
        for i in 0..<rows { s += abs(e[i + j * rows]) }
        best = max(best, s)
      }
      return best
    }
  }

  /// Copies the lower triangle onto the upper one (LAPACK fills one triangle only).
  public mutating func symmetrizeFromLower() {
    precondition(isSquare)
    let n = rows
    elements.withUnsafeMutableBufferPointer { e in
      for j in 0..<n { for i in (j + 1)..<n { e[j + i * n] = e[i + j * n] } }
    }
  }

  /// Largest absolute element-wise difference; shapes must agree.
  public func maxAbsDifference(_ other: Matrix) -> Double {
    precondition(rows == other.rows && columns == other.columns)
    var m = 0.0
    for k in elements.indices { m = max(m, abs(elements[k] - other.elements[k])) }
    return m
  }

  public var description: String {
    rowArrays.map { $0.map { String(format: "%12.6g", $0) }.joined(separator: " ") }
      .joined(separator: "\n")
  }

  // MARK: element-wise arithmetic

  // One pass into fresh, uninitialised storage (copying `a` and then updating
  // it would copy first, then write).
  @inline(__always)
  static func elementwise(_ a: Matrix, _ b: Matrix?, _ op: (Double, Double) -> Double) -> Matrix {
    let count = a.elements.count
    let out = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
      a.elements.withUnsafeBufferPointer { pa in
        if let b {
          b.elements.withUnsafeBufferPointer { pb in for k in 0..<count { buffer[k] = op(pa[k], pb[k]) } }
        } else {
          for k in 0..<count { buffer[k] = op(pa[k], 0) }
        }
      }
      initialized = count
    }
    return Matrix(rows: a.rows, columns: a.columns, columnMajor: out)
  }

  public static func + (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.rows == b.rows && a.columns == b.columns, "shape mismatch in +")
    return elementwise(a, b, +)
  }

  public static func - (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.rows == b.rows && a.columns == b.columns, "shape mismatch in -")
    return elementwise(a, b, -)
  }

  public static func * (s: Double, a: Matrix) -> Matrix {
    elementwise(a, nil) { x, _ in s * x }
  }
}
