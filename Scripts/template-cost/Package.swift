// swift-tools-version:6.0
import PackageDescription

// The cost of rendering a section page and a row of targets with Plot and with an HTML type on
// Swift's string interpolation, for issue #17. A package of its own, so that `make test` does not
// build it; each mechanism is a target of its own, so each can be built (and timed) alone.
let package = Package(
  name: "TemplateCost",
  platforms: [.macOS(.v14)],
  dependencies: [
    .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0")
  ],
  targets: [
    .target(name: "PageModel"),
    .target(name: "InterpolatedTemplates", dependencies: ["PageModel"]),
    .target(name: "PlotTemplates", dependencies: ["PageModel", .product(name: "Plot", package: "Plot")]),
    .executableTarget(name: "TemplateCost", dependencies: ["PageModel", "InterpolatedTemplates", "PlotTemplates"]),
  ]
)
