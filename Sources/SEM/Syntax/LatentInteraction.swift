import Survey

// Latent interactions by product indicators, double-mean-centred (Lin, Wen,
// Marsh & Lin 2010, "Structural equation models of latent interactions:
// clarification of orthogonalizing and double-mean-centering strategies",
// SEM 17(3)), as semTools::indProd(data, var1, var2, match, meanC = TRUE,
// doubleMC = TRUE) forms them: each indicator centred at its mean, products
// of the pairs — matched in order when both factors have as many indicators
// (semTools' default), else every pair — each product centred again, named
// "a.b". The latent interaction F1.F2 is measured by them; where every pair
// is used, products that share an indicator get a residual covariance (Marsh,
// Wen & Hau 2004). In the structural part, `F1:F2` names the interaction.

public enum LatentInteraction {
  /// The model and data with the product indicators of each "F1:F2".
  public static func expand(syntax: String, data: DataFrame, interactions: [String]) throws -> (syntax: String, data: DataFrame, notes: [Note]) {
    let parsed = try ModelSyntax.parse(syntax)
    var indicators: [String: [String]] = [:]
    for s in parsed.statements {
      if case .relation(let lhs, .measuredBy, let rhs, _) = s {
        for l in lhs { indicators[l.name, default: []] += rhs.map(\.name) }
      }
    }
    var frame = data
    var text = syntax
    var notes: [Note] = []
    for spec in interactions {
      let parts = spec.split(separator: ":").map { String($0).trimmingCharacters(in: .whitespaces) }
      guard parts.count == 2, parts[0] != parts[1] else {
        throw InputError("a latent interaction takes two latent variables as F1:F2 (got '\(spec)')", settings: [.interaction])
      }
      guard let a = indicators[parts[0]], let b = indicators[parts[1]] else {
        let unknown = indicators[parts[0]] == nil ? parts[0] : parts[1]
        throw InputError("latent interaction '\(spec)': '\(unknown)' is not a latent variable of the model (one defined with =~)", settings: [.interaction])
      }
      let centred = try (a + b).reduce(into: [String: [Double]]()) { out, name in
        guard frame.index(of: name) != nil else { throw InputError(column: name, "is an indicator of the interaction '\(spec)' but not a column of the data") }
        let v = try frame.numericColumn(name)
        let present = v.filter { !$0.isNaN }
        let m = present.reduce(0, +) / Double(present.count)
        out[name] = v.map { $0 - m }
      }
      let matched = a.count == b.count
      let pairs: [(String, String)] = matched ? Array(zip(a, b)) : a.flatMap { x in b.map { (x, $0) } }
      var names: [String] = []
      for (x, y) in pairs {
        var product = zip(centred[x]!, centred[y]!).map { $0 * $1 }
        let present = product.filter { !$0.isNaN }
        let m = present.reduce(0, +) / Double(present.count)
        product = product.map { $0 - m }
        let name = "\(x).\(y)"
        guard frame.index(of: name) == nil else { throw InputError(column: name, "already exists; rename it so the product indicator can take the name") }
        frame.columns.append(Column(name: name, values: .numeric(product)))
        names.append(name)
      }
      let latent = "\(parts[0]).\(parts[1])"
      text = text.replacingOccurrences(of: "\(parts[0]):\(parts[1])", with: latent)
      text += "\n\(latent) =~ " + names.joined(separator: " + ")
      if !matched {
        for i in 0..<pairs.count {
          for j in (i + 1)..<pairs.count where pairs[i].0 == pairs[j].0 || pairs[i].1 == pairs[j].1 {
            text += "\n\(names[i]) ~~ \(names[j])"
          }
        }
      }
      notes.append(Note(
        en: "the latent interaction \(latent) is measured by \(names.count) double-mean-centred product indicators (\(matched ? "matched pairs" : "all pairs, with residual covariances where they share an indicator"); Lin et al. 2010)",
        zh: "潜变量交互项 \(latent) 由 \(names.count) 个双重均值中心化的乘积指标测量（\(matched ? "配对乘积" : "全部配对，共用指标的乘积之间估计残差协方差")；Lin et al. 2010）"))
    }
    return (text, frame, notes)
  }
}
