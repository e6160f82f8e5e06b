// The path diagram of a fitted SEM, from its parameter table: one diagram
// per group (lavaan's group column counts from 1), R² matched by the group
// suffix the result gives its names ("x1 [Pasteur]").

import Report
import Survey
import SEM
import Foundation

extension PathDiagram {
  public init(_ result: SEMResult, group: Int = 1, labels: [String: String] = [:], indicators: Indicators = .automatic(limit: 24)) {
    let suffix = result.groups.map { " [\($0[group - 1])]" } ?? ""
    var r2: [String: Double] = [:]
    for (name, value) in zip(result.r2.names, result.r2.values) where name.hasSuffix(suffix) {
      r2[String(name.dropLast(suffix.count))] = value
    }
    let rows = result.parameters.filter { $0.group == group }.map {
      PathDiagram.Parameter(lhs: $0.lhs, op: $0.op.rawValue, rhs: $0.rhs, std: $0.stdAll, pvalue: $0.pvalue)
    }
    self.init(parameters: rows, r2: r2, labels: labels, indicators: indicators)
  }
}
