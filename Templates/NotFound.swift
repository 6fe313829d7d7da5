import PageModels

extension Page {
  /// The one 404 page, in every language, with links that work at any depth.
  public static func notFound(_ page: NotFoundPage, _ t: InterfaceTexts) -> HTML {
    """
    <!DOCTYPE html>
    <html lang="\(page.lang)">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="robots" content="noindex">
    <title>\(t.notFound.title) · \(page.siteTitle)</title>
    <link rel="stylesheet" href="\(link: page.root + LinkedAssets.siteStylesheet)">
    </head>
    <body>
    <main id="\(id: "main")">
    \(page.languages.map { language in
      let t = language.texts
      let heading: HTML = language.isDefault ? "<h1>\(t.notFound.title)</h1>" : "<h2>\(t.notFound.title)</h2>"
      return """
        <section lang="\(language.code)">
        \(heading)
        <p>\(t.notFound.text) <a href="\(link: language.homeURL)">\(language.siteTitle)</a></p>
        </section>

        """ as HTML
    })</main>
    </body>
    </html>

    """
  }
}
