import PageModels

extension Page {
  /// Said above a text shown in the default language because the page's language has none.
  static func untranslatedNotice(_ text: PageText, _ t: InterfaceTexts) -> HTML {
    "\(if: text.isUntranslated, #"<p class="notice notice-untranslated" role="note">\#(t.notice.untranslated)</p>\#n"#)"
  }
}
