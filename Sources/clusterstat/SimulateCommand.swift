import ArgumentParser
import ClusterStat
import Study
import Foundation

struct SimulateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "simulate",
    abstract: "Data from a population model in lavaan syntax (lavaan's simulateData, standardized = TRUE).",
    discussion: """
      Every loading, regression and covariance takes the value written in the
      model (0 when none is); residual variances not given are set so that every
      variable has variance 1, so the values are standardised coefficients.
      Draws are multivariate normal from a seeded SplitMix64 stream: the same
      seed gives the same file on every machine. --likert K cuts each variable
      into K categories at normal quantiles of a mildly left-skewed answer
      distribution (for K = 7: .02 .04 .08 .20 .30 .24 .12), or of
      --probabilities.

      Examples:
        clusterstat simulate --syntax 'F =~ 0.8*x1 + 0.7*x2 + 0.75*x3; Y ~ 0.4*F; Y =~ 0.8*y1 + 0.8*y2 + 0.7*y3' --n 500 --seed 1
        clusterstat simulate --model Datasets/cluster-enterprise/population.lav --n 330 --seed 20180501 --likert 7 --out sim.csv
        clusterstat simulate --study cluster-enterprise --out-dir Datasets/cluster-enterprise   # the shipped study data
        clusterstat simulate --study suzhou-firms --out-dir Datasets/suzhou-firms
      """)

  @Option(name: .long, help: ArgumentHelp("Regenerate a shipped study data set: cluster-enterprise or suzhou-firms (seed 20180501).", valueName: "name"))
  var study: StudyData.Name?

  @Option(name: .customLong("out-dir"), help: ArgumentHelp("With --study: the folder to write into.", valueName: "dir"))
  var outDir: String?

  @Option(name: .long, help: ArgumentHelp("A file with the population model (lavaan syntax with values).", valueName: "file"))
  var model: String?

  @Option(name: .long, help: ArgumentHelp("The population model inline.", valueName: "text"))
  var syntax: String?

  @Option(name: .long, parsing: .unconditional, help: "Number of cases.")
  var n: Int = 0

  @Option(name: .long, parsing: .unconditional, help: "Seed of the random stream.")
  var seed: UInt64 = 0

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Cut each variable into K ordered categories (Likert).", valueName: "K"))
  var likert: Int?

  @Option(name: .long, help: ArgumentHelp("With --likert: the probability of each category, comma-separated.", valueName: "p1,…,pK"))
  var probabilities: String?

  @Flag(name: .long, help: "Do not standardise: residual variances not given are 1.")
  var raw = false

  @Option(name: .long, help: ArgumentHelp("Write the CSV here (atomically) instead of standard output.", valueName: "file"))
  var out: String?

  func validate() throws {
    if let study {
      guard outDir != nil else { throw ValidationError("--study needs --out-dir DIR") }
      return
    }
    guard (model == nil) != (syntax == nil) else { throw ValidationError("give the population model with --model FILE or --syntax TEXT") }
    guard n >= 1 else { throw ValidationError("--n must be at least 1") }
    guard n <= Simulation.maxCases else { throw ValidationError("--n is at most \(Simulation.maxCases) cases") }
    if let likert, !(2...11).contains(likert) { throw ValidationError("--likert takes 2 to 11 categories") }
    if probabilities != nil, likert == nil { throw ValidationError("--probabilities goes with --likert") }
    if let p = try? parsedProbabilities() {
      guard p.count == likert, p.allSatisfy({ $0 > 0 }), abs(p.reduce(0, +) - 1) < 1e-6 else {
        throw ValidationError("--probabilities needs \(likert ?? 0) positive numbers that sum to 1")
      }
    }
  }

  func parsedProbabilities() throws -> [Double]? {
    guard let probabilities else { return nil }
    return try probabilities.split(separator: ",").map { s in
      guard let v = Double(s.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("--probabilities: '\(s)' is not a number") }
      return v
    }
  }

  func run() throws {
    if let study, let outDir {
      try StudyData.regenerate(study, into: outDir)
      FileHandle.standardError.write(Data("clusterstat: wrote the \(study.rawValue) data into \(outDir)\n".utf8))
      return
    }
    let text = try readModel(syntax: syntax, file: model)
    let population = try Simulation.population(syntax: text, standardized: !raw)
    let options = SimulationOptions(n: n, seed: seed, standardized: !raw, categories: likert, probabilities: try parsedProbabilities())
    let columns = try Simulation.draw(population, options: options)
    try OutputFile.write(SimulatedCSV.render(names: population.observed, columns: columns), to: out)
  }
}

enum SimulatedCSV {
  /// Integers as integers; continuous values with 10 significant digits.
  static func render(names: [String], columns: [[Double]]) -> String {
    var s = names.map(CSVRenderer.field).joined(separator: ",") + "\n"
    let n = columns.first?.count ?? 0
    for r in 0..<n {
      s += columns.map { c in
        let v = c[r]
        return v == v.rounded() ? String(Int(v)) : String(format: "%.10g", v)
      }.joined(separator: ",")
      s += "\n"
    }
    return s
  }
}

extension StudyData.Name: ExpressibleByArgument {}
