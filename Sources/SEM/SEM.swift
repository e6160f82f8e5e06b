// SEM: structural equation models as lavaan fits them. The stages are folders,
// in the order data flows through them:
//   Syntax → ParameterTable → Representation → Estimation → Inference → FitMeasures
// plus Measurement (CR, AVE, HTMT). See README.md.
@_exported import LinearAlgebra
@_exported import Distributions
@_exported import Survey
