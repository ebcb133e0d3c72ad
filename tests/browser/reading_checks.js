// Checks run in the page by tests/browser/test_reading.py: each function takes one argument.
({
  // Every visible text's colour against the background it is painted on (alpha blended), WCAG ratio.
  contrast: () => {
    const parse = (c) => {
      const m = c && c.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    };
    const blend = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
    const luminance = (c) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
    };
    const background = (el) => {
      const layers = [];
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
      }
      return layers.reverse().reduce((bg, layer) => blend(layer, bg), [255, 255, 255, 1]);
    };
    const low = [];
    const seen = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const el = node.parentElement;
      if (!node.data.trim() || seen.has(el)) continue;
      seen.add(el);
      const rect = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (!rect.width || !rect.height || style.visibility === "hidden" || el.closest(".visually-hidden, .skip")) continue;
      const fg = parse(el instanceof SVGElement ? style.fill : style.color);
      if (!fg) continue;
      const bg = background(el);
      const a = luminance(blend(fg, bg)), b = luminance(bg);
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < 4.5) low.push(`${el.tagName.toLowerCase()}.${el.getAttribute("class") || ""} “${node.data.trim().slice(0, 16)}” ${ratio.toFixed(2)}:1`);
    }
    return low;
  },
  // Landmarks and headings, and every search landmark with its name and labelled fields.
  landmarks: () => ({
    banner: document.querySelectorAll("body > header").length,
    nav: document.querySelectorAll("nav[aria-label]").length,
    main: document.querySelectorAll("main").length,
    contentinfo: document.querySelectorAll("body > footer").length,
    h1: document.querySelectorAll("h1").length,
    searches: [...document.querySelectorAll("[role=search]")].map((form) => ({
      name: form.getAttribute("aria-label") || "",
      labelled: [...form.querySelectorAll("input:not([type=hidden])")].every((i) => i.labels.length > 0),
      site: form.getAttribute("action") === "/search/" && !form.querySelector("input[type=hidden]"),
    })),
  }),
  // Headlines whose last line holds a single character (punctuation does not count).
  orphans: (selector) => {
    const found = [];
    for (const el of document.querySelectorAll(selector)) {
      const chars = [];
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const node = walker.currentNode;
        for (let i = 0; i < node.length; i++) {
          if (/\s/.test(node.data[i])) continue;
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getClientRects()[0];
          if (rect) chars.push([rect.top, node.data[i]]);
        }
      }
      if (!chars.length) continue;
      const lastTop = Math.max(...chars.map((c) => c[0]));
      const firstTop = Math.min(...chars.map((c) => c[0]));
      if (lastTop - firstTop < 8) continue;  // one line
      const last = chars.filter((c) => lastTop - c[0] < 8).map((c) => c[1]).join("");
      if (last.replace(/[\p{P}\p{S}]/gu, "").length < 2) found.push(`${el.textContent.trim()} → ${last}`);
    }
    return found;
  },
  // The chart's text sizes as drawn, its bars and the rows of its table.
  chart: () => {
    const svg = document.querySelector("svg.chart");
    return {
      smallest: Math.min(...[...svg.querySelectorAll("text")].filter((t) => t.getBBox().width > 0)
        .map((t) => t.getBoundingClientRect().height)),
      fontSizes: [...new Set([...svg.querySelectorAll("text")].map((t) => parseFloat(getComputedStyle(t).fontSize)))],
      bars: [...svg.querySelectorAll(".bar")].map((b) => b.getAttribute("aria-label")),
      values: [...svg.querySelectorAll(".value")].filter((t) => t.getBBox().width > 0).length,
      rows: [...document.querySelectorAll(".chart-data tbody tr")].map((r) => [r.cells[0].textContent, r.cells[1].textContent]),
      width: svg.getBoundingClientRect().width,
    };
  },
})
