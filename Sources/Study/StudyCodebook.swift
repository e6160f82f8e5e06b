import Survey

// The study's codebook (Datasets/cluster-enterprise/codebook.yaml), written
// from `Instrument` and `StudyModels` in the format Survey's `Codebook` reads.
// The file is committed; this writer is how it is regenerated.

public enum StudyCodebook {
  static func q(_ s: String) -> String { CodebookDraft.q(s) }

  public static var yaml: String {
    var y = """
      # Codebook of the cluster-enterprise questionnaire
      # (何文靓《集群企业国际化成长研究——基于知识租金获取的视角》, 2018, appendix).
      # Item wording is ClusterStat's description of each item's content.
      # Written by `clusterstat simulate --study cluster-enterprise`; see README.md.
      title: {zh: 集群企业国际化成长进程中知识租金获取情况调查问卷, en: Knowledge-rent acquisition in the internationalisation of cluster firms}
      layout: wjx
      missing_codes: [-2, -3]
      value_sets:
        agree7: {\(Instrument.likert7.enumerated().map { "\($0.offset + 1): \($0.element)" }.joined(separator: ", "))}

      """
    y += "variables:\n"
    y += "  # Part 1: firm profile\n"
    for p in Instrument.profile {
      let values = p.options.enumerated().map { "\($0.offset + 1): \(q($0.element))" }.joined(separator: ", ")
      y += "  - {name: \(p.name), question: \(p.question), label: {zh: \(q(p.zh)), en: \(q(p.en))}, type: categorical,\n"
      y += "     values: {\(values)}}\n"
    }
    for part in Instrument.parts {
      y += "  # Part \(part.number): \(part.zh) \(part.en) (question \(part.question), a matrix of 7-point items)\n"
      var k = 0
      for c in part.constructs {
        for item in c.items {
          k += 1
          y += "  - {name: \(item.name), source: Q\(part.question)_\(k), label: {zh: \(q(item.zh)), en: \(q(item.en))}, type: likert, values: agree7"
          y += item.reverse ? ", reverse: true}\n" : "}\n"
        }
      }
    }
    y += "scales:\n"
    for part in Instrument.parts {
      for c in part.constructs {
        y += "  - {name: \(c.name), part: \(q(part.zh)), label: {zh: \(q(c.zh)), en: \(q(c.en))}, items: [\(c.items.map(\.name).joined(separator: ", "))]}\n"
      }
      if let s = part.secondOrder {
        y += "  - {name: \(s.name), part: \(q(part.zh)), label: {zh: \(q(s.zh)), en: \(q(s.en))}, constructs: [\(part.constructs.map(\.name).joined(separator: ", "))]}\n"
      }
    }
    y += "# Contact fields (questions \(Instrument.contact.map { String($0.question) }.joined(separator: "–"))) and the IP address: never analysed or reported.\n"
    y += "personal_data: [ip, \(Instrument.contact.map { "Q\($0.question)" }.joined(separator: ", "))]\n"
    y += "screening: {straightlining: true, min_seconds: 90, duplicates: true, max_missing_share: 0.5}\n"
    y += "# Sub-model 5: coupling of network capability and absorptive capacity in the Suzhou firms' indicators.\n"
    y += "coupling: {data: ../suzhou-firms/firms.csv, codebook: ../suzhou-firms/codebook.yaml}\n"
    y += "models:\n"
    for m in StudyModels.all {
      y += "  - name: \(m.name)\n    label: {zh: \(q(m.zh)), en: \(q(m.en))}\n    syntax: |\n"
      y += m.syntax.split(separator: "\n").map { "      \($0)\n" }.joined()
    }
    return y
  }
}
