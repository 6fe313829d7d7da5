// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "PlanPress",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "planpress", targets: ["PlanPressCLI"]),
    .library(name: "PlanPress", targets: ["PlanPress"]),
    // The page models and templates, for Scripts/template-cost, which measures them.
    .library(name: "PageModels", targets: ["PageModels"]),
    .library(name: "PlanPressTemplates", targets: ["PlanPressTemplates"]),
  ],
  dependencies: [
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
    .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    // Hummingbird's own dependencies, named for the server's signals and its quiet log.
    .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
  ],
  targets: [
    // libcmark from the system (Debian: libcmark-dev); every call into it is in MarkdownParser.swift.
    .systemLibrary(
      name: "CCmark",
      pkgConfig: "libcmark",
      providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
    ),
    // What each page shows, as typed values: built by the pipeline's Render/, written by Templates/.
    .target(name: "PageModels"),
    // The pages as Swift: one file a page kind, each writing its model as HTML. The folder also
    // holds what is read at run time and edited without rebuilding planpress: i18n/ and assets/.
    .target(name: "PlanPressTemplates", dependencies: ["PageModels"], path: "Templates", exclude: ["i18n", "assets"]),
    // The pipeline: load → parse → validate → model → render → write (see SiteBuilder).
    .target(
      name: "PlanPress",
      dependencies: [
        "CCmark",
        "PageModels",
        "PlanPressTemplates",
        .product(name: "Yams", package: "Yams"),
        .product(name: "CSV", package: "CSV.swift"),
      ]
    ),
    // `planpress serve`: the preview server (Hummingbird), its watcher and live reload; kept out of
    // the pipeline, which writes files and knows nothing of HTTP.
    .target(
      name: "PlanPressServer",
      dependencies: [
        "PlanPress",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    // The command line, as a library so that tests can run it.
    .target(
      name: "PlanPressCommand",
      dependencies: [
        "PlanPress",
        "PlanPressServer",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "PlanPressCLI",
      dependencies: ["PlanPressCommand"],
      // jemalloc (Debian: libjemalloc-dev) in place of glibc's malloc: rendering makes many small
      // strings on every core, and glibc's allocator was a tenth of a big plan's build.
      linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]
    ),
    .testTarget(
      name: "PlanPressTests",
      dependencies: ["PlanPress", "PlanPressCommand", "PlanPressServer", .product(name: "CSV", package: "CSV.swift")],
      exclude: ["Fixtures"]
    ),
  ]
)
