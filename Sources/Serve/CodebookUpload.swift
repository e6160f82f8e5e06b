import Survey
import Foundation
import Yams

// A codebook the researcher uploads is checked as `--codebook` checks one
// (Codebook.parse: schema, value sets, scales) and stored as the dataset's
// codebook.yaml. One entry names files on disk: `coupling: {data, codebook}`,
// paths relative to the codebook, which the study would open. No path from the
// client is ever opened, so that entry is taken out (a note says so, and that
// the two files are uploaded instead: CouplingUpload); the rest of the
// document is written back as it was parsed.

enum CodebookUpload {
  /// The largest codebook taken (the shipped ones are 10–20 kB).
  static let maxBytes = 2 * 1024 * 1024

  /// The cleaned YAML and what cleaning did; 400 for a codebook the CLI would refuse.
  static func clean(_ text: String) throws(ServeError) -> (yaml: String, notes: [Note]) {
    do {
      _ = try Codebook.parse(text, source: "codebook.yaml")
    } catch {
      throw ServeError(.badRequest, error.description)
    }
    let root: Node?
    do { root = try Yams.compose(yaml: text) } catch {
      throw ServeError(.badRequest, "codebook.yaml: \(error)")
    }
    guard case .mapping(var mapping)? = root else {
      throw ServeError(.badRequest, "codebook.yaml: the codebook is a YAML mapping (title:, variables:, scales: …)")
    }
    guard mapping["coupling"] != nil else { return (text, []) }
    mapping["coupling"] = nil
    let yaml: String
    do { yaml = try Yams.serialize(node: .mapping(mapping), allowUnicode: true) } catch {
      throw ServeError(.badRequest, "codebook.yaml: \(error)")
    }
    // What is written must read as the same codebook, less the coupling plan.
    do { _ = try Codebook.parse(yaml, source: "codebook.yaml") } catch {
      throw ServeError(.badRequest, "codebook.yaml without its coupling: entry no longer reads: \(error.description)")
    }
    return (yaml, [Note(en: "coupling: entry removed: it names files on disk, and the browser interface opens only files you upload — upload the coupling data and its codebook in the Study tab",
                        zh: "已去掉 coupling: 项：它指向磁盘上的文件，而浏览器界面只打开你上传的文件——耦合协调的数据与编码簿请在“整体研究报告”页上传")])
  }
}
