import ArgumentParser
import ClusterStat
import Foundation

struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Time the fit of a model in-process, optionally side by side with lavaan and OpenMx.",
    discussion: """
      Reads the data and computes the sample statistics once (the moments; with
      missing values also the EM estimates and the unrestricted model's
      information), then fits the model --reps times after --warmup untimed fits. One timed fit is everything
      lavaan's sem() does: estimation, standard errors, the test statistic, the
      baseline model and every fit measure. With --against lavaan the same model
      runs on the same complete cases in Rscript in the same invocation, timed
      inside R with lavaan already loaded (R's start-up is not counted), and the
      ratio lavaan/ClusterStat of the medians is printed. With --rounds k the
      programs take turns k times (ClusterStat, then each reference program,
      each with its share of the fits) and each program's median is over all
      of its fits, so that a slow stretch of a shared machine falls on both. Without R or lavaan,
      ClusterStat's timings are printed alone. --estimator, --missing fiml and
      --group (with --group-equal) are passed on to lavaan as estimator,
      missing = "ml", group and group.equal. --against openmx (or
      lavaan,openmx) also times OpenMx on the RAM model made from lavaan's
      parameter table of the same syntax (ML; FIML with missing values or a
      bootstrap, which mxBootstrap runs), and prints OpenMx/ClusterStat.

      Examples:
        clusterstat bench --data Datasets/reference/HolzingerSwineford1939.csv --syntax 'visual =~ x1+x2+x3; textual =~ x4+x5+x6; speed =~ x7+x8+x9' --against lavaan
        clusterstat bench --data Datasets/reference/PoliticalDemocracy.csv --model Benchmarks/models/polidem.lav --reps 100 --format json
      """)

  @OptionGroup var input: ModelInputOptions

  @Option(name: .long, parsing: .unconditional, help: "Timed fits.")
  var reps: Int = 50

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Timed fits of lavaan and OpenMx (default: --reps), for models where they take seconds a fit.", valueName: "n"))
  var referenceReps: Int?

  @Option(name: .long, parsing: .unconditional, help: "Untimed fits before timing (in every round).")
  var warmup: Int = 3

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Turns the programs take, each timing its share of the fits (with --against).", valueName: "k"))
  var rounds: Int = 1

  @Option(name: .long, help: ArgumentHelp("Also time the same model in these programs: lavaan, openmx or lavaan,openmx.", valueName: "program,…"))
  var against: ValueList<ReferenceProgram>?

  /// The programs of --against, in the order given.
  var programs: [ReferenceProgram] { against?.values ?? [] }

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Time whole bootstrap runs of B replicates instead of single fits.", valueName: "B"))
  var bootstrap: Int?

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Seed of the bootstrap.", valueName: "S"))
  var seed: UInt64 = 1

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Bootstrap threads, ClusterStat's and, with --against, lavaan's (parallel = \"multicore\", ncpus = n) and OpenMx's (default: all cores).", valueName: "n"))
  var threads: Int?

  @Flag(name: .long, help: "With --bootstrap: the speed-up from more threads. --reps pairs of runs, one on one thread and one on --threads (default: all cores), the two runs of a pair back to back in alternating order, each timed run after an untimed one on the same threads; prints both medians and the median of the pairs' ratios.")
  var speedup = false

  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard reps >= 1 else { throw ValidationError("--reps must be at least 1") }
    guard warmup >= 0 else { throw ValidationError("--warmup cannot be negative") }
    if let referenceReps, referenceReps < 1 { throw ValidationError("--reference-reps must be at least 1") }
    if let bootstrap {
      guard bootstrap >= 10 else { throw ValidationError("--bootstrap needs at least 10 replicates") }
      guard input.data != nil else { throw ValidationError("--bootstrap resamples cases, so it needs --data (not --cov)") }
    }
    if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    if speedup && bootstrap == nil { throw ValidationError("--speedup times bootstrap runs, so it needs --bootstrap B") }
    guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
  }

  func run() throws {
    let options = input.semOptions()
    let (model, frame) = try input.prepare(options)
    let (table, moments) = (model.table, model.moments)
    let bootData = try bootstrap.map { _ in try frame!.listwiseMatrix(moments.names).data }
    // Ordered variables: the polychorics and their Γ are part of every fit (as in lavaan's timing).
    let ordinalSyntax = model.options.ordered.isEmpty ? nil : try input.modelText
    let fitOn = { (threads: Int?) throws -> BenchReport.Fit in
      let fitted = try SEM.fit(try ordinalSyntax.map { try SEMModel(syntax: $0, data: frame!, options: model.options) } ?? model)
      var result = SEMResult(fitted, try Inference(fitted))
      if let bootstrap, let bootData {
        result.applyBootstrap(try Bootstrap.run(fitted, data: bootData, options: BootstrapOptions(replicates: bootstrap, seed: seed, threads: threads)))
      }
      return BenchReport.Fit(iterations: result.iterations, evaluations: result.evaluations, chisq: result.fit["chisq"] ?? .nan)
    }
    let fitOnce = { try fitOn(threads) }
    let bootThreads = threads ?? ProcessInfo.processInfo.activeProcessorCount
    if speedup {
      try emitSpeedup(model: model, bootThreads: bootThreads, fitOn)
      return
    }
    // Each program's fits split over the rounds (a program with fewer fits than rounds takes part in its first rounds only).
    let turns = programs.isEmpty ? 1 : rounds
    func share(_ total: Int, _ round: Int) -> Int { total / turns + (round < total % turns ? 1 : 0) }
    var ourSeconds: [Double] = [], ourFit: BenchReport.Fit?
    var referenceSeconds: [ReferenceProgram: [Double]] = [:], referenceFits: [ReferenceProgram: (BenchReport.Fit, String?)] = [:]
    var notes: [String] = []
    var skipped: Set<ReferenceProgram> = []
    for round in 0..<turns {
      let n = share(reps, round)
      if n > 0 {
        let (seconds, fit) = try Self.time(reps: n, warmup: warmup, fitOnce)
        ourSeconds += seconds; ourFit = fit
      }
      for program in programs where !skipped.contains(program) {
        let n = share(referenceReps ?? reps, round)
        guard n > 0 else { continue }
        if program == .openmx && !model.options.ordered.isEmpty {
          notes.append("OpenMx was not timed: ordered variables are fitted by WLSMV, which this comparison builds for lavaan only")
          skipped.insert(program)
          continue
        }
        switch LavaanTimer.run(program, model: try input.modelText, table: table, moments: moments, frame: frame,
                               options: model.options, group: input.group, reps: n, warmup: warmup,
                               bootstrap: bootstrap, seed: seed,
                               threads: bootstrap == nil ? 1 : bootThreads) {
        case .timing(let seconds, let fit, let version):
          referenceSeconds[program, default: []] += seconds
          referenceFits[program] = (fit, version)
        case .unavailable(let why):
          notes.append(why)
          skipped.insert(program)
          referenceSeconds[program] = nil
        }
      }
    }
    let ours = BenchReport.Timing(seconds: ourSeconds, fit: ourFit!)
    var timings: [ReferenceProgram: BenchReport.Timing] = [:]
    for (program, seconds) in referenceSeconds {
      timings[program] = BenchReport.Timing(seconds: seconds, fit: referenceFits[program]!.0, version: referenceFits[program]!.1)
    }
    let lavaan = timings[.lavaan], openmx = timings[.openmx]
    // The floor for one fit (not for a whole bootstrap run).
    let layout = try LISRELLayout(table: table, group: 1)
    let floor = bootstrap == nil
      ? FlopFloor.estimate(p: layout.p, m: layout.m, groups: model.groups.count, evaluations: ours.evaluations ?? 0) : nil
    let note = notes.isEmpty ? nil : notes.joined(separator: "; ")
    let modelName = input.model ?? input.syntax!
    let report = BenchReport(model: modelName, nobs: model.groups.reduce(0) { $0 + $1.moments.n }, reps: reps,
                             referenceReps: programs.isEmpty ? nil : referenceReps.flatMap { $0 == reps ? nil : $0 },
                             rounds: turns > 1 ? turns : nil, bootstrap: bootstrap,
                             threads: bootstrap == nil ? nil : bootThreads,
                             clusterstat: ours, lavaan: lavaan,
                             ratio: lavaan.map { $0.median_s / ours.median_s },
                             openmx: openmx, ratioOpenMx: openmx.map { $0.median_s / ours.median_s },
                             floor: floor, floorMultiple: floor.map { ours.median_s / $0.seconds }, note: note)
    try output.emit(report, tables: [report.table(output.labels)], title: output.labels[.benchTitle])
  }

  /// --speedup: pairs of whole bootstrap runs on one thread and on `bootThreads`,
  /// back to back, the order alternating from pair to pair, so that a slow
  /// stretch of a shared machine falls on both runs of a pair; each timed run
  /// follows an untimed one on the same threads.
  func emitSpeedup(model: SEMModel, bootThreads: Int, _ fitOn: (Int?) throws -> BenchReport.Fit) throws {
    for _ in 0..<warmup { _ = try fitOn(1); _ = try fitOn(bootThreads) }
    var one: [Double] = [], many: [Double] = [], fitOne: BenchReport.Fit?, fitMany: BenchReport.Fit?
    for pair in 0..<reps {
      for single in pair % 2 == 0 ? [true, false] : [false, true] {
        // An untimed run first on the same threads: a core that idled through
        // the other run of the pair (a virtual one especially) is slow for a while.
        _ = try fitOn(single ? 1 : bootThreads)
        let (seconds, fit) = try Self.timed { try fitOn(single ? 1 : bootThreads) }
        if single { one.append(seconds); fitOne = fit } else { many.append(seconds); fitMany = fit }
      }
    }
    let report = SpeedupReport(model: input.model ?? input.syntax!, nobs: model.groups.reduce(0) { $0 + $1.moments.n },
                               pairs: reps, bootstrap: bootstrap!, threads: bootThreads,
                               oneThread: BenchReport.Timing(seconds: one, fit: fitOne!),
                               threadsTiming: BenchReport.Timing(seconds: many, fit: fitMany!),
                               pairRatios: zip(one, many).map { $0 / $1 })
    try output.emit(report, tables: [report.table(output.labels)], title: output.labels[.benchSpeedupTitle])
  }

  /// Runs `body` warmup + reps times: each timed run's seconds and the last fit.
  static func time(reps: Int, warmup: Int, _ body: () throws -> BenchReport.Fit) throws -> (seconds: [Double], fit: BenchReport.Fit) {
    var last = try body()
    for _ in 0..<warmup { last = try body() }
    var seconds: [Double] = []
    seconds.reserveCapacity(reps)
    for _ in 0..<reps {
      let (s, fit) = try timed(body)
      seconds.append(s)
      last = fit
    }
    return (seconds, last)
  }

  /// One run of `body`: its seconds and its fit.
  static func timed(_ body: () throws -> BenchReport.Fit) throws -> (seconds: Double, fit: BenchReport.Fit) {
    let clock = ContinuousClock()
    let start = clock.now
    let fit = try body()
    let d = clock.now - start
    return (Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18, fit)
  }
}

/// The JSON shape of `bench --speedup`.
struct SpeedupReport: Encodable {
  let model: String
  let nobs, pairs, bootstrap, threads: Int
  let oneThread, threadsTiming: BenchReport.Timing
  /// Each pair's one-thread seconds over its `threads`-thread seconds.
  let pairRatios: [Double]
  /// The median of `pairRatios`.
  let speedup: Double
  let ratioOfMedians: Double
  /// The fastest runs' ratio: on a shared machine the best of many runs is the
  /// nearest to what a quiet one would show (a one-thread run needs one quiet
  /// core, a two-thread run both).
  let ratioOfMinima: Double

  enum CodingKeys: String, CodingKey {
    case model, nobs, pairs, bootstrap, threads, speedup
    case oneThread = "one_thread", threadsTiming = "clusterstat", pairRatios = "pair_ratios"
    case ratioOfMedians = "ratio_of_medians", ratioOfMinima = "ratio_of_minima"
  }

  init(model: String, nobs: Int, pairs: Int, bootstrap: Int, threads: Int,
       oneThread: BenchReport.Timing, threadsTiming: BenchReport.Timing, pairRatios: [Double]) {
    (self.model, self.nobs, self.pairs, self.bootstrap, self.threads) = (model, nobs, pairs, bootstrap, threads)
    (self.oneThread, self.threadsTiming, self.pairRatios) = (oneThread, threadsTiming, pairRatios)
    speedup = sortedMedian(pairRatios.sorted())
    ratioOfMedians = oneThread.median_s / threadsTiming.median_s
    ratioOfMinima = oneThread.min_s / threadsTiming.min_s
  }

  func table(_ l: Labels) -> Table {
    func row(_ name: String, _ t: BenchReport.Timing) -> [Cell] {
      [.text(name), .number(t.median_s * 1000, decimals: 3), .number(t.min_s * 1000, decimals: 3), .number(t.max_s * 1000, decimals: 3)]
    }
    return Table(title: l[.benchSpeedupTitle],
                 headers: [l[.benchThreads], l[.benchMedian], l[.benchMin], l[.benchMax]],
                 rows: [row("1", oneThread), row("\(threads)", threadsTiming)],
                 notes: [l.format(.benchSpeedupNote, threads, speedup, ratioOfMedians, ratioOfMinima, pairs, bootstrap)])
  }
}

/// The JSON shape of `bench` (snake-case keys as the issue fixes them).
struct BenchReport: Encodable {
  struct Fit { var iterations: Int?; var evaluations: Int?; var chisq: Double }

  struct Timing: Encodable {
    var median_s, min_s, max_s: Double
    var iterations: Int?
    var evaluations: Int?
    var chisq: Double
    var version: String?

    init(seconds: [Double], fit: Fit, version: String? = nil) {
      let sorted = seconds.sorted()
      median_s = sortedMedian(sorted)
      min_s = sorted.first!
      max_s = sorted.last!
      iterations = fit.iterations
      evaluations = fit.evaluations
      chisq = fit.chisq
      self.version = version
    }
  }

  var model: String
  var nobs: Int
  var reps: Int
  /// lavaan's and OpenMx's timed fits where they differ from `reps`.
  var referenceReps: Int?
  /// Turns the programs took (when more than one).
  var rounds: Int?
  /// Replicates per timed bootstrap run (nil: single fits are timed).
  var bootstrap: Int?
  var threads: Int?
  var clusterstat: Timing
  var lavaan: Timing?
  var ratio: Double?
  var openmx: Timing? = nil
  var ratioOpenMx: Double? = nil
  /// The flop floor of one fit and ClusterStat's median as a multiple of it.
  var floor: FlopFloor.Estimate? = nil
  var floorMultiple: Double? = nil
  var note: String?

  func encode(to encoder: Encoder) throws {
    // lavaan and ratio are always present (null when not run), as the contract says; OpenMx's when it ran.
    enum K: String, CodingKey { case model, nobs, reps, bootstrap, threads, clusterstat, lavaan, ratio, openmx, floor, note
      case rounds
      case ratioOpenMx = "ratio_openmx", floorMultiple = "floor_multiple", referenceReps = "reference_reps" }
    var c = encoder.container(keyedBy: K.self)
    try c.encode(model, forKey: .model)
    try c.encode(nobs, forKey: .nobs)
    try c.encode(reps, forKey: .reps)
    try c.encodeIfPresent(referenceReps, forKey: .referenceReps)
    try c.encodeIfPresent(rounds, forKey: .rounds)
    try c.encodeIfPresent(bootstrap, forKey: .bootstrap)
    try c.encodeIfPresent(threads, forKey: .threads)
    try c.encode(clusterstat, forKey: .clusterstat)
    try c.encode(lavaan, forKey: .lavaan)
    try c.encode(ratio, forKey: .ratio)
    try c.encodeIfPresent(openmx, forKey: .openmx)
    try c.encodeIfPresent(ratioOpenMx, forKey: .ratioOpenMx)
    try c.encodeIfPresent(floor, forKey: .floor)
    try c.encodeIfPresent(floorMultiple, forKey: .floorMultiple)
    try c.encodeIfPresent(note, forKey: .note)
  }

  func table(_ l: Labels) -> Table {
    func row(_ name: String, _ t: Timing) -> [Cell] {
      [.text(name), .number(t.median_s * 1000, decimals: 3), .number(t.min_s * 1000, decimals: 3), .number(t.max_s * 1000, decimals: 3),
       t.iterations.map { .integer($0) } ?? .empty, t.evaluations.map { .integer($0) } ?? .empty, .number(t.chisq, decimals: 3)]
    }
    var rows = [row("ClusterStat", clusterstat)]
    if let lavaan { rows.append(row("lavaan \(lavaan.version ?? "")", lavaan)) }
    if let openmx { rows.append(row("OpenMx \(openmx.version ?? "")", openmx)) }
    var notes = [l.format(.benchNote, reps, nobs)]
    if let bootstrap { notes.append(l.format(.benchBootNote, bootstrap, threads ?? 1)) }
    if let ratioOpenMx { notes.insert(l.format(.benchRatioOpenMx, ratioOpenMx), at: 0) }
    if let ratio { notes.insert(l.format(.benchRatio, ratio), at: 0) }
    if let floor, let floorMultiple { notes.append(l.format(.benchFloor, floor.seconds * 1000, floorMultiple)) }
    if let note { notes.append(note) }
    return Table(title: l[.benchTitle],
                 headers: [l[.benchProgram], l[.benchMedian], l[.benchMin], l[.benchMax], l[.benchIterations], l[.benchEvaluations], "χ²"],
                 rows: rows, notes: notes)
  }
}
