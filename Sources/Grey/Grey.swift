// Grey: normalisation, grey relational analysis (Deng; Liu Sifeng's degrees),
// entropy weights and TOPSIS, system indices, coupling coordination (standard
// and revised C) and grey relational coupling. See README.md for every formula.
@_exported import Survey
