import Foundation
import Testing

import _TestSupport

let hsPath = referenceDataset("HolzingerSwineford1939.csv")
let binary = clusterstatBinary

typealias RunResult = CLIRun

/// Runs clusterstat with arguments; no shell in between. `environment`
/// entries replace the inherited ones.
func run(_ args: [String], environment: [String: String] = [:]) throws -> RunResult {
  try runCLI(args, environment: environment)
}

func tempDir() throws -> URL {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cs-cli-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  return dir
}

func write(_ text: String, _ name: String, in dir: URL) throws -> String {
  let url = dir.appendingPathComponent(name)
  try Data(text.utf8).write(to: url)
  return url.path
}

/// Runs a command that must fail on bad input: exit status 2, every fragment in
/// the message, and nothing written (the --out folder stays empty).
func expectBadInput(_ args: [String], _ fragments: [String]) throws {
  let dir = try tempDir()
  let out = dir.appendingPathComponent("out.json").path
  let r = try run(args + ["--format", "json", "--out", out])
  #expect(r.status == 2, "status \(r.status): \(r.stderr)")
  for f in fragments { #expect(r.stderr.contains(f), "stderr: \(r.stderr) lacks \(f)") }
  #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
}
