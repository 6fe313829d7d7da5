import Foundation

/// Parsed sections as compact bytes, for `ParsedSectionCache`. Written out field by field: Swift's
/// JSON coding of a big plan's sections took as long as parsing their YAML again.
///
/// Each body's document is written with its section, so that a rebuild never runs cmark over a
/// body it did not read; it is decoded only when a stage asks for it.
///
/// Every field of the model is written; `SectionArchiveTests` fails when a model type gains a
/// field, so that this file learns of it.
enum SectionArchive {
  static func bytes(of section: Section, documents: MarkdownDocuments) -> [UInt8]? {
    var writer = Writer()
    guard section.bodies.values.allSatisfy(\.isEndOfItsFile) else { return nil }
    writer.section(section, documents: documents)
    return writer.bytes
  }

  /// The section in `bytes`, its bodies read from `files` (by path), and where each body's
  /// document lies in `bytes` (by path); nil if the bytes are not one.
  static func section(
    from bytes: UnsafeBufferPointer<UInt8>, files: [String: SourceFile]
  ) -> (section: Section, documents: [String: Range<Int>])? {
    var reader = Reader(bytes: bytes, files: files)
    guard let section = try? reader.section(), reader.isAtEnd else { return nil }
    return (section, reader.documents)
  }

  /// `section(from:files:)` from an array (for tests).
  static func section(from bytes: [UInt8], files: [String: SourceFile]) -> (section: Section, documents: [String: Range<Int>])? {
    bytes.withUnsafeBufferPointer { section(from: $0, files: files) }
  }

  /// The links of the document written at `bytes`, read without the rest of it.
  static func links(from bytes: UnsafeBufferPointer<UInt8>) -> [MarkdownDocument.Link]? {
    var reader = Reader(bytes: bytes, files: [:])
    return try? reader.links()
  }

  /// The headings of the document written at `bytes`, read without its HTML.
  static func headings(from bytes: UnsafeBufferPointer<UInt8>) -> [MarkdownDocument.Heading]? {
    var reader = Reader(bytes: bytes, files: [:])
    guard (try? reader.links()) != nil else { return nil }
    return try? reader.headings()
  }

  /// The document written at `bytes` by `bytes(of:documents:)`; nil if the bytes are not one.
  static func document(from bytes: UnsafeBufferPointer<UInt8>) -> MarkdownDocument? {
    var reader = Reader(bytes: bytes, files: [:])
    guard let document = try? reader.document(), reader.isAtEnd else { return nil }
    return document
  }

  struct Writer {
    private(set) var bytes: [UInt8] = []

    /// Seven bits a byte, low bits first, the sign folded into the lowest bit: most numbers
    /// here (lines, counts, lengths) take one or two bytes.
    mutating func int(_ value: Int) {
      var rest = UInt64(bitPattern: Int64(value) << 1 ^ Int64(value) >> 63)
      while rest >= 0x80 {
        bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
        rest >>= 7
      }
      bytes.append(UInt8(rest))
    }

    mutating func double(_ value: Double) {
      withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
    }

    mutating func string(_ text: String) {
      int(text.utf8.count)
      bytes += text.utf8
    }

    mutating func optional<Value>(_ value: Value?, _ write: (inout Writer, Value) -> Void) {
      int(value == nil ? 0 : 1)
      if let value { write(&self, value) }
    }

    mutating func array<Element>(_ values: [Element], _ write: (inout Writer, Element) -> Void) {
      int(values.count)
      for value in values { write(&self, value) }
    }

    /// In key order, so that the same section gives the same bytes.
    mutating func dictionary<Value>(_ values: [String: Value], _ write: (inout Writer, Value) -> Void) {
      int(values.count)
      for key in values.keys.sorted() {
        string(key)
        if let value = values[key] { write(&self, value) }
      }
    }

    /// As a dictionary would be written: in key order.
    mutating func texts(_ text: LocalizedText) {
      let pairs = text.inCodeOrder
      int(pairs.count)
      for (language, text) in pairs {
        string(language)
        string(text)
      }
    }
    mutating func location(_ location: SourceLocation) {
      string(location.path)
      int(location.line)
      int(location.column)
    }
    mutating func date(_ date: PlanDate) {
      int(date.year)
      int(date.month)
      int(date.day)
    }

    mutating func section(_ section: Section, documents: MarkdownDocuments) {
      string(section.slug)
      int(section.order)
      texts(section.title)
      string(section.lead)
      array(section.departments) { $0.string($1) }
      array(section.targets) { $0.target($1) }
      dictionary(section.bodies) { writer, body in
        writer.string(body.file.path)
        writer.optional(body.title) { $0.string($1) }
        writer.int(body.bodyFirstLine)
        writer.int(body.bodyOffset)
        writer.array(body.marks) { writer, mark in
          writer.string(mark.department)
          writer.int(mark.line)
          writer.int(mark.column)
        }
        // With its length first: a section is read without its documents.
        var document = Writer()
        document.document(documents.document(of: body))
        writer.int(document.bytes.count)
        writer.bytes += document.bytes
      }
      dictionary(section.translatedFrom) { $0.string($1) }
      location(section.location)
      optional(section.leadLocation) { $0.location($1) }
      dictionary(section.departmentLocations) { $0.location($1) }
      dictionary(section.translatedFromLocations) { $0.location($1) }
      optional(section.rejectedTargetIDs) { writer, ids in writer.array(ids.sorted()) { $0.string($1) } }
    }

    mutating func target(_ target: Target) {
      string(target.id)
      texts(target.label)
      optional(target.unit) { $0.texts($1) }
      string(target.department)
      switch target.kind {
      case .atLeast(let value):
        int(0)
        double(value)
      case .atMost(let value):
        int(1)
        double(value)
      case .between(let low, let high):
        int(2)
        double(low)
        double(high)
      case .equals(let value):
        int(3)
        double(value)
      case .milestone: int(4)
      }
      optional(target.baseline) { writer, baseline in
        writer.double(baseline.value)
        writer.optional(baseline.asOf) { $0.date($1) }
        writer.string(baseline.source)
      }
      date(target.due)
      string(target.section)
      location(target.location)
      optional(target.departmentLocation) { $0.location($1) }
    }

    /// The links first, then the headings: a rebuild's link check reads each body's links, and
    /// the headings of a page only when a link asks for one of its anchors.
    mutating func document(_ document: MarkdownDocument) {
      array(document.links) { writer, link in
        writer.string(link.url)
        writer.int(link.toOwnHeading ? 1 : 0)
        writer.int(link.line)
        writer.int(link.column)
        writer.int(link.isOpen ? 1 : 0)
      }
      array(document.headings) { writer, heading in
        writer.int(heading.level)
        writer.string(heading.text)
        writer.string(heading.anchor)
        writer.int(heading.line)
      }
      array(document.marks) { writer, mark in
        writer.string(mark.department)
        writer.int(mark.line)
        writer.int(mark.column)
        writer.optional(mark.part) { $0.pieces($1) }
        writer.int(mark.isInAnotherMarkedPart ? 1 : 0)
      }
      pieces(document.pieces)
    }

    mutating func pieces(_ pieces: [MarkdownDocument.Piece]) {
      array(pieces) { writer, piece in
        switch piece {
        case .html(let text):
          writer.int(0)
          writer.string(text)
        case .headingStart(let index):
          writer.int(1)
          writer.int(index)
        case .headingEnd(let index):
          writer.int(2)
          writer.int(index)
        case .link(let index):
          writer.int(3)
          writer.int(index)
        }
      }
    }
  }

  struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    let files: [String: SourceFile]
    private var position = 0
    /// Where each body's document lies in `bytes`, by the body's path, as `section()` found them.
    private(set) var documents: [String: Range<Int>] = [:]

    struct NotASection: Error {}

    init(bytes: UnsafeBufferPointer<UInt8>, files: [String: SourceFile]) {
      self.bytes = bytes
      self.files = files
    }

    var isAtEnd: Bool { position == bytes.count }

    mutating func int() throws -> Int {
      var folded: UInt64 = 0
      var shift: UInt64 = 0
      while true {
        guard position < bytes.count, shift < 64 else { throw NotASection() }
        let byte = bytes[position]
        position += 1
        folded |= UInt64(byte & 0x7F) << shift
        if byte < 0x80 { break }
        shift += 7
      }
      return Int(Int64(bitPattern: folded >> 1) ^ -Int64(bitPattern: folded & 1))
    }

    mutating func double() throws -> Double {
      guard bytes.count - position >= 8 else { throw NotASection() }
      var pattern: UInt64 = 0
      for offset in (0..<8).reversed() { pattern = pattern << 8 | UInt64(bytes[position + offset]) }
      position += 8
      return Double(bitPattern: pattern)
    }

    mutating func count() throws -> Int {
      let count = try int()
      guard count >= 0, count <= bytes.count - position else { throw NotASection() }
      return count
    }

    mutating func string() throws -> String {
      let length = try count()
      defer { position += length }
      return String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<position + length]), as: UTF8.self)
    }

    mutating func optional<Value>(_ read: (inout Reader) throws -> Value) throws -> Value? {
      switch try int() {
      case 0: return nil
      case 1: return try read(&self)
      default: throw NotASection()
      }
    }

    mutating func array<Element>(_ read: (inout Reader) throws -> Element) throws -> [Element] {
      try (0..<count()).map { _ in try read(&self) }
    }

    mutating func dictionary<Value>(_ read: (inout Reader) throws -> Value) throws -> [String: Value] {
      var values: [String: Value] = [:]
      for _ in 0..<(try count()) {
        let key = try string()
        values[key] = try read(&self)
      }
      return values
    }

    /// Read as the pairs they were written as, without a dictionary for each label and unit.
    mutating func texts() throws -> LocalizedText {
      var texts = LocalizedText()
      for _ in 0..<(try count()) {
        let language = try string()
        texts[language] = try string()
      }
      return texts
    }

    mutating func location() throws -> SourceLocation {
      SourceLocation(path: try path(), line: try int(), column: try int())
    }

    /// A file's path: the same few in every location of a section, so each is made once and shared.
    private var paths: [(bytes: UnsafeBufferPointer<UInt8>, path: String)] = []
    mutating func path() throws -> String {
      let length = try count()
      defer { position += length }
      let written = UnsafeBufferPointer(rebasing: bytes[position..<position + length])
      let known = paths.first { known in
        guard known.bytes.count == length else { return false }
        guard let knownStart = known.bytes.baseAddress, let writtenStart = written.baseAddress else { return true }
        return memcmp(knownStart, writtenStart, length) == 0
      }
      if let known { return known.path }
      let path = String(decoding: written, as: UTF8.self)
      paths.append((written, path))
      return path
    }
    mutating func date() throws -> PlanDate {
      guard let date = PlanDate(year: try int(), month: try int(), day: try int()) else { throw NotASection() }
      return date
    }

    mutating func section() throws -> Section {
      let slug = try string()
      let order = try int()
      let title = try texts()
      let lead = try string()
      let departments = try array { try $0.string() }
      let targets = try array { try $0.target() }
      let bodies = try dictionary { reader -> MarkdownSource in
        let path = try reader.path()
        let title = try reader.optional { try $0.string() }
        let firstLine = try reader.int()
        let offset = try reader.int()
        let marks = try reader.array { DepartmentMarkPlace(department: try $0.string(), line: try $0.int(), column: try $0.int()) }
        let documentLength = try reader.count()
        reader.documents[path] = reader.position..<reader.position + documentLength
        reader.position += documentLength
        guard let file = reader.files[path], (0...file.utf8Count).contains(offset) else { throw NotASection() }
        var body = MarkdownSource(file: file, title: title, bodyFirstLine: firstLine, bodyOffset: offset)
        body.marks = marks
        return body
      }
      return Section(
        slug: slug, order: order, title: title, lead: lead, departments: departments, targets: targets, bodies: bodies,
        translatedFrom: try dictionary { try $0.string() }, location: try location(), leadLocation: try optional { try $0.location() },
        departmentLocations: try dictionary { try $0.location() }, translatedFromLocations: try dictionary { try $0.location() },
        rejectedTargetIDs: try optional { Set(try $0.array { try $0.string() }) })
    }

    mutating func document() throws -> MarkdownDocument {
      let links = try links()
      let headings = try headings()
      let pieces = { (reader: inout Reader) in try reader.pieces(headings: headings.count, links: links.count) }
      let marks = try array { reader in
        MarkdownDocument.Mark(
          department: try reader.string(), line: try reader.int(), column: try reader.int(), part: try reader.optional(pieces),
          isInAnotherMarkedPart: try reader.flag())
      }
      return MarkdownDocument(pieces: try pieces(&self), headings: headings, links: links, marks: marks)
    }

    mutating func headings() throws -> [MarkdownDocument.Heading] {
      try array { reader in
        MarkdownDocument.Heading(level: try reader.int(), text: try reader.string(), anchor: try reader.string(), line: try reader.int())
      }
    }

    mutating func links() throws -> [MarkdownDocument.Link] {
      try array { reader in
        MarkdownDocument.Link(
          url: try reader.string(), toOwnHeading: try reader.flag(), line: try reader.int(), column: try reader.int(),
          isOpen: try reader.flag())
      }
    }

    /// Pieces whose slots name a heading or link the document has: a page fills each from them.
    mutating func pieces(headings: Int, links: Int) throws -> [MarkdownDocument.Piece] {
      try array { reader in
        let kind = try reader.int()
        if kind == 0 { return .html(try reader.string()) }
        let index = try reader.int()
        guard index >= 0, index < (kind == 3 ? links : headings) else { throw NotASection() }
        switch kind {
        case 1: return .headingStart(index)
        case 2: return .headingEnd(index)
        case 3: return .link(index)
        default: throw NotASection()
        }
      }
    }

    mutating func flag() throws -> Bool {
      switch try int() {
      case 0: return false
      case 1: return true
      default: throw NotASection()
      }
    }

    mutating func target() throws -> Target {
      let id = try string()
      let label = try texts()
      let unit = try optional { try $0.texts() }
      let department = try string()
      let kind: TargetKind
      switch try int() {
      case 0: kind = .atLeast(try double())
      case 1: kind = .atMost(try double())
      case 2: kind = .between(try double(), try double())
      case 3: kind = .equals(try double())
      case 4: kind = .milestone
      default: throw NotASection()
      }
      let baseline = try optional { reader in
        Baseline(value: try reader.double(), asOf: try reader.optional { try $0.date() }, source: try reader.string())
      }
      return Target(
        id: id, label: label, unit: unit, department: department, kind: kind, baseline: baseline, due: try date(),
        section: try string(), location: try location(), departmentLocation: try optional { try $0.location() })
    }
  }
}
