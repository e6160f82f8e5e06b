import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

// `clusterstat serve` as a process: it listens where it says, answers 401
// without the token, takes an upload with it, and removes its session
// directory (the uploads) when SIGINT or SIGTERM stops it.

@Suite(.serialized) struct ProcessTests {
  /// Starts the server on a free port; its URL and session directory.
  func start() throws -> (Process, url: String, session: String) {
    let p = Process()
    p.executableURL = binary
    p.arguments = ["serve", "--port", "0"]
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    var text = ""
    while !text.contains("until the server stops") {
      let chunk = err.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      text += String(decoding: chunk, as: UTF8.self)
    }
    let url = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    let session = text.components(separatedBy: "uploads are kept in ").last?.components(separatedBy: " until").first ?? ""
    return (p, url, session)
  }

  func request(_ url: String, method: String = "GET", headers: [String: String] = [:], body: Data? = nil) async throws -> (Int, Data) {
    var r = URLRequest(url: URL(string: url)!)
    r.httpMethod = method
    for (k, v) in headers { r.setValue(v, forHTTPHeaderField: k) }
    r.httpBody = body
    let (data, response) = try await URLSession.shared.data(for: r)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
  }

  @Test(arguments: [SIGINT, SIGTERM])
  func stopsAndRemovesItsSessionDirectory(signal: Int32) async throws {
    let (p, url, session) = try start()
    defer { if p.isRunning { p.terminate() } }
    #expect(url.hasPrefix("http://127.0.0.1:"), "\(url)")
    let token = try #require(url.components(separatedBy: "token=").last)
    #expect(token.count == 64)
    let base = try #require(url.components(separatedBy: "/?").first)
    #expect(FileManager.default.fileExists(atPath: session), "\(session)")
    let (refused, _) = try await request(base + "/api/kinds")
    #expect(refused == 401)
    let (created, _) = try await request(base + "/api/datasets?screen=0", method: "POST",
                                         headers: ["X-ClusterStat-Token": token, "X-Filename": "hs.csv"],
                                         body: try Data(contentsOf: URL(fileURLWithPath: hsPath)))
    #expect(created == 201)
    #expect(!files(under: session).isEmpty)
    kill(p.processIdentifier, signal)
    p.waitUntilExit()
    #expect(p.terminationStatus == 0)
    #expect(!FileManager.default.fileExists(atPath: session), "\(session) left behind")
  }
}
