// Runs the browser's search engine under Node on exported indexes, for the
// parity tests: reads {"indexes": {locale: dir}, "queries": {locale: [query]},
// "limit": n} on stdin, prints {locale: [{ids, total, suggestion, snippets}]} on stdout
// (each snippet as HTML, as kbgen.search.engine.highlight writes it).
import { readFileSync } from "node:fs";
import { pathToFileURL, fileURLToPath } from "node:url";
import { SearchIndex, snippetParts } from "../../theme/assets/kbgen/search/engine.js";

const escape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const snippetHtml = (parts) =>
  parts
    .map((p) => (p.mark ? `<mark>${escape(p.text)}</mark>` : escape(p.text)))
    .join("")
    .split(/\s+/)
    .filter(Boolean)
    .join(" ");

const request = JSON.parse(readFileSync(0, "utf8"));
const io = {
  fetchJson: async (url) => JSON.parse(readFileSync(fileURLToPath(url), "utf8")),
  importModule: (url) => import(url.href),
};
const out = {};
for (const [locale, dir] of Object.entries(request.indexes)) {
  const index = await SearchIndex.open(pathToFileURL(dir.endsWith("/") ? dir : `${dir}/`), io);
  out[locale] = [];
  for (const query of request.queries[locale] || []) {
    const result = await index.search(query, { limit: "limit" in request ? request.limit : 10, ...(request.filters || {}) });
    const docs = await index.documents(result.hits.map((h) => h.docnum));
    out[locale].push({
      ids: docs.map((d) => d.id),
      scores: result.hits.map((h) => h.score),
      total: result.total,
      suggestion: await index.suggest(query),
      snippets: docs.map((d) =>
        snippetHtml(snippetParts(index.analyzer, d.text || d.title, result.terms, index.meta.limits)),
      ),
    });
  }
}
process.stdout.write(JSON.stringify(out));
