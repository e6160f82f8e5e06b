// Table labels in Chinese or English (`--lang zh|en`). One dictionary, so a
// label reads the same in every table and every format.

public enum Language: String, Sendable, CaseIterable, Codable {
  case zh, en
}

public struct Labels: Sendable {
  public let language: Language
  public init(_ language: Language) { self.language = language }

  public subscript(_ key: String) -> String {
    guard let pair = Labels.table[key] else { return key }
    return language == .zh ? pair.zh : pair.en
  }

  static let table: [String: (zh: String, en: String)] = [
    "descriptives.title": ("描述性统计", "Descriptive statistics"),
    "frequencies.title": ("频数分布", "Frequencies"),
    "variable": ("变量", "variable"),
    "n": ("样本量", "n"),
    "missing": ("缺失", "missing"),
    "mean": ("均值", "mean"),
    "sd": ("标准差", "sd"),
    "median": ("中位数", "median"),
    "trimmed": ("截尾均值", "trimmed"),
    "mad": ("MAD", "mad"),
    "min": ("最小值", "min"),
    "max": ("最大值", "max"),
    "range": ("全距", "range"),
    "skew": ("偏度", "skew"),
    "kurtosis": ("峰度", "kurtosis"),
    "se": ("标准误", "se"),
    "value": ("选项", "value"),
    "count": ("频数", "count"),
    "percent": ("百分比(%)", "percent"),
    "valid_percent": ("有效百分比(%)", "valid %"),
    "cumulative_percent": ("累积百分比(%)", "cumulative %"),
    "total": ("合计", "total"),
    "note": ("注", "Note"),
    "warning": ("警告", "Warning"),
    "describe.note": ("偏度、峰度按 psych::describe 默认 (type 3) 计算；标准差分母为 n−1；截尾均值去掉两端各 10%。",
                      "Skew and kurtosis as psych::describe's default (type 3); sd with divisor n − 1; trimmed mean drops 10% at each end."),
    "freetext": ("个不同取值（文本，未列表）", "distinct values (free text; not tabulated)"),
    "rows": ("行", "rows"),
    "grey.title": ("灰色关联度", "Grey relational degrees"),
    "grey.coefficients": ("灰色关联系数", "Grey relational coefficients"),
    "grey.coupling.title": ("灰色关联耦合矩阵", "Grey relational coupling matrix"),
    "grey.coupling.byunit": ("各单元系统耦合度", "System coupling by unit"),
    "series": ("比较序列", "series"),
    "point": ("点", "point"),
    "unit": ("单元", "unit"),
    "degree": ("关联度", "degree"),
    "rank": ("排序", "rank"),
    "row.mean": ("行均值", "row mean"),
    "column.mean": ("列均值", "column mean"),
    "entropy.title": ("熵值法权重", "Entropy weights"),
    "entropy.scores": ("综合得分", "Composite scores"),
    "indicator": ("指标", "indicator"),
    "weight": ("权重", "weight"),
    "score": ("得分", "score"),
    "coupling.title": ("耦合协调度", "Coupling coordination"),
    "coupling.weights": ("系统指标权重", "Indicator weights by system"),
    "system": ("系统", "system"),
    "C.standard": ("C(传统)", "C standard"),
    "C.revised": ("C(修正)", "C revised"),
    "C.stage": ("耦合阶段", "coupling stage"),
    "level": ("协调等级", "level"),
    "sem.title": ("结构方程模型", "Structural equation model"),
    "sem.r2": ("解释方差 R²", "Variance explained (R²)"),
    "sem.defined": ("定义参数（间接效应等）", "Defined parameters (indirect effects etc.)"),
    "sem.ci": ("95% CI", "95% CI"),
    "sem.delta": ("标准误与置信区间由 delta 法计算。", "Standard errors and intervals by the delta method."),
    "amos.weights": ("回归权重（路径系数与因子载荷）", "Regression weights (paths and loadings)"),
    "amos.covariances": ("协方差", "Covariances"),
    "amos.variances": ("方差", "Variances"),
    "amos.estimate": ("Estimate", "Estimate"),
    "amos.std": ("标准化估计", "Std. estimate"),
    "label": ("标签", "Label"),
    "fit.title": ("模型拟合指标", "Model fit"),
    "fit.index": ("指标", "index"),
    "fit.value": ("值", "value"),
    "fit.cutoff": ("标准", "cut-off"),
    "fit.verdict": ("判断", "verdict"),
    "fit.good": ("良好", "good"),
    "fit.acceptable": ("可接受", "acceptable"),
    "fit.poor": ("不佳", "poor"),
    "fit.compare": ("用于模型比较（越小越好）", "for comparing models (smaller is better)"),
    "fit.sources": ("标准来源", "cut-off sources"),
    "fit.lavaan": ("各指标定义与 lavaan 的 fitMeasures() 一致。", "Indices as lavaan's fitMeasures() defines them."),
  ]
}
