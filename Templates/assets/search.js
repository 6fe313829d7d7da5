// The search box of every page. It stays hidden unless the site's Pagefind index (pagefind/,
// made by `planpress build`) loads, so a page without JavaScript, or a site built without
// search, shows no box that cannot work. Results link to the heading under which the words stand.
(() => {
  const script = document.currentScript;
  const form = document.querySelector("form.search");
  if (!script || !form) return;
  const root = new URL("../", script.src);
  const input = form.querySelector("input");
  const list = form.querySelector(".search-results");

  // Pagefind's excerpt marks the words found; only its text and <mark>s are kept.
  const excerpt = (html) => {
    const paragraph = document.createElement("p");
    const parsed = new DOMParser().parseFromString(html, "text/html").body;
    for (const node of parsed.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.append(mark);
      } else {
        paragraph.append(node.textContent);
      }
    }
    return paragraph;
  };

  // Whether a text holds the query as written, spaces aside. The browser splits a Chinese query
  // into words by its own dictionary (低保 into 低 and 保), so Pagefind's ranking alone can put a
  // page that has only 保障 and 低于 before one that has 低保.
  const squeeze = (text) => text.replace(/<[^>]*>|\s+/g, "").toLowerCase();
  const holds = (text, query) => squeeze(text || "").includes(squeeze(query));

  // The heading of the page under which the query stands as written, else under which most of
  // its words were found, else the page.
  const item = (result, query) => {
    const subs = result.sub_results || [];
    const best = subs.find((sub) => holds(sub.excerpt, query)) || subs.reduce(
      (top, sub) => (!top || sub.locations.length > top.locations.length ? sub : top), null);
    const entry = document.createElement("li");
    const link = document.createElement("a");
    link.href = best ? best.url : result.url;
    const title = result.meta && result.meta.title ? result.meta.title : result.url;
    link.textContent = best && best.title && best.title !== title ? `${title} › ${best.title}` : title;
    entry.append(link, excerpt(best ? best.excerpt : result.excerpt));
    return entry;
  };

  import(new URL("pagefind/pagefind.js", root).href)
    .then(async (pagefind) => {
      await pagefind.options({ baseUrl: root.pathname });
      let latest = 0;
      const show = async () => {
        const query = input.value.trim();
        const ticket = ++latest;
        if (!query) {
          list.replaceChildren();
          return;
        }
        const search = await pagefind.search(query);
        const found = await Promise.all(search.results.slice(0, 20).map((result) => result.data()));
        if (ticket !== latest) return;
        // Pages that hold the query as written first, each group in Pagefind's order.
        const exact = found.filter((result) => holds(result.content, query));
        const results = exact.concat(found.filter((result) => !exact.includes(result))).slice(0, 10);
        if (results.length === 0) {
          const none = document.createElement("li");
          none.textContent = form.dataset.none + query;
          list.replaceChildren(none);
        } else {
          list.replaceChildren(...results.map((result) => item(result, query)));
        }
      };
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        show();
      });
      input.addEventListener("input", show);
      form.hidden = false;
      const asked = new URLSearchParams(location.search).get("q");
      if (asked) {
        input.value = asked;
        show();
      }
    })
    .catch(() => {});
})();
