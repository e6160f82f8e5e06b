import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Serve
import Testing
import _TestSupport

@testable import clusterstat

// The server as `clusterstat serve` builds it (the CLI as its engine), driven
// through Hummingbird's router test client: no socket, the same middleware
// and handlers.

let hsPath = referenceDataset("HolzingerSwineford1939.csv")
let referenceFolder = packagePath("Datasets/reference")
let hsModel = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
let binary = clusterstatBinary

/// A server with its own session directory (removed after the test) and token.
struct TestServer {
  let configuration: ServeConfiguration

  init(maxUploadBytes: Int = 200 * 1024 * 1024, examples: String? = nil) throws {
    configuration = ServeConfiguration(maxUploadBytes: maxUploadBytes, session: try SessionDirectory(prefix: "clusterstat-serve-test"),
                                       version: clusterStatVersion, examples: examples)
  }

  var session: SessionDirectory { configuration.session }
  var auth: HTTPFields { [HTTPField.Name("X-ClusterStat-Token")!: configuration.token.value] }

  func headers(_ extra: [(String, String)] = []) -> HTTPFields {
    var h = auth
    for (k, v) in extra { h[HTTPField.Name(k)!] = v }
    return h
  }

  /// Runs `body` against the application, then removes the session directory.
  func test<T: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
    defer { session.remove() }
    let app = ServeServer.application(configuration, engine: CLIEngine())
    return try await app.test(.router, body)
  }
}

extension TestClientProtocol {
  /// Uploads a file from disk as a raw body; the response.
  func upload(_ path: String, name: String? = nil, query: String = "", server: TestServer) async throws -> TestResponse {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let filename = (name ?? URL(fileURLWithPath: path).lastPathComponent).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    return try await execute(uri: "/api/datasets" + query, method: .post, headers: server.headers([("X-Filename", filename)]),
                             body: ByteBuffer(bytes: data))
  }

  /// POSTs options to an analysis.
  func analyse(_ id: String, _ kind: String, _ options: [String: Any], server: TestServer) async throws -> TestResponse {
    try await analyse(id, kind, body: try JSONSerialization.data(withJSONObject: options), server: server)
  }

  func analyse(_ id: String, _ kind: String, body: Data, server: TestServer) async throws -> TestResponse {
    try await execute(uri: "/api/datasets/\(id)/analyses/\(kind)", method: .post,
                             headers: server.headers([("Content-Type", "application/json")]), body: ByteBuffer(bytes: body))
  }
}

extension TestResponse {
  var text: String { String(buffer: body) }
  var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:] }
}

/// The fit measure of a cfa/sem response's CLI JSON.
func fit(_ response: [String: Any], _ key: String) -> Double? {
  ((response["json"] as? [String: Any])?["fit"] as? [String: Any])?[key] as? Double
}

/// Files (not folders) anywhere under `dir`.
func files(under dir: String) -> [String] {
  guard let e = FileManager.default.enumerator(atPath: dir) else { return [] }
  return e.compactMap { $0 as? String }.filter { path in
    var isDir: ObjCBool = false
    return FileManager.default.fileExists(atPath: dir + "/" + path, isDirectory: &isDir) && !isDir.boolValue
  }
}

/// A JSON value written with sorted keys: equal strings for equal values, and Sendable.
func canonical(_ object: Any?) -> String? {
  guard let object, JSONSerialization.isValidJSONObject(object),
        let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
  else { return nil }
  return String(decoding: data, as: UTF8.self)
}
