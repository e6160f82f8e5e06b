import Testing
@testable import SEM

@Suite struct SyntaxTests {
  @Test func operatorsModifiersAndContinuation() throws {
    let m = try ModelSyntax.parse("""
      # a comment
      f =~ x1 + a*x2 + 0.5*x3 +
           NA*x4 ! another comment
      y1 + y2 ~ f + start(0.3)*x5; y1 ~ 1
      x1 ~~ label("b")*x2
      ind := a*b - sqrt(2)^2
      a == b
      """)
    #expect(m.statements.count == 6)
    guard case .relation(let lhs, let op, let rhs, let line) = m.statements[0] else { Issue.record("not a relation"); return }
    #expect(lhs.map(\.name) == ["f"] && op == .measuredBy && line == 2)
    #expect(rhs.map(\.name) == ["x1", "x2", "x3", "x4"])
    #expect(rhs[1].modifier.label == "a" && rhs[2].modifier.fixed == 0.5 && rhs[3].modifier.free)
    guard case .relation(let l2, _, let r2, _) = m.statements[1] else { Issue.record("statement 2 is not a relation"); return }
    #expect(l2.count == 2 && r2[1].modifier.start == 0.3)
    guard case .relation(_, let op3, _, _) = m.statements[2] else { Issue.record("statement 3 is not a relation"); return }
    #expect(op3 == .intercept)
    guard case .defined(let name, let e, _) = m.statements[4] else { Issue.record("statement 5 is not a defined parameter"); return }
    #expect(name == "ind" && e.description == "a*b-sqrt(2)^2")
    #expect(abs(try e.evaluate { ["a": 3, "b": 4][$0] } - 10) < 1e-12)
  }

  @Test func errorsNameLineAndColumn() {
    func error(_ text: String) -> SyntaxError? {
      do { _ = try ModelSyntax.parse(text) } catch { return error }
      return nil
    }
    // "g =~ x3 +* x4": the '*' is the 10th character of line 2.
    #expect(error("f =~ x1 + x2\ng =~ x3 +* x4")?.description == "model syntax, line 2, column 10: expected a variable name after '+', found '*'")
    #expect(error("f =~ x1 + x2\nx3 x4")?.description == "model syntax, line 2, column 1: no operator in this statement; expected one of =~ ~ ~~ := == < > (e.g. 'f =~ x1 + x2 + x3')")
    #expect(error("f = x1")?.description.hasPrefix("model syntax, line 1, column 3: unexpected '='; did you mean '=~'") == true)
    #expect(error("f =~ x1 +")?.line == 1)
    #expect(error("ind := a*")?.description == "model syntax, line 1, column 10: expected a number, a label or '(', found the end of the statement")
    #expect(error("f <~ x1")?.message.contains("not supported") == true)
    #expect(error("")?.message.contains("empty") == true)
  }

  @Test func parameterTableDefaults() throws {
    let t = try ParameterTable.build(try ModelSyntax.parse("visual =~ x1 + x2 + x3; textual =~ x4 + x5; textual ~ visual; y ~ visual"))
    // Marker loadings fixed, residual variances of observed and latent free,
    // textual and y are purely dependent: their residuals covary (auto.cov.y).
    #expect(t.rows.first { $0.lhs == "visual" && $0.rhs == "x1" }?.free == 0)
    #expect(t.rows.contains { $0.op == .covariance && $0.lhs == "textual" && $0.rhs == "y" && $0.free > 0 })
    #expect(t.roles.latentX == ["visual"] && t.roles.observedY == ["y"])
    let std = try ParameterTable.build(try ModelSyntax.parse("f =~ x1 + x2 + x3"), options: ModelOptions(stdLV: true))
    #expect(std.rows.first { $0.rhs == "x1" }?.free != 0 && std.rows.first { $0.lhs == "f" && $0.op == .covariance }?.ustart == 1)
    // Shared labels are one parameter.
    let eq = try ParameterTable.build(try ModelSyntax.parse("f =~ x1 + a*x2 + a*x3"))
    #expect(eq.rows[1].free == eq.rows[2].free && eq.freeCount == 5)
  }

  // Found by fuzzing (issue #18): each of these once overflowed the stack in
  // the parser or in the code that walks the expression tree.
  @Test func deepExpressionsAreRefusedWithLineAndColumn() {
    func error(_ expression: String) -> SyntaxError? {
      do { _ = try ModelSyntax.parse("f =~ x1 + a*x2 + x3\nind := \(expression)") } catch { return error }
      return nil
    }
    // "ind := " is 7 characters: the 257th '(' is column 264.
    let parentheses = error(String(repeating: "(", count: 10_000) + "a" + String(repeating: ")", count: 10_000))
    #expect(parentheses?.description == "model syntax, line 2, column 264: expressions nested deeper than 256 levels")
    #expect(error(String(repeating: "-", count: 30_000) + "a")?.column == 264)
    #expect(error(String(repeating: "sqrt(", count: 300) + "a" + String(repeating: ")", count: 300))?.line == 2)
    #expect(error(Array(repeating: "a", count: 300).joined(separator: "^"))?.message == "expressions nested deeper than 256 levels")
    // A long sum nests one level per term in the tree, though not in the text.
    let sum = error(Array(repeating: "a", count: 100_000).joined(separator: " + "))
    #expect(sum?.line == 2 && sum?.message.hasPrefix("expressions nested deeper than 256 levels (a sum or product of n terms counts n − 1)") == true)
    #expect(error("(" + Array(repeating: "a", count: 200).joined(separator: "*") + ")" + String(repeating: "*a", count: 100)) != nil)
  }

  @Test func modifierListsHoldPlainValues() {
    let nested = String(repeating: "c(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
    for text in ["f =~ \(nested)*x1 + x2", "f =~ c(start(0.5), 1)*x1 + x2"] {
      #expect(throws: SyntaxError.self) { _ = try ModelSyntax.parse(text) }
    }
    var inner: SyntaxError?
    do { _ = try ModelSyntax.parse("f =~ c(1, c(2, 3))*x1 + x2") } catch { inner = error }
    #expect(inner?.description == "model syntax, line 1, column 11: c(…) holds numbers, NA and labels, one per group, not 'c(…)'")
  }

  @Test func expressionsAtTheDepthLimitEvaluateAndPrint() throws {
    let nested = String(repeating: "(", count: 256) + "a" + String(repeating: ")", count: 256)
    let minus = String(repeating: "-", count: 256) + "a"
    let sum = Array(repeating: "a", count: 257).joined(separator: "+")
    let m = try ModelSyntax.parse("f =~ x1 + a*x2 + x3\nd1 := \(nested)\nd2 := \(minus)\nd3 := \(sum)\nd3 > \(sum)")
    let table = try ParameterTable.build(m)
    let defined = table.rows.filter { $0.op == .defined }
    #expect(defined.map(\.rhs) == ["a", minus, sum])
    for (row, value) in zip(defined, [2.0, 2, 514]) {
      #expect(try row.expression?.evaluateDual({ _ in 2 }, wrt: ["a"]).value == value)
    }
    _ = try ModelConstraints(table: table)
  }

  @Test func constraintsExpandingPastTheLimitAreRefused() throws {
    // Each defined parameter squares the one before: the constraint's tree,
    // once expanded, has 2^40 leaves (shared in memory, not when evaluated).
    var text = "f =~ x1 + a*x2 + x3\nd0 := a*a\n"
    for k in 1...40 { text += "d\(k) := d\(k - 1)*d\(k - 1)\n" }
    text += "d40 == 1"
    let table = try ParameterTable.build(try ModelSyntax.parse(text))
    var expanded: SyntaxError?
    do { _ = try ModelConstraints(table: table) } catch { expanded = error }
    #expect(expanded?.line == 43)
    #expect(expanded?.message.hasPrefix("the constraint 'd40 == 1' with its defined parameters put in place is too large") == true)
  }

  /// Threshold names are "t" and a number as lavaan writes it: no sign, no leading zero, ASCII digits.
  @Test func thresholdNames() {
    #expect(ModelSyntax.thresholdIndex("t1") == 1 && ModelSyntax.thresholdIndex("t12") == 12)
    #expect(ModelSyntax.thresholdIndex("t123456789") == 123_456_789)
    for name in ["t", "t0", "t01", "t+1", "t-1", "t1a", "x1", "T1", "t١", "t 1", "", "t1234567890"] {
      #expect(ModelSyntax.thresholdIndex(name) == nil, "\(name)")
    }
  }

  @Test func manyLinesAndLatentVariablesStayFast() throws {
    // Blank lines and default covariances were each found by searching all
    // earlier tokens or rows: minutes for these, milliseconds now.
    let blank = try ModelSyntax.parse(String(repeating: "\n", count: 200_000) + "f =~ x1 + x2 + x3")
    #expect(blank.statements.count == 1)
    let wide = (0..<1000).map { "f\($0) =~ x1 + x2 + x3" }.joined(separator: "\n")
    let table = try ParameterTable.build(try ModelSyntax.parse(wide))
    #expect(table.rows.filter { $0.op == .covariance }.count == 3 + 1000 * 1001 / 2)
  }
}

@Suite struct GradientTests {
  /// The analytic gradient of F against central differences, for each estimator.
  @Test(arguments: [EstimatorKind.ml, .gls, .uls])
  func analyticGradientMatchesFiniteDifferences(estimator: EstimatorKind) throws {
    let ref = try reference("hs_mediation_defined")
    let f = try SEM.fit(try SEMModel(syntax: ref.model, data: try dataset("HolzingerSwineford1939.csv"), options: SEMOptions(estimator: estimator)))
    let obj = try Objective(layout: f.layout, s: f.sampleCovariance, estimator: estimator)
    // Away from the optimum, where the gradient is not ~0.
    var g = SplitMix64(seed: 17)
    let theta = f.theta.map { $0 * (1 + 0.05 * g.nextGaussian()) }
    var grad = [Double](repeating: 0, count: f.q)
    _ = obj.value(theta)
    obj.gradient(into: &grad)
    for k in 0..<f.q {
      let h = 1e-6 * max(1, abs(theta[k]))
      var tp = theta, tm = theta
      tp[k] += h
      tm[k] -= h
      let fd = (obj.value(tp) - obj.value(tm)) / (2 * h)
      #expect(abs(fd - grad[k]) <= 1e-6 * max(1, abs(grad[k])), "parameter \(k): analytic \(grad[k]), numeric \(fd)")
    }
  }
}

@Suite struct NonFiniteModifierTests {
  /// 1e400 as a fixed value or a start value is not a number the model can hold.
  @Test(arguments: ["f =~ 1e400*x1 + x2 + x3", "f =~ x1 + -1e999*x2 + x3", "f =~ x1 + start(1e400)*x2 + x3"])
  func refused(_ syntax: String) {
    #expect(throws: SyntaxError.self) { try ModelSyntax.parse(syntax) }
  }
}

@Suite struct FitIndexTests {
  /// FitMeasures stores values by FitIndex.position: it must be the declaration order.
  @Test func positionIsTheDeclarationOrder() {
    #expect(MemoryLayout<FitIndex>.size == 1)
    #expect(FitIndex.allCases.enumerated().allSatisfy { $0.offset == $0.element.position })
  }
}
