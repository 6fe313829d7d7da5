import Foundation

/// The messages of the DevTools protocol that a build exchanges with Chromium, as typed values
/// (https://chromedevtools.github.io/devtools-protocol/): only the commands, fields and events
/// that printing the briefs uses.
enum DevTools {
  /// A command: answered by a message with the same `id`; `sessionId` addresses it to a page.
  struct Command<Parameters: Encodable>: Encodable {
    let id: Int
    let method: String
    let params: Parameters
    let sessionId: String?
  }

  /// What a message from Chromium is: an answer (`id`, then `result` or `error`) or an event
  /// (`method` and `params`), perhaps from a page (`sessionId`).
  struct Envelope: Decodable {
    let id: Int?
    let method: String?
    let sessionId: String?
    let error: Refusal?
  }

  struct Refusal: Decodable {
    let message: String
  }

  struct Answer<Result: Decodable>: Decodable {
    let result: Result
  }

  struct Event<Parameters: Decodable>: Decodable {
    let params: Parameters
  }

  /// For commands without parameters, and answers whose result is not read.
  struct Nothing: Codable {}

  // Target and page
  struct CreateTarget: Encodable { let url: String }
  struct CreatedTarget: Decodable { let targetId: String }
  struct AttachToTarget: Encodable {
    let targetId: String
    let flatten: Bool
  }
  struct Attached: Decodable { let sessionId: String }
  struct Navigate: Encodable { let url: String }
  struct Navigated: Decodable { let errorText: String? }
  struct PrintToPDF: Encodable {
    let preferCSSPageSize: Bool
    let generateTaggedPDF: Bool
  }
  struct PrintedPDF: Decodable { let data: String }

  // Fetch: every request of a page is answered by the build
  struct FetchEnable: Encodable {
    struct Pattern: Encodable {
      let urlPattern: String
      let requestStage: String
    }
    let patterns: [Pattern]
  }
  struct RequestPaused: Decodable {
    struct Request: Decodable { let url: String }
    let requestId: String
    let request: Request
  }
  struct FulfillRequest: Encodable {
    struct Header: Encodable {
      let name: String
      let value: String
    }
    let requestId: String
    let responseCode: Int
    let body: String
    let responseHeaders: [Header]
  }
  struct FailRequest: Encodable {
    let requestId: String
    let errorReason: String
  }
}
