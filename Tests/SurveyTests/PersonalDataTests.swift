import Foundation
import Testing
@testable import Survey

// The guard's detectors on a corpus of planted identifiers in the forms
// respondents and exports write them, and on look-alikes that are data.

/// Planted identifiers: each must be found, with its kind.
let plantedIdentifiers: [(String, PersonalKind)] = [
  ("13812345678", .phone), ("138-1234-5678", .phone), ("139 1234 5678", .phone), ("+86 138 1234 5678", .phone),
  ("+8613912345678", .phone), ("0086-139-1234-5678", .phone), ("１３８１２３４５６７８", .phone), ("(0512)68765432", .phone),
  ("0512-68765432", .phone), ("010-87654321", .phone), ("400-820-8820", .phone), ("138.1234.5678", .phone),
  ("zhang.wei@example.com", .email), ("li_na＠qq．com", .email), ("wangfang at 163 dot com", .email),
  ("chen(at)sina.cn", .email), ("zhao[at]foxmail[dot]com", .email),
  ("192.168.10.25", .ip), ("2001:db8:85a3::8a2e:370:7334", .ip), ("fe80::1ff:fe23:4567:890a", .ip),
  ("11010519491231002X", .idNumber), ("QQ: 123456789", .qq), ("qq号 87654321", .qq), ("扣扣 55667788", .qq),
  ("微信：zhangwei_1988", .wechat), ("wxid_a1b2c3d4e5", .wechat), ("WeChat ID lina-2020", .wechat), ("vx: lucky_star99", .wechat),
  ("https://www.wjx.cn/vm/abc.aspx?openid=oXyZ12345abcdef&x=1", .url), ("https://a.b/c?unionid=o6_bmasdasdsad6_2sgVt7hMZOPfL", .url),
]

/// Look-alikes that are data and must not be flagged.
let notIdentifiers = [
  "2023-05-12 10:11:12", "10:11:12", "3.1415926535", "1 2 3 4 5", "20230512", "第1题 5分", "0.5", "12:30",
  "张家港", "林业", "金融业", "国有企业", "非常同意", "I will meet you at home", "1,234,567", "3.5 4.2 5.1", "v1.2.3.4.5",
]

@Suite struct PersonalDataDetectorTests {
  @Test func everyPlantedFormIsFound() {
    for (text, kind) in plantedIdentifiers {
      let spans = PersonalDataDetector.find(text)
      #expect(spans.first?.kind == kind, "\(text): \(spans.map(\.kind))")
      #expect(PersonalDataGuard.kind(of: "前缀 \(text) 后缀") != nil, "\(text) inside text")
    }
  }

  @Test func lookAlikesAreData() {
    for text in notIdentifiers {
      #expect(PersonalDataDetector.find(text).isEmpty, "\(text): \(PersonalDataDetector.find(text).map(\.kind))")
    }
  }

  @Test func masksInPlace() {
    #expect(PersonalDataDetector.mask("请联系我 138-1234-5678 或 li_na＠qq．com，谢谢") == "请联系我 [电话] 或 [邮箱]，谢谢")
  }

  @Test func names() {
    for n in ["欧阳明远甲", "张伟", "王小明", "诸葛亮", "李娜"] { #expect(PersonalDataDetector.isName(n), "\(n)") }
    for n in ["非常同意", "一般", "制造业", "Zhang Wei", "张"] { #expect(!PersonalDataDetector.isName(n), "\(n)") }
  }

  @Test func columnsByContent() {
    let names = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏"]
    let cities = ["张家港", "常熟", "昆山", "张家港", "常熟", "昆山", "张家港", "吴江"]
    let free = ["很好", "请联系 13812345678", "一般", "不错", "还行", "没有意见"]
    let frame = DataFrame(source: "t", columns: [
      Column(name: "who", values: .text(names)), Column(name: "city", values: .text(cities)),
      Column(name: "comment", values: .text(free)),
      Column(name: "Q5", values: .text(["5", "4", "欧阳明远甲", "3", "5", "4"]), numericCells: 5),
    ], rowCount: 8)
    let excluded = PersonalDataGuard.scan(frame)
    #expect(excluded.map(\.column) == ["who"] && excluded.first?.found == "name")
    let (masked, report) = PersonalDataGuard.mask(frame, skip: ["who"])
    #expect(report.map(\.column) == ["comment", "Q5"])
    guard case .text(let c)? = masked["comment"]?.values, case .numeric(let q)? = masked["Q5"]?.values else {
      Issue.record("masked columns have the wrong type"); return
    }
    #expect(c[1] == "请联系 [电话]" && q[2].isNaN && q[0] == 5)
  }
}
