import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import _TestSupport

// Concurrent requests share no mutable state: 20 analyses at once on one
// dataset (four kinds, two models) each give exactly what the same request
// gives alone.

@Suite struct ConcurrencyTests {
  @Test(.tags(.slow), .enabled(if: slowTestsEnabled)) func twentyConcurrentAnalysesAllCorrect() async throws {
    let server = try TestServer()
    let requests: [(String, [String: Any])] = [
      ("cfa", ["syntax": hsModel]),
      ("cfa", ["syntax": "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6", "std-lv": true]),
      ("reliability", ["scale": ["visual=x1:x3", "speed=x7:x9"]]),
      ("corr", ["items": "x1:x9"]),
      ("describe", ["items": "x1:x9"]),
    ]
    let bodies = try requests.map { try JSONSerialization.data(withJSONObject: $0.1) }
    let kinds = requests.map(\.0)
    try await server.test { client in
      let id = try #require(try await client.upload(hsPath, query: "?screen=0", server: server).object["id"] as? String)
      // Each request alone first.
      var alone: [String] = []
      var chisq: Double?
      for (kind, body) in zip(kinds, bodies) {
        let r = try await client.analyse(id, kind, body: body, server: server)
        #expect(r.status == .ok, "\(kind): \(r.text)")
        alone.append(try #require(canonical(r.object["json"])))
        if chisq == nil { chisq = fit(r.object, "chisq") }
      }
      let together = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
        for k in 0..<20 {
          let (kind, body) = (kinds[k % kinds.count], bodies[k % bodies.count])
          group.addTask {
            let r = try await client.analyse(id, kind, body: body, server: server)
            return (k, r.status == .ok ? canonical(r.object["json"]) : nil)
          }
        }
        var out: [(Int, String?)] = []
        for try await result in group { out.append(result) }
        return out
      }
      #expect(together.count == 20)
      for (k, json) in together {
        #expect(json == alone[k % kinds.count], "request \(k) (\(kinds[k % kinds.count])) differs from its run alone")
      }
      #expect(chisq.map { abs($0 - 85.305521) < 1e-4 } == true, "lavaan's χ² for the HS model is 85.306")
    }
  }
}
