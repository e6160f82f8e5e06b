import Foundation
import Synchronization
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import _TestSupport

@testable import Serve
@testable import clusterstat

// The analyses through the API give what the CLI prints; bad requests are 4xx.

@Suite struct AnalysisTests {
  @Test func cfaOnUploadedHolzingerSwinefordEqualsTheCLI() async throws {
    let cli = try runCLI(["cfa", "--data", hsPath, "--syntax", hsModel, "--format", "json"])
    #expect(cli.status == 0, "\(cli.stderr)")
    let cliObject = try #require(try JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? [String: Any])
    let cliChisq = try #require((cliObject["fit"] as? [String: Any])?["chisq"] as? Double)
    let cliJSON = try #require(canonical(cliObject))
    let server = try TestServer()
    try await server.test { client in
      let up = try await client.upload(hsPath, query: "?screen=0", server: server)
      #expect(up.status == .created, "\(up.text)")
      #expect(up.object["rows"] as? Int == 301)
      #expect(up.object["format"] as? String == "csv")
      #expect(up.object["encoding"] as? String == "utf-8")
      let id = try #require(up.object["id"] as? String)
      let r = try await client.analyse(id, "cfa", ["syntax": hsModel], server: server)
      #expect(r.status == .ok, "\(r.text)")
      let o = r.object
      #expect(fit(o, "chisq") == cliChisq)
      // The whole JSON is the CLI's, value for value.
      #expect(canonical(o["json"]) == cliJSON)
      // The HTML is the CLI's --format html page, and the path diagram came along.
      let html = try #require(o["html"] as? String)
      let cliHTML = try runCLI(["cfa", "--data", hsPath, "--syntax", hsModel, "--format", "html"])
      #expect(html == cliHTML.stdout)
      let figures = try #require(o["figures"] as? [[String: Any]])
      #expect(figures.count == 1)
      #expect((figures.first?["svg"] as? String)?.contains("<svg") == true)
      // And the raw JSON text is spliced in byte for byte.
      #expect(r.text.contains(cli.stdout.trimmingCharacters(in: .newlines)))
    }
  }

  @Test func reliabilityDescribeAndCorrEqualTheCLI() async throws {
    let server = try TestServer()
    try await server.test { client in
      let id = try #require(try await client.upload(hsPath, query: "?screen=0", server: server).object["id"] as? String)
      let cases: [(String, [String: Any], [String])] = [
        ("reliability", ["scale": ["visual=x1:x3", "textual=x4:x6"], "lang": "en"], ["--scale", "visual=x1:x3", "--scale", "textual=x4:x6", "--lang", "en"]),
        ("describe", ["items": "x1:x9"], ["--items", "x1:x9"]),
        ("corr", ["items": "x1,x4,x7", "method": "spearman", "use": "listwise"], ["--items", "x1,x4,x7", "--method", "spearman", "--use", "listwise"]),
      ]
      for (kind, options, args) in cases {
        let r = try await client.analyse(id, kind, options, server: server)
        #expect(r.status == .ok, "\(kind): \(r.text)")
        // Run where the file is: the CLI's JSON names it as the server's names the upload.
        let cli = try runCLI([kind, "--data", "HolzingerSwineford1939.csv"] + args + ["--format", "json"], in: referenceFolder)
        let expected = canonical(try JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)))
        #expect(expected != nil)
        #expect(canonical(r.object["json"]) == expected, "\(kind)")
        #expect(r.text.contains(cli.stdout.trimmingCharacters(in: .newlines)), "\(kind): not byte for byte")
      }
    }
  }

  @Test func greyEntropyAndCouplingEqualTheCLI() async throws {
    let folder = packageRoot.appendingPathComponent("Datasets/suzhou-firms").path
    let server = try TestServer()
    try await server.test { client in
      let up = try await client.upload(folder + "/firms.csv", query: "?screen=0", server: server)
      #expect(up.status == .created, "\(up.text)")
      let id = try #require(up.object["id"] as? String)
      let cases: [(String, [String: Any], [String])] = [
        ("grey", ["reference": "KR", "compare": "NV1,NB1,RM1,NP1"], ["--reference", "KR", "--compare", "NV1,NB1,RM1,NP1"]),
        ("entropy", ["items": "NV1:NP3", "cost": "NP3", "topsis": true], ["--items", "NV1:NP3", "--cost", "NP3", "--topsis"]),
        ("coupling", ["system": ["NC=NV1:NP3", "AC=ACQ1:EXP3"], "cost": "NP3"], ["--system", "NC=NV1:NP3", "--system", "AC=ACQ1:EXP3", "--cost", "NP3"]),
      ]
      for (kind, options, args) in cases {
        let r = try await client.analyse(id, kind, options, server: server)
        #expect(r.status == .ok, "\(kind): \(r.text)")
        let cli = try runCLI([kind, "--data", "firms.csv"] + args + ["--format", "json"], in: folder)
        #expect(cli.status == 0, "\(kind): \(cli.stderr)")
        #expect(r.text.contains(cli.stdout.trimmingCharacters(in: .newlines)), "\(kind): not the CLI's JSON byte for byte")
      }
    }
  }

  @Test func malformedRequestsAre4xxWithAMessage() async throws {
    let server = try TestServer()
    try await server.test { client in
      let id = try #require(try await client.upload(hsPath, query: "?screen=0", server: server).object["id"] as? String)
      let json = server.headers([("Content-Type", "application/json")])
      let bad: [(String, String, HTTPResponse.Status)] = [
        ("cfa", "{not json", .badRequest),
        ("cfa", "[1, 2, 3]", .badRequest),
        ("cfa", "\"syntax\"", .badRequest),
        ("cfa", #"{"syntax": 42.5}"#, .badRequest),                       // the CLI's model parser refuses it
        ("cfa", #"{"syntax": ["a"]}"#, .badRequest),                       // a list for a single value
        ("cfa", #"{"model": "/etc/passwd"}"#, .badRequest),                // a file option: not on the list
        ("cfa", #"{"syntax": "f =~ x1+x2+x3", "out": "/tmp/x.json"}"#, .badRequest),
        ("describe", #"{"data": "/etc/passwd"}"#, .badRequest),
        ("describe", #"{"include-personal-data": true}"#, .badRequest),
        ("reliability", #"{"check-keys": "yes", "items": "x1:x3"}"#, .badRequest),
        ("reliability", #"{"items": "x1:x3", "ci-level": 7}"#, .badRequest), // validate()
        ("reliability", #"{"items": "nosuchcolumn"}"#, .badRequest),        // InputError
        ("efa", #"{"items": "x1:x9", "extract": "magic"}"#, .badRequest),   // the parser's value check
        ("nosuchanalysis", "{}", .notFound),
      ]
      for (kind, body, status) in bad {
        let r = try await client.execute(uri: "/api/datasets/\(id)/analyses/\(kind)", method: .post, headers: json, body: ByteBuffer(string: body))
        #expect(r.status == status, "\(kind) \(body): \(r.status) \(r.text)")
        #expect((r.object["error"] as? String)?.isEmpty == false, "\(kind) \(body): \(r.text)")
      }
      // Unknown datasets and bad reading settings.
      let missing = try await client.analyse(String(repeating: "ab", count: 16), "describe", [:], server: server)
      #expect(missing.status == .notFound)
      let traversalID = try await client.execute(uri: "/api/datasets/..%2F..%2Fetc/codebook", method: .get, headers: server.auth)
      #expect(traversalID.status == .notFound)
      let reading = try await client.execute(uri: "/api/datasets/\(id)/reading", method: .put, headers: json,
                                             body: ByteBuffer(string: #"{"encoding": "ebcdic"}"#))
      #expect(reading.status == .badRequest)
      let badCodebook = try await client.execute(uri: "/api/datasets/\(id)/codebook", method: .put, headers: server.auth,
                                                 body: ByteBuffer(string: "variables: [unclosed"))
      #expect(badCodebook.status == .badRequest)
      #expect((badCodebook.object["error"] as? String)?.isEmpty == false)
    }
  }

  @Test func syntaxErrorsComeWithTheirLine() async throws {
    let server = try TestServer()
    try await server.test { client in
      let id = try #require(try await client.upload(hsPath, query: "?screen=0", server: server).object["id"] as? String)
      let r = try await client.analyse(id, "sem", ["syntax": "visual =~ x1 + x2 + x3\ntextual =~ x4 + + x5\n"], server: server)
      #expect(r.status == .badRequest)
      #expect(r.object["line"] as? Int == 2, "\(r.text)")
      #expect((r.object["error"] as? String)?.contains("line 2") == true)
    }
  }

  @Test func everyWhitelistedOptionIsTheCLIsAndNoneNamesAFile() throws {
    let fileOptions: Set<String> = ["data", "codebook", "out", "diagram", "scree", "plot", "include-personal-data", "format", "threads"]
    // --model and --cov name files in the model commands (process's are a model number and covariates).
    let modelKinds: Set<AnalysisKind> = [.cfa, .sem, .invariance]
    for kind in AnalysisKind.allCases {
      let help = try runCLI([kind.command, "--experimental-dump-help"])
      let dump = try #require(try JSONSerialization.jsonObject(with: Data(help.stdout.utf8)) as? [String: Any])
      let arguments = ((dump["command"] as? [String: Any])?["arguments"] as? [[String: Any]]) ?? []
      let names = Set(arguments.flatMap { (($0["names"] as? [[String: Any]]) ?? []).filter { $0["kind"] as? String == "long" }.compactMap { $0["name"] as? String } })
      for option in kind.options.keys {
        #expect(names.contains(option), "\(kind): --\(option) is not an option of the CLI")
        let fileOption = fileOptions.contains(option) || (modelKinds.contains(kind) && (option == "model" || option == "cov"))
        #expect(!fileOption, "\(kind): --\(option) names a file")
      }
      if let figure = kind.figure { #expect(names.contains(figure.option)) }
    }
  }

  @Test func codebookDraftAndUpload() async throws {
    let server = try TestServer()
    let data = packageRoot.appendingPathComponent("Datasets/cluster-enterprise/responses-wjx.xlsx").path
    let book = try String(contentsOfFile: packageRoot.appendingPathComponent("Datasets/cluster-enterprise/codebook.yaml").path, encoding: .utf8)
    try await server.test { client in
      let up = try await client.upload(data, server: server)
      #expect(up.status == .created, "\(up.text)")
      #expect(up.object["layout"] as? String == "wjx")
      let id = try #require(up.object["id"] as? String)
      let draft = try await client.execute(uri: "/api/datasets/\(id)/codebook", method: .get, headers: server.auth)
      #expect(draft.status == .ok)
      let cli = try runCLI(["codebook", "--data", data, "--screen"])
      #expect(draft.text == cli.stdout.replacingOccurrences(of: data, with: "responses-wjx.xlsx"))
      let put = try await client.execute(uri: "/api/datasets/\(id)/codebook", method: .put, headers: server.auth, body: ByteBuffer(string: book))
      #expect(put.status == .ok, "\(put.text)")
      #expect(put.object["codebook"] as? String == "uploaded")
      #expect((put.object["codebook_notes"] as? [String])?.first?.contains("coupling") == true)
      #expect((put.object["scales"] as? [[String: Any]])?.contains { $0["name"] as? String == "RE" } == true)
      // What the server keeps names no other file.
      let stored = files(under: server.session.path).filter { $0.hasSuffix(".yaml") }
      #expect(stored.count == 1)
      let text = try String(contentsOfFile: server.session.path + "/" + stored[0], encoding: .utf8)
      #expect(!text.contains("coupling"))
      #expect(!text.contains("suzhou-firms"))
      // Reliability of a codebook scale through it.
      let rel = try await client.analyse(id, "reliability", ["items": "RE"], server: server)
      #expect(rel.status == .ok, "\(rel.text)")
      let alpha = (((rel.object["json"] as? [String: Any])?["scales"] as? [[String: Any]])?.first?["alpha"] as? Double) ?? 0
      #expect(alpha > 0.8)
    }
  }

  /// The codebook form: the draft as a form, a filled form (scales split, a
  /// second-order construct, a reverse item, ordinal items, a model) stored as
  /// the dataset's codebook, and bad forms refused with 400 and the old codebook kept.
  @Test func codebookForm() async throws {
    let server = try TestServer()
    let data = packageRoot.appendingPathComponent("Datasets/cluster-enterprise/responses-wjx.xlsx").path
    try await server.test { client in
      let up = try await client.upload(data, server: server)
      let id = try #require(up.object["id"] as? String)
      let form = try await client.execute(uri: "/api/datasets/\(id)/codebook/form", method: .get, headers: server.auth)
      #expect(form.status == .ok, "\(form.text)")
      #expect(form.object["source"] as? String == "drafted")
      #expect((form.object["scales"] as? [[String: Any]])?.first?["items"] as? [String] == (1...9).map { "Q7_\($0)" })
      let none = try await client.execute(uri: "/api/datasets/\(id)/codebook/current", method: .get, headers: server.auth)
      #expect(none.status == .notFound)
      let filled = """
        {"value_sets": [{"name": "agree7", "labels": ["完全不同意", "不同意", "有点不同意", "一般", "有点同意", "同意", "完全同意"]}],
         "variables": [{"name": "Q7_9", "reverse": true}, {"name": "Q11_1", "type": "ordinal"}, {"name": "Q7_1", "values": "agree7"}],
         "scales": [{"name": "RE", "label": "关系嵌入", "items": ["Q7_1", "Q7_2", "Q7_3", "Q7_4", "Q7_5"]},
                    {"name": "SE", "items": ["Q7_6", "Q7_7", "Q7_8", "Q7_9"]},
                    {"name": "NE", "constructs": ["RE", "SE"]},
                    {"name": "IG", "items": ["Q11_1", "Q11_2", "Q11_3", "Q11_4", "Q11_5"]}],
         "models": [{"name": "m1", "syntax": "RE =~ Q7_1 + Q7_2 + Q7_3\\nIG =~ Q11_1 + Q11_2 + Q11_3\\nIG ~ RE"}]}
        """
      let put = try await client.execute(uri: "/api/datasets/\(id)/codebook/form", method: .put, headers: server.auth, body: ByteBuffer(string: filled))
      #expect(put.status == .ok, "\(put.text)")
      #expect(put.object["codebook"] as? String == "uploaded")
      #expect((put.object["scales"] as? [[String: Any]])?.map { $0["name"] as! String } == ["RE", "SE", "IG"])
      #expect(put.object["reverse_coded"] as? [String] == ["Q7_9"])
      #expect((put.object["models"] as? [[String: Any]])?.first?["name"] as? String == "m1")
      let current = try await client.execute(uri: "/api/datasets/\(id)/codebook/current", method: .get, headers: server.auth)
      #expect(current.status == .ok && current.text.contains("constructs:") && current.text.contains("type: ordinal"))
      let again = try await client.execute(uri: "/api/datasets/\(id)/codebook/form", method: .get, headers: server.auth)
      #expect(again.object["source"] as? String == "uploaded")
      #expect((again.object["scales"] as? [[String: Any]])?.count == 4)
      #expect((again.object["value_sets"] as? [[String: Any]])?.first?["name"] as? String == "agree7")
      #expect((again.object["variables"] as? [[String: Any]])?.first { $0["name"] as? String == "Q7_1" }?["values"] as? String == "agree7")
      // The labels reach the data: Q7_1's columns carry them.
      let q71 = (put.object["columns"] as? [[String: Any]])?.first { $0["name"] as? String == "Q7_1" }
      #expect(((q71?["labels"] as? [[String: Any]])?.first?["label"] as? String) == "完全不同意", "\(String(describing: q71))")
      // The scale through an analysis: SE with its reverse item.
      let rel = try await client.analyse(id, "reliability", ["items": "SE"], server: server)
      #expect(rel.status == .ok, "\(rel.text)")
      // Bad forms: an unknown item, a bad name, a duplicate; the stored codebook stays.
      for bad in [#"{"scales": [{"name": "X", "items": ["nope"]}]}"#, #"{"scales": [{"name": "1bad", "items": ["Q7_1"]}]}"#,
                  #"{"scales": [{"name": "A", "items": ["Q7_1"]}, {"name": "A", "items": ["Q7_2"]}]}"#,
                  #"{"variables": [{"name": "Q7_1", "type": "weird"}]}"#, #"{"scales": [{"name": "E", "items": []}]}"#,
                  #"{"variables": [{"name": "Q7_1", "values": "nosuchset"}]}"#, #"{"value_sets": [{"name": "one", "labels": ["only"]}]}"#] {
        let r = try await client.execute(uri: "/api/datasets/\(id)/codebook/form", method: .put, headers: server.auth, body: ByteBuffer(string: bad))
        #expect(r.status == .badRequest, "\(bad): \(r.text)")
        #expect(r.object["error"] is String)
      }
      let kept = try await client.execute(uri: "/api/datasets/\(id)/codebook/form", method: .get, headers: server.auth)
      #expect((kept.object["scales"] as? [[String: Any]])?.count == 4)
    }
  }

  /// The live diagram: a model drawn without fitting (nodes for every factor and item, no estimates),
  /// a syntax error with its line, an empty model refused.
  @Test func liveDiagram() async throws {
    let server = try TestServer()
    try await server.test { client in
      let ok = try await client.execute(uri: "/api/diagram", method: .post, headers: server.auth,
                                        body: ByteBuffer(string: #"{"syntax": "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\ntextual ~ visual"}"#))
      #expect(ok.status == .ok, "\(ok.text)")
      let svg = ok.object["svg"] as? String ?? ""
      #expect(svg.contains("<svg") && svg.contains("visual") && svg.contains("x6"))
      // No estimate labels on the arrows (text elements holding a number or a dash).
      #expect(svg.firstMatch(of: />-?\d\.\d\d\**</) == nil && !svg.contains(">—<"))
      #expect(ok.object["latent"] as? [String] == ["visual", "textual"])
      let bad = try await client.execute(uri: "/api/diagram", method: .post, headers: server.auth,
                                         body: ByteBuffer(string: #"{"syntax": "f =~ x1 + x2\ng =~ + x3"}"#))
      #expect(bad.status == .badRequest)
      #expect(bad.object["line"] as? Int == 2)
      let empty = try await client.execute(uri: "/api/diagram", method: .post, headers: server.auth, body: ByteBuffer(string: #"{"syntax": "  "}"#))
      #expect(empty.status == .badRequest)
      let noToken = try await client.execute(uri: "/api/diagram", method: .post, body: ByteBuffer(string: #"{"syntax": "f =~ a + b"}"#))
      #expect(noToken.status == .unauthorized)
    }
  }

  /// A bootstrap reports its progress to the engine's listener (what the page polls), and
  /// the progress endpoint says no analysis is running once it is done.
  @Test func bootstrapProgress() async throws {
    let events = Mutex<[(String, Int, Int)]>([])
    let hs = packageRoot.appendingPathComponent("Datasets/reference/HolzingerSwineford1939.csv").path
    let result = CLIEngine().run(command: "cfa", arguments: ["--data", hs, "--syntax", "visual =~ x1 + x2 + x3; textual =~ x4 + x5 + x6",
                                                            "--se", "bootstrap", "--bootstrap", "40", "--seed", "1", "--format", "json"]) { stage, done, total in
      events.withLock { $0.append((stage, done, total)) }
    }
    #expect(result.failure == nil, "\(String(describing: result.failure))")
    let seen = events.withLock { $0 }
    #expect(!seen.isEmpty && seen.allSatisfy { $0.0 == "bootstrap" && $0.2 == 40 })
    #expect(seen.contains { $0.1 == 40 })
    let server = try TestServer()
    try await server.test { client in
      let up = try await client.upload(hs, server: server)
      let id = try #require(up.object["id"] as? String)
      let r = try await client.analyse(id, "cfa", ["syntax": "visual =~ x1 + x2 + x3", "se": "bootstrap", "bootstrap": 30], server: server)
      #expect(r.status == .ok, "\(r.text)")
      let p = try await client.execute(uri: "/api/datasets/\(id)/analyses/progress", method: .get, headers: server.auth)
      #expect(p.status == .ok && p.object["running"] as? Bool == false)
    }
  }

  /// An analysis's Word and Excel files: the same tables (and the path diagram) as the page shows.
  @Test func resultAsWordAndExcel() async throws {
    let server = try TestServer()
    try await server.test { client in
      let up = try await client.upload(hsPath, server: server)
      let id = try #require(up.object["id"] as? String)
      let r = try await client.analyse(id, "cfa", ["syntax": hsModel], server: server)
      #expect(r.status == .ok, "\(r.text)")
      let downloads = try #require(r.object["downloads"] as? [String: String])
      for (kind, magic) in [("docx", "word/document.xml"), ("xlsx", "xl/workbook.xml")] {
        let url = try #require(downloads[kind])
        let file = try await client.execute(uri: url, method: .get, headers: server.auth)
        #expect(file.status == .ok)
        let bytes = Array(file.body.readableBytesView)
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]), "\(kind) is not a zip")
        #expect(String(decoding: bytes, as: UTF8.self).contains(magic) || bytes.count > 1000)
      }
      // Names it did not write are not served.
      for bad in ["../data.csv", "0123.docx", "cfa-\(String(repeating: "a", count: 32)).txt", "nope-\(String(repeating: "a", count: 32)).docx"] {
        let name = bad.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? bad
        let r = try await client.execute(uri: "/api/datasets/\(id)/results/\(name)", method: .get, headers: server.auth)
        #expect(r.status == .notFound || r.status == .badRequest, "\(bad): \(r.status)")
      }
    }
  }
}
