import Foundation

// `describe` of a large CSV without holding its columns: the file is read on
// all cores in parts (as Moments.stream reads it) and each numeric column is
// tallied — the count of each distinct value, exactly, as long as a column
// has at most 4,096 of them (rating items have a handful; a lone digit is
// counted without parsing it), else the count in each of 1,024 buckets per
// binade of the value's magnitude (a relative width of 1/1,024 to 1/2,048).
// From exact counts every statistic follows at once: the median, trimmed mean
// and MAD by walking the sorted values with their counts, the moments as
// Σ count·(x − x̄)ᵏ. A bucketed column needs a second pass: its centred
// moments about the first pass's mean, the sum of the values between the
// trimmed ends, and the values of the few buckets that hold an order statistic
// (the median's, the trimmed ends', and those that may hold the median
// absolute deviation, bounded from the buckets' ranges around the median's
// bucket), collected and sorted. The second pass runs over the values of those
// columns kept during the first when they fit the memory budget (columns that
// look continuous in the first 2,000 rows are kept), else over the file.
// Sums are kept in double-double arithmetic, so the moments are the exact sums
// rounded once where psych/R (and the in-memory describe) add in row order;
// the results agree to rounding (1e-12 relative or better on small files; on
// a million rows the row-order sums drift by up to ~1e-9, these do not).
//
// Columns this route does not tally — one with a cell that is not a number
// (answer texts, free text, a stray code), a bucketed column whose frequency
// table was asked for (its distinct values must be counted one by one), or one
// whose selection came out inconsistent — are read by the whole reading
// pipeline in batches, as before, and described by the in-memory code.
// Personal data in numeric columns (phones and ID numbers typed as numbers,
// header words) are judged by the guard's own rules from the tallies.

/// A double-double accumulator (Knuth's two-sum; products split with an FMA).
struct _DD {
  var hi = 0.0, lo = 0.0

  @inline(__always) mutating func add(_ x: Double) {
    let s = hi + x
    let bb = s - hi
    lo += (hi - (s - bb)) + (x - bb)
    hi = s
  }

  /// Adds a·c exactly (c < 2⁵³).
  @inline(__always) mutating func add(_ a: Double, times c: Int) {
    let b = Double(c)
    let p = a * b
    add(p)
    lo += (-p).addingProduct(a, b)
  }

  mutating func add(_ o: _DD) {
    add(o.hi)
    lo += o.lo
  }

  var value: Double { hi + lo }

  /// The sum divided by n, rounded once (to within an ulp).
  func quotient(_ n: Double) -> Double {
    let s = hi + lo
    let e = lo - (s - hi)
    let q = s / n
    let r = s.addingProduct(-q, n)
    return q + (r + e) / n
  }
}

/// A double's bit pattern mapped so that unsigned order is numeric order.
@inline(__always) func _orderedKey(_ v: Double) -> UInt64 {
  let u = v.bitPattern
  return u >> 63 == 0 ? u | (1 << 63) : ~u
}

@inline(__always) func _value(ofOrderedKey o: UInt64) -> Double {
  Double(bitPattern: o >> 63 == 1 ? o & ~(1 << 63) : ~o)
}

/// Counts of a column's values: exact (whole numbers −128…127 in a table, other
/// values hashed by bit pattern) up to `exactLimit` distinct values, then per
/// bucket of ordered bit patterns: key = (pattern >> 42) + 1, 1,024 buckets per
/// binade, counted in a table per binade (allocated when first met).
struct _Tally {
  static let exactLimit = 4096
  /// 10 bits of mantissa: 1,024 buckets per binade.
  static let shift: UInt64 = 42

  var small: UnsafeMutablePointer<Int>
  var keys: UnsafeMutablePointer<UInt64>
  var counts: UnsafeMutablePointer<Int>
  var capacity: Int
  var indexBits: UInt64
  var used = 0
  /// Bucket mode: per sign and exponent (ordered pattern >> 52), 1,024 counts or nil.
  var binades: UnsafeMutablePointer<UnsafeMutablePointer<Int>?>?

  init() {
    small = .allocate(capacity: 256)
    small.initialize(repeating: 0, count: 256)
    capacity = 64
    indexBits = 6
    keys = .allocate(capacity: capacity)
    keys.initialize(repeating: 0, count: capacity)
    counts = .allocate(capacity: capacity)
    counts.initialize(repeating: 0, count: capacity)
  }

  func free() {
    small.deallocate()
    keys.deallocate()
    counts.deallocate()
    if let binades {
      for i in 0..<4096 { binades[i]?.deallocate() }
      binades.deallocate()
    }
  }

  var isExact: Bool { binades == nil }

  /// Counts v (past `exactLimit` distinct values, in buckets).
  mutating func add(_ v: Double) {
    if binades != nil {
      addToBucket(v)
    } else {
      addExact(v)
      if used > Self.exactLimit { toBuckets() }
    }
  }

  /// Bucket mode: counts v in its bucket.
  @inline(__always) mutating func addToBucket(_ v: Double) {
    let o = _orderedKey(v)
    let top = Int(truncatingIfNeeded: o >> 52)
    let row = binades![top] ?? Self.newBinade(binades!, top)
    row[Int(truncatingIfNeeded: (o >> Self.shift) & 1023)] += 1
  }

  /// Exact mode: counts v (the caller turns to buckets past `exactLimit`).
  @inline(__always) mutating func addExact(_ v: Double) {
    if v > -129, v < 128 {
      let i = Int(v)
      if Double(i) == v {
        small[i + 128] += 1
        return
      }
    }
    insert(_orderedKey(v), 1)
  }

  private static func newBinade(_ binades: UnsafeMutablePointer<UnsafeMutablePointer<Int>?>, _ top: Int) -> UnsafeMutablePointer<Int> {
    let row = UnsafeMutablePointer<Int>.allocate(capacity: 1024)
    row.initialize(repeating: 0, count: 1024)
    binades[top] = row
    return row
  }

  /// Adds c to the bucket with this key (bucket mode).
  private mutating func addBucket(_ key: UInt64, _ c: Int) {
    let b = key - 1
    let top = Int(truncatingIfNeeded: b >> 10)
    let row = binades![top] ?? Self.newBinade(binades!, top)
    row[Int(truncatingIfNeeded: b & 1023)] += c
  }

  @inline(__always) mutating func insert(_ key: UInt64, _ c: Int) {
    var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> (64 - indexBits))
    let m = capacity - 1
    while true {
      let k = keys[i]
      if k == key {
        counts[i] += c
        return
      }
      if k == 0 {
        keys[i] = key
        counts[i] = c
        used += 1
        if used * 2 > capacity { rehash(into: capacity * 2) }
        return
      }
      i = (i + 1) & m
    }
  }

  /// The occupied slots of the exact table as (ordered pattern, count).
  func slots() -> [(UInt64, Int)] {
    var out: [(UInt64, Int)] = []
    out.reserveCapacity(used)
    for i in 0..<capacity where keys[i] != 0 { out.append((keys[i], counts[i])) }
    return out
  }

  private mutating func reset(capacity c: Int) {
    keys.deallocate()
    counts.deallocate()
    capacity = c
    indexBits = UInt64(c.trailingZeroBitCount)
    keys = .allocate(capacity: c)
    keys.initialize(repeating: 0, count: c)
    counts = .allocate(capacity: c)
    counts.initialize(repeating: 0, count: c)
    used = 0
  }

  private mutating func rehash(into c: Int) {
    let old = slots()
    reset(capacity: c)
    for (k, n) in old { insert(k, n) }
  }

  /// From exact counts to buckets.
  mutating func toBuckets() {
    guard binades == nil else { return }
    var entries = slots()
    for i in 0..<256 where small[i] > 0 { entries.append((_orderedKey(Double(i - 128) + 0), small[i])) }
    small.update(repeating: 0, count: 256)
    reset(capacity: 64)
    let b = UnsafeMutablePointer<UnsafeMutablePointer<Int>?>.allocate(capacity: 4096)
    b.initialize(repeating: nil, count: 4096)
    binades = b
    for (k, n) in entries { addBucket((k >> Self.shift) + 1, n) }
  }

  /// Adds another tally's counts (converting either to buckets if need be).
  mutating func merge(_ o: inout _Tally) {
    if isExact && o.isExact {
      for i in 0..<256 { small[i] += o.small[i] }
      for (k, n) in o.slots() { insert(k, n) }
      if used > Self.exactLimit { toBuckets() }
      return
    }
    toBuckets()
    o.toBuckets()
    for top in 0..<4096 {
      guard let theirs = o.binades![top] else { continue }
      let mine = binades![top] ?? Self.newBinade(binades!, top)
      for i in 0..<1024 { mine[i] += theirs[i] }
    }
  }

  /// Exact mode: (value, count), ascending.
  func exactEntries() -> [(value: Double, count: Int)] {
    var out: [(value: Double, count: Int)] = []
    for i in 0..<256 where small[i] > 0 { out.append((Double(i - 128) + 0, small[i])) }
    for (k, n) in slots() { out.append((_value(ofOrderedKey: k), n)) }
    out.sort { $0.value < $1.value }
    return out
  }

  /// Bucket mode: (key, count), ascending.
  func bucketEntries() -> [(key: UInt64, count: Int)] {
    var out: [(key: UInt64, count: Int)] = []
    guard let binades else { return out }
    for top in 0..<4096 {
      guard let row = binades[top] else { continue }
      for i in 0..<1024 where row[i] > 0 { out.append((UInt64(top << 10 | i) + 1, row[i])) }
    }
    return out
  }
}

/// One column's first pass over one part of the file.
struct _ColumnScan {
  var tally = _Tally()
  /// Values tallied.
  var count = 0
  var missing = 0
  /// Numeric cells that are phone or ID numbers (`PersonalDataGuard.numericKind`).
  var phones = 0, ids = 0
  /// Met a cell that is not a number: the column is read by the in-memory route.
  var text = false
  /// Of the values tallied; while the tally is exact, taken from it at the end (`finish`).
  var min = Double.infinity, max = -Double.infinity
  var sum = _DD()

  @inline(__always) mutating func add(_ v: Double) {
    count += 1
    if tally.binades == nil {
      tally.addExact(v)
      if tally.used > _Tally.exactLimit { toBuckets() }
    } else {
      sum.add(v)
      if v < min { min = v }
      if v > max { max = v }
      tally.addToBucket(v)
    }
  }

  /// A whole number 0…9.
  @inline(__always) mutating func addDigit(_ d: Int) {
    if tally.binades == nil {
      count += 1
      tally.small[d + 128] += 1
    } else {
      add(Double(d))
    }
  }

  private mutating func absorbExact() {
    // In table order (no sort): the sum is exact to double-double precision whatever the order.
    for i in 0..<256 where tally.small[i] > 0 { absorb(Double(i - 128) + 0, tally.small[i]) }
    for (k, c) in tally.slots() { absorb(_value(ofOrderedKey: k), c) }
  }

  private mutating func absorb(_ v: Double, _ c: Int) {
    sum.add(v, times: c)
    if v < min { min = v }
    if v > max { max = v }
  }

  mutating func toBuckets() {
    absorbExact()
    tally.toBuckets()
  }

  /// At the end of the part: the sum, min and max of a tally still exact.
  mutating func finish() {
    if tally.isExact { absorbExact() }
  }
}

/// A phone or ID number typed as a number (kept out of line: the caller tests
/// x ≥ 1.3·10¹⁰ first, and the rounding inside must not be hoisted above that).
@inline(never) func _personalKind(_ x: Double) -> PersonalKind? { PersonalDataGuard.numericKind(x) }

/// The first pass's state for one part: per column a scan, per row a bit per
/// column that is missing (or masked as personal data).
final class _Pass1Part {
  let p: Int
  let words: Int
  let cols: UnsafeMutablePointer<_ColumnScan>
  var rows = 0
  var bits: UnsafeMutablePointer<UInt64>
  var bitsCapacity: Int
  /// Per column, the index of its kept values in `raw`, or −1.
  let rawOf: UnsafeMutablePointer<Int>
  /// The values (in row order) of the columns kept whole, for the second
  /// pass to run over them in memory instead of over the file.
  let raw: UnsafeMutablePointer<_RawValues>
  let rawCount: Int
  private var talliesFreed = false

  init(columns p: Int, expectedRows: Int, rawSlots: [Int]) {
    self.p = p
    words = max(1, (p + 63) / 64)
    cols = .allocate(capacity: p)
    for k in 0..<p { (cols + k).initialize(to: _ColumnScan()) }
    bitsCapacity = max(1024, expectedRows) * words
    bits = .allocate(capacity: bitsCapacity)
    rawOf = .allocate(capacity: Swift.max(1, p))
    rawOf.initialize(repeating: -1, count: Swift.max(1, p))
    rawCount = rawSlots.count
    raw = .allocate(capacity: Swift.max(1, rawCount))
    for (r, k) in rawSlots.enumerated() {
      rawOf[k] = r
      (raw + r).initialize(to: _RawValues(capacity: expectedRows))
    }
  }

  func freeRaw() {
    for r in 0..<rawCount { raw[r].free() }
  }

  /// The tallies were handed on (a single part's become the totals): not freed here.
  func markTalliesMoved() { talliesFreed = true }

  func freeTallies() {
    guard !talliesFreed else { return }
    for k in 0..<p { cols[k].tally.free() }
    talliesFreed = true
  }

  deinit {
    freeTallies()
    freeRaw()
    cols.deinitialize(count: p)
    cols.deallocate()
    bits.deallocate()
    rawOf.deallocate()
    raw.deallocate()
  }
}

/// A growing buffer of one column's values.
struct _RawValues {
  var values: UnsafeMutablePointer<Double>?
  var count = 0
  var capacity: Int

  init(capacity: Int) {
    self.capacity = Swift.max(64, capacity)
    values = .allocate(capacity: self.capacity)
  }

  @inline(__always) mutating func append(_ v: Double) {
    if count == capacity {
      let bigger = UnsafeMutablePointer<Double>.allocate(capacity: capacity * 2)
      bigger.update(from: values!, count: count)
      values!.deallocate()
      values = bigger
      capacity *= 2
    }
    values![count] = v
    count += 1
  }

  mutating func free() {
    values?.deallocate()
    values = nil
    count = 0
  }
}

/// What the second pass does with one bucketed column.
struct _Pass2Column {
  var field: Int
  var shift: UInt64
  var mean: Double
  /// Bucket keys strictly between these two: summed for the trimmed mean.
  var interiorAbove: UInt64, interiorBelow: UInt64
  /// Which keys' values are collected: a bit per key from `collectBase`, `collectSpan` keys.
  var collectBase: UInt64
  var collectSpan: UInt64
  var collectBits: UnsafeMutablePointer<UInt64>
}

struct _Pass2Acc {
  var s2 = _DD(), s3 = _DD(), s4 = _DD(), interior = _DD()
  var collected: UnsafeMutablePointer<Double> = .allocate(capacity: 64)
  var collectedCount = 0
  var collectedCapacity = 64

  @inline(__always) mutating func collect(_ v: Double) {
    if collectedCount == collectedCapacity {
      let bigger = UnsafeMutablePointer<Double>.allocate(capacity: collectedCapacity * 2)
      bigger.update(from: collected, count: collectedCount)
      collected.deallocate()
      collected = bigger
      collectedCapacity *= 2
    }
    collected[collectedCount] = v
    collectedCount += 1
  }
}

final class _Pass2Part {
  let q: Int
  let acc: UnsafeMutablePointer<_Pass2Acc>
  init(columns q: Int) {
    self.q = q
    acc = .allocate(capacity: max(1, q))
    for j in 0..<q { (acc + j).initialize(to: _Pass2Acc()) }
  }
  deinit {
    for j in 0..<q { acc[j].collected.deallocate() }
    acc.deinitialize(count: q)
    acc.deallocate()
  }
}

/// A bucketed column's plan between the passes, and what the second pass found.
struct _BucketPlan {
  var n: Int
  var shift: UInt64
  var mean: Double
  var min: Double, max: Double
  var keys: [UInt64]
  var counts: [Int]
  /// Values before bucket j.
  var before: [Int]
  var collect: [Bool]
  /// MAD: buckets whose deviations from the median may hold the MAD's ranks, and how many values lie surely below them.
  var uncertain: [Bool]
  var inner: Int
  var trimLoBucket: Int, trimHiBucket: Int

  /// The bucket holding rank r (0-based).
  func bucket(ofRank r: Int) -> Int {
    var lo = 0, hi = keys.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if before[mid] <= r { lo = mid } else { hi = mid - 1 }
    }
    return lo
  }

  func low(_ j: Int) -> Double { Swift.max(min, _value(ofOrderedKey: (keys[j] - 1) << shift)) }
  func high(_ j: Int) -> Double { Swift.min(max, _value(ofOrderedKey: ((keys[j] - 1) << shift) | ((1 << shift) - 1))) }
}

public enum StreamingDescribe {
  /// Bucketed columns sent to the in-memory route because their selection did not add up (for tests: should stay 0).
  nonisolated(unsafe) static var _fallbacks = 0

  /// The result for the columns `wanted` (header indices) of a CSV, as
  /// BatchedDescribe.run returns it; see there for when this route is taken.
  static func run(path: String, reader: CSVReader, options: IngestOptions, described: [Int], tabulated: Set<String>,
                  explicit: Bool, estimatedRows: Double, continuous: Set<Int> = [], budgetBytes: Int,
                  partBytes: Int) throws(InputError) -> (DescribeResult, [ExcludedColumn], [Note]) {
    let header = reader.header
    var wanted: [Int] = []
    for i in described + header.indices.filter({ tabulated.contains(header[$0]) }) where !wanted.contains(i) { wanted.append(i) }
    let names = wanted.map { header[$0] }
    let p = wanted.count
    let mask = !options.includePersonalData

    // Pass 1.
    let cuts = Moments._recordCuts(path: path, from: reader.dataOffset, partBytes: partBytes)
    let perPartRows = Int(estimatedRows * Double(partBytes) / Double(Swift.max(1, (cuts.last ?? 0) - reader.dataOffset))) + 64
    var parts: [_Pass1Part]
    var global: [_Tally]
    // Columns that looked continuous in the first rows are kept whole during
    // the pass when all of them fit the budget: their second pass then runs
    // in memory instead of over the file.
    var rawSlots = (0..<p).filter { continuous.contains(wanted[$0]) }
    if estimatedRows * 8 * Double(rawSlots.count) > Double(budgetBytes) { rawSlots = [] }
    if cuts.count > 2, let r = _pass1Parallel(reader, fields: wanted, names: names, mask: mask, cuts: cuts, perPartRows: perPartRows,
                                              rawSlots: rawSlots) {
      (parts, global) = r
    } else {
      let part = _Pass1Part(columns: p, expectedRows: Int(estimatedRows * 1.02) + 16, rawSlots: rawSlots)
      let whole = try CSVReader(path: path, options: options.csv)
      try _scan1(whole, fields: wanted, names: names, mask: mask, into: part)
      global = (0..<p).map { part.cols[$0].tally }
      parts = [part]
      // The part's tallies are now `global`'s; it must not free them.
      part.markTalliesMoved()
    }
    defer { for t in global { t.free() } }
    let rows = parts.reduce(0) { $0 + $1.rows }

    // Per column: merged first-pass summaries.
    var count = [Int](repeating: 0, count: p), missing = count, phones = count, ids = count
    var isText = [Bool](repeating: false, count: p)
    var lo = [Double](repeating: .infinity, count: p), hi = [Double](repeating: -.infinity, count: p)
    var sum = [_DD](repeating: _DD(), count: p)
    for part in parts {
      for k in 0..<p {
        let c = part.cols[k]
        count[k] += c.count
        missing[k] += c.missing
        phones[k] += c.phones
        ids[k] += c.ids
        isText[k] = isText[k] || c.text
        lo[k] = Swift.min(lo[k], c.min)
        hi[k] = Swift.max(hi[k], c.max)
        sum[k].add(c.sum)
      }
    }
    // Missing cells, one bit per row and column, in row order.
    let words = Swift.max(1, (p + 63) / 64)
    var bits = [UInt64](repeating: 0, count: rows * words)
    bits.withUnsafeMutableBufferPointer { b in
      var at = 0
      for part in parts {
        (b.baseAddress! + at).update(from: part.bits, count: part.rows * words)
        at += part.rows * words
      }
    }

    // Outcomes per wanted column.
    struct Outcome {
      var stats: DescriptiveStatistics?
      var freq: FrequencyTable?
      /// True: the frequency table is a text column's (listed with the described columns).
      var textFreq = false
      var warning: Warning?
      var excluded: ExcludedColumn?
      var masked: MaskedColumn?
    }
    var outcome = [Outcome](repeating: Outcome(), count: p)
    var inMemory: [Int] = []
    var plans: [Int: _BucketPlan] = [:]
    let isDescribed = Set(described)
    for k in 0..<p {
      if isText[k] { inMemory.append(k); continue }
      let name = names[k]
      let tally = global[k]
      let answered = count[k] + (mask ? phones[k] + ids[k] : 0)
      var kinds: [PersonalKind: Int] = [:]
      if phones[k] > 0 { kinds[.phone] = phones[k] }
      if ids[k] > 0 { kinds[.idNumber] = ids[k] }
      var rating = false
      if tally.isExact, !(mask && phones[k] + ids[k] > 0) {
        let e = tally.exactEntries()
        rating = e.count >= 2 && e.allSatisfy { $0.value == $0.value.rounded() && $0.value >= -3 && $0.value <= 100 }
      }
      if let x = PersonalDataGuard.scanNumeric(name: name, ratingScale: rating, answered: answered, kinds: kinds) {
        outcome[k].excluded = x
        if mask { continue }
      } else if mask, phones[k] + ids[k] > 0 {
        outcome[k].masked = MaskedColumn(column: name, found: kinds.keys.map(\.rawValue).sorted(), cells: phones[k] + ids[k])
      }
      let n = count[k]
      let miss = missing[k] + (mask ? phones[k] + ids[k] : 0)
      if tally.isExact, tabulated.contains(name) {
        var texts: [String: Int] = [:]
        for (v, c) in tally.exactEntries() { texts[formatNumberCompact(v), default: 0] += c }
        outcome[k].freq = FrequencyTable(variable: name, counts: texts, total: rows)
      }
      if n == 0 {
        if isDescribed.contains(wanted[k]) {
          if explicit { throw InputError(file: path, column: name, "every cell is missing (\(rows) rows); nothing to analyse") }
          outcome[k].warning = DescriptiveStatistics.allMissingWarning(name)
        }
        continue
      }
      if tally.isExact {
        let entries = tally.exactEntries()
        let d = _exactStatistics(name, entries: entries, missing: miss)
        if isDescribed.contains(wanted[k]) {
          outcome[k].stats = d
          outcome[k].warning = d.constantWarning
        }
      } else if tabulated.contains(name) {
        // Every distinct value must be counted: the in-memory route.
        inMemory.append(k)
      } else {
        plans[k] = _plan(tally, n: n, mean: sum[k].quotient(Double(n)), min: lo[k], max: hi[k])
      }
    }

    // Pass 2: the bucketed columns.
    if !plans.isEmpty {
      let order = plans.keys.sorted()
      var results: [_Pass2Result] = []
      if order.allSatisfy({ parts[0].rawOf[$0] >= 0 }) {
        results = _pass2InMemory(parts, columns: order.map { (parts[0].rawOf[$0], plans[$0]!) })
      } else {
        for part in parts { part.freeRaw() }
        results = try _pass2(path: path, reader: reader, options: options, cuts: cuts, mask: mask,
                             columns: order.map { (wanted[$0], plans[$0]!) })
      }
      for (j, k) in order.enumerated() {
        guard let d = _bucketStatistics(names[k], plan: plans[k]!, result: results[j], missing: missing[k] + (mask ? phones[k] + ids[k] : 0)) else {
          _fallbacks += 1
          inMemory.append(k)
          continue
        }
        outcome[k].stats = d
        outcome[k].warning = d.constantWarning
      }
    }

    parts = []
    // The in-memory route, in batches, for the rest.
    var readingNotes: [Note] = []
    if !inMemory.isEmpty {
      inMemory.sort()
      let perBatch = Swift.max(1, Int(Double(budgetBytes) / (16 * estimatedRows)))
      for start in stride(from: 0, to: inMemory.count, by: perBatch) {
        let batch = Array(inMemory[start..<Swift.min(inMemory.count, start + perBatch)])
        var o = options
        o.columnIndices = batch.map { wanted[$0] }
        o.csv.expectedRows = Int(estimatedRows * 1.02) + 16
        // The header and the layout were judged on the whole file.
        o.headerRow = 1
        o.layout = .plain
        let ingest = try Ingest.load(path: path, options: o)
        readingNotes += ingest.readingNotes
        let frame = ingest.frame
        for k in batch {
          let name = names[k]
          outcome[k].excluded = ingest.excluded.first { $0.column == name }
          outcome[k].masked = ingest.masked.first { $0.column == name }
          guard let column = frame[name] else { continue }
          var one = DataFrame(source: frame.source, columns: [column], rowCount: frame.rowCount, lines: frame.lines, encoding: frame.encoding)
          one.excludedColumns = frame.excludedColumns
          let isDescribedColumn = isDescribed.contains(wanted[k])
          let r = try one.describe(explicit ? (isDescribedColumn ? [name] : []) : (isDescribedColumn ? nil : []),
                                   frequencies: tabulated.contains(name) ? [name] : [], patterns: false)
          outcome[k].stats = r.variables.first
          outcome[k].freq = r.frequencies.first
          outcome[k].textFreq = !column.isNumeric
          outcome[k].warning = r.warnings.first
          // Its missing cells, from the column as read.
          let bit = UInt64(1) << UInt64(k % 64)
          if outcome[k].stats != nil, case .numeric(let v) = column.values {
            for r in 0..<rows {
              if v[r].isNaN { bits[r * words + k / 64] |= bit } else { bits[r * words + k / 64] &= ~bit }
            }
          }
        }
      }
    }

    // Assembled in the in-memory describe's order.
    let slot = Dictionary(wanted.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
    var variables: [DescriptiveStatistics] = [], warnings: [Warning] = [], freqs: [FrequencyTable] = []
    var variableBits: [Int] = []
    for i in described {
      let k = slot[i]!
      if let s = outcome[k].stats {
        variables.append(s)
        variableBits.append(k)
      }
      if let w = outcome[k].warning { warnings.append(w) }
      if outcome[k].textFreq, let f = outcome[k].freq { freqs.append(f) }
    }
    for k in 0..<p where !outcome[k].textFreq {
      if let f = outcome[k].freq { freqs.append(f) }
    }
    let excluded = outcome.compactMap(\.excluded)
    // In IngestResult.notes' order: reading, excluded, masked.
    var notes: [Note] = []
    if names.count >= 2, names.allSatisfy({ parseDecimal($0) != nil }) {
      notes.append(HeaderRows.numericHeaderNote(names))
    }
    notes += readingNotes
    if !excluded.isEmpty { notes.append(IngestResult.excludedNote(excluded, included: !mask)) }
    notes += outcome.compactMap(\.masked).map(\.note)

    var result = DescribeResult(data: path, encoding: reader.encoding.rawValue, rows: rows, variables: variables, frequencies: freqs, warnings: warnings)
    result.missingPatterns = MissingPatternSummary(variables: variables.map(\.variable), bitOf: variableBits, rows: rows, bits: bits, words: words)
    result.excludedColumns = excluded
    return (result, excluded, notes)
  }

  // MARK: first pass

  static func _scan1(_ reader: CSVReader, fields: [Int], names: [String], mask: Bool, into part: _Pass1Part) throws(InputError) {
    let p = fields.count
    let fieldOf = UnsafeMutableBufferPointer<Int>.allocate(capacity: Swift.max(1, p))
    defer { fieldOf.deallocate() }
    for k in 0..<p { fieldOf[k] = fields[k] }
    let cols = part.cols
    let rawOf = part.rawOf, raw = part.raw
    // Digits are numbers as they stand unless a missing code could be one.
    let plainDigits = reader.record.missing.tokens.isEmpty && reader.record.missing.numbers.isEmpty
    // The part's row bits in locals (no exclusivity checks per row), stored back at the end.
    let words = part.words
    var rows = part.rows, bits = part.bits, capacity = part.bitsCapacity
    defer {
      part.rows = rows
      part.bits = bits
      part.bitsCapacity = capacity
      for k in 0..<p { cols[k].finish() }
    }
    while try reader.next() {
      let rec = reader.record
      if (rows + 1) * words > capacity {
        let bigger = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity * 2)
        bigger.update(from: bits, count: rows * words)
        bits.deallocate()
        bits = bigger
        capacity *= 2
      }
      let row = bits + rows * words
      for w in 0..<words { row[w] = 0 }
      rows += 1
      for k in 0..<p {
        if cols[k].text { continue }
        // A lone digit (a rating answer) is counted without parsing.
        let f = fieldOf[k]
        if plainDigits, rec.ends[f] - rec.starts[f] == 1 {
          let d = rec.buffer[rec.starts[f]] &- 48
          if d < 10 {
            cols[k].addDigit(Int(d))
            let r = rawOf[k]
            if r >= 0 { raw[r].append(Double(d)) }
            continue
          }
        }
        switch rec.numeric(f) {
        case .missing:
          cols[k].missing += 1
          row[k >> 6] |= 1 << UInt64(k & 63)
        case .number(let x):
          guard x.isFinite else {
            throw InputError(file: reader.path, row: reader.row, line: reader.line, column: names[k],
                             _ColumnBuilder.overflow((try? reader.text(fieldOf[k])) ?? "?"))
          }
          if x >= 13e9, let kind = _personalKind(x) {
            if kind == .phone { cols[k].phones += 1 } else { cols[k].ids += 1 }
            if mask {
              row[k >> 6] |= 1 << UInt64(k & 63)
              continue
            }
          }
          // −0 counts as 0.
          let v = x + 0
          cols[k].add(v)
          let r = rawOf[k]
          if r >= 0 { raw[r].append(v) }
        case .notNumber:
          cols[k].text = true
        }
      }
    }
  }

  /// The parts on all cores, their tallies merged as they finish (counts do not
  /// depend on the order); nil when a part met a quote or an error.
  static func _pass1Parallel(_ reader: CSVReader, fields: [Int], names: [String], mask: Bool, cuts: [Int],
                             perPartRows: Int, rawSlots: [Int]) -> ([_Pass1Part], [_Tally])? {
    let n = cuts.count - 1
    let p = fields.count
    final class Shared: @unchecked Sendable {
      var parts: [_Pass1Part?]
      var tallies: [_Tally]
      var failed = false
      let lock = NSLock()
      init(_ n: Int, _ p: Int) {
        parts = Array(repeating: nil, count: n)
        tallies = (0..<p).map { _ in _Tally() }
      }
    }
    let shared = Shared(n, p)
    nonisolated(unsafe) let base = reader
    DispatchQueue.concurrentPerform(iterations: n) { i in
      shared.lock.lock()
      let stop = shared.failed
      shared.lock.unlock()
      if stop { return }
      let part = _Pass1Part(columns: p, expectedRows: perPartRows, rawSlots: rawSlots)
      guard let r = try? base.part(from: cuts[i], to: cuts[i + 1]),
            (try? _scan1(r, fields: fields, names: names, mask: mask, into: part)) != nil, !r.stoppedAtQuote else {
        shared.lock.lock()
        shared.failed = true
        shared.lock.unlock()
        return
      }
      shared.lock.lock()
      for k in 0..<p { shared.tallies[k].merge(&part.cols[k].tally) }
      part.freeTallies()
      shared.parts[i] = part
      shared.lock.unlock()
    }
    let done = shared.parts.compactMap { $0 }
    guard !shared.failed, done.count == n else {
      for t in shared.tallies { t.free() }
      return nil
    }
    return (done, shared.tallies)
  }

  // MARK: exact columns

  /// R's mean (the first-pass mean plus the mean residual) of values with counts, the sums exact.
  static func _countedMean(_ e: [(value: Double, count: Int)], n: Int) -> Double {
    var s = _DD()
    for (v, c) in e { s.add(v, times: c) }
    let m = s.quotient(Double(n))
    var t = _DD()
    for (v, c) in e { t.add(v - m, times: c) }
    return m + t.value / Double(n)
  }

  static func _rank(_ e: [(value: Double, count: Int)], _ r: Int) -> Double {
    var seen = 0
    for (v, c) in e {
      seen += c
      if r < seen { return v }
    }
    return e.last!.value
  }

  static func _medianOfCounted(_ e: [(value: Double, count: Int)], n: Int) -> Double {
    n % 2 == 1 ? _rank(e, n / 2) : (_rank(e, n / 2 - 1) + _rank(e, n / 2)) / 2
  }

  /// Every statistic of a column from its exact counts (ascending values).
  static func _exactStatistics(_ name: String, entries e: [(value: Double, count: Int)], missing: Int) -> DescriptiveStatistics {
    let n = e.reduce(0) { $0 + $1.count }
    let m = _countedMean(e, n: n)
    let med = _medianOfCounted(e, n: n)
    // The trimmed mean: ranks lo ..< n − lo.
    let lo = Int((Double(n) * 0.1).rounded(.down))
    var kept: [(value: Double, count: Int)] = []
    var seen = 0
    for (v, c) in e {
      let a = Swift.max(seen, lo), b = Swift.min(seen + c, n - lo)
      if b > a { kept.append((v, b - a)) }
      seen += c
    }
    let trimmed = _countedMean(kept, n: n - 2 * lo)
    var dev = e.map { (value: Swift.abs($0.value - med), count: $0.count) }
    dev.sort { $0.value < $1.value }
    let mad = 1.4826 * _medianOfCounted(dev, n: n)
    var s2 = _DD(), s3 = _DD(), s4 = _DD()
    for (v, c) in e {
      let d = v - m, d2 = d * d
      s2.add(d2, times: c)
      s3.add(d2 * d, times: c)
      s4.add(d2 * d2, times: c)
    }
    return DescriptiveStatistics(variable: name, n: n, missing: missing, mean: m, median: med, trimmed: trimmed, mad: mad,
                                 min: e.first!.value, max: e.last!.value, s2: s2.value, s3: s3.value, s4: s4.value)
  }

  // MARK: bucketed columns

  /// Which buckets the second pass collects, from the first pass's counts.
  static func _plan(_ tally: _Tally, n: Int, mean: Double, min: Double, max: Double) -> _BucketPlan {
    let entries = tally.bucketEntries()
    var before: [Int] = []
    var at = 0
    for (_, c) in entries { before.append(at); at += c }
    var plan = _BucketPlan(n: n, shift: _Tally.shift, mean: mean, min: min, max: max, keys: entries.map(\.key), counts: entries.map(\.count),
                           before: before, collect: Array(repeating: false, count: entries.count),
                           uncertain: Array(repeating: false, count: entries.count), inner: 0, trimLoBucket: 0, trimHiBucket: 0)
    let kA = n % 2 == 1 ? n / 2 : n / 2 - 1, kB = n / 2
    let mA = plan.bucket(ofRank: kA), mB = plan.bucket(ofRank: kB)
    plan.collect[mA] = true
    plan.collect[mB] = true
    let lo = Int((Double(n) * 0.1).rounded(.down))
    plan.trimLoBucket = plan.bucket(ofRank: lo)
    plan.trimHiBucket = plan.bucket(ofRank: n - lo - 1)
    plan.collect[plan.trimLoBucket] = true
    plan.collect[plan.trimHiBucket] = true
    // The MAD: each bucket's deviations from any median in [a, b] lie in [dmin, dmax].
    let a = plan.low(mA), b = plan.high(mB)
    var dmin: [(Double, Int)] = [], dmax: [(Double, Int)] = []
    var bounds: [(Double, Double)] = []
    for j in entries.indices {
      let l = plan.low(j), h = plan.high(j)
      let lower = h < a ? a - h : (l > b ? l - b : 0)
      let upper = Swift.max(b - l, h - a)
      bounds.append((lower, upper))
      dmin.append((lower, entries[j].count))
      dmax.append((upper, entries[j].count))
    }
    func orderStatistic(_ x: [(Double, Int)], _ r: Int) -> Double {
      let s = x.sorted { $0.0 < $1.0 }
      var seen = 0
      for (v, c) in s {
        seen += c
        if r < seen { return v }
      }
      return s.last!.0
    }
    let rLo = orderStatistic(dmin, kA), rHi = orderStatistic(dmax, kB)
    for j in entries.indices {
      if bounds[j].1 < rLo {
        plan.inner += entries[j].count
      } else if !(bounds[j].0 > rHi) {
        plan.uncertain[j] = true
        plan.collect[j] = true
      }
    }
    return plan
  }

  struct _Pass2Result {
    var s2 = _DD(), s3 = _DD(), s4 = _DD(), interior = _DD()
    var collected: [Double] = []
  }

  /// The second pass over the bucketed columns (header index and plan each).
  /// What the second pass does per column (`field`: the column's field in the
  /// file, or its index among a part's kept values); free with `_freeSpecs`.
  static func _specs(_ columns: [(Int, _BucketPlan)]) -> UnsafeMutablePointer<_Pass2Column> {
    let specs = UnsafeMutablePointer<_Pass2Column>.allocate(capacity: Swift.max(1, columns.count))
    for (j, (field, plan)) in columns.enumerated() {
      let collected = plan.keys.indices.filter { plan.collect[$0] }.map { plan.keys[$0] }
      let base = collected.first ?? 0
      let span = collected.last.map { $0 - base + 1 } ?? 0
      let bits = UnsafeMutablePointer<UInt64>.allocate(capacity: Int(span / 64) + 1)
      bits.initialize(repeating: 0, count: Int(span / 64) + 1)
      for key in collected { bits[Int((key - base) / 64)] |= 1 << ((key - base) % 64) }
      specs[j] = _Pass2Column(field: field, shift: plan.shift, mean: plan.mean,
                              interiorAbove: plan.keys[plan.trimLoBucket], interiorBelow: plan.keys[plan.trimHiBucket],
                              collectBase: base, collectSpan: span, collectBits: bits)
    }
    return specs
  }

  static func _freeSpecs(_ specs: UnsafeMutablePointer<_Pass2Column>, _ q: Int) {
    for j in 0..<q { specs[j].collectBits.deallocate() }
    specs.deallocate()
  }

  /// The parts' sums and collected values, pooled in the parts' order.
  static func _merged(_ parts: [_Pass2Part], _ q: Int) -> [_Pass2Result] {
    (0..<q).map { j in
      var r = _Pass2Result()
      for part in parts {
        let a = part.acc[j]
        r.s2.add(a.s2)
        r.s3.add(a.s3)
        r.s4.add(a.s4)
        r.interior.add(a.interior)
        r.collected.append(contentsOf: UnsafeBufferPointer(start: a.collected, count: a.collectedCount))
      }
      return r
    }
  }

  /// One value of a bucketed column in the second pass.
  @inline(__always) static func _consume(_ v: Double, _ spec: _Pass2Column, _ acc: UnsafeMutablePointer<_Pass2Acc>) {
    let d = v - spec.mean, d2 = d * d
    acc.pointee.s2.add(d2)
    acc.pointee.s3.add(d2 * d)
    acc.pointee.s4.add(d2 * d2)
    let key = (_orderedKey(v) >> spec.shift) + 1
    if key > spec.interiorAbove, key < spec.interiorBelow { acc.pointee.interior.add(v) }
    let at = key &- spec.collectBase
    if at < spec.collectSpan, spec.collectBits[Int(at / 64)] & (1 << (at % 64)) != 0 { acc.pointee.collect(v) }
  }

  /// The second pass over values kept in memory by the first (part by part,
  /// as over the file, so the sums are the same).
  static func _pass2InMemory(_ parts: [_Pass1Part], columns: [(Int, _BucketPlan)]) -> [_Pass2Result] {
    let q = columns.count
    let specs = _specs(columns)
    defer { _freeSpecs(specs, q) }
    final class Slots: @unchecked Sendable {
      var results: [_Pass2Result]
      let lock = NSLock()
      init(_ n: Int) { results = Array(repeating: _Pass2Result(), count: n) }
    }
    let slots = Slots(q)
    nonisolated(unsafe) let s = specs
    nonisolated(unsafe) let ps = parts
    // Column by column on all cores; within a column part by part, as over the file.
    DispatchQueue.concurrentPerform(iterations: q) { j in
      let spec = s[j]
      let done = ps.map { part -> _Pass2Part in
        let out = _Pass2Part(columns: 1)
        let values = part.raw[spec.field]
        for i in 0..<values.count { _consume(values.values![i], spec, out.acc) }
        part.raw[spec.field].free()
        return out
      }
      let r = _merged(done, 1)[0]
      slots.lock.lock()
      slots.results[j] = r
      slots.lock.unlock()
    }
    return slots.results
  }

  static func _pass2(path: String, reader: CSVReader, options: IngestOptions, cuts: [Int], mask: Bool,
                     columns: [(Int, _BucketPlan)]) throws(InputError) -> [_Pass2Result] {
    let q = columns.count
    let specs = _specs(columns)
    defer { _freeSpecs(specs, q) }
    if cuts.count > 2 {
      final class Slots: @unchecked Sendable {
        var parts: [_Pass2Part?]
        let lock = NSLock()
        init(_ n: Int) { parts = Array(repeating: nil, count: n) }
      }
      let slots = Slots(cuts.count - 1)
      nonisolated(unsafe) let base = reader
      nonisolated(unsafe) let s = specs
      DispatchQueue.concurrentPerform(iterations: cuts.count - 1) { i in
        let part = _Pass2Part(columns: q)
        guard let r = try? base.part(from: cuts[i], to: cuts[i + 1]),
              (try? _scan2(r, specs: s, q: q, mask: mask, into: part)) != nil, !r.stoppedAtQuote else { return }
        slots.lock.lock()
        slots.parts[i] = part
        slots.lock.unlock()
      }
      let done = slots.parts.compactMap { $0 }
      if done.count == cuts.count - 1 { return _merged(done, q) }
    }
    let part = _Pass2Part(columns: q)
    try _scan2(try CSVReader(path: path, options: options.csv), specs: specs, q: q, mask: mask, into: part)
    return _merged([part], q)
  }

  static func _scan2(_ reader: CSVReader, specs: UnsafeMutablePointer<_Pass2Column>, q: Int, mask: Bool, into part: _Pass2Part) throws(InputError) {
    let acc = part.acc
    while try reader.next() {
      let rec = reader.record
      for j in 0..<q {
        let spec = specs[j]
        guard case .number(let x) = rec.numeric(spec.field) else { continue }
        if mask, x >= 13e9, _personalKind(x) != nil { continue }
        _consume(x + 0, spec, acc + j)
      }
    }
  }

  /// The statistics of a bucketed column; nil if the collected values do not
  /// match the first pass's counts (the column is then read in memory).
  static func _bucketStatistics(_ name: String, plan: _BucketPlan, result: _Pass2Result, missing: Int) -> DescriptiveStatistics? {
    let n = plan.n
    let values = result.collected.sorted()
    func key(_ v: Double) -> UInt64 { (_orderedKey(v) >> plan.shift) + 1 }
    // Where each collected bucket's values start in `values`.
    var start: [Int: Int] = [:]
    var i = 0
    for j in plan.keys.indices where plan.collect[j] {
      while i < values.count, key(values[i]) < plan.keys[j] { i += 1 }
      start[j] = i
      var e = i
      while e < values.count, key(values[e]) == plan.keys[j] { e += 1 }
      guard e - i == plan.counts[j] else { return nil }
      i = e
    }
    func rank(_ r: Int) -> Double {
      let j = plan.bucket(ofRank: r)
      return values[start[j]! + r - plan.before[j]]
    }
    let med = n % 2 == 1 ? rank(n / 2) : (rank(n / 2 - 1) + rank(n / 2)) / 2
    // Trimmed mean: the interior buckets' sum and the end buckets' kept values.
    let lo = Int((Double(n) * 0.1).rounded(.down))
    var s = result.interior
    let jl = plan.trimLoBucket, jh = plan.trimHiBucket
    if jl == jh {
      for r in lo..<(n - lo) { s.add(values[start[jl]! + r - plan.before[jl]]) }
    } else {
      for r in lo..<(plan.before[jl] + plan.counts[jl]) { s.add(values[start[jl]! + r - plan.before[jl]]) }
      for r in plan.before[jh]..<(n - lo) { s.add(values[start[jh]! + r - plan.before[jh]]) }
    }
    let trimmed = s.quotient(Double(n - 2 * lo))
    // MAD: the uncertain buckets' deviations, after the `inner` surely smaller ones.
    var dev: [Double] = []
    for j in plan.keys.indices where plan.uncertain[j] {
      let a = start[j]!
      for x in values[a..<(a + plan.counts[j])] { dev.append(Swift.abs(x - med)) }
    }
    dev.sort()
    let kA = (n % 2 == 1 ? n / 2 : n / 2 - 1) - plan.inner, kB = n / 2 - plan.inner
    guard kA >= 0, kB < dev.count else { return nil }
    let mad = 1.4826 * (n % 2 == 1 ? dev[kB] : (dev[kA] + dev[kB]) / 2)
    return DescriptiveStatistics(variable: name, n: n, missing: missing, mean: plan.mean, median: med, trimmed: trimmed, mad: mad,
                                 min: plan.min, max: plan.max, s2: result.s2.value, s3: result.s3.value, s4: result.s4.value)
  }
}

extension MissingPatternSummary {
  /// From one bit per row and column (set: missing), `words` per row; variable
  /// k's bit is `bitOf[k]`. nil when none of these cells is missing.
  init?(variables: [String], bitOf: [Int], rows: Int, bits: [UInt64], words: Int) {
    guard !variables.isEmpty, rows > 0, bits.count == rows * words else { return nil }
    var mask = [UInt64](repeating: 0, count: words)
    for b in bitOf { mask[b / 64] |= 1 << UInt64(b % 64) }
    var keyed: [([UInt64], Int)] = []
    var missingCells = 0
    if words == 1 {
      var counts: [UInt64: Int] = [:]
      for r in 0..<rows { counts[bits[r] & mask[0], default: 0] += 1 }
      keyed = counts.map { ([$0.key], $0.value) }
    } else {
      var counts: [[UInt64]: Int] = [:]
      for r in 0..<rows { counts[(0..<words).map { bits[r * words + $0] & mask[$0] }, default: 0] += 1 }
      keyed = counts.map { ($0.key, $0.value) }
    }
    let patterns = keyed.map { key, rows in
      (bitOf.indices.filter { key[bitOf[$0] / 64] & (1 << UInt64(bitOf[$0] % 64)) != 0 }, rows)
    }
    for (missing, r) in patterns { missingCells += missing.count * r }
    guard missingCells > 0 else { return nil }
    self.variables = variables
    self.rows = rows
    completeRows = patterns.first { $0.0.isEmpty }?.1 ?? 0
    missingCellPercent = 100 * Double(missingCells) / Double(rows * variables.count)
    self.patterns = patterns.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.lexicographicallyPrecedes($1.0) }.map {
      Pattern(missing: $0.0.map { variables[$0] }, rows: $0.1, percent: 100 * Double($0.1) / Double(rows))
    }
  }
}
