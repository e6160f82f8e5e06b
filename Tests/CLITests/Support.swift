import Foundation
import Testing

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let hsPath = packageRoot.appendingPathComponent("Datasets/reference/HolzingerSwineford1939.csv").path

/// The clusterstat binary built beside this test bundle.
let binary: URL = {
  let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  for dir in [beside, beside.deletingLastPathComponent(), Bundle.main.bundleURL] {
    let candidate = dir.appendingPathComponent("clusterstat")
    if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
  }
  return packageRoot.appendingPathComponent(".build/debug/clusterstat")
}()

struct RunResult {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// Runs clusterstat with arguments; no shell in between. `environment`
/// entries replace the inherited ones.
func run(_ args: [String], environment: [String: String] = [:]) throws -> RunResult {
  let p = Process()
  p.executableURL = binary
  p.arguments = args
  if !environment.isEmpty {
    p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
  }
  let out = Pipe(), err = Pipe()
  p.standardOutput = out
  p.standardError = err
  try p.run()
  let o = out.fileHandleForReading.readDataToEndOfFile()
  let e = err.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  return RunResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
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
