import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import _TestSupport

// The coupling chapter's two files uploaded to a dataset (checked together
// before the dataset takes them), and the shipped data sets offered by name.

@Suite struct CouplingUploadTests {
  static let firms = packageRoot.appendingPathComponent("Datasets/suzhou-firms/firms.csv").path
  static let firmsBook = packageRoot.appendingPathComponent("Datasets/suzhou-firms/codebook.yaml").path

  @Test func couplingFilesAreCheckedTogether() async throws {
    let server = try TestServer()
    let data = packageRoot.appendingPathComponent("Datasets/reference/HolzingerSwineford1939.csv").path
    let firms = try Data(contentsOf: URL(fileURLWithPath: Self.firms))
    let book = try String(contentsOfFile: Self.firmsBook, encoding: .utf8)
    try await server.test { client in
      let up = try await client.upload(data, server: server)
      let id = try #require(up.object["id"] as? String)
      #expect((up.object["coupling"] as? [String: Any])?["ready"] as? Bool == false)
      func put(_ part: String, _ body: ByteBuffer, name: String? = nil) async throws -> TestResponse {
        let headers = server.headers(name.map { [("X-Filename", $0)] } ?? [])
        return try await client.execute(uri: "/api/datasets/\(id)/coupling/\(part)", method: .put, headers: headers, body: body)
      }
      #expect(try await put("data", ByteBuffer(data: firms), name: "firms.xlsx").status == .unsupportedMediaType)
      let d = try await put("data", ByteBuffer(data: firms), name: "firms.csv")
      #expect(d.status == .ok, "\(d.text)")
      var c = try #require(d.object["coupling"] as? [String: Any])
      #expect(c["data"] as? String == "firms.csv" && c["ready"] as? Bool == false && c["codebook"] as? Bool == false)
      // A codebook the data do not fit (an indicator missing) is refused and the dataset keeps none.
      let wrong = try await put("codebook", ByteBuffer(string: book.replacingOccurrences(of: "name: NV1,", with: "name: NV9,")))
      #expect(wrong.status == .badRequest)
      #expect(wrong.text.contains("NV9") && wrong.text.contains("firms.csv") && !wrong.text.contains(server.session.path), "\(wrong.text)")
      let state = try await client.execute(uri: "/api/datasets/\(id)", method: .get, headers: server.auth)
      #expect((state.object["coupling"] as? [String: Any])?["codebook"] as? Bool == false)
      #expect(try await put("codebook", ByteBuffer(string: "id: firm_id\nsystems: []\noutcomes: []\n")).status == .badRequest)
      let ok = try await put("codebook", ByteBuffer(string: book))
      #expect(ok.status == .ok, "\(ok.text)")
      c = try #require(ok.object["coupling"] as? [String: Any])
      #expect(c["ready"] as? Bool == true && c["units"] as? Int == 36 && c["systems"] as? [String] == ["NC", "AC"])
      // Ids that are phone numbers would be printed in every table of the chapter: refused.
      var lines = String(decoding: firms, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      for i in 1..<lines.count where !lines[i].isEmpty {
        lines[i] = "1380013\(String(format: "%04d", i))" + lines[i][lines[i].firstIndex(of: ",")!...]
      }
      let phones = try await put("data", ByteBuffer(string: lines.joined(separator: "\n")), name: "firms.csv")
      #expect(phones.status == .badRequest && phones.text.contains("phone") && !phones.text.contains("13800130001"), "\(phones.text)")
      let removed = try await client.execute(uri: "/api/datasets/\(id)/coupling", method: .delete, headers: server.auth)
      #expect((removed.object["coupling"] as? [String: Any])?["ready"] as? Bool == false)
    }
  }

  @Test func shippedExamplesByName() async throws {
    let none = try TestServer()
    try await none.test { client in
      let r = try await client.execute(uri: "/api/examples", method: .get, headers: none.auth)
      #expect((r.object["examples"] as? [Any])?.isEmpty == true, "no examples without a directory")
      #expect(try await client.execute(uri: "/api/examples/team-voice", method: .post, headers: none.auth).status == .notFound)
    }
    let server = try TestServer(examples: packageRoot.appendingPathComponent("Datasets").path)
    try await server.test { client in
      let list = try await client.execute(uri: "/api/examples", method: .get, headers: server.auth)
      let names = (list.object["examples"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
      #expect(names == ["cluster-enterprise", "team-voice", "holzinger-swineford"])
      for bad in ["..%2F..%2Fetc%2Fpasswd", "nope", "Team-Voice"] {
        #expect(try await client.execute(uri: "/api/examples/\(bad)", method: .post, headers: server.auth).status == .notFound, "\(bad)")
      }
      let hs = try await client.execute(uri: "/api/examples/holzinger-swineford", method: .post, headers: server.auth)
      #expect(hs.status == .created && hs.object["rows"] as? Int == 301 && hs.object["codebook"] as? String == "none", "\(hs.text.prefix(300))")
      // The book's export: its codebook and coupling files attached, the study with the coupling chapter and the
      // simulated-data notice.
      let book = try await client.execute(uri: "/api/examples/cluster-enterprise", method: .post, headers: server.auth)
      #expect(book.status == .created && book.object["rows"] as? Int == 310)
      #expect((book.object["coupling"] as? [String: Any])?["ready"] as? Bool == true)
      #expect((book.object["codebook_notes"] as? [String])?.isEmpty == true, "the coupling entry's removal is no news for an example")
      let id = try #require(book.object["id"] as? String)
      let study = try await client.execute(uri: "/api/datasets/\(id)/study", method: .post, headers: server.auth,
                                           body: ByteBuffer(string: #"{"bootstrap": 0}"#))
      #expect(study.status == .ok, "\(study.text.prefix(300))")
      let html = try #require(study.object["html"] as? String)
      #expect(html.contains("耦合协调度") && html.contains("灰色关联度") && html.contains("模拟"))
    }
  }
}
