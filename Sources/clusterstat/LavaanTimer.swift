import ClusterStat
import Foundation

/// Times the same model in lavaan, in an Rscript child process: the complete
/// cases ClusterStat fitted are written to a temporary CSV (or the covariance
/// matrix with its N), lavaan is loaded, and then warmup + reps calls of sem()
/// run and are timed inside R, so R's start-up and package loading are not
/// counted. Both sides use one BLAS thread.
enum LavaanTimer {
  enum Outcome {
    case timing(BenchReport.Timing)
    case unavailable(String)
  }

  static func run(model: String, table: ParameterTable, moments: SampleMoments, frame: DataFrame?,
                  options: SEMOptions, group: String?, reps: Int, warmup: Int, bootstrap: Int? = nil, seed: UInt64 = 1) -> Outcome {
    guard let rscript = findExecutable("Rscript") else {
      return .unavailable("Rscript is not installed, so lavaan was not timed (install R and lavaan, e.g. apt-get install r-cran-lavaan)")
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clusterstat-bench-\(getpid())")
    defer { try? FileManager.default.removeItem(at: dir) }
    let kind = frame == nil ? "cov" : "data"
    do {
      try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
      let names = table.roles.observed
      var csv = (names + (group.map { [$0] } ?? [])).map { "\"\($0)\"" }.joined(separator: ",") + "\n"
      if let frame, options.missing == .fiml || group != nil {
        // Every case, NA where missing: lavaan deletes or models them as ClusterStat did.
        let cases = try frame.matrixWithMissing(names)
        let labels = group.flatMap { frame[$0]?.textValues }
        for (r, row) in cases.enumerated() {
          guard labels?[r] != nil || group == nil else { continue }
          let cells = row.map { $0.isNaN ? "NA" : String(format: "%.17g", $0) } + (labels.map { ["\"\($0[r]!)\""] } ?? [])
          csv += cells.joined(separator: ",") + "\n"
        }
      } else if let frame {
        let columns = try frame.listwiseMatrix(names).data
        for r in columns[0].indices {
          csv += columns.map { String(format: "%.17g", $0[r]) }.joined(separator: ",") + "\n"
        }
      } else {
        // R's cov() divisor, N − 1, as lavaan's sample.cov expects.
        let unbiased = Double(moments.n) / Double(moments.n - 1)
        for i in 0..<names.count {
          csv += (0..<names.count).map { String(format: "%.17g", moments.covariance[i, $0] * unbiased) }.joined(separator: ",") + "\n"
        }
      }
      try csv.write(to: dir.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
      try model.write(to: dir.appendingPathComponent("model.lav"), atomically: true, encoding: .utf8)
      try script.write(to: dir.appendingPathComponent("time.R"), atomically: true, encoding: .utf8)
    } catch {
      return .unavailable("could not prepare the lavaan run: \(error.localizedDescription)")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: rscript)
    process.arguments = [dir.appendingPathComponent("time.R").path, dir.path, kind, String(moments.n),
                         options.estimatorName, options.model.stdLV ? "TRUE" : "FALSE", String(reps), String(warmup),
                         String(bootstrap ?? 0), String(seed % 2_147_483_647), options.missing == .fiml ? "ml" : "listwise",
                         group ?? "", options.model.groupEqual.map(\.rawValue).joined(separator: ","),
                         options.model.groupPartial.joined(separator: ","),
                         options.model.meanstructure ? "TRUE" : "default", options.model.orthogonal ? "TRUE" : "FALSE"]
    var env = ProcessInfo.processInfo.environment
    env["OPENBLAS_NUM_THREADS"] = "1"
    env["OMP_NUM_THREADS"] = "1"
    process.environment = env
    let outPipe = Pipe(), errPipe = Pipe()
    process.standardOutput = outPipe
    process.standardError = errPipe
    do { try process.run() } catch {
      return .unavailable("could not start Rscript: \(error.localizedDescription)")
    }
    let out = outPipe.fileHandleForReading.readDataToEndOfFile()
    let err = errPipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    if process.terminationStatus == 3 {
      return .unavailable("R is installed but the lavaan package is not, so lavaan was not timed (install.packages(\"lavaan\") or apt-get install r-cran-lavaan)")
    }
    guard process.terminationStatus == 0,
          let json = try? JSONSerialization.jsonObject(with: out) as? [String: Any],
          let times = json["seconds"] as? [Double], !times.isEmpty else {
      let message = String(decoding: err, as: UTF8.self).split(separator: "\n").suffix(3).joined(separator: " ")
      return .unavailable("lavaan failed on this model: \(message.isEmpty ? "no output" : message)")
    }
    let fit = BenchReport.Fit(iterations: json["iterations"] as? Int, evaluations: nil, chisq: json["chisq"] as? Double ?? .nan)
    return .timing(BenchReport.Timing(seconds: times, fit: fit, version: json["version"] as? String))
  }

  static func findExecutable(_ name: String) -> String? {
    let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
    for p in paths {
      let candidate = "\(p)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// Arguments: folder (data.csv, model.lav), data|cov, N, estimator, std.lv, reps, warmup,
  /// bootstrap replicates (0: none), seed, missing, group column ("" none), group.equal, group.partial,
  /// meanstructure, orthogonal.
  /// Prints one JSON object; exit status 3 when lavaan is not installed.
  static let script = #"""
    args <- commandArgs(trailingOnly = TRUE)
    dir <- args[1]; kind <- args[2]; nobs <- as.integer(args[3]); est <- args[4]
    std_lv <- args[5] == "TRUE"; reps <- as.integer(args[6]); warmup <- as.integer(args[7])
    boot <- as.integer(args[8]); set.seed(as.integer(args[9]))
    se <- if (boot > 0) "bootstrap" else "default"
    missing <- args[10]; group <- if (args[11] == "") NULL else args[11]
    equal <- if (is.na(args[12]) || args[12] == "") "" else strsplit(args[12], ",")[[1]]
    partial <- if (is.na(args[13]) || args[13] == "") "" else strsplit(args[13], ",")[[1]]
    means <- if (!is.na(args[14]) && args[14] == "TRUE") TRUE else "default"
    orthogonal <- !is.na(args[15]) && args[15] == "TRUE"
    if (!suppressWarnings(suppressMessages(requireNamespace("lavaan", quietly = TRUE)))) quit(status = 3)
    suppressMessages(library(lavaan))
    model <- paste(readLines(file.path(dir, "model.lav"), warn = FALSE), collapse = "\n")
    d <- read.csv(file.path(dir, "data.csv"), check.names = FALSE)
    fit_once <- if (kind == "data") {
      function() sem(model, data = d, estimator = est, std.lv = std_lv, se = se, bootstrap = max(boot, 1),
                     missing = missing, group = group, group.equal = equal, group.partial = partial,
                     meanstructure = means, orthogonal = orthogonal)
    } else {
      S <- as.matrix(d); rownames(S) <- colnames(S)
      function() sem(model, sample.cov = S, sample.nobs = nobs, estimator = est, std.lv = std_lv, orthogonal = orthogonal)
    }
    fit <- suppressWarnings(fit_once())
    for (i in seq_len(warmup)) fit <- fit_once()
    seconds <- numeric(reps)
    for (i in seq_len(reps)) {
      t0 <- as.numeric(Sys.time()); fit <- fit_once(); seconds[i] <- as.numeric(Sys.time()) - t0
    }
    # fitMeasures() is left out of lavaan's timed region although ClusterStat's
    # includes every fit measure, so the ratio errs in lavaan's favour.
    fm <- fitMeasures(fit, "chisq")
    cat(sprintf('{"seconds": [%s], "iterations": %d, "chisq": %.17g, "version": "%s"}\n',
                paste(sprintf("%.9g", seconds), collapse = ", "), lavInspect(fit, "iterations"),
                fm[["chisq"]], as.character(packageVersion("lavaan"))))
    """#
}
