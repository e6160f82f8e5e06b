// swift-tools-version:6.1
//
// ClusterStat: questionnaire statistics (reliability, factor analysis, SEM,
// grey relational analysis, coupling) with lavaan's and psych's numbers.
// One target per concern; data flows reader → data frame → moments → estimator
// → result value → report. See DESIGN.md for the contract.

import PackageDescription

let package = Package(
  name: "ClusterStat",
  products: [
    .executable(name: "clusterstat", targets: ["clusterstat"]),
    // Umbrella: `import ClusterStat` brings in every module.
    .library(name: "ClusterStat", targets: ["ClusterStat"]),
    .library(name: "LinearAlgebra", targets: ["LinearAlgebra"]),
    .library(name: "Distributions", targets: ["Distributions"]),
    .library(name: "Survey", targets: ["Survey"]),
    .library(name: "Report", targets: ["Report"]),
    .library(name: "Grey", targets: ["Grey"]),
    .library(name: "SEM", targets: ["SEM"]),
    .library(name: "Psychometrics", targets: ["Psychometrics"]),
    .library(name: "Validity", targets: ["Validity"]),
    .library(name: "Optimization", targets: ["Optimization"]),
    .library(name: "Ordinal", targets: ["Ordinal"]),
    .library(name: "Study", targets: ["Study"]),
    .library(name: "Differences", targets: ["Differences"]),
    .library(name: "Regression", targets: ["Regression"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    .package(url: "https://github.com/CoreOffice/XMLCoder", from: "0.18.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    // `clusterstat serve`: the local browser interface (Sources/Serve).
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
  ],
  targets: [
    // System libraries (Debian: libopenblas-dev liblapacke-dev; r-mathlib).
    .systemLibrary(name: "CLapack", path: "Sources/CLapack"),
    .systemLibrary(name: "CRmath", path: "Sources/CRmath"),
    // Debian: libreadstat-dev, for SPSS .sav files.
    .systemLibrary(name: "CReadStat", path: "Sources/CReadStat"),
    // Debian: libxml2-dev, whose SAX push parser streams .xlsx sheets.
    .systemLibrary(
      name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
    // Debian: libgraphviz-dev, whose dot engine lays out path diagrams.
    .systemLibrary(
      name: "CGraphviz", path: "Sources/CGraphviz", pkgConfig: "libgvc", providers: [.apt(["libgraphviz-dev"])]),
    // Debian: librsvg2-dev (with cairo), which rasterises SVG figures to PNG.
    .systemLibrary(
      name: "CRsvg", path: "Sources/CRsvg", pkgConfig: "librsvg-2.0", providers: [.apt(["librsvg2-dev"])]),

    // The error taxonomy every library shares (bad input or a statistical failure).
    .target(name: "_Core", exclude: ["README.md"]),
    .target(name: "LinearAlgebra", dependencies: ["CLapack", "_Core"], exclude: ["README.md"]),
    .target(name: "Distributions", dependencies: ["CRmath"], exclude: ["README.md"]),
    .target(
      name: "Survey",
      dependencies: [
        "_Core", "LinearAlgebra", "CReadStat", "CLibXML2",
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        .product(name: "XMLCoder", package: "XMLCoder"),
        .product(name: "Yams", package: "Yams"),
      ],
      exclude: ["README.md"]),
    .target(name: "Report", dependencies: ["Survey", "CGraphviz", "CRsvg"], exclude: ["README.md"]),
    .target(name: "Grey", dependencies: ["Survey"], exclude: ["README.md"]),
    .target(name: "Optimization", dependencies: ["LinearAlgebra"], exclude: ["README.md"]),
    // Ordinal items: thresholds, polychoric correlations (lavaan's lavCor, psych::polychoric).
    .target(name: "Ordinal", dependencies: ["LinearAlgebra", "Distributions", "Survey"], exclude: ["README.md"]),
    .target(name: "SEM", dependencies: ["_Core", "LinearAlgebra", "Distributions", "Survey", "Optimization", "Ordinal"], exclude: ["README.md"]),
    .target(
      name: "Psychometrics", dependencies: ["_Core", "LinearAlgebra", "Distributions", "Survey", "Optimization", "Ordinal"], exclude: ["README.md"]),
    .target(name: "Validity", dependencies: ["Psychometrics", "SEM"], exclude: ["README.md"]),
    // t tests, ANOVA and post hoc, cross-tabulations (R's stats and car).
    .target(name: "Differences", dependencies: ["LinearAlgebra", "Distributions", "Survey"], exclude: ["README.md"]),
    // OLS, hierarchical regression, HC3; PROCESS models (moderation, mediation, conditional process).
    .target(name: "Regression", dependencies: ["_Core", "LinearAlgebra", "Distributions", "Survey"], exclude: ["README.md"]),
    .target(
      name: "ClusterStat",
      dependencies: ["_Core", "LinearAlgebra", "Distributions", "Survey", "Optimization", "Ordinal", "Grey", "SEM", "Psychometrics", "Validity", "Report", "Differences", "Regression"]),
    .target(
      name: "Tables", dependencies: ["Survey", "Report", "SEM", "Psychometrics", "Validity", "Grey", "Differences", "Regression"],
      exclude: ["README.md"]),
    .target(
      name: "Study",
      dependencies: [
        "LinearAlgebra", "Survey", "Report", "SEM", "Psychometrics", "Validity", "Grey", "Differences", "Regression", "Tables",
        .product(name: "Yams", package: "Yams"),
      ], exclude: ["README.md"]),
    // The local browser interface: routes, handlers, sessions, the embedded page.
    .target(
      name: "Serve",
      dependencies: [
        "_Core", "Survey", "Report", "SEM", "Regression", "Study",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "Yams", package: "Yams"),
      ],
      exclude: ["README.md"],
      // The page, compiled into the binary (Page.swift): nothing to install beside it.
      resources: [.embedInCode("Page/index.html"), .embedInCode("Page/app.js"), .embedInCode("Page/style.css")]),
    .executableTarget(
      name: "clusterstat",
      dependencies: [
        "ClusterStat", "Tables", "Study", "Serve",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      exclude: ["README.md"]),

    // Paths to the package and its data sets, and the CLI run as a user runs it: shared by the test targets.
    .target(name: "_TestSupport", path: "Tests/_TestSupport"),
    .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"]),
    .testTarget(
      name: "DistributionsTests", dependencies: ["Distributions"],
      exclude: ["Fixtures"]),
    .testTarget(
      name: "SurveyTests", dependencies: ["Survey", "_TestSupport"],
      exclude: ["Fixtures"]),
    .testTarget(
      name: "ReportTests",
      dependencies: ["Report", "_TestSupport", "SEM", "Survey", "Tables", "Grey", "Psychometrics", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
    .testTarget(name: "GreyTests", dependencies: ["Grey"]),
    .testTarget(name: "OrdinalTests", dependencies: ["Ordinal", "Survey"]),
    .testTarget(name: "SEMTests", dependencies: ["SEM", "_TestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "TablesTests", dependencies: ["Tables", "SEM", "Psychometrics", "Survey", "Report", "_TestSupport"]),
    .testTarget(name: "PsychometricsTests", dependencies: ["Psychometrics", "_TestSupport", "Validity"], exclude: ["Fixtures"]),
    .testTarget(name: "DifferencesTests", dependencies: ["Differences", "_TestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "RegressionTests", dependencies: ["Regression", "_TestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "StudyTests", dependencies: ["Study", "_TestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
    .testTarget(
      name: "CLITests", dependencies: ["clusterstat", "_TestSupport", "Survey", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
      exclude: ["Fixtures"]),
    .testTarget(
      name: "ServeTests",
      dependencies: [
        "Serve", "clusterstat", "_TestSupport",
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
      ]),
  ],
  swiftLanguageModes: [.v6]
)
