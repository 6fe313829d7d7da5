import Foundation

/// What the preview adds to the pages it serves (never to the files in the output folder): a
/// script that listens to the server's events, reloads the page after a good build, and shows a
/// failed build's diagnostics over the page until the next good one.
enum LiveReload {
  /// The server's own addresses, outside any site's.
  static let scriptPath = "/__planpress/live-reload.js"
  static let eventsPath = "/__planpress/events"

  /// `html` with the script tag before its closing `</body>` (at its end when it has none).
  /// `build` names the build the page was served from, so the script reloads only for a newer one.
  static func inject(into html: Data, build: String) -> Data {
    let tag = Data(#"<script src="\#(scriptPath)" data-build="\#(build)"></script>"#.utf8)
    var page = html
    if let body = page.range(of: Data("</body>".utf8), options: .backwards) {
      page.replaceSubrange(body.lowerBound..<body.lowerBound, with: tag)
    } else {
      page.append(tag)
    }
    return page
  }

  /// The script. The diagnostics are shown as text (`textContent`), never as markup.
  static let script = #"""
    (() => {
      const served = document.currentScript.dataset.build;
      const overlayId = "planpress-build-failed";
      const showFailure = (text) => {
        let overlay = document.getElementById(overlayId);
        if (!overlay) {
          overlay = document.createElement("div");
          overlay.id = overlayId;
          overlay.setAttribute("role", "alert");
          overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#fff;" +
            "padding:1.5rem;font:14px/1.5 ui-monospace,monospace";
          const heading = document.createElement("p");
          heading.style.cssText = "font-weight:bold;color:#ff8a80;margin:0 0 1rem";
          heading.textContent = "planpress: the build failed; this page is the last good build until the next one succeeds.";
          const details = document.createElement("pre");
          details.style.cssText = "white-space:pre-wrap;margin:0";
          overlay.append(heading, details);
          document.body.append(overlay);
        }
        overlay.querySelector("pre").textContent = text;
      };
      const events = new EventSource("\#(eventsPath)");
      events.addEventListener("build", (event) => {
        const state = JSON.parse(event.data);
        if (state.failure) {
          showFailure(state.failure);
        } else if (state.build !== served) {
          events.close();
          location.reload();
        } else {
          document.getElementById(overlayId)?.remove();
        }
      });
    })();
    """#
}
