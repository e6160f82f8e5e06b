import ClusterStat
import Foundation

/// The programs `bench --against` times.
enum ReferenceProgram: String, CaseIterable {
  case lavaan, openmx
  var display: String { self == .lavaan ? "lavaan" : "OpenMx" }
}

/// Times the same model in lavaan or OpenMx, in an Rscript child process: the
/// complete cases ClusterStat fitted are written to a temporary CSV (or the
/// covariance matrix with its N), the package is loaded, and then warmup + reps
/// fits run and are timed inside R, so R's start-up and package loading are not
/// counted. OpenMx fits the RAM model made from lavaan's parameter table of the
/// same syntax (every default, label and group.equal constraint; lavaan's start
/// values), by ML on the covariance matrix for complete data and by FIML on the
/// raw data with missing values or for a bootstrap (mxBootstrap resamples raw
/// rows); it has no MLR, so robust rows are plain ML there.
/// Both sides use one BLAS (and OpenMP) thread.
enum LavaanTimer {
  enum Outcome {
    /// Each timed fit's seconds and the last fit.
    case timing(seconds: [Double], fit: BenchReport.Fit, version: String?)
    case unavailable(String)
  }

  static func run(_ program: ReferenceProgram = .lavaan, model: String, table: ParameterTable, moments: SampleMoments, frame: DataFrame?,
                  options: SEMOptions, group: String?, reps: Int, warmup: Int, bootstrap: Int? = nil, seed: UInt64 = 1,
                  threads: Int = 1) -> Outcome {
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
                         options.model.meanstructure ? "TRUE" : "default", options.model.orthogonal ? "TRUE" : "FALSE", program.rawValue,
                         options.ordered.joined(separator: ","), String(threads)]
    var env = ProcessInfo.processInfo.environment
    env["OPENBLAS_NUM_THREADS"] = "1"
    // OpenMx refuses more threads than OpenMP was started with.
    env["OMP_NUM_THREADS"] = bootstrap == nil ? "1" : String(threads)
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
      return .unavailable("R is installed but the lavaan package is not, so \(program.display) was not timed (install.packages(\"lavaan\") or apt-get install r-cran-lavaan)")
    }
    if process.terminationStatus == 4 {
      return .unavailable("R is installed but the OpenMx package is not, so OpenMx was not timed (apt-get install r-cran-openmx)")
    }
    guard process.terminationStatus == 0,
          let json = try? JSONSerialization.jsonObject(with: out) as? [String: Any],
          let times = json["seconds"] as? [Double], !times.isEmpty else {
      let message = String(decoding: err, as: UTF8.self).split(separator: "\n").suffix(3).joined(separator: " ")
      return .unavailable("\(program.display) failed on this model: \(message.isEmpty ? "no output" : message)")
    }
    let fit = BenchReport.Fit(iterations: json["iterations"] as? Int, evaluations: nil, chisq: json["chisq"] as? Double ?? .nan)
    return .timing(seconds: times, fit: fit, version: json["version"] as? String)
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
  /// meanstructure, orthogonal, program, ordered columns, threads (a bootstrap on more than one runs
  /// lavaan's `parallel = "multicore"` with that many `ncpus`, and OpenMx with that many threads).
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
    ordered <- if (is.na(args[17]) || args[17] == "") NULL else strsplit(args[17], ",")[[1]]
    ncpus <- if (is.na(args[18])) 1L else as.integer(args[18])
    parallel <- if (boot > 0 && ncpus > 1) "multicore" else "no"
    if (!suppressWarnings(suppressMessages(requireNamespace("lavaan", quietly = TRUE)))) quit(status = 3)
    suppressMessages(library(lavaan))
    model <- paste(readLines(file.path(dir, "model.lav"), warn = FALSE), collapse = "\n")
    d <- read.csv(file.path(dir, "data.csv"), check.names = FALSE)
    if (kind != "data") { S <- as.matrix(d); rownames(S) <- colnames(S) }
    fit_once <- if (kind == "data") {
      function() sem(model, data = d, estimator = est, std.lv = std_lv, se = se, bootstrap = max(boot, 1),
                     missing = missing, group = group, group.equal = equal, group.partial = partial,
                     meanstructure = means, orthogonal = orthogonal, ordered = ordered,
                     parallel = parallel, ncpus = ncpus)
    } else {
      function() sem(model, sample.cov = S, sample.nobs = nobs, estimator = est, std.lv = std_lv, orthogonal = orthogonal)
    }
    if (!is.na(args[16]) && args[16] == "openmx") {
      if (!suppressWarnings(suppressMessages(requireNamespace("OpenMx", quietly = TRUE)))) quit(status = 4)
      suppressMessages(library(OpenMx))
      invisible(mxOption(key = "Number of Threads", value = if (boot > 0) ncpus else 1L))
      base <- if (kind == "data") {
        sem(model, data = d, std.lv = std_lv, missing = missing, group = group, group.equal = equal,
            group.partial = partial, meanstructure = means, orthogonal = orthogonal, do.fit = FALSE)
      } else {
        sem(model, sample.cov = S, sample.nobs = nobs, std.lv = std_lv, orthogonal = orthogonal, do.fit = FALSE)
      }
      pt <- parTable(base)
      ov <- lavNames(base, "ov"); lv <- lavNames(base, "lv"); vars <- c(ov, lv); nv <- length(vars)
      # Equal labels are one parameter in OpenMx: lavaan's plabels, its == rows merged.
      lab <- ifelse(pt$label != "", pt$label, pt$plabel)
      for (k in which(pt$op == "==")) lab[lab == pt$rhs[k]] <- pt$lhs[k]
      lab <- gsub("[^A-Za-z0-9_]", "_", lab)
      has_means <- any(pt$op == "~1")
      ng <- max(pt$group)
      glabels <- lavInspect(base, "group.label")
      groups <- lapply(seq_len(ng), function(g) {
        A <- matrix(0, nv, nv, dimnames = list(vars, vars)); Af <- A != 0; Al <- matrix(NA_character_, nv, nv)
        Sm <- A; Sf <- Af; Sl <- Al
        M <- matrix(0, 1, nv); Mf <- M != 0; Ml <- matrix(NA_character_, 1, nv)
        for (k in which(pt$group == g)) {
          op <- pt$op[k]; l <- match(pt$lhs[k], vars); r <- match(pt$rhs[k], vars)
          fr <- pt$free[k] > 0; v <- pt$start[k]; lb <- if (fr) lab[k] else NA_character_
          if (op == "=~") { A[r, l] <- v; Af[r, l] <- fr; Al[r, l] <- lb }
          else if (op == "~") { A[l, r] <- v; Af[l, r] <- fr; Al[l, r] <- lb }
          else if (op == "~~") { Sm[l, r] <- v; Sm[r, l] <- v; Sf[l, r] <- fr; Sf[r, l] <- fr; Sl[l, r] <- lb; Sl[r, l] <- lb }
          else if (op == "~1") { M[1, l] <- v; Mf[1, l] <- fr; Ml[1, l] <- lb }
        }
        Fm <- cbind(diag(length(ov)), matrix(0, length(ov), length(lv)))
        mats <- list(mxMatrix("Full", values = A, free = Af, labels = Al, name = "A", dimnames = list(vars, vars)),
                     mxMatrix("Symm", values = Sm, free = Sf, labels = Sl, name = "S", dimnames = list(vars, vars)),
                     mxMatrix("Full", values = Fm, free = FALSE, name = "F", dimnames = list(ov, vars)))
        dg <- if (ng > 1) d[d[[group]] == glabels[g], ov, drop = FALSE] else if (kind == "data") d[, ov, drop = FALSE] else NULL
        raw <- kind == "data" && (missing == "ml" || boot > 0)
        if (raw && !has_means) {
          # Raw data need a mean vector: the observed means free (saturated, as lavaan's are without a mean structure).
          M[1, seq_along(ov)] <- colMeans(dg, na.rm = TRUE); Mf[1, seq_along(ov)] <- TRUE
          Ml[1, seq_along(ov)] <- paste0("mean_", g, "_", seq_along(ov))
        }
        if (has_means || raw) mats <- c(mats, list(mxMatrix("Full", values = M, free = Mf, labels = Ml, name = "M", dimnames = list(NULL, vars))))
        dat <- if (kind == "cov") {
          mxData(S[ov, ov], type = "cov", numObs = nobs)
        } else if (missing == "ml" || boot > 0) {
          # FIML on the raw cases (mxBootstrap resamples rows of raw data).
          mxData(if (missing == "ml") dg else dg[complete.cases(dg), , drop = FALSE], type = "raw")
        } else {
          cc <- dg[complete.cases(dg), , drop = FALSE]
          if (has_means) mxData(cov(cc), type = "cov", numObs = nrow(cc), means = colMeans(cc)) else mxData(cov(cc), type = "cov", numObs = nrow(cc))
        }
        ex <- if (has_means || raw) mxExpectationRAM("A", "S", "F", "M", dimnames = vars) else mxExpectationRAM("A", "S", "F", dimnames = vars)
        do.call(mxModel, c(list(paste0("g", g)), mats, list(dat, ex, mxFitFunctionML())))
      })
      mx <- if (ng == 1) groups[[1]] else do.call(mxModel, c(list("mg"), groups, list(mxFitFunctionMultigroup(paste0("g", seq_len(ng))))))
      # A label shared by several elements (an equality) takes the first one's start value.
      mx <- omxAssignFirstParameters(mx)
      fit_once <- if (boot > 0) {
        function() mxBootstrap(mxRun(mx, silent = TRUE, suppressWarnings = TRUE), replications = boot, silent = TRUE)
      } else {
        function() mxRun(mx, silent = TRUE, suppressWarnings = TRUE)
      }
      fit <- suppressWarnings(fit_once())
      for (i in seq_len(warmup)) fit <- fit_once()
      seconds <- numeric(reps)
      for (i in seq_len(reps)) {
        t0 <- as.numeric(Sys.time()); fit <- suppressWarnings(fit_once()); seconds[i] <- as.numeric(Sys.time()) - t0
      }
      one <- function(x) if (length(x) == 1 && !is.na(x)) x else NA
      # χ² against the saturated model: direct for covariance data; raw data need
      # the reference models fitted (not for a bootstrap, whose χ² is the full sample's).
      anyraw <- kind == "data" && (missing == "ml" || boot > 0)
      chi <- if (boot > 0) NA else one(tryCatch(if (anyraw) summary(fit, refModels = mxRefModels(fit, run = TRUE))$Chi else summary(fit)$Chi,
                                         error = function(e) NA))
      its <- one(tryCatch(as.integer(fit$output$iterations), error = function(e) NA))
      cat(sprintf('{"seconds": [%s], "iterations": %s, "chisq": %s, "version": "%s"}\n',
                  paste(sprintf("%.9g", seconds), collapse = ", "), if (is.na(its)) "null" else its,
                  if (is.na(chi)) "null" else sprintf("%.17g", chi), as.character(packageVersion("OpenMx"))))
      quit(status = 0)
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
