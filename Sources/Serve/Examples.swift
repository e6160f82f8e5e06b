import Survey
import Foundation
import Hummingbird

// The data sets shipped with ClusterStat (Datasets/), offered in the Data tab
// for trying the interface before one's own export: the book's 问卷星 export
// with its codebook and coupling data, the team-voice export whose answers are
// texts, and Holzinger & Swineford's test scores. The client picks one by name
// from this closed list; the server opens only its own copy under the
// directory it was started with (`serve --examples DIR`, else Datasets/ in the
// working directory or beside the program's build folder).

enum Example: String, CaseIterable, Sendable {
  case clusterEnterprise = "cluster-enterprise"
  case teamVoice = "team-voice"
  case holzingerSwineford = "holzinger-swineford"

  /// The export, relative to the examples directory.
  var data: String {
    switch self {
    case .clusterEnterprise: "cluster-enterprise/responses-wjx.xlsx"
    case .teamVoice: "team-voice/responses-wjx-text.xlsx"
    case .holzingerSwineford: "reference/HolzingerSwineford1939.csv"
    }
  }

  var codebook: String? {
    switch self {
    case .clusterEnterprise: "cluster-enterprise/codebook.yaml"
    case .teamVoice: "team-voice/codebook.yaml"
    case .holzingerSwineford: nil
    }
  }

  /// The coupling chapter's data and indicator codebook.
  var coupling: (data: String, codebook: String)? {
    self == .clusterEnterprise ? ("suzhou-firms/firms.csv", "suzhou-firms/codebook.yaml") : nil
  }

  var title: (zh: String, en: String) {
    switch self {
    case .clusterEnterprise: ("集群企业国际化成长问卷（问卷星导出，模拟数据 330 份，含编码簿与苏州企业耦合数据）",
                              "Cluster firms' international growth (问卷星 export, 330 simulated responses, codebook and coupling data)")
    case .teamVoice: ("团队建言问卷（问卷星按文字导出，420 份）", "Team voice (问卷星 export with answer texts, 420 responses)")
    case .holzingerSwineford: ("Holzinger & Swineford (1939) 智力测验（301 人，9 项）", "Holzinger & Swineford (1939) mental ability tests (301 pupils, 9 tests)")
    }
  }

  struct Listing: Encodable {
    var name: String
    var file: String
    var title: String
    var titleZh: String
    var codebook: Bool
    var coupling: Bool

    enum CodingKeys: String, CodingKey {
      case name, file, title, codebook, coupling
      case titleZh = "title_zh"
    }
  }

  /// The examples whose files are all present under `directory`.
  static func available(in directory: String?) -> [Example] {
    guard let directory else { return [] }
    return allCases.filter { e in
      ([e.data] + [e.codebook, e.coupling?.data, e.coupling?.codebook].compactMap { $0 })
        .allSatisfy { FileManager.default.isReadableFile(atPath: directory + "/" + $0) }
    }
  }

  var listing: Listing {
    Listing(name: rawValue, file: URL(fileURLWithPath: data).lastPathComponent, title: title.en, titleZh: title.zh,
            codebook: codebook != nil, coupling: coupling != nil)
  }
}

extension Routes {
  /// GET /api/examples: the shipped data sets this server can offer.
  func examples() throws -> Response {
    try JSONBody.response(["examples": Example.available(in: configuration.examples).map(\.listing)])
  }

  /// POST /api/examples/{name}: a new dataset from a shipped data set, with its codebook and coupling files.
  func openExample(_ context: BasicRequestContext) async throws -> Response {
    let name = context.parameters.get("name") ?? ""
    guard let directory = configuration.examples, let example = Example(rawValue: name),
          Example.available(in: directory).contains(example)
    else {
      throw ServeError(.notFound, "no example '\(name.prefix(40))'; GET /api/examples lists them")
    }
    func read(_ relative: String) throws(ServeError) -> Data {
      guard let data = FileManager.default.contents(atPath: directory + "/" + relative) else {
        throw ServeError(.internalServerError, "the example file \(relative) cannot be read")
      }
      return data
    }
    return try await newDataset { id, folder in
      let ext = URL(fileURLWithPath: example.data).pathExtension.lowercased()
      let dataPath = folder + "/data.\(ext)"
      try read(example.data).write(to: URL(fileURLWithPath: dataPath))
      var dataset = Dataset(id: id, displayName: example.listing.file, folder: folder, dataPath: dataPath)
      dataset.example = example
      if let codebook = example.codebook {
        // The shipped codebook's coupling: entry names the files attached below; its removal is no news here.
        let (yaml, _) = try CodebookUpload.clean(String(decoding: try read(codebook), as: UTF8.self))
        dataset.codebookPath = folder + "/codebook-\(randomID()).yaml"
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: dataset.codebookPath!))
      }
      if let coupling = example.coupling {
        dataset = try CouplingUpload.store(.data, body: ByteBuffer(data: try read(coupling.data)),
                                           fileName: URL(fileURLWithPath: coupling.data).lastPathComponent, in: dataset)
        dataset = try CouplingUpload.store(.codebook, body: ByteBuffer(data: try read(coupling.codebook)), fileName: nil, in: dataset)
      }
      return dataset
    }
  }
}
