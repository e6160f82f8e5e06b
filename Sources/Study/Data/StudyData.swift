import Foundation
import Survey

/// Regenerates a shipped data set byte for byte (the command its README names).
public enum StudyData {
  /// The shipped data sets made by code (seed 20180501).
  public enum Name: String, Sendable, CaseIterable {
    case clusterEnterprise = "cluster-enterprise"
    case suzhouFirms = "suzhou-firms"
  }

  public static func regenerate(_ name: Name, into dir: String) throws {
    func path(_ f: String) -> String { (dir as NSString).appendingPathComponent(f) }
    switch name {
    case .clusterEnterprise:
      let model = path("population.lav")
      guard let syntax = try? String(contentsOfFile: model, encoding: .utf8) else {
        throw InputError(file: model, "the population model is missing; it ships with the data set")
      }
      try AtomicFile.write(Data(StudyCodebook.yaml.utf8), to: path("codebook.yaml"))
      try ClusterEnterpriseData.write(try ClusterEnterpriseData.generate(population: syntax), to: dir)
    case .suzhouFirms:
      try AtomicFile.write(Data(SuzhouFirmsData.codebookYAML.utf8), to: path("codebook.yaml"))
      try AtomicFile.write(Data(SuzhouFirmsData.generate().utf8), to: path("firms.csv"))
    }
  }
}
