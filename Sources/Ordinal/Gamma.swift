import Dispatch
import Foundation
import LinearAlgebra
import Synchronization

// Γ = N·ZᵀZ from the per-case influences z (Mixed.swift; Muthén 1984, as
// lavaan's crossprod of the stacked influences): n·d²/2 multiply-adds for n
// cases and d statistics, bfi's 2,563 × 180 about 41 million, the largest
// single step of a WLSMV fit. The fit needs only diag(Γ) (DWLS's weight), so
// a large Γ is begun on another core while the fit runs on this one, by row
// blocks, ZᵀZ = Σ_b Z_bᵀZ_b; whoever asks for Γ first (the robust standard
// errors and test, WLS's full weight) takes the blocks not yet begun, so that
// both cores finish it; the blocks are summed in order as they come in (the
// same Γ whichever core formed which). Small Γ, and Γ inside a bootstrap
// worker (every core already busy), are formed at once.

public final class InfluenceGram: @unchecked Sendable {
  public let dimension: Int
  /// Γₖₖ = N Σₜ zₜₖ².
  public let diagonal: [Double]
  /// Row blocks, largest first (whoever joins last waits for one small block at most).
  private let bounds: [Int]
  private var blocks: Int { bounds.count - 1 }
  /// The next row block to take; the blocks the helper has taken and not
  /// handed in; N·Σ Z_bᵀZ_b (lower triangle) over blocks 0 ..< absorbed, added
  /// in block order as blocks come in (so Γ does not depend on which core
  /// formed which), and blocks handed in ahead of their turn; z until every
  /// block is in (n × d doubles: not kept with Γ). Whoever asks for Γ waits
  /// for the helper's blocks in hand only, never for the helper to start (it
  /// may not get a thread while every thread waits).
  private struct Progress {
    var next = 0, helperInHand = 0, absorbed = 0
    var sum: Matrix?
    var early: [Int: Matrix] = [:]
    var z: Matrix?
  }
  private let progress = Mutex(Progress())
  private let result = Mutex<Matrix?>(nil)

  /// The smallest block: a dsyrk this tall still runs at full speed.
  static let blockRows = 128

  /// Block boundaries over n rows: a quarter, a quarter, an eighth, an eighth, …
  /// down to `blockRows` (bfi's 2,563: 640, 640, 320, 320, 160, 160, 128, 128, 67).
  static func blockBounds(_ n: Int) -> [Int] {
    var bounds = [0], size = n / 4, k = 0
    while bounds.last! < n {
      bounds.append(min(n, bounds.last! + max(size, blockRows)))
      k += 1
      if k % 2 == 0 { size /= 2 }
    }
    return bounds
  }

  /// `z`: cases × dimension, column-major.
  public init(z elements: [Double], cases n: Int, dimension d: Int) {
    dimension = d
    let z = Matrix(rows: n, columns: d, columnMajor: elements)
    diagonal = elements.withUnsafeBufferPointer { z in
      (0..<d).map { k in Double(n) * contiguousDot(z.baseAddress! + k * n, z.baseAddress! + k * n, n) }
    }
    let background = availableCores > 1 && !ParallelWork.isActive && n * d * d / 2 >= Matrix.parallelGramWork
    bounds = background ? Self.blockBounds(n) : [0]
    guard background else {
      var g = Matrix(rows: d, columns: d)
      Matrix.gram(z, into: &g, alpha: Double(n), threads: availableCores)
      result.withLock { $0 = g }
      return
    }
    progress.withLock { $0.z = z }
    DispatchQueue.global(qos: .userInitiated).async { [self] in _ = takeBlocks(helper: true) }
  }

  /// Γ (taking the blocks still left when it is being formed).
  public var matrix: Matrix {
    result.withLock { done in
      if let done { return done }
      _ = takeBlocks(helper: false)
      while progress.withLock({ $0.helperInHand }) > 0 { usleep(10) }  // at most one block, the smallest ones last
      var g = progress.withLock { p in
        defer { p.sum = nil }
        return p.sum!
      }
      g.symmetrizeFromLower()
      done = g
      return g
    }
  }

  /// Forms the blocks this thread takes and hands each in; how many it took.
  private func takeBlocks(helper: Bool) -> Int {
    let d = dimension
    var count = 0
    while true {
      let taken: (Int, Matrix)? = progress.withLock { p in
        guard p.next < blocks, let z = p.z else { return nil }
        p.next += 1
        if helper { p.helperInHand += 1 }
        return (p.next - 1, z)
      }
      guard let (b, z) = taken else { return count }
      let n = z.rows
      count += 1
      // dsyrk with β = 0 writes the lower triangle, and only it is read.
      var part = Matrix(rows: d, columns: d, columnMajor: [Double](unsafeUninitializedCapacity: d * d) { _, c in c = d * d })
      Matrix.gramLower(z, rows: bounds[b]..<bounds[b + 1], into: &part, alpha: Double(n), beta: 0)
      progress.withLock { p in
        if helper { p.helperInHand -= 1 }
        p.early[b] = part
        while let next = p.early.removeValue(forKey: p.absorbed) {
          if p.sum == nil {
            p.sum = next
          } else {
            p.sum!.elements.withUnsafeMutableBufferPointer { s in
              next.elements.withUnsafeBufferPointer { x in
                for j in 0..<d { for i in j..<d { s[i + j * d] += x[i + j * d] } }
              }
            }
          }
          p.absorbed += 1
        }
        if p.absorbed == blocks { p.z = nil }
      }
    }
  }
}
