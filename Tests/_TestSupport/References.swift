import Foundation
import Testing

// One way to hold a number against its R reference, for every test target:
// the project's tolerance |ours − ref| ≤ tol · max(|ref|, 0.01) (README), R's NA
// (nil, or NaN as jsonlite's "NA" reads) matched only by a number that is not
// there either, and keyed tables compared both ways — every reference entry has
// ours, ours has none the reference lacks, so the counts agree.

/// Whether `ours` agrees with the reference `ref` to `tolerance` (relative, floored at 0.01).
public func agrees(_ ours: Double?, _ ref: Double?, _ tolerance: Double = 1e-5) -> Bool {
  guard let ref, !ref.isNaN else { return ours == nil || ours!.isNaN }
  guard let ours else { return false }
  if ref.isInfinite { return ours == ref }
  return abs(ours - ref) <= tolerance * max(abs(ref), 0.01)
}

/// `agrees`, recording an issue that names the number when it does not.
@discardableResult
public func expectAgrees(_ ours: Double?, _ ref: Double?, _ tolerance: Double = 1e-5, _ what: @autoclosure () -> String = "",
                         sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
  let ok = agrees(ours, ref, tolerance)
  if !ok {
    let difference = (ours ?? .nan) - (ref ?? .nan)
    Issue.record("\(what()): ours \(ours.map { "\($0)" } ?? "none"), reference \(ref.map { "\($0)" } ?? "NA"), difference \(difference)",
                 sourceLocation: sourceLocation)
  }
  return ok
}

/// A number as jsonlite writes it: a JSON number, or "NA" (NaN).
public func referenceNumber(_ value: Any?) -> Double {
  (value as? Double) ?? (value as? NSNumber)?.doubleValue ?? .nan
}

/// Keyed numbers (fit measures by name, R² by variable) both ways: each
/// reference entry agrees with ours, and ours has no entry the reference lacks.
public func expectAgreeingEntries<Key: Hashable & Comparable>(_ ours: [Key: Double], _ ref: [Key: Double?], _ tolerance: Double = 1e-5,
                                                             _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
  for key in ref.keys.sorted() {
    guard ours.keys.contains(key) else {
      Issue.record("\(what): \(key) is in the reference but not ours", sourceLocation: sourceLocation)
      continue
    }
    expectAgrees(ours[key], ref[key] ?? nil, tolerance, "\(what) \(key)", sourceLocation: sourceLocation)
  }
  for key in ours.keys.sorted() where !ref.keys.contains(key) {
    Issue.record("\(what): ours has \(key), the reference does not", sourceLocation: sourceLocation)
  }
}
