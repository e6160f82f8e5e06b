import Foundation
import LinearAlgebra
import SEM
import Report
import Survey

// The simulated questionnaire export of the study (INSTRUMENT.md, "Population
// model for the simulated questionnaire"):
//   1. 330 respondents' latent and item scores from the population model
//      (population.lav) by `Simulation`, cut to 1–7 with left-skewed
//      thresholds (.02 .04 .08 .20 .30 .24 .12);
//   2. firm profile answers drawn with the shares in `Instrument.profile`;
//   3. what real 问卷星 exports contain, planted at rows chosen by the seed:
//      ~2% unanswered Likert cells (-2 skipped, -3 not shown; 7 items each
//      for 12% of respondents, as item nonresponse clusters), 8 straight-
//      liners, 7 responses under 90 seconds, 5 duplicate submissions (same IP
//      and answers as an earlier row), and fake but realistic contact fields;
//   4. laid out as 问卷星's "按选项序号" export: metadata columns first,
//      "N、题目" profile headers, "N(题目)" matrix sub-columns.
// Every stream derives from the one seed (SplitMix64.split), so the files are
// the same byte for byte on every machine.

public enum ClusterEnterpriseData {
  public static let seed: UInt64 = 20180501
  public static let respondents = 330
  public static let planted = (straightLiners: 8, tooFast: 7, duplicates: 5)
  public static let fastThreshold = 90.0

  public struct Export: Sendable {
    public var header: [String]
    public var rows: [[XLSXCell]]
    /// 0-based rows planted by each rule (for tests and the README).
    public var straightLiners: [Int]
    public var tooFast: [Int]
    public var duplicates: [(copy: Int, of: Int)]
    /// Every planted personal datum (names, phones, e-mails, IPs, company names).
    public var personalData: [String]
  }

  /// The export's headers: metadata, profile, one matrix sub-column per item, contact.
  public static var header: [String] {
    var h = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]
    h += Instrument.profile.map { "\($0.question)、\($0.zh)" }
    for part in Instrument.parts {
      for item in part.constructs.flatMap(\.items) { h.append("\(part.question)(\(item.zh))") }
    }
    h += Instrument.contact.map { "\($0.question)、\($0.zh)" }
    return h
  }

  public static func generate(population syntax: String, seed: UInt64 = seed) throws -> Export {
    let n = respondents
    let root = SplitMix64(seed: seed)
    let population = try Simulation.population(syntax: syntax)
    let items = Instrument.likertItems.map(\.name)
    guard Set(population.observed) == Set(items) else {
      throw InputError("the population model's observed variables (\(population.observed.count)) are not the instrument's 43 items")
    }
    let drawn = try Simulation.draw(population, options: SimulationOptions(n: n, seed: root.split(stream: 1).state, categories: 7))
    let byName = Dictionary(uniqueKeysWithValues: zip(population.observed, drawn))
    var likert: [[Double]] = items.map { byName[$0]! }  // [item][row]

    var profileRNG = root.split(stream: 2)
    var profile: [[Double]] = Instrument.profile.map { q in
      (0..<n).map { _ in Double(choose(q.shares, &profileRNG) + 1) }
    }

    var metaRNG = root.split(stream: 3)
    var seconds = (0..<n).map { _ -> Double in
      // Completion times: log-normal around 7 minutes, none under 2.5 minutes.
      max(150, Foundation.exp(6.0 + 0.35 * metaRNG.nextGaussian()).rounded())
    }
    var ips = (0..<n).map { _ in
      "\(36 + Int(metaRNG.next() % 187)).\(metaRNG.next() % 256).\(metaRNG.next() % 256).\(1 + metaRNG.next() % 254)"
    }
    let regions = ["江苏-苏州", "江苏-无锡", "浙江-宁波", "浙江-温州", "浙江-绍兴", "广东-东莞"]
    let sources = ["手机提交", "微信", "链接"]
    var sourceIndex = (0..<n).map { _ in Int(metaRNG.next() % 3) }
    var timestamps: [String] = []
    var t = 1_488_326_400.0  // 2017-03-01 00:00:00 UTC
    for _ in 0..<n {
      t += 600 + Double(metaRNG.next() % 20_000)
      timestamps.append(utcTimestampText(t))
    }

    var contactRNG = root.split(stream: 4)
    var contact: [[String]] = (0..<n).map { i in fakeContact(i, cluster: Int(profile[5][i]) - 1, &contactRNG) }

    // Planting: disjoint rows for each rule.
    var plantRNG = root.split(stream: 5)
    var pool = Array(0..<n)
    for i in stride(from: n - 1, to: 0, by: -1) { pool.swapAt(i, Int(plantRNG.next() % UInt64(i + 1))) }
    let straight = Array(pool[0..<planted.straightLiners]).sorted()
    let fast = Array(pool[planted.straightLiners..<(planted.straightLiners + planted.tooFast)]).sorted()
    let dupCopies = Array(pool[(planted.straightLiners + planted.tooFast)...].filter { $0 > 0 }.prefix(planted.duplicates)).sorted()
    let flagged = Set(straight + fast + dupCopies)
    var duplicates: [(Int, Int)] = []
    for c in dupCopies {
      var s: Int
      repeat { s = Int(plantRNG.next() % UInt64(c)) } while flagged.contains(s)
      duplicates.append((c, s))
    }
    for r in straight {
      let v = Double(4 + plantRNG.next() % 4)
      for j in likert.indices { likert[j][r] = v }
    }
    for r in fast { seconds[r] = Double(35 + plantRNG.next() % 55) }
    // Unanswered cells, about 2% of all Likert cells, concentrated as item
    // nonresponse is: 12% of respondents (not straight-liners) skip 7 items each.
    let straightSet = Set(straight)
    let skippers = pool[(planted.straightLiners + planted.tooFast + planted.duplicates)...]
      .filter { !straightSet.contains($0) }.prefix(Int((Double(n) * 0.12).rounded()))
    for r in skippers {
      var cols = Array(likert.indices)
      for k in 0..<7 {
        cols.swapAt(k, k + Int(plantRNG.next() % UInt64(cols.count - k)))
        likert[cols[k]][r] = plantRNG.nextUniform() < 0.85 ? -2 : -3
      }
    }
    for (c, s) in duplicates {
      for j in likert.indices { likert[j][c] = likert[j][s] }
      for j in profile.indices { profile[j][c] = profile[j][s] }
      ips[c] = ips[s]
      contact[c] = contact[s]
      sourceIndex[c] = sourceIndex[s]
    }

    var rows: [[XLSXCell]] = []
    var personal = Set<String>()
    for r in 0..<n {
      var row: [XLSXCell] = [.number(Double(r + 1)), .text(timestamps[r]), .text(_duration(seconds[r])),
                             .text(sources[sourceIndex[r]]), .text("直接访问"),
                             .text("\(ips[r])(\(regions[Int(profile[5][r]) - 1]))")]
      row += profile.map { .number($0[r]) }
      row += likert.map { .number($0[r]) }
      row += contact[r].map { .text($0) }
      rows.append(row)
      personal.insert(ips[r])
      for c in contact[r] { personal.insert(c) }
    }
    return Export(header: header, rows: rows, straightLiners: straight, tooFast: fast,
                  duplicates: duplicates.map { (copy: $0.0, of: $0.1) }, personalData: personal.sorted())
  }

  /// Writes responses.csv (UTF-8) and responses-wjx.xlsx into `dir`.
  public static func write(_ export: Export, to dir: String) throws {
    var csv = export.header.map(CSVRenderer.field).joined(separator: ",") + "\n"
    for row in export.rows {
      csv += row.map { c -> String in
        switch c {
        case .number(let v): return v == v.rounded() ? String(Int(v)) : String(v)
        case .text(let s): return CSVRenderer.field(s)
        case .empty: return ""
        }
      }.joined(separator: ",") + "\n"
    }
    try AtomicFile.write(Data(csv.utf8), to: (dir as NSString).appendingPathComponent("responses.csv"))
    let xlsx = try XLSXWriter.workbook(sheet: "Sheet1", header: export.header, rows: export.rows)
    try AtomicFile.write(xlsx, to: (dir as NSString).appendingPathComponent("responses-wjx.xlsx"))
  }

  /// Index drawn with the given probabilities.
  static func choose(_ shares: [Double], _ rng: inout SplitMix64) -> Int {
    let u = rng.nextUniform()
    var cum = 0.0
    for (k, s) in shares.enumerated() {
      cum += s
      if u < cum { return k }
    }
    return shares.count - 1
  }

  static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
  static let given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文斌辉鹏宇浩凯晨欣怡佳琪雪梅兰红玲")
  static let firmWords = Array("恒瑞联华盛达信诚兴鑫宏泰祥和丰源嘉宇创新科隆昌亿")
  static let firmTrades = ["纺织", "服饰", "电子", "精密机械", "新材料", "化工", "光电", "智能装备"]
  static let cities = ["苏州", "无锡", "宁波", "温州", "绍兴", "东莞"]
  static let mailHosts = ["163.com", "126.com", "qq.com", "sina.com", "foxmail.com"]

  /// 企业名称, 填写人, 联系电话, 电子邮箱.
  static func fakeContact(_ i: Int, cluster: Int, _ rng: inout SplitMix64) -> [String] {
    func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
    let company = cities[cluster] + String(pick(firmWords)) + String(pick(firmWords)) + pick(firmTrades) + "有限公司"
    let name = String(pick(surnames)) + String(pick(given)) + (rng.next() % 2 == 0 ? String(pick(given)) : "")
    let phone = "1" + String(pick(Array("35789"))) + String(format: "%09d", Int(rng.next() % 1_000_000_000))
    let local = String(format: "%@%03d", ["zhang", "li", "wang", "chen", "liu", "hr", "sales", "info"][Int(rng.next() % 8)], Int(rng.next() % 1000))
    let mail = local + "@" + pick(mailHosts)
    return [company, name, phone, mail]
  }
}

/// 问卷星's 所用时间: "85秒", "6分57秒".
func _duration(_ s: Double) -> String {
  let v = Int(s)
  return v < 60 ? "\(v)秒" : "\(v / 60)分\(v % 60)秒"
}

