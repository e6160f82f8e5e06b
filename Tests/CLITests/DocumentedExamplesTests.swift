import Foundation
import Testing
import _TestSupport

/// Every command example the documentation shows — the README, each module's
/// README, the datasets' READMEs and every subcommand's --help text — runs as
/// written, from a folder holding copies of Datasets/ and Benchmarks/models/
/// (so examples that write files write there). Examples that time lavaan
/// (--against) need R and are left to Benchmarks/; `serve` runs until stopped.
@Suite(.serialized) struct DocumentedExamplesTests {
  static func examples() throws -> [String] {
    var lines: [String] = []
    let docs = ["README.md"] + (try FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("Sources").path))
      .map { "Sources/\($0)/README.md" } + ["Datasets/cluster-enterprise/README.md", "Datasets/suzhou-firms/README.md", "Datasets/reference/README.md"]
    for doc in docs {
      guard let text = try? String(contentsOf: packageRoot.appendingPathComponent(doc), encoding: .utf8) else { continue }
      lines += text.split(separator: "\n").map(String.init)
    }
    // The --help texts, as written in each command's discussion (the printed help wraps long lines).
    let cli = packageRoot.appendingPathComponent("Sources/clusterstat")
    for file in try FileManager.default.contentsOfDirectory(atPath: cli.path) where file.hasSuffix(".swift") {
      lines += try String(contentsOf: cli.appendingPathComponent(file), encoding: .utf8).split(separator: "\n").map(String.init)
    }
    var out: [String] = []
    for line in lines {
      var t = line.trimmingCharacters(in: .whitespaces)
      if t.hasPrefix(".build/release/") { t = String(t.dropFirst(".build/release/".count)) }
      // A server (serve) runs until it is stopped: Tests/ServeTests and scripts/check-serve.sh run it.
      guard t.hasPrefix("clusterstat "), !t.contains("--against"), !t.hasPrefix("clusterstat serve") else { continue }
      if let hash = t.range(of: "  #") { t = String(t[..<hash.lowerBound]).trimmingCharacters(in: .whitespaces) }
      if !out.contains(t) { out.append(t) }
    }
    return out
  }

  /// Shell words: spaces split, '…' and "…" quote.
  static func words(_ line: String) -> [String] {
    var out: [String] = [], current = "", quote: Character?, started = false
    for c in line {
      if let q = quote {
        if c == q { quote = nil } else { current.append(c) }
      } else if c == "'" || c == "\"" {
        quote = c; started = true
      } else if c == " " {
        if started || !current.isEmpty { out.append(current) }
        current = ""; started = false
      } else {
        current.append(c)
      }
    }
    if started || !current.isEmpty { out.append(current) }
    return out
  }

  @Test(.tags(.slow), .enabled(if: slowTestsEnabled)) func everyDocumentedExampleRuns() throws {
    let lines = try Self.examples()
    #expect(lines.count >= 40, "found only \(lines.count) examples")
    let dir = try tempDir()
    let fm = FileManager.default
    try fm.copyItem(at: packageRoot.appendingPathComponent("Datasets"), to: dir.appendingPathComponent("Datasets"))
    try fm.createDirectory(at: dir.appendingPathComponent("Benchmarks"), withIntermediateDirectories: true)
    try fm.copyItem(at: packageRoot.appendingPathComponent("Benchmarks/models"), to: dir.appendingPathComponent("Benchmarks/models"))
    for line in lines {
      let p = Process()
      p.executableURL = binary
      p.arguments = Array(Self.words(line).dropFirst())
      p.currentDirectoryURL = dir
      let out = Pipe(), err = Pipe()
      p.standardOutput = out
      p.standardError = err
      try p.run()
      _ = out.fileHandleForReading.readDataToEndOfFile()
      let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      p.waitUntilExit()
      #expect(p.terminationStatus == 0, "\(line)\n→ exit \(p.terminationStatus): \(e.suffix(400))")
    }
  }
}
