import Foundation
import LinearAlgebra
import Report
import Survey

// Indicator data of 36 Suzhou cluster firms for sub-model 5 (INSTRUMENT.md,
// "Suzhou firms indicator data"), simulated from a stated model:
//   (nc, ac) ~ N(0, [[1, .5], [.5, 1]]) per firm, except four firms planted
//   as uncoordinated, (nc, ac) = (±2.2, ∓2.2);
//   each dimension score d = 0.8·(nc or ac) + 0.6·e, e ~ N(0, 1);
//   each indicator a monotone function of its dimension score plus noise,
//   on its own scale (ratings 1–7, counts, percentages, years, a centrality
//   in [0, 1]); TRN3, months to put acquired technology into production, is
//   a cost indicator (smaller is better);
//   KR = 4 + 0.45·nc + 0.55·ac + 0.5·e and IG = 3.6 + 0.6·(KR − 4) + 0.3·nc
//   + 0.5·e, both clipped to the 1–7 rating range.
// Seed 20180501 (stream 9 of the study's seed).

public struct FirmIndicator: Sendable {
  public var name: String
  public var zh: String
  public var en: String
  public var unit: String
  public var cost: Bool
  /// value = f(dimension score + 0.5·noise)
  var make: @Sendable (Double) -> Double
}

public enum SuzhouFirmsData {
  public static let seed: UInt64 = 20180501
  public static let uncoordinated = ["SZ07", "SZ15", "SZ24", "SZ31"]

  static func rating(_ z: Double) -> Double { (min(7, max(1, 4.6 + 1.1 * z)) * 10).rounded() / 10 }
  static func count(_ a: Double, _ b: Double) -> @Sendable (Double) -> Double { { z in Foundation.exp(a + b * z).rounded() } }
  static func percent(_ a: Double, _ b: Double) -> @Sendable (Double) -> Double { { z in (max(0.1, a + b * z) * 100).rounded() / 100 } }

  /// Systems → dimensions → indicators.
  public static let systems: [(name: String, zh: String, en: String, dimensions: [(name: String, zh: String, en: String, indicators: [FirmIndicator])])] = [
    ("NC", "网络能力", "Network capability", [
      ("NV", "网络愿景", "Network vision", [
        FirmIndicator(name: "NV1", zh: "网络发展规划清晰度", en: "Clarity of network development plan", unit: "1–7", cost: false, make: rating),
        FirmIndicator(name: "NV2", zh: "合作机会预见能力", en: "Foresight of cooperation opportunities", unit: "1–7", cost: false, make: rating),
        FirmIndicator(name: "NV3", zh: "战略合作规划年限", en: "Horizon of strategic cooperation plan", unit: "年 years", cost: false,
                      make: { z in min(10, max(1, (3.5 + 1.5 * z).rounded())) }),
      ]),
      ("NB", "网络构建", "Network building", [
        FirmIndicator(name: "NB1", zh: "年新增合作伙伴数", en: "New partners per year", unit: "家 firms", cost: false, make: count(1.6, 0.45)),
        FirmIndicator(name: "NB2", zh: "国外合作伙伴数", en: "Foreign partners", unit: "家 firms", cost: false, make: count(2.0, 0.5)),
        FirmIndicator(name: "NB3", zh: "年参加展会与行业活动次数", en: "Trade fairs and industry events per year", unit: "次 times", cost: false, make: count(1.8, 0.4)),
      ]),
      ("RM", "关系管理", "Relationship management", [
        FirmIndicator(name: "RM1", zh: "伙伴冲突协调能力", en: "Resolving conflicts with partners", unit: "1–7", cost: false, make: rating),
        FirmIndicator(name: "RM2", zh: "与主要伙伴年沟通次数", en: "Meetings with main partners per year", unit: "次 times", cost: false, make: count(2.5, 0.35)),
        FirmIndicator(name: "RM3", zh: "合作关系平均持续年限", en: "Average duration of partnerships", unit: "年 years", cost: false,
                      make: { z in max(0.5, ((5.5 + 2.0 * z) * 10).rounded() / 10) }),
      ]),
      ("NP", "网络占位", "Network position", [
        FirmIndicator(name: "NP1", zh: "行业声誉", en: "Reputation in the industry", unit: "1–7", cost: false, make: rating),
        FirmIndicator(name: "NP2", zh: "合作网络度中心性", en: "Degree centrality in the network", unit: "0–1", cost: false,
                      make: { z in (min(0.95, max(0.05, 0.45 + 0.15 * z)) * 1000).rounded() / 1000 }),
        FirmIndicator(name: "NP3", zh: "主导或参与制定标准数", en: "Standards led or co-drafted", unit: "项 items", cost: false, make: count(0.6, 0.6)),
      ]),
    ]),
    ("AC", "吸收能力", "Absorptive capacity", [
      ("ACQ", "知识获取", "Acquisition", [
        FirmIndicator(name: "ACQ1", zh: "研发投入强度", en: "R&D intensity", unit: "%", cost: false, make: percent(3.2, 1.2)),
        FirmIndicator(name: "ACQ2", zh: "外部技术信息来源数", en: "External technology information sources", unit: "个 sources", cost: false, make: count(1.9, 0.35)),
        FirmIndicator(name: "ACQ3", zh: "技术引进经费占销售额比重", en: "Technology purchase spending share", unit: "%", cost: false, make: percent(1.5, 0.6)),
      ]),
      ("ASM", "知识消化", "Assimilation", [
        FirmIndicator(name: "ASM1", zh: "研发人员占比", en: "R&D staff share", unit: "%", cost: false, make: percent(12, 4)),
        FirmIndicator(name: "ASM2", zh: "员工年人均培训时数", en: "Training hours per employee per year", unit: "小时 hours", cost: false, make: count(3.4, 0.3)),
        FirmIndicator(name: "ASM3", zh: "外部知识理解能力", en: "Understanding of external knowledge", unit: "1–7", cost: false, make: rating),
      ]),
      ("TRN", "知识转化", "Transformation", [
        FirmIndicator(name: "TRN1", zh: "年新产品开发项目数", en: "New product projects per year", unit: "项 projects", cost: false, make: count(1.7, 0.45)),
        FirmIndicator(name: "TRN2", zh: "知识整合能力", en: "Integrating knowledge", unit: "1–7", cost: false, make: rating),
        FirmIndicator(name: "TRN3", zh: "引进技术投产所需月数", en: "Months to put acquired technology into production", unit: "月 months", cost: true,
                      make: { z in max(1, Foundation.exp(2.3 - 0.3 * z).rounded()) }),
      ]),
      ("EXP", "知识应用", "Exploitation", [
        FirmIndicator(name: "EXP1", zh: "年授权专利数", en: "Patents granted per year", unit: "项 patents", cost: false, make: count(2.2, 0.55)),
        FirmIndicator(name: "EXP2", zh: "新产品销售收入占比", en: "Sales share of new products", unit: "%", cost: false, make: percent(22, 7)),
        FirmIndicator(name: "EXP3", zh: "知识应用效率", en: "Efficiency of knowledge use", unit: "1–7", cost: false, make: rating),
      ]),
    ]),
  ]

  static let districts: [(zh: String, industry: String, count: Int)] = [
    ("苏州工业园区", "电子信息", 8), ("昆山", "IT硬件", 8), ("吴江", "纺织", 7), ("常熟", "服装", 7), ("张家港", "冶金装备", 6),
  ]

  public static var indicatorNames: [String] { systems.flatMap { $0.dimensions.flatMap { $0.indicators.map(\.name) } } }

  /// The CSV: firm_id, firm, district, industry, 24 indicators, KR, IG.
  public static func generate(seed: UInt64 = seed) -> String {
    var rng = SplitMix64(seed: seed).split(stream: 9)
    let header = ["firm_id", "firm", "district", "industry"] + indicatorNames + ["KR", "IG"]
    var lines: [String] = [header.joined(separator: ",")]
    var k = 0
    for d in districts {
      for j in 0..<d.count {
        k += 1
        let id = String(format: "SZ%02d", k)
        var nc = rng.nextGaussian()
        var ac = 0.5 * nc + (0.75).squareRoot() * rng.nextGaussian()
        if let u = uncoordinated.firstIndex(of: id) {
          (nc, ac) = u % 2 == 0 ? (2.2, -2.2) : (-2.2, 2.2)
        }
        var row = [id, "\(d.zh)\(d.industry)企业\(String(UnicodeScalar(UInt8(65 + j))))", d.zh, d.industry]
        for (s, system) in systems.enumerated() {
          for dim in system.dimensions {
            let score = 0.8 * (s == 0 ? nc : ac) + 0.6 * rng.nextGaussian()
            for ind in dim.indicators {
              row.append(formatNumberCompact(ind.make(score + 0.5 * rng.nextGaussian())))
            }
          }
        }
        let kr = min(7, max(1, 4 + 0.45 * nc + 0.55 * ac + 0.5 * rng.nextGaussian()))
        let ig = min(7, max(1, 3.6 + 0.6 * (kr - 4) + 0.3 * nc + 0.5 * rng.nextGaussian()))
        row += [String(format: "%.2f", kr), String(format: "%.2f", ig)]
        lines.append(row.joined(separator: ","))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The firms' codebook: systems, dimensions, indicators with units and directions.
  public static var codebookYAML: String {
    func q(_ s: String) -> String { StudyCodebook.q(s) }
    var y = """
      # Indicator system of sub-model 5 (chapter 7): network capability (NC) and
      # absorptive capacity (AC) of Suzhou cluster firms, four dimensions each,
      # three indicators per dimension; KR and IG are the firms' knowledge-rent
      # and international-growth ratings (1–7). Simulated: see README.md.
      id: firm_id
      label: firm
      systems:

      """
    for s in systems {
      y += "  - name: \(s.name)\n    label: {zh: \(q(s.zh)), en: \(q(s.en))}\n    dimensions:\n"
      for d in s.dimensions {
        y += "      - name: \(d.name)\n        label: {zh: \(q(d.zh)), en: \(q(d.en))}\n        indicators:\n"
        for i in d.indicators {
          y += "          - {name: \(i.name), label: {zh: \(q(i.zh)), en: \(q(i.en))}, unit: \(q(i.unit)), direction: \(i.cost ? "cost" : "benefit")}\n"
        }
      }
    }
    y += "outcomes:\n"
    y += "  - {name: KR, label: {zh: 知识租金获取, en: Knowledge-rent acquisition}, unit: \"1–7\"}\n"
    y += "  - {name: IG, label: {zh: 国际化成长, en: International growth}, unit: \"1–7\"}\n"
    return y
  }
}
