// Survey: reading questionnaire data into a data frame, streaming moments,
// and descriptive statistics. See README.md.
@_exported import LinearAlgebra
