// The search page: results while typing (ten at a time), filters, "did you mean", the
// query in the URL, keyboard navigation, and the count announced to screen readers.
// Every text from the query or the content is set with textContent: nothing
// typed or indexed ever becomes markup.

import { SearchIndex, snippetParts } from "./engine.js";

const root = document.querySelector("[data-kb-search-page]");
const config = JSON.parse(root.querySelector("[data-kb-search-config]").textContent);
const input = root.querySelector("[data-kb-search]");
const form = root.querySelector("form");
const list = root.querySelector("[data-kb-results]");
const status = root.querySelector("[data-kb-status]");
const suggestion = root.querySelector("[data-kb-suggestion]");
const categorySelect = root.querySelector('[data-kb-filter="category"]');
const productSelect = root.querySelector('[data-kb-filter="product"]');
const allBox = root.querySelector('[data-kb-filter="all"]');
// Shown when a search finds nothing: the quiz, contact, useful entries, the categories.
const noResults = root.querySelector("[data-kb-no-results]");
// "More results": the next page of results, fetched when asked for.
const moreButton = root.querySelector("[data-kb-more]");
const strings = config.strings;
const plural = new Intl.PluralRules(config.locale);
// A search shows its first PAGE results (one document request each), and the next on
// demand, up to LIMIT.
const PAGE = 10;
const LIMIT = 50;
// The ranked results not shown yet: {docnum, score, index, locale, terms}.
let more = [];

const indexes = new Map();
function openIndex(locale) {
  if (!indexes.has(locale.tag)) {
    const url = new URL(locale.tag === config.locale ? config.index : locale.index, location.href);
    indexes.set(locale.tag, SearchIndex.open(url));
  }
  return indexes.get(locale.tag);
}
const here = config.locales.find((l) => l.tag === config.locale) || { tag: config.locale, index: config.index };

function format(template, values) {
  return template.replace(/%\((\w+)\)[sd]/g, (_, key) => String(values[key]));
}

function readUrl() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  categorySelect.value = params.get("category") || "";
  if (categorySelect.value !== (params.get("category") || "")) categorySelect.value = "";
  productSelect.value = params.get("product") || "";
  if (productSelect.value !== (params.get("product") || "")) productSelect.value = "";
  allBox.checked = params.get("all") === "1";
}

function writeUrl() {
  const params = new URLSearchParams();
  if (input.value) params.set("q", input.value);
  if (categorySelect.value) params.set("category", categorySelect.value);
  if (productSelect.value) params.set("product", productSelect.value);
  if (allBox.checked) params.set("all", "1");
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

function resultItem(hit, locale) {
  const item = document.createElement("li");
  item.className = "kb-search__result";
  const link = document.createElement("a");
  link.className = "kb-search__title";
  link.dataset.kbResult = "";
  link.dataset.kbId = hit.id;
  link.href = locale.tag === config.locale ? `../${hit.url}` : `../../${locale.tag}/${hit.url}`;
  link.textContent = hit.title;
  if (locale.tag !== config.locale) {
    link.lang = locale.tag;
    link.hreflang = locale.tag;
  }
  item.append(link);
  const meta = document.createElement("span");
  meta.className = "kb-search__category";
  meta.textContent = hit.category ? hit.category[1] : "";
  if (locale.tag !== config.locale) meta.textContent += ` · ${format(strings.otherLanguage, { language: locale.name })}`;
  item.append(meta);
  const snippet = document.createElement("p");
  snippet.className = "kb-search__snippet";
  if (locale.tag !== config.locale) snippet.lang = locale.tag;
  for (const part of hit.snippet) {
    if (part.mark) {
      const mark = document.createElement("mark");
      mark.textContent = part.text;
      snippet.append(mark);
    } else {
      snippet.append(document.createTextNode(part.text));
    }
  }
  item.append(snippet);
  return item;
}

// The list items of some ranked results, their documents fetched at once.
function resultItems(hits) {
  return Promise.all(
    hits.map(async (hit) => {
      const [doc] = await hit.index.documents([hit.docnum]);
      const snippet = snippetParts(hit.index.analyzer, doc.text || doc.title, hit.terms, hit.index.meta.limits);
      return resultItem({ ...doc, snippet }, hit.locale);
    }),
  );
}

function unavailable(error) {
  // Say why in the console (an index of another version after a partial deploy, a
  // missing file); the reader is told that search is unavailable.
  console.error(`kbgen search: ${error.message}`);
  list.replaceChildren();
  more = [];
  moreButton.hidden = true;
  noResults.hidden = false;
  status.textContent = strings.unavailable;
}

let generation = 0;
async function run() {
  const current = ++generation;
  const query = input.value;
  writeUrl();
  if (!query.trim()) {
    list.replaceChildren();
    more = [];
    moreButton.hidden = true;
    suggestion.hidden = true;
    noResults.hidden = true;
    status.textContent = strings.empty;
    return;
  }
  const filters = {
    limit: LIMIT,
    category: categorySelect.value || null,
    product: productSelect.value || null,
  };
  const locales = allBox.checked ? config.locales : [here];
  let ranked = [];
  let total = 0;
  let suggesting = null;
  let items;
  try {
    for (const locale of locales) {
      const index = await openIndex(locale);
      const result = await index.search(query, locale.tag === config.locale ? filters : { limit: LIMIT });
      total += result.total;
      for (const hit of result.hits) ranked.push({ ...hit, index, locale, terms: result.terms });
      // Asked now, answered while the documents come.
      if (locale.tag === config.locale) suggesting = index.suggest(query).catch(() => null);
    }
    if (locales.length > 1) ranked.sort((a, b) => b.score - a.score);
    ranked = ranked.slice(0, LIMIT);
    items = await resultItems(ranked.slice(0, PAGE));
  } catch (error) {
    if (current === generation) unavailable(error);
    return;
  }
  const suggested = await suggesting;
  if (current !== generation) return;
  list.replaceChildren(...items);
  more = ranked.slice(PAGE);
  moreButton.hidden = more.length === 0;
  status.textContent = total
    ? format(strings.results[plural.select(total)] || strings.results.other, { num: total, query })
    : format(strings.none, { query });
  // A search that finds nothing is not a dead end.
  noResults.hidden = total > 0;
  if (suggested) {
    const link = document.createElement("a");
    const params = new URLSearchParams(location.search);
    params.set("q", suggested);
    link.href = `?${params}`;
    link.textContent = suggested;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      input.value = suggested;
      run();
    });
    suggestion.replaceChildren(document.createTextNode(`${strings.didYouMean} `), link);
    suggestion.hidden = false;
  } else {
    suggestion.hidden = true;
  }
}

// The next page of results; the focus goes to the first of them.
moreButton.addEventListener("click", async () => {
  const current = generation;
  moreButton.disabled = true;
  let items;
  try {
    items = await resultItems(more.slice(0, PAGE));
  } catch (error) {
    if (current === generation) unavailable(error);
    return;
  } finally {
    moreButton.disabled = false;
  }
  if (current !== generation) return;
  more = more.slice(PAGE);
  list.append(...items);
  moreButton.hidden = more.length === 0;
  if (items.length) items[0].querySelector("[data-kb-result]").focus();
});

let timer = null;
function schedule() {
  clearTimeout(timer);
  timer = setTimeout(run, 80);
}

input.addEventListener("input", schedule);
for (const select of [categorySelect, productSelect, allBox]) select.addEventListener("change", run);
form.addEventListener("submit", (event) => {
  event.preventDefault();
  run();
});

// Arrow keys move from the box through the results and back; Escape returns.
root.addEventListener("keydown", (event) => {
  const links = Array.from(list.querySelectorAll("[data-kb-result]"));
  const position = links.indexOf(document.activeElement);
  if (event.key === "ArrowDown" && (document.activeElement === input || position >= 0)) {
    const next = links[position + 1];
    if (next) {
      next.focus();
      event.preventDefault();
    }
  } else if (event.key === "ArrowUp" && position >= 0) {
    (position === 0 ? input : links[position - 1]).focus();
    event.preventDefault();
  } else if (event.key === "Escape" && position >= 0) {
    input.focus();
  }
});

window.addEventListener("popstate", () => {
  readUrl();
  run();
});

readUrl();
openIndex(here).catch(() => {});
if (input.value) run();
else status.textContent = strings.empty;
input.focus();
