// Umbrella module: `import ClusterStat` brings in every ClusterStat module.
@_exported import _Core
@_exported import LinearAlgebra
@_exported import Distributions
@_exported import Survey
@_exported import Report
@_exported import Grey
@_exported import SEM
@_exported import Psychometrics
@_exported import Validity
@_exported import Optimization
@_exported import Ordinal
@_exported import Differences
@_exported import Regression
