// swift-tools-version:6.0
import PackageDescription

// The cost of rendering a section page and a row of targets with Plot and with PlanPress's own
// templates (an HTML type on Swift's string interpolation), from the same models, for issue #17.
// A package of its own, so that `make test` does not build Plot.
let package = Package(
  name: "TemplateCost",
  platforms: [.macOS(.v14)],
  dependencies: [
    .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
    // PlanPress itself, for its page models and its templates (Templates/), measured as they are.
    .package(name: "PlanPress", path: "../.."),
  ],
  targets: [
    .target(name: "SyntheticPage", dependencies: [.product(name: "PageModels", package: "PlanPress")]),
    .target(
      name: "PlotTemplates", dependencies: [.product(name: "PageModels", package: "PlanPress"), .product(name: "Plot", package: "Plot")]),
    .executableTarget(
      name: "TemplateCost",
      dependencies: [
        "SyntheticPage", "PlotTemplates", .product(name: "PageModels", package: "PlanPress"),
        .product(name: "PlanPressTemplates", package: "PlanPress"),
      ]),
  ]
)
