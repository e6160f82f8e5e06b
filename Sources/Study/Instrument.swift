// The questionnaire of 何文靓《集群企业国际化成长研究——基于知识租金获取的视角》
// (2018), appendix 《集群企业国际化成长进程中知识租金获取情况调查问卷》, as
// ../shared/study/INSTRUMENT.md describes it: six parts, twelve first-order
// constructs, two second-order constructs (network capability NC and
// absorptive capacity AC), 43 seven-point items. The item wording is
// ClusterStat's own description of each item's content; the book's exact
// wording is not public.
//
// This one definition produces the codebook, the 问卷星 headers of the
// simulated export, and the study's models, so they cannot disagree.

public struct InstrumentItem: Sendable {
  public var name: String
  public var zh: String
  public var en: String
  public var reverse: Bool = false
}

public struct InstrumentConstruct: Sendable {
  public var name: String
  public var zh: String
  public var en: String
  public var items: [InstrumentItem]
}

public struct InstrumentPart: Sendable {
  public var number: Int
  public var zh: String
  public var en: String
  /// The 问卷星 matrix question that holds the part's items.
  public var question: Int
  public var constructs: [InstrumentConstruct]
  /// Second-order construct formed by this part's constructs, if any.
  public var secondOrder: (name: String, zh: String, en: String)?
}

public struct ProfileQuestion: Sendable {
  public var name: String
  public var question: Int
  public var zh: String
  public var en: String
  public var options: [String]
  public var optionsEn: [String]
  /// Population shares of the options (for the simulated sample).
  public var shares: [Double]
}

public enum Instrument {
  public static let likert7 = ["完全不同意", "不同意", "比较不同意", "一般", "比较同意", "同意", "完全同意"]
  public static let likert7En = ["strongly disagree", "disagree", "somewhat disagree", "neutral", "somewhat agree", "agree", "strongly agree"]

  public static let profile: [ProfileQuestion] = [
    ProfileQuestion(name: "industry", question: 1, zh: "贵企业所属行业", en: "Industry",
                    options: ["纺织服装", "电子信息", "装备制造", "精细化工", "其他"],
                    optionsEn: ["textiles & apparel", "electronics & IT", "equipment manufacturing", "fine chemicals", "other"],
                    shares: [0.28, 0.24, 0.22, 0.12, 0.14]),
    ProfileQuestion(name: "ownership", question: 2, zh: "贵企业的所有制性质", en: "Ownership",
                    options: ["国有", "民营", "外资", "合资"], optionsEn: ["state-owned", "private", "foreign", "joint venture"],
                    shares: [0.08, 0.66, 0.14, 0.12]),
    ProfileQuestion(name: "age", question: 3, zh: "贵企业成立年限", en: "Years since founding",
                    options: ["5年及以下", "6–10年", "11–20年", "20年以上"], optionsEn: ["≤ 5", "6–10", "11–20", "> 20"],
                    shares: [0.12, 0.30, 0.38, 0.20]),
    ProfileQuestion(name: "employees", question: 4, zh: "贵企业员工人数", en: "Employees",
                    options: ["100人以下", "100–499人", "500–999人", "1000人及以上"], optionsEn: ["< 100", "100–499", "500–999", "≥ 1000"],
                    shares: [0.26, 0.40, 0.20, 0.14]),
    ProfileQuestion(name: "export_share", question: 5, zh: "出口额占销售额的比重", en: "Export share of sales",
                    options: ["10%以下", "10%–30%", "30%–50%", "50%以上"], optionsEn: ["< 10%", "10–30%", "30–50%", "> 50%"],
                    shares: [0.18, 0.34, 0.28, 0.20]),
    ProfileQuestion(name: "cluster", question: 6, zh: "贵企业所在产业集群（城市）", en: "Cluster (city)",
                    options: ["苏州", "无锡", "宁波", "温州", "绍兴", "东莞"], optionsEn: ["Suzhou", "Wuxi", "Ningbo", "Wenzhou", "Shaoxing", "Dongguan"],
                    shares: [0.26, 0.16, 0.18, 0.14, 0.12, 0.14]),
  ]

  /// Contact questions at the end of the questionnaire (personal data).
  public static let contact: [(question: Int, zh: String)] = [
    (12, "企业名称"), (13, "填写人"), (14, "联系电话"), (15, "电子邮箱"),
  ]

  static func items(_ prefix: String, _ texts: [(String, String)]) -> [InstrumentItem] {
    texts.enumerated().map { InstrumentItem(name: "\(prefix)\($0.offset + 1)", zh: $0.element.0, en: $0.element.1) }
  }

  public static let parts: [InstrumentPart] = [
    InstrumentPart(number: 2, zh: "网络嵌入性", en: "Network embeddedness", question: 7, constructs: [
      InstrumentConstruct(name: "RE", zh: "关系性嵌入", en: "Relational embeddedness", items: items("RE", [
        ("我们与主要合作伙伴之间相互信任", "We and our main partners trust each other"),
        ("我们与合作伙伴分享细致、深入的信息", "We share detailed, fine-grained information with partners"),
        ("遇到问题时我们与合作伙伴共同寻找解决办法", "We solve problems jointly with partners"),
        ("我们与主要合作伙伴的合作关系已持续多年", "Our ties with main partners have lasted many years"),
        ("我们与合作伙伴都愿意为长期合作投入资源", "Both sides commit resources to the long-term relationship"),
      ])),
      InstrumentConstruct(name: "SE", zh: "结构性嵌入", en: "Structural embeddedness", items: [
        InstrumentItem(name: "SE1", zh: "与我们有业务往来的集群内外企业数量众多", en: "We have many business partners inside and outside the cluster"),
        InstrumentItem(name: "SE2", zh: "我们在集群合作网络中处于中心位置", en: "We hold a central position in the cluster network"),
        InstrumentItem(name: "SE3", zh: "我们的合作伙伴来自不同行业和领域", en: "Our partners come from diverse industries and fields"),
        InstrumentItem(name: "SE4R", zh: "我们很少在彼此没有联系的企业之间牵线搭桥", en: "We seldom connect firms that have no ties with each other", reverse: true),
      ]),
    ]),
    InstrumentPart(number: 3, zh: "吸收能力", en: "Absorptive capacity", question: 8, constructs: [
      InstrumentConstruct(name: "ACQ", zh: "知识获取", en: "Acquisition", items: items("ACQ", [
        ("我们经常从合作伙伴处搜寻新知识", "We often search partners for new knowledge"),
        ("我们能快速识别对企业有价值的外部知识", "We quickly recognise external knowledge of value to us"),
        ("我们投入大量资源获取外部知识", "We invest heavily in acquiring external knowledge"),
      ])),
      InstrumentConstruct(name: "ASM", zh: "知识消化", en: "Assimilation", items: items("ASM", [
        ("我们能够很快理解从外部获得的新知识", "We quickly understand new knowledge from outside"),
        ("员工之间经常交流和讨论获取的知识", "Employees often exchange and discuss acquired knowledge"),
        ("我们能将外部知识与已有知识进行比对分析", "We compare external knowledge with what we already know"),
      ])),
      InstrumentConstruct(name: "TRN", zh: "知识转化", en: "Transformation", items: items("TRN", [
        ("我们能把新知识与已有知识融合", "We combine new knowledge with existing knowledge"),
        ("我们能从外部知识中发现新的商业机会", "We find new business opportunities in external knowledge"),
        ("我们能把新知识转化为企业的规范和流程", "We turn new knowledge into our rules and routines"),
      ])),
      InstrumentConstruct(name: "EXP", zh: "知识应用", en: "Exploitation", items: items("EXP", [
        ("我们能把新知识用于产品和工艺开发", "We use new knowledge in product and process development"),
        ("我们能利用新知识快速响应市场变化", "We use new knowledge to respond quickly to market change"),
        ("新知识的应用提高了我们的经营效率", "Applying new knowledge has raised our efficiency"),
      ])),
    ], secondOrder: ("AC", "吸收能力", "Absorptive capacity")),
    InstrumentPart(number: 4, zh: "网络能力", en: "Network capability", question: 9, constructs: [
      InstrumentConstruct(name: "NV", zh: "网络愿景", en: "Network vision", items: items("NV", [
        ("我们清楚合作网络的发展趋势", "We know where our cooperation network is heading"),
        ("我们能预见网络合作带来的机会", "We foresee the opportunities network cooperation brings"),
        ("我们对构建合作网络有长远规划", "We have a long-term plan for building our network"),
      ])),
      InstrumentConstruct(name: "NB", zh: "网络构建", en: "Network building", items: items("NB", [
        ("我们积极寻找和发展新的合作伙伴", "We actively look for and develop new partners"),
        ("我们善于与潜在伙伴建立联系", "We are good at making contact with potential partners"),
        ("我们能根据需要调整合作网络结构", "We adjust the structure of our network as needed"),
      ])),
      InstrumentConstruct(name: "RM", zh: "关系管理", en: "Relationship management", items: items("RM", [
        ("我们能有效协调与合作伙伴的冲突", "We resolve conflicts with partners effectively"),
        ("我们定期与合作伙伴沟通合作事宜", "We communicate regularly with partners about our cooperation"),
        ("我们设有专人负责维护伙伴关系", "We have staff dedicated to partner relationships"),
      ])),
      InstrumentConstruct(name: "NP", zh: "网络占位", en: "Network position", items: items("NP", [
        ("我们在合作网络中拥有较高的声誉", "We have a high reputation in our network"),
        ("其他企业经常通过我们获取资源和信息", "Other firms often obtain resources and information through us"),
        ("我们在合作网络中具有较强的影响力", "We have strong influence in our network"),
      ])),
    ], secondOrder: ("NC", "网络能力", "Network capability")),
    InstrumentPart(number: 5, zh: "知识租金获取", en: "Knowledge-rent acquisition", question: 10, constructs: [
      InstrumentConstruct(name: "KR", zh: "知识租金获取", en: "Knowledge-rent acquisition", items: items("KR", [
        ("我们从产业链伙伴处获得了技术知识", "We gained technological knowledge from chain partners"),
        ("我们从产业链伙伴处获得了市场知识", "We gained market knowledge from chain partners"),
        ("我们从产业链伙伴处获得了管理知识", "We gained management knowledge from chain partners"),
        ("在与伙伴的合作中我们获取了较大份额的价值", "We captured a large share of the value created with partners"),
        ("我们向伙伴学习的速度快于竞争对手", "We learn from partners faster than our competitors"),
      ])),
    ]),
    InstrumentPart(number: 6, zh: "国际化成长", en: "International growth", question: 11, constructs: [
      InstrumentConstruct(name: "IG", zh: "国际化成长", en: "International growth", items: items("IG", [
        ("近三年我们的海外销售额增长较快", "Our foreign sales grew fast in the last three years"),
        ("近三年我们进入的海外市场数量增加", "We entered more foreign markets in the last three years"),
        ("近三年我们的出口占销售额比重提高", "Our export share of sales rose in the last three years"),
        ("我们在国际市场上的知名度不断提升", "Our reputation in international markets keeps rising"),
        ("我们的国际化进程快于同行", "We internationalise faster than our peers"),
      ])),
    ]),
  ]

  public static var constructs: [InstrumentConstruct] { parts.flatMap(\.constructs) }
  public static var likertItems: [InstrumentItem] { constructs.flatMap(\.items) }
}
