import Survey

// The verdict policy of the fit table: each index's cut-off for "good" (and a
// looser one for "acceptable") with the literature it comes from — Hu & Bentler
// (1999) for CFI/TLI/RMSEA/SRMR, Kline (2016) and Wheaton et al. (1977) for
// χ²/df, Jöreskog & Sörbom (1984) for GFI/AGFI, Bentler & Bonett (1980) NFI,
// Bollen (1989) IFI, Mulaik et al. (1989) PNFI/PGFI. A policy over the
// fitMeasures() keys, kept beside them; the tables only print it.

/// Fit-index cut-offs with their sources; `--cutoffs cfi=0.90,...` overrides.
public struct FitCutoffs {
  public struct Rule {
    public var key: String
    public var label: String
    public var good: Double
    /// A second, looser bound read as "acceptable".
    public var acceptable: Double?
    public var higherIsBetter: Bool
    public var source: String
  }

  public init() {}

  public var rules: [Rule] = [
    Rule(key: "cmin/df", label: "χ²/df (CMIN/DF)", good: 3, acceptable: 5, higherIsBetter: false, source: "Kline 2016; Wheaton et al. 1977"),
    Rule(key: "cfi", label: "CFI", good: 0.95, acceptable: 0.90, higherIsBetter: true, source: "Hu & Bentler 1999"),
    Rule(key: "tli", label: "TLI (NNFI)", good: 0.95, acceptable: 0.90, higherIsBetter: true, source: "Hu & Bentler 1999"),
    Rule(key: "rmsea", label: "RMSEA", good: 0.06, acceptable: 0.08, higherIsBetter: false, source: "Hu & Bentler 1999; Browne & Cudeck 1993"),
    Rule(key: "srmr", label: "SRMR", good: 0.08, acceptable: nil, higherIsBetter: false, source: "Hu & Bentler 1999"),
    Rule(key: "gfi", label: "GFI", good: 0.90, acceptable: nil, higherIsBetter: true, source: "Jöreskog & Sörbom 1984"),
    Rule(key: "agfi", label: "AGFI", good: 0.90, acceptable: nil, higherIsBetter: true, source: "Jöreskog & Sörbom 1984"),
    Rule(key: "nfi", label: "NFI", good: 0.90, acceptable: nil, higherIsBetter: true, source: "Bentler & Bonett 1980"),
    Rule(key: "ifi", label: "IFI", good: 0.90, acceptable: nil, higherIsBetter: true, source: "Bollen 1989"),
    Rule(key: "pnfi", label: "PNFI", good: 0.50, acceptable: nil, higherIsBetter: true, source: "Mulaik et al. 1989"),
    Rule(key: "pgfi", label: "PGFI", good: 0.50, acceptable: nil, higherIsBetter: true, source: "Mulaik et al. 1989"),
  ]

  public static func parse(_ raw: String?) throws -> FitCutoffs {
    var c = FitCutoffs()
    guard let raw else { return c }
    for part in raw.split(separator: ",") {
      let kv = part.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
      guard kv.count == 2, let v = parseDecimal(kv[1]), let k = c.rules.firstIndex(where: { $0.key == kv[0] }) else {
        throw InputError("fit cut-offs: '\(part)' is not index=value for one of \(c.rules.map(\.key).joined(separator: ", "))", settings: [.fitCutoffs])
      }
      c.rules[k].good = v
      c.rules[k].acceptable = nil
      c.rules[k].source = "user"
    }
    return c
  }
}
