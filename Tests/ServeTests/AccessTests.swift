import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import Serve
import Testing

// The token gate, the upload limit and the file-name rules.

@Suite struct AccessTests {
  @Test func everyRouteNeedsTheToken() async throws {
    let server = try TestServer()
    try await server.test { client in
      for (uri, method) in [("/", HTTPRequest.Method.get), ("/app.js", .get), ("/api/kinds", .get), ("/api/datasets", .post),
                            ("/api/datasets/0123456789abcdef0123456789abcdef/analyses/cfa", .post), ("/no/such/route", .get)] {
        let r = try await client.execute(uri: uri, method: method)
        #expect(r.status == .unauthorized, "\(method) \(uri): \(r.status)")
        #expect(r.object["error"] is String, "\(uri): \(r.text)")
      }
      let wrong = try await client.execute(uri: "/api/kinds", method: .get, headers: [HTTPField.Name("X-ClusterStat-Token")!: String(repeating: "0", count: 64)])
      #expect(wrong.status == .unauthorized)
      let wrongQuery = try await client.execute(uri: "/?token=abc", method: .get)
      #expect(wrongQuery.status == .unauthorized)
      // With the header: in.
      let ok = try await client.execute(uri: "/api/kinds", method: .get, headers: server.auth)
      #expect(ok.status == .ok)
      #expect((ok.object["kinds"] as? [String: Any])?["cfa"] != nil)
    }
  }

  @Test func firstPageLoadSetsAStrictHttpOnlyCookieAndDropsTheTokenFromTheURL() async throws {
    let server = try TestServer()
    let token = server.configuration.token.value
    try await server.test { client in
      let first = try await client.execute(uri: "/?token=\(token)", method: .get)
      #expect(first.status == .found)
      #expect(first.headers[.location] == "/")
      let cookie = try #require(first.headers[.setCookie])
      #expect(cookie.hasPrefix("clusterstat_token=\(token)"))
      #expect(cookie.contains("HttpOnly"))
      #expect(cookie.contains("SameSite=Strict"))
      let page = try await client.execute(uri: "/", method: .get, headers: [.cookie: "clusterstat_token=\(token)"])
      #expect(page.status == .ok)
      #expect(page.text.contains("<script src=\"/app.js\""))
      #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
      let script = try await client.execute(uri: "/app.js", method: .get, headers: [.cookie: "clusterstat_token=\(token)"])
      #expect(script.status == .ok)
      #expect(script.headers[.contentType]?.hasPrefix("text/javascript") == true)
      // A cookie with another value is no token.
      let forged = try await client.execute(uri: "/api/kinds", method: .get, headers: [.cookie: "clusterstat_token=\(String(token.reversed()))"])
      #expect(forged.status == .unauthorized)
    }
  }

  @Test func hostHeaderNamesAreCompared() {
    // The router test client always says Host: localhost; the comparison itself:
    #expect(AccessMiddleware<BasicRequestContext>.hostName("127.0.0.1:8080") == "127.0.0.1")
    #expect(AccessMiddleware<BasicRequestContext>.hostName("LOCALHOST") == "localhost")
    #expect(AccessMiddleware<BasicRequestContext>.hostName("[::1]:9000") == "[::1]")
    #expect(AccessMiddleware<BasicRequestContext>.hostName("attacker.example:8080") == "attacker.example")
  }

  @Test func uploadOverTheLimitIs413AndLeavesNothing() async throws {
    let server = try TestServer(maxUploadBytes: 4096)
    let session = server.session.path
    try await server.test { client in
      let big = String(repeating: "x1,x2\n1,2\n", count: 1000)  // 10 kB
      let r = try await client.execute(uri: "/api/datasets", method: .post, headers: server.headers([("X-Filename", "big.csv")]),
                                       body: ByteBuffer(string: big))
      #expect(r.status == .contentTooLarge)
      #expect((r.object["error"] as? String)?.contains("limit") == true)
      #expect(files(under: session).isEmpty)
      // Under the limit: taken.
      let small = try await client.execute(uri: "/api/datasets", method: .post, headers: server.headers([("X-Filename", "small.csv")]),
                                           body: ByteBuffer(string: "x1,x2\n1,2\n3,5\n4,4\n"))
      #expect(small.status == .created, "\(small.text)")
    }
  }

  @Test func pathTraversalFileNameStaysInsideTheSessionDirectory() async throws {
    let server = try TestServer()
    let session = server.session
    let marker = "clusterstat-escape-\(UUID().uuidString)"
    let outside = FileManager.default.temporaryDirectory.appendingPathComponent(marker + ".csv").path
    let csv = "x1,x2,x3\n1,2,3\n2,3,4\n3,4,4\n4,4,5\n"
    try await server.test { client in
      for name in ["../../../../../..\(outside)", "..\\..\\..\\\(marker).csv", "/\(outside)", "....//....//\(marker).csv"] {
        let r = try await client.execute(uri: "/api/datasets", method: .post,
                                         headers: server.headers([("X-Filename", name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)]),
                                         body: ByteBuffer(string: csv))
        #expect(r.status == .created, "\(name): \(r.text)")
        #expect(r.object["file"] as? String == marker + ".csv")
        #expect(r.object["rows"] as? Int == 4)
      }
      // The same through multipart.
      let boundary = "b0undary"
      let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../../\(marker).csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n--\(boundary)--\r\n"
      let m = try await client.execute(uri: "/api/datasets", method: .post,
                                       headers: server.headers([("Content-Type", "multipart/form-data; boundary=\(boundary)")]), body: ByteBuffer(string: body))
      #expect(m.status == .created, "\(m.text)")
      #expect(m.object["file"] as? String == marker + ".csv")
      #expect(m.object["rows"] as? Int == 4)
      #expect(!FileManager.default.fileExists(atPath: outside))
      // Every file written is inside the session directory, named data.csv.
      let written = files(under: session.path)
      #expect(written.count == 5)
      #expect(written.allSatisfy { $0.hasSuffix("/data.csv") && session.contains(session.path + "/" + $0) })
      // A name with no known extension is refused before anything is kept.
      for name in ["../../etc/passwd", "data.sh", "report.xls.exe"] {
        let r = try await client.execute(uri: "/api/datasets", method: .post, headers: server.headers([("X-Filename", name)]),
                                         body: ByteBuffer(string: csv))
        #expect(r.status == .unsupportedMediaType, "\(name): \(r.status)")
      }
      #expect(files(under: session.path).count == 5)
    }
  }

  @Test func sessionDirectoryIsPrivateAndRemoved() throws {
    let session = try SessionDirectory(prefix: "clusterstat-serve-test")
    let attributes = try FileManager.default.attributesOfItem(atPath: session.path)
    #expect((attributes[.posixPermissions] as? Int) == 0o700)
    #expect(session.contains(session.path + "/abc/data.csv"))
    #expect(!session.contains(session.path + "/../x"))
    session.remove()
    #expect(!FileManager.default.fileExists(atPath: session.path))
  }

  @Test func tokensAreLongRandomHex() {
    let a = AccessToken.random(), b = AccessToken.random()
    #expect(a.value.count == 64)
    #expect(a.value.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    #expect(a != b)
    #expect(a.matches(a.value))
    #expect(!a.matches(b.value))
    #expect(!a.matches(a.value.dropLast()))
  }
}
