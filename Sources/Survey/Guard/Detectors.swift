import Foundation

// Content detectors of the personal-data guard: where in a cell's text a
// personal datum is written, in the forms respondents and exports write them.
// The text is first folded to half-width (full-width digits, letters, ＠ and
// ． as typed with a Chinese input method), then:
//   id_number  18 characters, 17 digits and a check character that is valid
//              under GB 11643-1999 (ISO 7064 MOD 11-2)
//   phone      a mainland mobile number 1[3-9]xxxxxxxxx, written with spaces,
//              hyphens, dots or brackets between digit groups and with an
//              optional +86/0086 prefix; a landline 0AA(A)-XXXXXXX(X) with its
//              area code set off; 400/800 service numbers
//   email      local@domain.tld, and the spelled-out forms "a at b dot com",
//              "a(at)b.com", "a[at]b[dot]cn" with a common top-level domain
//   ip         IPv4 (four numbers 0–255) and IPv6 (hex groups with "::" or eight groups)
//   qq         a 5–11 digit number after "QQ"/"扣扣"
//   wechat     wxid_…, or an ID after 微信/WeChat/wx/vx
//   url        a query parameter that identifies a person: openid, unionid, token, uid …
//   name       (whole cells only) 2–4 Han characters led by a common surname,
//              3–5 after a compound surname (欧阳, 司马 …)
// Masking replaces each found span by its placeholder ([电话], [邮箱] …).

public enum PersonalKind: String, Sendable, Codable, CaseIterable {
  case idNumber = "id_number", phone, email, ip, qq, wechat, url, name

  public var placeholder: String {
    switch self {
    case .idNumber: return "[身份证号]"
    case .phone: return "[电话]"
    case .email: return "[邮箱]"
    case .ip: return "[IP]"
    case .qq: return "[QQ]"
    case .wechat: return "[微信]"
    case .url: return "[链接]"
    case .name: return "[姓名]"
    }
  }
}

public enum PersonalDataDetector {
  /// Spans of personal data in a text (scalar offsets into the folded text,
  /// which has as many scalars as the original), in order, not overlapping.
  public static func find(_ text: String) -> [(range: Range<Int>, kind: PersonalKind)] {
    let s = fold(text)
    guard s.count >= 5 else { return [] }
    var found: [(Range<Int>, PersonalKind)] = []
    func add(_ r: Range<Int>, _ k: PersonalKind) {
      if !found.contains(where: { $0.0.overlaps(r) }) { found.append((r, k)) }
    }
    for r in urls(s) { add(r, .url) }
    for r in emails(s) { add(r, .email) }
    for r in residentIDs(s) { add(r, .idNumber) }
    for (r, k) in markedIDs(s) { add(r, k) }
    for r in phones(s) { add(r, .phone) }
    for r in ipAddresses(s) { add(r, .ip) }
    return found.sorted { $0.0.lowerBound < $1.0.lowerBound }
  }

  /// The text with every span replaced by its placeholder.
  public static func mask(_ text: String) -> String {
    let spans = find(text)
    guard !spans.isEmpty else { return text }
    let scalars = Array(text.unicodeScalars)
    var out = String.UnicodeScalarView()
    var i = 0
    for (r, k) in spans {
      out.append(contentsOf: scalars[i..<r.lowerBound])
      out.append(contentsOf: k.placeholder.unicodeScalars)
      i = r.upperBound
    }
    out.append(contentsOf: scalars[i...])
    return String(out)
  }

  /// True when the whole cell (trimmed) is a person's name.
  public static func isName(_ cell: String) -> Bool {
    let t = Array(cell.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars)
    guard t.count >= 2, t.count <= 5, t.allSatisfy(isHan) else { return false }
    if t.count >= 3, compoundSurnames.contains(String(String.UnicodeScalarView(t[0..<2]))) { return true }
    return t.count <= 4 && surnames.contains(t[0])
  }

  // MARK: Folding

  /// Full-width ASCII to half-width, the ideographic space to a space, 。 to . (one scalar for one).
  static func fold(_ text: String) -> [UInt32] {
    text.unicodeScalars.map { u in
      let v = u.value
      if v >= 0xFF01 && v <= 0xFF5E { return v - 0xFEE0 }
      if v == 0x3000 { return 0x20 }
      if v == 0x3002 { return 0x2E }
      return v
    }
  }

  static func isDigit(_ c: UInt32) -> Bool { c >= 48 && c <= 57 }
  static func isLetter(_ c: UInt32) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
  static func isHan(_ u: Unicode.Scalar) -> Bool { (0x4E00...0x9FFF).contains(u.value) || (0x3400...0x4DBF).contains(u.value) }
  static func lower(_ c: UInt32) -> UInt32 { c >= 65 && c <= 90 ? c + 32 : c }

  /// Does the folded text at `i` spell `word` (ASCII, case-insensitive)?
  /// Called at every position of every cell: reads the word's UTF-8 in place
  /// (the words are ASCII) instead of building an array of its scalars.
  static func matches(_ s: [UInt32], _ i: Int, _ word: String) -> Bool {
    guard i >= 0 else { return false }
    var k = i
    for c in word.utf8 {
      guard k < s.count, lower(s[k]) == UInt32(c) else { return false }
      k += 1
    }
    return true
  }

  // MARK: Identifiers

  static func residentIDs(_ s: [UInt32]) -> [Range<Int>] {
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    let checks = Array("10X98765432".unicodeScalars.map(\.value))
    var out: [Range<Int>] = []
    var i = 0
    while i + 18 <= s.count {
      guard isDigit(s[i]), i == 0 || !isDigit(s[i - 1]) else { i += 1; continue }
      var sum = 0, ok = true
      for k in 0..<17 {
        guard isDigit(s[i + k]) else { ok = false; break }
        sum += Int(s[i + k] - 48) * weights[k]
      }
      let last = s[i + 17] == 120 ? 88 : s[i + 17]
      if ok, checks[sum % 11] == last, i + 18 == s.count || !isDigit(s[i + 18]) {
        out.append(i..<(i + 18))
        i += 18
      } else {
        i += 1
      }
    }
    return out
  }

  /// Digit groups joined by at most one separator (space, -, ., /, brackets): candidate phone spans.
  static func phones(_ s: [UInt32]) -> [Range<Int>] {
    func isSeparator(_ c: UInt32) -> Bool { c == 32 || c == 45 || c == 46 || c == 40 || c == 41 || c == 0x2010 || c == 0x2013 || c == 0x2014 }
    var groups: [(start: Int, end: Int)] = []
    var out: [Range<Int>] = []
    var i = 0
    func flush() {
      // Try each run of consecutive groups.
      var a = 0
      while a < groups.count {
        var digits: [UInt32] = []
        var matched = false
        for b in a..<groups.count {
          digits += s[groups[b].start..<groups[b].end]
          var d = digits
          var start = groups[a].start
          if d.count == 13, d[0] == 56, d[1] == 54 { d.removeFirst(2) }              // 86…
          if d.count == 15, d[0] == 48, d[1] == 48, d[2] == 56, d[3] == 54 { d.removeFirst(4) }  // 0086…
          // A + before the first group belongs to the number.
          if start > 0, s[start - 1] == 43 { start -= 1 }
          let mobile = d.count == 11 && d[0] == 49 && d[1] >= 51 && d[1] <= 57
          let service = d.count == 10 && (d[0] == 52 || d[0] == 56) && d[1] == 48 && d[2] == 48 && b > a
          // A landline needs its area code set off (a separator or brackets), 0 + 2–3 digits.
          let landline = d.count >= 10 && d.count <= 12 && d[0] == 48 && d[1] != 48 && b > a
            && (groups[a].end - groups[a].start == 3 || groups[a].end - groups[a].start == 4)
          if mobile || service || landline {
            out.append(start..<min(s.count, groups[b].end + (groups[b].end < s.count && s[groups[b].end] == 41 ? 1 : 0)))
            a = b + 1
            matched = true
            break
          }
          if digits.count > 15 { break }
        }
        if !matched { a += 1 }
      }
      groups.removeAll()
    }
    while i < s.count {
      if isDigit(s[i]) {
        var j = i
        while j < s.count, isDigit(s[j]) { j += 1 }
        if let last = groups.last {
          // Joined to the previous group by one separator (or a bracket pair around an area code).
          let gap = s[last.end..<i]
          if !(gap.count >= 1 && gap.count <= 2 && gap.allSatisfy(isSeparator)) { flush() }
        }
        groups.append((i, j))
        i = j
      } else {
        if let last = groups.last, i - last.end > 2 || !isSeparator(s[i]) { flush() }
        i += 1
      }
    }
    flush()
    // Not inside a longer digit string, not part of a number with decimals.
    return out.filter { r in
      (r.lowerBound == 0 || !isDigit(s[r.lowerBound - 1])) && (r.upperBound >= s.count || !isDigit(s[r.upperBound]))
    }
  }

  static let topLevelDomains: Set<String> = ["com", "cn", "net", "org", "edu", "gov", "io", "cc", "me", "info", "co", "hk", "tw", "uk", "de", "jp", "top", "vip", "xyz"]

  static func emails(_ s: [UInt32]) -> [Range<Int>] {
    func isLocal(_ c: UInt32) -> Bool { isLetter(c) || isDigit(c) || c == 46 || c == 95 || c == 45 || c == 43 || c == 37 }
    func isDomain(_ c: UInt32) -> Bool { isLetter(c) || isDigit(c) || c == 45 }
    var out: [Range<Int>] = []
    // The separator of local part and domain: @, or at in brackets or between spaces, or 艾特.
    func atSign(_ i: Int) -> Int? {
      if s[i] == 64 { return 1 }
      for w in ["(at)", "[at]", "{at}", "<at>", " at ", "#"] where matches(s, i, w) { return w.unicodeScalars.count }
      if s[i] == 0x827E, i + 1 < s.count, s[i + 1] == 0x7279 { return 2 }   // 艾特
      return nil
    }
    func dot(_ i: Int) -> Int? {
      if s[i] == 46 { return 1 }
      for w in ["(dot)", "[dot]", "{dot}", " dot "] where matches(s, i, w) { return w.unicodeScalars.count }
      if s[i] == 0x70B9 { return 1 }   // 点
      return nil
    }
    var i = 0
    while i < s.count {
      guard let atLength = atSign(i), i > 0 else { i += 1; continue }
      // The local part before, skipping spaces around a spelled-out "at".
      var l = i
      while l > 0, s[l - 1] == 32, atLength > 1 { l -= 1 }
      let localEnd = l
      while l > 0, isLocal(s[l - 1]) { l -= 1 }
      guard l < localEnd else { i += 1; continue }
      // The domain after: labels joined by dots.
      var j = i + atLength
      while j < s.count, s[j] == 32, atLength > 1 { j += 1 }
      var labels: [String] = []
      var end = j
      while true {
        var k = end
        while k < s.count, isDomain(s[k]) { k += 1 }
        guard k > end else { break }
        labels.append(String(String.UnicodeScalarView(s[end..<k].compactMap(Unicode.Scalar.init))))
        end = k
        var m = k
        if m < s.count, dot(m) == nil { while m < s.count, s[m] == 32, atLength > 1 { m += 1 } }
        guard m < s.count, let dl = dot(m) else { break }
        var n = m + dl
        while n < s.count, s[n] == 32, atLength > 1 { n += 1 }
        guard n < s.count, isDomain(s[n]) else { break }
        end = n
      }
      let plain = atLength == 1 && s[i] == 64
      if labels.count >= 2, let tld = labels.last?.lowercased(), plain ? tld.count >= 2 && tld.allSatisfy(\.isLetter) : topLevelDomains.contains(tld) {
        out.append(l..<end)
        i = end
      } else {
        i += 1
      }
    }
    return out
  }

  static func ipAddresses(_ s: [UInt32]) -> [Range<Int>] {
    var out: [Range<Int>] = []
    var i = 0
    while i < s.count {
      guard isDigit(s[i]), i == 0 || (!isDigit(s[i - 1]) && s[i - 1] != 46) else { i += 1; continue }
      var j = i, parts = 0, ok = true
      while parts < 4 {
        var k = j, v = 0
        while k < s.count, isDigit(s[k]), k - j < 3 { v = v * 10 + Int(s[k] - 48); k += 1 }
        if k == j || v > 255 || (k < s.count && isDigit(s[k])) { ok = false; break }
        parts += 1
        j = k
        if parts < 4 {
          guard j < s.count, s[j] == 46 else { ok = false; break }
          j += 1
        }
      }
      if ok, parts == 4, j == s.count || (s[j] != 46 && !isDigit(s[j])) { out.append(i..<j); i = j } else { i += 1 }
    }
    // IPv6: hex groups and colons, with "::" or eight groups, and a letter or a 3–4 digit group (not a clock time).
    func isHex(_ c: UInt32) -> Bool { isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) }
    i = 0
    while i < s.count {
      guard isHex(s[i]) || s[i] == 58, i == 0 || !(isHex(s[i - 1]) || s[i - 1] == 58 || isLetter(s[i - 1])) else { i += 1; continue }
      var j = i
      while j < s.count, isHex(s[j]) || s[j] == 58 { j += 1 }
      let token = Array(s[i..<j])
      let colons = token.filter { $0 == 58 }.count
      let groups = token.split(separator: 58, omittingEmptySubsequences: true)
      let double = zip(token, token.dropFirst()).contains { $0 == 58 && $1 == 58 }
      let wide = groups.contains { g in g.count >= 3 || g.contains { !isDigit($0) } }
      if (j == s.count || !isLetter(s[j])), groups.allSatisfy({ $0.count <= 4 }), wide, (double && colons >= 2) || (colons == 7 && groups.count == 8) {
        out.append(i..<j)
      }
      i = max(j, i + 1)
    }
    return out
  }

  /// QQ and WeChat IDs after their marker.
  static func markedIDs(_ s: [UInt32]) -> [(Range<Int>, PersonalKind)] {
    var out: [(Range<Int>, PersonalKind)] = []
    func skipFiller(_ k: inout Int) {
      // 号, 码, "ID", colons and spaces between the marker and the ID.
      while k < s.count {
        if [32, 58, 0x53F7, 0x7801, 0xFF1A, 0x3A].contains(s[k]) { k += 1; continue }
        if matches(s, k, "id"), k + 2 < s.count, [32, 58].contains(s[k + 2]) { k += 2; continue }
        break
      }
    }
    var i = 0
    while i < s.count {
      var marker: (length: Int, kind: PersonalKind)?
      if matches(s, i, "qq") { marker = (2, .qq) }
      else if s[i] == 0x6263, i + 1 < s.count, s[i + 1] == 0x6263 { marker = (2, .qq) }          // 扣扣
      else if s[i] == 0x5FAE, i + 1 < s.count, s[i + 1] == 0x4FE1 { marker = (2, .wechat) }      // 微信
      else if matches(s, i, "wechat") { marker = (6, .wechat) }
      else if matches(s, i, "weixin") { marker = (6, .wechat) }
      else if matches(s, i, "wxid_") {
        var k = i + 5
        while k < s.count, isLetter(s[k]) || isDigit(s[k]) || s[k] == 95 { k += 1 }
        if k - i >= 9 { out.append((i..<k, .wechat)); i = k; continue }
      } else if (matches(s, i, "wx") || matches(s, i, "vx")) && (i == 0 || !isLetter(s[i - 1])) && (i + 2 < s.count && !isLetter(s[i + 2])) {
        marker = (2, .wechat)
      }
      guard let m = marker, i == 0 || !isLetter(s[i - 1]) || m.length == 2 && !isLetter(s[i]) else { i += 1; continue }
      var k = i + m.length
      skipFiller(&k)
      let start = k
      if m.kind == .qq {
        while k < s.count, isDigit(s[k]) { k += 1 }
        if k - start >= 5, k - start <= 11, s[start] != 48 { out.append((i..<k, .qq)); i = k; continue }
      } else {
        guard start < s.count, isLetter(s[start]) || isDigit(s[start]) else { i += 1; continue }
        while k < s.count, isLetter(s[k]) || isDigit(s[k]) || s[k] == 95 || s[k] == 45 { k += 1 }
        if k - start >= 6, k - start <= 20 { out.append((i..<k, .wechat)); i = k; continue }
      }
      i += 1
    }
    return out
  }

  static let identifyingParameters = ["openid", "open_id", "unionid", "union_id", "access_token", "token", "sessionid", "session_id",
                                      "userid", "user_id", "uid", "memberid"]

  /// A query parameter that identifies a person (…?openid=oXyz…): the parameter and its value.
  static func urls(_ s: [UInt32]) -> [Range<Int>] {
    var out: [Range<Int>] = []
    var i = 0
    while i < s.count {
      guard i == 0 || [63, 38, 35, 59, 32].contains(s[i - 1]) else { i += 1; continue }   // after ? & # ; or space
      guard let p = identifyingParameters.first(where: { matches(s, i, $0 + "=") }) else { i += 1; continue }
      var k = i + p.count + 1
      while k < s.count, ![38, 35, 32, 34, 39].contains(s[k]) { k += 1 }
      if k > i + p.count + 1 { out.append(i..<k) }
      i = k
    }
    return out
  }

  // MARK: Names

  static let surnames: Set<Unicode.Scalar> = Set((
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝"
  ).unicodeScalars)

  static let compoundSurnames: Set<String> = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文",
                                              "司徒", "司空", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "百里", "呼延", "闻人", "万俟"]
}
