import Foundation
import Mustache

// Values of the shapes PlanPress gives its templates (see TemplateValue.swift in Sources/PlanPress/
// Render): an object that answers names from a dictionary, and text that renders itself.
struct Object: MustacheParent {
  let values: [String: Any]
  func child(named name: String) -> Any? { values[name] }
}

struct Text: MustacheCustomRenderable, MustacheParent {
  let renderText: String
  var isNull: Bool { false }
  func child(named name: String) -> Any? { nil }
}

/// One template per way a page's templates name a value, each naming it `namesPerRender` times.
let namesPerRender = 100
let names = (0..<namesPerRender).map { "{{v\($0)}} " }.joined()
let shapes: [(key: String, template: String)] = [
  // `{{title}}` of the object the page (or the section entered) is.
  ("top", names),
  // `{{site_title}}` inside three sections (`{{#targets}}{{#latest}}…`): looked for in each on the way out.
  ("three_up", "{{#a}}{{#b}}{{#c}}\(names){{/c}}{{/b}}{{/a}}"),
  // `{{t.targets.source}}`: an interface text, three names deep.
  ("dotted", (0..<namesPerRender).map { _ in "{{t.x.y}} " }.joined()),
]

var values: [String: Any] = [:]
for index in 0..<namesPerRender { values["v\(index)"] = Text(renderText: "value \(index)") }
for key in ["a", "b", "c"] { values[key] = Object(values: ["other": Text(renderText: key)]) }
values["t"] = Object(values: ["x": Object(values: ["y": Text(renderText: "label")])])
let context = Object(values: values)

do {
  let library = try MustacheLibrary(templates: Dictionary(uniqueKeysWithValues: try shapes.map { ($0.key, try MustacheTemplate(string: $0.template)) }))
  let renders = 20_000
  var written = 0
  var result: [String: Double] = [:]
  for (key, _) in shapes {
    // The median of five runs of `renders` renders, on one thread, in microseconds per name.
    var runs: [Double] = []
    for _ in 0..<5 {
      let start = DispatchTime.now().uptimeNanoseconds
      for _ in 0..<renders { written &+= library.render(context, withTemplate: key)?.utf8.count ?? 0 }
      runs.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000 / Double(renders * namesPerRender))
    }
    result[key] = runs.sorted()[2]
  }
  guard written > 0 else { throw CocoaError(.featureUnsupported) }
  let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
  print(String(decoding: json, as: UTF8.self))
} catch {
  FileHandle.standardError.write(Data("template-lookup-cost: \(error)\n".utf8))
  exit(1)
}
