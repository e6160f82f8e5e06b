import Foundation
@testable import Survey

import _TestSupport
let hsPath = packageRoot.appendingPathComponent("Datasets/reference/HolzingerSwineford1939.csv").path

func fixture(_ name: String) -> String {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
}

/// A file in a fresh temporary folder with the given bytes.
func tempFile(_ name: String, _ bytes: [UInt8]) throws -> String {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cs-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  let url = dir.appendingPathComponent(name)
  try Data(bytes).write(to: url)
  return url.path
}

func tempFile(_ name: String, _ text: String) throws -> String {
  try tempFile(name, Array(text.utf8))
}

/// |a − b| ≤ tol · max(|b|, 1).
func close(_ a: Double?, _ b: Double?, _ tol: Double) -> Bool {
  guard let a, let b else { return a == nil && b == nil }
  return abs(a - b) <= tol * max(abs(b), 1)
}

/// The error an expression throws, for checking its message and location.
func inputError(_ body: () throws -> Void) -> InputError? {
  do { try body() } catch let e as InputError { return e } catch { return nil }
  return nil
}
