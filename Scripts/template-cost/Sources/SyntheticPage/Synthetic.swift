import PageModels

// Synthetic data, made up for this measurement: a Chinese section page of a made-up city's work plan
// with English sources, of the size a real one has (11 parts, 12 targets, ~20 KB of body text).

/// The section page and interface texts that both mechanisms render.
package enum Synthetic {
  /// Text that a template which forgot to escape would let run as script or break out of a tag.
  package static let hostileText = #"</script><svg onload=alert(1)> "'& "><svg onload=alert(1)>"#

  /// The page; with `hostile`, every text field (URLs, ids and interface texts too) is `hostileText`.
  package static func sectionPage(hostile: Bool = false) -> (page: SectionPage, texts: InterfaceTexts) {
    let say: (String) -> String = hostile ? { _ in hostileText } : { $0 }
    let sections = [
      "稳定经济运行", "扩大有效需求", "推进科技创新（R&D）", "建设现代化产业体系", "深化改革开放", "推进乡村全面振兴",
      "推动区域协调发展", "加强生态环境保护", "保障和改善民生", "统筹发展和安全", "加强政府自身建设",
    ]
    let current = 2
    let layout = Layout(
      lang: say("zh"), pageTitle: say(sections[current]), siteTitle: say("2025年某市政府工作要点"), noindex: false,
      canonical: say("https://plan.example.gov.cn/2025/sections/part-3/"),
      alternates: [
        .init(hreflang: say("zh"), href: say("https://plan.example.gov.cn/2025/sections/part-3/")),
        .init(hreflang: say("en"), href: say("https://plan.example.gov.cn/2025/en/sections/part-3/")),
      ],
      root: say("../../"), homeURL: say("../../"), isHome: false,
      languages: [
        .init(code: say("zh"), name: say("中文"), url: nil),
        .init(code: say("en"), name: say("English"), url: say("../../en/sections/part-3/")),
      ],
      sections: sections.indices.map {
        .init(
          link: PageLink(text: say(sections[$0]), url: say($0 == current ? "./" : "../part-\($0 + 1)/")),
          isCurrent: $0 == current)
      },
      contentsURL: nil, dashboardURL: say("../../dashboard/"), isDashboard: false, departmentsURL: say("../../departments/"),
      isTranslation: false, noticeNumber: say("某政发〔2025〕1号"))

    let headings = ["加强基础研究", "攻关关键核心技术", "培育创新主体", "建设创新平台", "引育科技人才", "优化创新生态", "推动成果转化", "扩大开放合作"]
    let page = SectionPage(
      layout: layout, partLabel: say("第三部分"), titleLang: say("zh"),
      lead: PageLink(text: say("市科技局"), url: say("../../departments/science/")),
      departments: [
        PageLink(text: say("市发展改革委"), url: say("../../departments/development/")),
        PageLink(text: say("市财政局 & 市统计局"), url: say("../../departments/finance/")),
      ],
      toc: headings.indices.map { TOCEntry(anchor: say("h-\($0 + 1)"), text: say("（\($0 + 1)）\(headings[$0])"), isSub: $0 % 3 == 2) },
      text: PageText(html: body(headings), lang: say("zh"), isUntranslated: false),
      targets: targetsTable(say),
      previous: PageLink(text: say(sections[current - 1]), url: say("../part-2/")),
      next: PageLink(text: say(sections[current + 1]), url: say("../part-4/")))
    return (page, texts(say))
  }

  /// cmark's output for the section's text, already HTML: about 20 KB of headings, paragraphs and lists.
  private static func body(_ headings: [String]) -> HTML {
    var html = ""
    for (index, heading) in headings.enumerated() {
      let level = index % 3 == 2 ? 3 : 2
      html += "<h\(level) id=\"h-\(index + 1)\">\n（\(index + 1)）\(heading)\n</h\(level)>\n"
      for paragraph in 0..<6 {
        html += "<p>围绕\(heading)，实施第\(paragraph + 1)批重点任务，全社会研发经费投入强度达到2.8%以上，"
        html += "基础研究经费占比提高到8%左右；加快建设国家重点实验室和“概念验证中心”，支持企业牵头组建创新联合体，"
        html += "推动科技成果在本地转化，技术合同成交额增长10%以上（R&amp;D统计口径，见<a href=\"https://stats.example.gov.cn/rd\">统计公报</a>）。</p>\n"
      }
      html += "<ol>\n<li>出台\(heading)实施方案。</li>\n<li>建立季度调度和&lt;年度评估&gt;机制。</li>\n</ol>\n"
    }
    return HTML(trusted: html)
  }

  private static func targetsTable(_ say: (String) -> String) -> TargetsTable {
    let rows = (0..<12).map { targetRow($0, say) }
    // Each status with how many rows have it, in the order of first appearance, as Render/ counts them.
    var totals: [(status: StatusLabel, count: Int)] = []
    for row in rows {
      if let index = totals.firstIndex(where: { $0.status.key == row.status.key }) {
        totals[index].count += 1
      } else {
        totals.append((row.status, 1))
      }
    }
    return TargetsTable(rows: rows, statusTotals: totals, showsOwner: true, showsSection: false)
  }

  private static func targetRow(_ index: Int, _ say: (String) -> String) -> TargetRow {
    let labels = [
      "研发经费投入强度", "基础研究经费占比", "技术合同成交额", "高新技术企业数量", "每万人高价值发明专利拥有量", "科技型中小企业",
      "国家级创新平台", "“专精特新”企业", "新引进高层次人才", "概念验证中心", "科技成果转化项目", "国际科技合作项目",
    ]
    let statuses: [StatusLabel] = [
      .init(key: "on-track", symbol: "✔", text: "进展顺利"), .init(key: "at-risk", symbol: "⚠", text: "有风险"),
      .init(key: "behind", symbol: "✘", text: "滞后"), .init(key: "no-data", symbol: "–", text: "无数据"),
    ]
    let status = statuses[index % statuses.count]
    let progress = Double(index % 10 + 1) / 11
    let hasFigure = status.key != "no-data"
    // The English sources are marked as such on this Chinese page, as Render/ marks a source not translated.
    let inEnglish = TargetRow.LanguageMark(lang: say("en"), words: say("（英文）"))
    let source = TargetRow.Source(
      name: say(index % 2 == 0 ? "Municipal Bureau of Statistics, R&D survey" : "市科技局季度报表"),
      url: index % 2 == 0 ? say("https://stats.example.gov.cn/rd?year=2025&q=\(index % 4 + 1)") : nil,
      language: index % 2 == 0 ? inEnglish : nil)
    func words(_ text: String) -> TextPart { TextPart(say(text), isValue: false) }
    func value(_ text: String) -> TextPart { TextPart(say(text), isValue: true) }
    return TargetRow(
      id: say("part-3-target-\(index + 1)"), label: say(labels[index]),
      requirement: [words("不低于"), value("\(index + 2).5%"), words("（<\(index + 5)年周期）")],
      baseline: index % 3 == 1
        ? nil : .init(text: [words("基数"), value("\(index + 1).9%"), words("（"), value("2024年12月31日"), words("）")], source: source),
      latest: hasFigure
        ? .init(
          value: say("\(index + 2).1%"), period: say("2025年第\(index % 4 + 1)季度"), asOf: say("2025年7月10日"), asOfISO: say("2025-07-10"),
          isStale: index % 4 == 1, source: source, note: index % 3 == 0 ? say("Preliminary figure; \"final\" data due in Q4.") : nil,
          noteLanguage: index % 3 == 0 ? inEnglish : nil)
        : nil,
      status: .init(key: say(status.key), symbol: say(status.symbol), text: say(status.text)), isOvershoot: index == 5,
      progress: hasFigure ? (progressBar(progress, title: "已完成目标的\(Int(progress * 100))%，时间已过52%"), say("\(Int(progress * 100))%")) : nil,
      series: hasFigure && index % 3 == 0 ? series(title: labels[index]) : nil,
      owner: PageLink(
        text: say(index % 2 == 0 ? "市科技局" : "市发展改革委"), url: say("../../departments/\(index % 2 == 0 ? "science" : "development")/")),
      section: nil, due: say("2025年12月31日"), dueISO: say("2025-12-31"))
  }

  // The shapes of Render/Charts.swift's SVG, which the row passes through as HTML.
  private static func progressBar(_ share: Double, title: String) -> HTML {
    let filled = Int(share * 118)
    return HTML(
      trusted: """
        <svg class="progress-bar" role="img" width="120" height="14" viewBox="0 0 120 14" xmlns="http://www.w3.org/2000/svg">\
        <title>\(HTML.escape(title))</title><rect x="0.5" y="0.5" width="119" height="13" fill="#fff" stroke="#000"/>\
        <rect x="1" y="1" width="\(filled)" height="12" fill="#444"/><line x1="62.75" y1="0" x2="62.75" y2="14" stroke="#fff" stroke-width="3"/>\
        <line x1="62.75" y1="0" x2="62.75" y2="14" stroke="#000" stroke-width="1.5" stroke-dasharray="2 2"/></svg>
        """)
  }

  private static func series(title: String) -> HTML {
    HTML(
      trusted: """
        <svg class="time-series" role="img" width="240" height="90" viewBox="0 0 240 90" xmlns="http://www.w3.org/2000/svg">\
        <title>\(HTML.escape(title))：2025年第1季度 2.4%; 2025年第2季度 2.6%。目标：不低于2.8%</title>\
        <line x1="8" y1="70" x2="232" y2="70" stroke="#000"/><line class="goal" x1="8" y1="12.59" x2="232" y2="12.59" stroke="#000" stroke-dasharray="4 3"/>\
        <polyline points="8,19.77 232,17.38" fill="none" stroke="#000" stroke-width="1.5"/><circle cx="8" cy="19.77" r="2.5" fill="#000"/>\
        <circle cx="232" cy="17.38" r="2.5" fill="#000"/><text x="8" y="85" font-size="10">2025年第1季度</text>\
        <text x="232" y="85" font-size="10" text-anchor="end">2025年第2季度</text></svg>
        """)
  }

  // Templates/i18n/zh.yaml's texts that a section page shows; the others are their keys.
  private static func texts(_ say: @escaping (String) -> String) -> InterfaceTexts {
    let zh = [
      "nav.skip": "跳到正文", "nav.language": "语言", "nav.site": "网站", "nav.home": "首页", "nav.all_sections": "全部各部分",
      "nav.dashboard": "目标进展", "nav.departments": "责任单位", "nav.pager": "上一部分和下一部分",
      "search.label": "搜索本计划", "search.button": "搜索", "search.none": "未找到：",
      "notice.unofficial": "英文版为非官方译文，以中文版为准。", "notice.untranslated": "本部分尚无该语言译文，以下为中文原文。",
      "section.lead": "牵头单位：", "section.also": "；参与单位：", "toc": "本部分目录",
      "targets.heading": "工作目标", "targets.none": "本部分没有可量化的工作目标。", "targets.label": "目标", "targets.requirement": "要求",
      "targets.latest": "最新数据", "targets.status": "状态", "targets.owner": "责任单位", "targets.due": "完成时限",
      "targets.source": "，来源：", "targets.as_of": "截至", "targets.stale": "（数据较旧）", "targets.no_data": "无数据",
      "targets.overshoot": "超出规定范围", "chart.legend_bar": "深色条：已完成目标的比例", "chart.legend_elapsed": "虚线：工作期限已过的比例",
    ]
    return InterfaceTexts({ say(zh[$0] ?? $0) }, plan: InterfaceTexts.Plan(parts: say("工作要点"), partsNavigation: say("工作要点各部分")))
  }
}
