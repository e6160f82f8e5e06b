import Foundation

// What several test targets need and used to define each for itself: the
// package's folder, the shipped reference data sets, and the clusterstat
// binary run as a user runs it (no shell in between). Test-only, so its name
// is underscored (as swift-numerics' _TestSupport).

/// The package's root folder (this file is Tests/_TestSupport/TestSupport.swift).
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A path inside the package.
public func packagePath(_ relative: String) -> String { packageRoot.appendingPathComponent(relative).path }

/// A file of Datasets/reference (the public data sets the R references were made from).
public func referenceDataset(_ name: String) -> String { packagePath("Datasets/reference/\(name)") }

/// The clusterstat binary built beside the test bundle.
public let clusterstatBinary: URL = {
  let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  for dir in [beside, beside.deletingLastPathComponent(), Bundle.main.bundleURL] {
    let candidate = dir.appendingPathComponent("clusterstat")
    if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
  }
  return packageRoot.appendingPathComponent(".build/debug/clusterstat")
}()

/// One run of the command line.
public struct CLIRun: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
}

/// Runs clusterstat with `args`; `environment` entries replace the inherited
/// ones; `directory` is its working directory.
public func runCLI(_ args: [String], environment: [String: String] = [:], in directory: String? = nil) throws -> CLIRun {
  let p = Process()
  p.executableURL = clusterstatBinary
  p.arguments = args
  if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
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
  return CLIRun(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}
