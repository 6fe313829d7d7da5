import Foundation
import Testing

@testable import PlanPress

/// The printable briefs of the synthetic fixture, as HTML and, where Chromium is installed, as PDF.
@Suite("Printable briefs")
struct BriefTests {
  let directory: URL
  let content: URL
  let output: URL

  init() throws {
    let copy = try FixtureCopy("briefs")
    (directory, content, output) = (copy.directory, copy.content, copy.output)
  }

  private func options(pdf: PDFMode, environment: [String: String]? = nil, clean: Bool = false) -> BuildOptions {
    var options = BuildOptions(
      contentDirectory: content.path, templatesDirectory: TestSupport.templates, outputDirectory: output.path, pdf: pdf)
    if let environment { options.environment = environment }
    options.clean = clean
    return options
  }

  private func page(_ path: String) throws -> String {
    try TestSupport.page(path, in: output)
  }

  @Test("each department has a brief per language: cover, contents, the sections it leads, what others say of it, its targets")
  func htmlBriefs() throws {
    try SiteBuilder(options: options(pdf: .off)).build()
    let brief = try page("print/alpha-office/index.html")
    #expect(brief.contains("<h1>甲处</h1>"))
    #expect(brief.contains("测试〔2000〕1号"))
    #expect(brief.contains("2000年7月10日"), "the cover gives the as-of date of the newest figure")
    #expect(brief.contains("<h2 id=\"section-alpha-title\"><span class=\"part\">第一部分</span> 甲部分</h2>"))
    #expect(brief.contains("<h3 id=\"alpha-完善甲制度\">"), "the led section's headings sit under its title, with anchors of their own")
    #expect(brief.contains("确保甲标准不低于1200元/月。"))
    #expect(brief.contains("id=\"mentions\""))
    #expect(brief.contains("乙部分只有中文。"), "the marked part of the beta section names alpha-office")
    #expect(!brief.contains("dept:"))
    #expect(brief.contains("target-alpha-standard") && brief.contains("target-alpha-rules"))
    #expect(!brief.contains("target-alpha-range"), "alpha-range is owned by beta-office")
    #expect(brief.contains("@top-left { content: \"甲处\"; }"))
    #expect(brief.contains("@bottom-center { content: \"第 \" counter(page) \" 页 / 共 \" counter(pages) \" 页\"; }"))
    #expect(brief.contains("assets/print.css"))
    #expect(!brief.contains("class=\"site-nav\""))

    let english = try page("en/print/beta-office/index.html")
    #expect(english.contains("<h1>Beta Office</h1>"))
    #expect(english.contains("Page \" counter(page) \" of \" counter(pages)"))
    #expect(english.contains("English translation not yet available"), "beta has no English text: the brief says so")

    let department = try page("departments/alpha-office/index.html")
    #expect(department.contains("href=\"../../print/alpha-office/\""))
    #expect(!department.contains(".pdf\""), "no PDF link when no PDF is printed")
  }

  // Found by building random edits: cmark decodes entities and backslash escapes in a link's
  // address, so these are marks, which the section's page took out but the brief never showed.
  @Test(
    "a mark spelt with an entity or a backslash escape puts its part in the brief as a plain mark does",
    arguments: ["[](dept&#58;alpha-office)", "[](d&#101;pt:alpha-office)", "[](dept\\:alpha-office)", "[](dept:alpha&#45;office)"])
  func escapedMark(mark: String) throws {
    try TestSupport.edit(content.appendingPathComponent("sections/02-beta.zh.md")) {
      $0.replacingOccurrences(of: "[](dept:alpha-office)", with: mark)
    }
    try SiteBuilder(options: options(pdf: .off)).build()
    let brief = try page("print/alpha-office/index.html")
    #expect(brief.contains("id=\"mentions\""))
    #expect(brief.contains("乙部分只有中文。"), "the marked part of the beta section names alpha-office")
    #expect(!(try page("sections/beta/index.html")).contains("href=\"dept:"), "the mark is taken out of the section's page")
  }

  @Test("page-margin text is escaped as CSS and can never close the style element")
  func cssEscaping() throws {
    try TestSupport.write(
      try String(contentsOf: content.appendingPathComponent("departments.yaml"), encoding: .utf8)
        .replacingOccurrences(of: "en: Alpha Office", with: "en: 'Alpha \"Office\" </style><script>x</script>'"),
      to: content.appendingPathComponent("departments.yaml"))
    try SiteBuilder(options: options(pdf: .off)).build()
    let brief = try page("en/print/alpha-office/index.html")
    #expect(!brief.contains("</style><script>"))
    #expect(brief.contains(#"content: "Alpha \22 Office\22  \3c /style\3e \3c script\3e x\3c /script\3e ""#))
  }

  @Test("a section's links to its own headings stay in the brief; links to anchors its page's template makes lead to that page")
  func anchorsInBriefs() throws {
    let file = content.appendingPathComponent("sections/01-alpha.zh.md")
    try TestSupport.write(
      try String(contentsOf: file, encoding: .utf8)
        + "\n见[本部分目标](#targets-heading)、[甲办法](#target-alpha-rules)、[上文](#完善甲制度-2)和[页首](#top)。\n",
      to: file)
    try SiteBuilder(options: options(pdf: .off)).build()
    let brief = try page("print/alpha-office/index.html")
    #expect(brief.contains("href=\"../../sections/alpha/#targets-heading\""), "the brief has no such anchor: the section page has")
    #expect(brief.contains("href=\"../../sections/alpha/#target-alpha-rules\""))
    #expect(
      brief.contains("href=\"#alpha-%E5%AE%8C%E5%96%84%E7%94%B2%E5%88%B6%E5%BA%A6-2\""), "the heading is in the brief, under its prefix")
    #expect(brief.contains("href=\"#top\""))
    let section = try page("sections/alpha/index.html")
    #expect(section.contains("href=\"#top\""))
    #expect(section.contains("href=\"#targets-heading\""), "on the section page the links are as written")
  }

  @Test("a link to a heading named Top leads to that heading in the brief too")
  func headingNamedTop() throws {
    let file = content.appendingPathComponent("sections/01-alpha.zh.md")
    try TestSupport.write(try String(contentsOf: file, encoding: .utf8) + "\n## Top\n\n见[上文](#top)。\n", to: file)
    try SiteBuilder(options: options(pdf: .off)).build()
    let brief = try page("print/alpha-office/index.html")
    #expect(brief.contains("id=\"alpha-top\""))
    #expect(brief.contains("href=\"#alpha-top\""))
  }

  @Test("with --pdf and no Chromium the build fails in one line and leaves the output; without --pdf it says so and goes on")
  func missingChromium() throws {
    let nowhere = ["PATH": directory.path]
    try SiteBuilder(options: options(pdf: .off)).build()
    let before = try TestSupport.snapshot(of: output)
    #expect(throws: MissingChromium.self) { try SiteBuilder(options: options(pdf: .required, environment: nowhere)).build() }
    #expect(try TestSupport.snapshot(of: output) == before)
    let report = try SiteBuilder(options: options(pdf: .ifAvailable, environment: nowhere)).build()
    #expect(report.notes == [PDFPrinter.missingChromiumMessage])
    #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("print/alpha-office/index.html").path))
    #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("print/alpha-office.pdf").path))
  }

  /// Builds with a stand-in for Chromium written as `script`; the failure the build reports, after
  /// checking that it is one located line and that the previous output is as it was.
  private func failureWithChromium(_ script: String, templates: URL? = nil) throws -> String? {
    func options(pdf: PDFMode, environment: [String: String]? = nil) -> BuildOptions {
      var options = self.options(pdf: pdf, environment: environment)
      if let templates { options.templatesDirectory = templates.path }
      return options
    }
    try SiteBuilder(options: options(pdf: .off)).build()
    let before = try TestSupport.snapshot(of: output)
    let chromium = directory.appendingPathComponent("chromium")
    try TestSupport.write(script, to: chromium)
    guard chmod(chromium.path, 0o755) == 0 else { throw CocoaError(.fileWriteNoPermission) }
    let environment = ["PLANPRESS_CHROMIUM": chromium.path, "PLANPRESS_PDF_TIMEOUT": "2", "PATH": "/usr/bin:/bin"]
    defer { #expect((try? TestSupport.snapshot(of: output)) == before, "the previous output changed") }
    do {
      try SiteBuilder(options: options(pdf: .required, environment: environment)).build()
      Issue.record("the build succeeded without printing")
      return nil
    } catch let failure as BuildFailure {
      #expect(failure.diagnostics.count == 1)
      return failure.description
    }
  }

  @Test("a Chromium that stops before printing fails the build in one line and leaves the previous output as it was")
  func chromiumThatStops() throws {
    let failure = try failureWithChromium("#!/bin/sh\necho '[1:1:ERROR:zygote_host.cc] Running as root without --no-sandbox' >&2\nexit 1\n")
    #expect(failure?.contains("Chromium stopped") == true, "\(failure ?? "")")
    #expect(failure?.contains("Running as root without --no-sandbox") == true, "what Chromium said is passed on: \(failure ?? "")")
  }

  @Test("a Chromium that never answers is stopped at the deadline, and the build fails instead of waiting for it")
  func chromiumThatHangs() throws {
    let failure = try failureWithChromium("#!/bin/sh\nexec sleep 600\n")
    #expect(failure?.contains("took too long") == true, "\(failure ?? "")")
  }

  @Test(
    "a Chromium that stops reading while a page's file is sent to it is stopped at the deadline",
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"))
  )
  func chromiumThatStopsReading() throws {
    // It answers as Chromium would until it is asked for a page, then asks for a file bigger than
    // a socket holds, and reads nothing more: the send of that file cannot end.
    let script = #"""
      #!/usr/bin/python3
      import json, os, sys, time
      pending = b""
      def send(message): os.write(4, json.dumps(message).encode() + b"\0")
      while True:
          data = os.read(3, 65536)
          if not data: sys.exit(0)
          pending += data
          while b"\0" in pending:
              text, pending = pending.split(b"\0", 1)
              message = json.loads(text)
              method, number = message["method"], message["id"]
              if method == "Target.createTarget": send({"id": number, "result": {"targetId": "T%d" % number}})
              elif method == "Target.attachToTarget": send({"id": number, "result": {"sessionId": "S" + message["params"]["targetId"]}})
              elif method == "Page.navigate":
                  base = message["params"]["url"].split("/print/")[0].split("/en/")[0] + "/"
                  send({"method": "Fetch.requestPaused", "sessionId": message["sessionId"],
                        "params": {"requestId": "R", "request": {"url": base + "assets/big.css"}}})
                  send({"id": number, "result": {"frameId": "F"}})
                  time.sleep(600)
              else: send({"id": number, "result": {}})
      """#
    // The file asked for is far bigger than a socket's buffer (about 200 KB), or its send would not block.
    let templates = directory.appendingPathComponent("Templates")
    try FileManager.default.copyItem(at: URL(fileURLWithPath: TestSupport.templates), to: templates)
    try TestSupport.write(
      String(repeating: "/* synthetic filler */\n", count: 200_000), to: templates.appendingPathComponent("assets/big.css"))
    let failure = try failureWithChromium(script, templates: templates)
    #expect(failure?.contains("took too long") == true, "\(failure ?? "")")
  }

  @Test("the printer serves Chromium the site's own files at their addresses, and nothing else")
  func printerServesTheSite() throws {
    try SiteBuilder(options: options(pdf: .off)).build()
    let base = "https://test.example.org/plan/"
    let served = { (url: String) in PDFPrinter.file(at: url, of: output, servedAt: base) }
    let brief = try Data(contentsOf: output.appendingPathComponent("print/alpha-office/index.html"))
    #expect(served(base + "print/alpha-office/")?.body == brief)
    #expect(served(base + "print/alpha-office/")?.type == "text/html; charset=utf-8")
    #expect(served(base + "print/alpha%2Doffice/index.html#top")?.body == brief)
    #expect(served(base + "assets/print.css?v=2")?.type == "text/css; charset=utf-8")
    #expect(served(base)?.body == (try Data(contentsOf: output.appendingPathComponent("index.html"))))
    #expect(served("https://test.example.org/other/index.html") == nil, "outside the site's base path")
    #expect(served("https://elsewhere.example.com/plan/index.html") == nil, "another site")
    #expect(served(base + "print/%2E%2E/%2E%2E/Content/site.yaml") == nil, "out of the output folder")
    #expect(served(base + "print/no-such-office/") == nil)

    // Addresses as Chromium writes them, for a base URL written otherwise in site.yaml.
    let written = "https://Test.Example.org:443/计划 plan/"
    #expect(PDFPrinter.pathInSite("https://test.example.org/%E8%AE%A1%E5%88%92%20plan/print/a/?x#y", at: written) == "print/a/")
    #expect(PDFPrinter.pathInSite("https://test.example.org/%E8%AE%A1%E5%88%92%20plan/", at: written) == "")
    #expect(PDFPrinter.pathInSite("http://test.example.org/%E8%AE%A1%E5%88%92%20plan/", at: written) == nil, "another scheme")
    #expect(PDFPrinter.pathInSite("https://test.example.org:8443/%E8%AE%A1%E5%88%92%20plan/", at: written) == nil, "another port")
    #expect(PDFPrinter.pathInSite("https://test.example.org/%E8%AE%A1%E5%88%92%20planb/", at: written) == nil, "a longer folder")
  }

  @Test(
    "a base URL that Chromium writes otherwise (upper case, default port, Chinese and spaces) still prints, its links as Chromium writes them",
    .enabled(if: PDFPrinter.findChromium() != nil))
  func pdfBaseURLWrittenOtherwise() throws {
    let site = content.appendingPathComponent("site.yaml")
    let text = try String(contentsOf: site, encoding: .utf8)
    try TestSupport.write(
      text.replacingOccurrences(of: "base-url: https://test.example.org/plan", with: "base-url: https://Test.Example.org:443/计划 plan"),
      to: site)
    #expect(try String(contentsOf: site, encoding: .utf8) != text, "the fixture's base-url changed")
    try SiteBuilder(options: options(pdf: .required)).build()
    let pdf = String(decoding: try Data(contentsOf: output.appendingPathComponent("print/alpha-office.pdf")), as: UTF8.self)
    #expect(pdf.contains("/URI (https://test.example.org/%E8%AE%A1%E5%88%92%20plan/"))
  }

  @Test("a tagged PDF's cell ids are renumbered by rank: the same brief gives the same bytes after whatever its Chromium printed before")
  func pdfNodeIDs() {
    func printed(after earlier: Int) -> Data {
      let id = { (n: Int) in "(node" + String(format: "%08d", n + earlier) + ")" }
      return Data(
        "<</ID \(id(64))>> <</ID \(id(70))\n/Headers [\(id(64)) \(id(66))]>> <</Names [\(id(64)) 1 0 R \(id(66)) 2 0 R]>> (node12x) (note)"
          .utf8)
    }
    var first = printed(after: 0)
    // A slice of a larger Data, whose indices do not start at 0.
    var later = (Data("%PDF".utf8) + printed(after: 2_913)).dropFirst(4)
    let length = first.count
    PDFPrinter.renumberNodeIDs(in: &first)
    PDFPrinter.renumberNodeIDs(in: &later)
    #expect(first == Data(later))
    #expect(first.count == length, "no offset in the file moves")
    #expect(
      String(decoding: first, as: UTF8.self)
        == "<</ID (node00000000)>> <</ID (node00000002)\n/Headers [(node00000000) (node00000001)]>> <</Names [(node00000000) 1 0 R (node00000001) 2 0 R]>> (node12x) (note)"
    )
    // Ids written in different widths are left alone: ranks could not keep their order as text.
    let mixed = Data("<</Names [(node10) 1 0 R (node200) 2 0 R (node5) 3 0 R]>>".utf8)
    var renumbered = mixed
    PDFPrinter.renumberNodeIDs(in: &renumbered)
    #expect(renumbered == mixed)
  }

  @Test("the PDF dates are the plan's, so the same input gives the same bytes")
  func pdfDates() {
    var data = Data("%PDF\n/CreationDate (D:20261129083829+00'00')\n/ModDate (D:20261129083829+00'00')>>".utf8)
    PDFPrinter.fixDates(in: &data, to: PlanDate(year: 2015, month: 1, day: 14)!)
    #expect(String(decoding: data, as: UTF8.self) == "%PDF\n/CreationDate (D:20150114000000+00'00')\n/ModDate (D:20150114000000+00'00')>>")
  }

  @Test(
    "a brief rendered again to the same bytes keeps its PDF; one whose page changed, or whose stylesheet did, is printed again",
    .enabled(if: PDFPrinter.findChromium() != nil))
  func reprintsOnlyWhatChanged() throws {
    let copy = try FixtureCopy("reprint", copyingTemplates: true)
    func build(into output: URL? = nil, clean: Bool = false) throws -> BuildReport {
      var options = BuildOptions(
        contentDirectory: copy.content.path, templatesDirectory: copy.templates.path, outputDirectory: (output ?? copy.output).path,
        pdf: .required)
      options.clean = clean
      return try SiteBuilder(options: options).build()
    }
    func pdfs(in folder: URL) throws -> [String: Data] { try TestSupport.snapshot(of: folder).filter { $0.key.hasSuffix(".pdf") } }
    #expect(try build().printedPDFs == 4)

    // A figure: every page is rendered again (figures are in every page's key), but only
    // alpha-office's briefs show this one.
    try TestSupport.edit(copy.content.appendingPathComponent("metrics/synthetic.csv")) {
      $0.replacingOccurrences(of: "alpha-standard,2000-Q2,1100", with: "alpha-standard,2000-Q2,1150")
    }
    let figure = try build()
    #expect(figure.printedPDFs == 2, "alpha-office's Chinese and English briefs")
    let clean = copy.directory.appendingPathComponent("Clean")
    _ = try build(into: clean, clean: true)
    #expect(try pdfs(in: copy.output) == pdfs(in: clean), "the PDFs kept are those a clean build prints")

    // A change to the page that print hides (the tools above a brief): each brief is printed
    // again, to the bytes it had, and keeps its file.
    func inodes() throws -> [String: Int] {
      try pdfs(in: copy.output).keys.reduce(into: [:]) { result, path in
        result[path] =
          try FileManager.default.attributesOfItem(atPath: copy.output.appendingPathComponent(path).path)[.systemFileNumber] as? Int
      }
    }
    let printedBefore = try inodes()
    // The name of the tools, which only briefs show, in every language.
    try TestSupport.edit(copy.templates.appendingPathComponent("i18n/zh.yaml")) {
      $0.replacingOccurrences(of: "tools: 简报工具", with: "tools: 工具")
    }
    try TestSupport.edit(copy.templates.appendingPathComponent("i18n/en.yaml")) {
      $0.replacingOccurrences(of: "tools: Brief tools", with: "tools: Tools")
    }
    let hidden = try build()
    #expect(hidden.printedPDFs == 4)
    #expect(try inodes() == printedBefore, "a PDF printed to the same bytes keeps its file")
    #expect(hidden.printedToSameBytes == 4)
    #expect(
      hidden.unchangedCount == hidden.fileCount - hidden.rendered.count + hidden.renderedToSameBytes, "the PDFs kept count as unchanged")

    // The stylesheet the briefs are printed with: the pages are the same bytes, the PDFs are not.
    try TestSupport.edit(copy.templates.appendingPathComponent("assets/print.css")) { $0 + "\nh2 { letter-spacing: 0.1em; }\n" }
    let stylesheet = try build()
    #expect(stylesheet.printedPDFs == 4)
    #expect(stylesheet.renderedToSameBytes == stylesheet.rendered.count, "no page shows the stylesheet's text")
  }

  @Test(
    "Chromium prints each brief to an A4 PDF with the text, Chinese glyphs and page numbers", .enabled(if: PDFPrinter.findChromium() != nil)
  )
  func pdfBriefs() throws {
    try SiteBuilder(options: options(pdf: .required)).build()
    for path in ["print/alpha-office.pdf", "print/beta-office.pdf", "en/print/alpha-office.pdf", "en/print/beta-office.pdf"] {
      let data = try Data(contentsOf: output.appendingPathComponent(path))
      #expect(data.starts(with: Array("%PDF".utf8)), "\(path) is not a PDF")
    }
    #expect(try page("departments/alpha-office/index.html").contains("href=\"../../print/alpha-office.pdf\""))
    let first = try Data(contentsOf: output.appendingPathComponent("print/alpha-office.pdf"))
    // Its links lead to the published site, not to the files of the machine that printed it.
    let raw = String(decoding: first, as: UTF8.self)
    #expect(raw.contains("/URI (https://test.example.org/plan/"), "the PDF's links lead to the site")
    #expect(!raw.contains("file:"), "the PDF names a file of the machine that printed it")

    guard let pdftotext = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].first(where: FileManager.default.isExecutableFile(atPath:))
    else {
      Issue.record("pdftotext (poppler-utils) is missing: make test installs it")
      return
    }
    let text = try EndToEndTests.run(
      URL(fileURLWithPath: pdftotext), ["-layout", output.appendingPathComponent("print/alpha-office.pdf").path, "-"])
    // pdftotext drops the spaces between Chinese characters, and tables break lines: compare without spaces.
    let compact = text.filter { !$0.isWhitespace }
    for expected in ["甲处", "测试〔2000〕1号", "甲部分", "确保甲标准不低于1200元/月。", "乙部分只有中文。", "甲标准", "出台甲办法", "第1页/共"] {
      #expect(compact.contains(expected), "the PDF lacks \(expected)")
    }
    let english = try EndToEndTests.run(
      URL(fileURLWithPath: pdftotext), [output.appendingPathComponent("en/print/alpha-office.pdf").path, "-"]
    )
    .filter { !$0.isWhitespace }
    for expected in ["AlphaOffice", "Alphastandard", "Issuethealphameasures", "Page1of"] {
      #expect(english.contains(expected), "the English PDF lacks \(expected)")
    }

    // The same input, printed again, gives the same bytes.
    try SiteBuilder(options: options(pdf: .required, clean: true)).build()
    #expect(try Data(contentsOf: output.appendingPathComponent("print/alpha-office.pdf")) == first)
    // … and so does the same site built into another folder, which is staged in another folder too.
    var elsewhere = options(pdf: .required)
    elsewhere.outputDirectory = directory.appendingPathComponent("Elsewhere").path
    try SiteBuilder(options: elsewhere).build()
    #expect(try Data(contentsOf: directory.appendingPathComponent("Elsewhere/print/alpha-office.pdf")) == first)

    // A rebuild prints only the briefs whose pages changed; the others keep their PDF as it was.
    let modified = { (path: String) in
      try FileManager.default.attributesOfItem(atPath: output.appendingPathComponent(path).path)[.modificationDate] as? Date
    }
    let betaBefore = try modified("print/beta-office.pdf")
    #expect(try SiteBuilder(options: options(pdf: .required)).build().printedPDFs == 0)
    let alpha = content.appendingPathComponent("sections/01-alpha.zh.md")
    try TestSupport.write(try String(contentsOf: alpha, encoding: .utf8) + "\n新增一句。\n", to: alpha)
    let report = try SiteBuilder(options: options(pdf: .required)).build()
    #expect(report.printedPDFs == 1, "only alpha-office's Chinese brief shows the edited text; its English one shows the translation")
    #expect(report.renderedToSameBytes == 1, "the section's English page, rendered again with its Chinese one, is kept as it was")
    #expect(report.unchangedCount == report.fileCount - report.rendered.count - 1 + report.renderedToSameBytes)
    #expect(!report.rendered.contains { $0.hasSuffix(".pdf") }, "printed PDFs are counted apart from rendered pages")
    #expect(try modified("print/beta-office.pdf") == betaBefore)
    let reprinted = try EndToEndTests.run(
      URL(fileURLWithPath: pdftotext), [output.appendingPathComponent("print/alpha-office.pdf").path, "-"])
    #expect(reprinted.filter { !$0.isWhitespace }.contains("新增一句。"))
  }

  @Test(
    "a brief with five targets prints on one or two pages: parts follow one another, no heading is left at a page's foot",
    .enabled(if: PDFPrinter.findChromium() != nil))
  func shortBriefPages() throws {
    // Synthetic: the fixture, with three more targets for alpha-office in beta, five in all.
    let copy = try FixtureCopy("short-brief")
    try TestSupport.edit(copy.content.appendingPathComponent("sections/02-beta.zh.md")) {
      $0.replacingOccurrences(
        of: "    at-most: 12\n",
        with: """
              at-most: 12
            - id: beta-homes
              label: 新建乙服务中心
              department: alpha-office
              unit: 个
              at-least: 40
            - id: beta-visits
              label: 乙走访人次
              department: alpha-office
              unit: 人次
              at-least: 2000
            - id: beta-report
              label: 发布乙年度报告
              department: alpha-office
              milestone: true

          """)
    }
    try SiteBuilder(
      options: BuildOptions(
        contentDirectory: copy.content.path, templatesDirectory: copy.templates.path, outputDirectory: copy.output.path, pdf: .required)
    ).build()
    #expect(
      try TestSupport.page("print/alpha-office/index.html", in: copy.output).components(separatedBy: "<tr id=\"target-").count - 1 == 5)
    for path in ["print/alpha-office.pdf", "en/print/alpha-office.pdf"] {
      let info = try EndToEndTests.run(URL(fileURLWithPath: "/usr/bin/pdfinfo"), [copy.output.appendingPathComponent(path).path])
      let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap {
        Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces))
      }
      #expect(pages.map { (1...2).contains($0) } == true, "\(path) has \(pages.map(String.init) ?? "no count of") pages")
    }
  }
}
