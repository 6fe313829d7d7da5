// swift-tools-version:6.0
import PackageDescription

// What swift-mustache takes to look up one name, measured by `make bench` (Scripts/bench) to say
// how many lookups the clean-build goals leave a page. A package of its own, so that `make test`
// does not build it; the same swift-mustache as PlanPress's Package.swift names.
let package = Package(
  name: "TemplateLookupCost",
  platforms: [.macOS(.v14)],
  dependencies: [
    .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.0.0")
  ],
  targets: [
    .executableTarget(name: "TemplateLookupCost", dependencies: [.product(name: "Mustache", package: "swift-mustache")])
  ]
)
