import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import _TestSupport

// The whole study from the shipped 问卷星 export and its codebook, as
// `clusterstat study` writes it, and its downloads.

@Suite struct StudyTests {
  @Test(.tags(.slow), .enabled(if: slowTestsEnabled)) func studyFromTheShippedExportAndCodebook() async throws {
    let server = try TestServer()
    let data = packageRoot.appendingPathComponent("Datasets/cluster-enterprise/responses-wjx.xlsx").path
    let book = try String(contentsOfFile: packageRoot.appendingPathComponent("Datasets/cluster-enterprise/codebook.yaml").path, encoding: .utf8)
    try await server.test { client in
      let id = try #require(try await client.upload(data, server: server).object["id"] as? String)
      let put = try await client.execute(uri: "/api/datasets/\(id)/codebook", method: .put, headers: server.auth, body: ByteBuffer(string: book))
      #expect(put.status == .ok, "\(put.text)")
      #expect(put.object["rows"] as? Int == 310, "the codebook's screening leaves 310 valid responses")
      let before = try await client.execute(uri: "/api/datasets/\(id)/study/report.docx", method: .get, headers: server.auth)
      #expect(before.status == .notFound)
      let r = try await client.execute(uri: "/api/datasets/\(id)/study", method: .post, headers: server.auth,
                                       body: ByteBuffer(string: #"{"bootstrap": 0, "lang": "zh"}"#))
      #expect(r.status == .ok, "\(r.text.prefix(500))")
      let html = try #require(r.object["html"] as? String)
      #expect(html.contains("<html"))
      // The report names the upload, not the session directory's file.
      #expect(html.contains("responses-wjx.xlsx"))
      #expect(!html.contains(server.session.path))
      #expect(r.object["codebook"] as? String == "uploaded")
      #expect((r.object["failures"] as? [String])?.isEmpty == true)
      for (file, magic) in [("report.docx", "PK"), ("report.xlsx", "PK"), ("results.json", "{")] {
        let d = try await client.execute(uri: "/api/datasets/\(id)/study/\(file)", method: .get, headers: server.auth)
        #expect(d.status == .ok, "\(file)")
        #expect(d.headers[.contentDisposition]?.contains(file) == true)
        #expect(String(decoding: Data(buffer: d.body).prefix(magic.utf8.count), as: UTF8.self) == magic, "\(file)")
      }
      let progress = try await client.execute(uri: "/api/datasets/\(id)/study/progress", method: .get, headers: server.auth)
      #expect(progress.object["running"] as? Bool == false)
      #expect((progress.object["stage"] as? Int ?? 0) > 3)
      let nope = try await client.execute(uri: "/api/datasets/\(id)/study/..%2F..%2Fdata.xlsx", method: .get, headers: server.auth)
      #expect(nope.status == .notFound)
    }
  }
}
