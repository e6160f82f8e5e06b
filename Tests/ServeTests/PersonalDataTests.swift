import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

// The personal-data guard holds in the browser: a small export with planted
// phone numbers, e-mails, names and an ID column; no response of any endpoint
// carries one of them, and the summary lists the columns held back.

@Suite struct PersonalDataTests {
  static let phones = ["13812345678", "139-2345-6789", "+86 137 3456 7890", "15056781234", "18698765432"]
  static let emails = ["zhang.wei@example.com", "li.na@example.org", "wang_fang@163.com", "chen.jie@qq.com", "liu.yang@sina.cn"]
  /// 45 different names (a column of names is told by its cells being nearly all different).
  static let names: [String] = {
    let family = ["欧阳", "张", "王", "李", "刘", "陈", "杨", "赵", "黄"], given = ["明远", "伟", "芳", "娜", "洋"]
    return family.flatMap { f in given.map { f + $0 } }
  }()

  /// 40 respondents: 联系电话, 邮箱, a column of names under a neutral header,
  /// a comment that sometimes gives a phone, and four correlated 5-point items.
  func export(in dir: URL) throws -> String {
    var lines = ["序号,联系电话,邮箱,respondent,comment,Q1,Q2,Q3,Q4"]
    var state: UInt64 = 7
    func draw(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) % n }
    for i in 0..<40 {
      let level = 1 + draw(4)
      let q = (0..<4).map { _ in String(min(5, max(1, level + draw(3) - 1))) }
      let comment = i % 4 == 0 ? "请联系我 \(Self.phones[i % 5])" : ["很好", "一般", "满意", "还可以"][i % 4]
      lines.append("\(i + 1),\(Self.phones[i % 5]),\(Self.emails[i % 5]),\(Self.names[i]),\(comment),\(q.joined(separator: ","))")
    }
    let path = dir.appendingPathComponent("planted.csv").path
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test func noPlantedDatumInAnyResponse() async throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cs-serve-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let data = try export(in: dir)
    let server = try TestServer()
    let planted = Self.phones + Self.emails + Self.names + ["13812345678", "example.com"]
    let responses: [String] = try await server.test { client in
      var out: [String] = []
      let up = try await client.upload(data, server: server)
      #expect(up.status == .created, "\(up.text)")
      out.append(up.text)
      let id = try #require(up.object["id"] as? String)
      let personal = (up.object["personal"] as? [[String: Any]])?.compactMap { $0["column"] as? String } ?? []
      #expect(Set(personal).isSuperset(of: ["联系电话", "邮箱", "respondent"]), "\(personal)")
      #expect(!((up.object["columns"] as? [[String: Any]]) ?? []).contains { personal.contains($0["name"] as? String ?? "") })
      #expect((up.object["masked"] as? [[String: Any]])?.contains { $0["column"] as? String == "comment" } == true)
      let requests: [(String, [String: Any])] = [
        ("describe", [:]), ("describe", ["freq": "Q1"]), ("describe", ["items": "comment"]),
        ("reliability", ["items": "Q1:Q4"]), ("corr", ["items": "Q1:Q4"]), ("efa", ["items": "Q1:Q4", "factors": 1]),
        ("cfa", ["syntax": "f =~ Q1 + Q2 + Q3 + Q4"]), ("crosstab", ["rows": "Q1", "cols": "Q2"]),
        ("describe", ["items": "联系电话"]),  // refused: the guard's message names the column, not a cell
      ]
      for (kind, options) in requests {
        let r = try await client.analyse(id, kind, options, server: server)
        out.append(r.text)
      }
      let draft = try await client.execute(uri: "/api/datasets/\(id)/codebook", method: .get, headers: server.auth).text
      #expect(draft.contains("{name: comment, type: text}"), "a column with masked personal data is free text in the draft")
      out.append(draft)
      out.append(try await client.execute(uri: "/api/datasets/\(id)", method: .get, headers: server.auth).text)
      // A study on the drafted codebook (one scale; the comment, where phones were masked, drafted as
      // free text): its report and downloads.
      let study = try await client.execute(uri: "/api/datasets/\(id)/study", method: .post, headers: server.auth,
                                           body: ByteBuffer(string: #"{"bootstrap": 0}"#))
      out.append(study.text)
      #expect(study.status == .ok, "\(study.text.prefix(400))")
      if study.status == .ok {
        for file in ["report.html", "results.json", "report.md"] {
          out.append(try await client.execute(uri: "/api/datasets/\(id)/study/\(file)", method: .get, headers: server.auth).text)
        }
      }
      return out
    }
    #expect(responses.count >= 13)
    for text in responses {
      for p in planted { #expect(!text.contains(p), "planted '\(p)' leaked: \(text.prefix(300))") }
    }
  }
}
