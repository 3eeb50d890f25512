// The browser's search engine: answers a query from the files that
// kbgen/search/export.py wrote, with the same analysis and the same BM25F
// scoring as Whoosh (the engine of record), and the same tie-break as
// kbgen/search/engine.py. An invalid or empty query has no results; it never throws.

import { Analyzer, compareCodePoints } from "./analysis.js";

/** The version of the exported index this engine reads (kbgen.search.export.FORMAT_VERSION). */
export const FORMAT_VERSION = 2;

/** An index of another version than this engine's (a site deployed in part, an old cache). */
export class IndexVersionError extends Error {
  constructor(found) {
    super(`the search index is version ${found}; this page reads version ${FORMAT_VERSION}`);
    this.name = "IndexVersionError";
    this.found = found;
  }
}

/** 32-bit FNV-1a of the UTF-8 bytes of a string (kbgen.search.export.fnv1a). */
export function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Optimal-string-alignment distance, capped at limit + 1 (engine.edit_distance). */
export function editDistance(a, b, limit) {
  const x = Array.from(a);
  const y = Array.from(b);
  if (Math.abs(x.length - y.length) > limit) return limit + 1;
  let previous2 = [];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i, ...new Array(y.length).fill(0)];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        current[j] = Math.min(current[j], previous2[j - 2] + 1);
      }
    }
    if (Math.min(...current) > limit) return limit + 1;
    previous2 = previous;
    previous = current;
  }
  return Math.min(previous[y.length], limit + 1);
}

const defaultFetch = async (url) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
};

export class SearchIndex {
  /**
   * Open the index at baseUrl (the folder with meta.json).
   * @param {string|URL} baseUrl
   * @param {{fetchJson?: (url: URL) => Promise<any>, importModule?: (url: URL) => Promise<any>}} io
   */
  static async open(baseUrl, io = {}) {
    const base = new URL(baseUrl);
    const fetchJson = io.fetchJson || defaultFetch;
    const meta = await fetchJson(new URL("meta.json", base));
    if (meta === null || typeof meta !== "object" || meta.version !== FORMAT_VERSION) {
      throw new IndexVersionError(meta && meta.version);
    }
    let stem = null;
    if (meta.analysis.stemmer) {
      const module = await (io.importModule || ((u) => import(u.href)))(new URL("stem.js", base));
      stem = module.stem;
    }
    return new SearchIndex(base, meta, stem, fetchJson);
  }

  constructor(base, meta, stem, fetchJson) {
    this.base = base;
    this.meta = meta;
    this.fetchJson = fetchJson;
    this.analyzer = new Analyzer(meta.analysis, stem);
    this.cache = new Map();
  }

  load(path) {
    if (!this.cache.has(path)) {
      const pending = this.fetchJson(new URL(path, this.base)).catch((error) => {
        this.cache.delete(path);
        throw error;
      });
      this.cache.set(path, pending);
    }
    return this.cache.get(path);
  }

  async postings(term) {
    const shard = await this.load(`t/${fnv1a(term) % this.meta.term_shards}.json`);
    return Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : null;
  }

  /**
   * Rank the documents for a query.
   * @returns {Promise<{hits: {docnum: number, score: number}[], total: number, terms: string[]}>}
   */
  async search(query, { limit = 10, category = null, product = null } = {}) {
    let terms;
    try {
      terms = this.analyzer.terms(String(query ?? "").slice(0, this.meta.limits.query_chars));
    } catch {
      return { hits: [], total: 0, terms: [] };
    }
    const { B, K1, precision } = this.meta.scoring;
    const N = this.meta.doc_count;
    const scores = new Map();
    const filtered = category !== null || product !== null;
    const [filters, ...found] = await Promise.all([
      filtered ? this.load("filters.json") : null,
      ...terms.map((term) => this.postings(term)),
    ]);
    for (const byField of found) {
      if (!byField) continue;
      for (const field of this.meta.fields) {
        const list = byField[field];
        if (!list) continue;
        // [gap, weight, length] per document (kbgen.search.export).
        const df = list.length / 3;
        const idf = Math.log(N / (df + 1)) + 1;
        const avgfl = this.meta.avgfl[field];
        let doc = 0;
        for (let i = 0; i < list.length; i += 3) {
          doc += list[i];
          const tf = list[i + 1];
          const fl = list[i + 2];
          const score = idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)));
          scores.set(doc, (scores.get(doc) || 0) + score);
        }
      }
    }
    const categoryIndex = category === null ? -1 : this.meta.categories.findIndex(([id]) => id === category);
    const productIndex = product === null ? -1 : this.meta.products.findIndex(([id]) => id === product);
    let hits = [];
    for (const [docnum, score] of scores) {
      if (category !== null && filters.category[docnum] !== categoryIndex) continue;
      if (product !== null && !filters.products[docnum].includes(productIndex)) continue;
      hits.push({ docnum, score, key: Math.floor(score * precision + 0.5) });
    }
    hits.sort((a, b) => b.key - a.key || a.docnum - b.docnum);
    const total = hits.length;
    if (limit !== null) hits = hits.slice(0, limit);
    return { hits: hits.map(({ docnum, score }) => ({ docnum, score })), total, terms };
  }

  /** The shown fields of some documents: {id, url, title, category, text}. */
  async documents(docnums) {
    const chunk = this.meta.doc_chunk;
    return Promise.all(
      docnums.map(async (docnum) => {
        const rows = await this.load(`d/${Math.floor(docnum / chunk)}.json`);
        const [id, url, title, category, text] = rows[docnum % chunk];
        return { docnum, id, url, title, category: this.meta.categories[category], text };
      }),
    );
  }

  async known(word) {
    const terms = this.analyzer.terms(word);
    const found = await Promise.all(terms.map((term) => this.postings(term)));
    return found.some((byField) => byField !== null);
  }

  /** The query with each word that matches nothing replaced by its closest known word. */
  async suggest(query) {
    const words = this.analyzer.surfaceWords(String(query ?? "").slice(0, this.meta.limits.query_chars));
    let changed = false;
    const out = [];
    for (const word of words) {
      let replacement = null;
      if (this.analyzer.terms(word).length && !(await this.known(word))) {
        const shard = await this.load(`w/${fnv1a(Array.from(word)[0]) % this.meta.word_shards}.json`).catch(() => ({}));
        replacement = closestWord(word, shard, this.meta.limits);
      }
      out.push(replacement || word);
      changed = changed || replacement !== null;
    }
    return changed ? out.join(" ") : null;
  }
}

/** engine.closest_word: same first letter, few edits (meta.limits), then frequency, then order. */
export function closestWord(word, vocabulary, limits) {
  const chars = Array.from(word);
  const limit = chars.length <= limits.short_word ? limits.short_edits : limits.long_edits;
  let best = null;
  for (const [candidate, count] of Object.entries(vocabulary)) {
    if (Array.from(candidate)[0] !== chars[0] || candidate === word) continue;
    const distance = editDistance(word, candidate, limit);
    if (distance > limit) continue;
    const key = [distance, -count, candidate];
    if (
      best === null ||
      key[0] < best[0] ||
      (key[0] === best[0] && (key[1] < best[1] || (key[1] === best[1] && compareCodePoints(key[2], best[2]) < 0)))
    ) {
      best = key;
    }
  }
  return best ? best[2] : null;
}

/** Text around the first match, as [{text, mark}] parts (rendered with textContent);
 * limits: meta.limits of the index (snippet_chars, snippet_lead). As engine.highlight:
 * matches that overlap or touch (a Chinese word's bigrams) are one mark, and the text
 * is cut between words where it has spaces. */
export function snippetParts(analyzer, text, terms, limits) {
  const length = limits.snippet_chars;
  const wanted = new Set(terms);
  const normalized = String(text).normalize("NFKC");
  // Words are read up to the first match and then to the snippet's end: a match
  // that starts after it is cut off, and so is any span it would have joined.
  const found = [];
  let start = 0;
  let end = normalized.length;
  for (const token of analyzer.tokenStream(normalized)) {
    if (found.length && token.start > end) break;
    if (!token.forms.some((f) => wanted.has(f))) continue;
    if (!found.length) {
      start = Math.max(0, token.start - limits.snippet_lead);
      if (start) {
        const space = normalized.indexOf(" ", start);
        if (space >= 0 && space < token.start) start = space + 1;
      }
      end = Math.min(normalized.length, start + length);
    }
    found.push(token);
  }
  if (!found.length) end = Math.min(normalized.length, length);
  const matches = mergeSpans(found);
  const inSpacedWord = (c) => !SPACES.includes(c) && !analyzer.isHan(c);
  if (end < normalized.length && inSpacedWord(normalized[end - 1]) && inSpacedWord(normalized[end])) {
    // Not inside a word of a script that spaces its words (Chinese does not),
    // unless the words are too long to allow it.
    const space = Math.max(...Array.from(SPACES, (c) => normalized.lastIndexOf(c, end - 1)));
    if (space >= start && space > start + Math.floor(length / 2)) end = space;
  }
  const parts = [];
  if (start) parts.push({ text: "…", mark: false });
  let cursor = start;
  for (const m of matches) {
    if (m.start < cursor || m.end > end) continue;
    parts.push({ text: normalized.slice(cursor, m.start), mark: false });
    parts.push({ text: normalized.slice(m.start, m.end), mark: true });
    cursor = m.end;
  }
  parts.push({ text: normalized.slice(cursor, end), mark: false });
  if (end < normalized.length) parts.push({ text: "…", mark: false });
  return parts;
}

/** Where a snippet may end between words (engine._SPACES). */
const SPACES = " \n\t";

/** engine.merge_spans: spans ({start, end}) in order, those that overlap or touch as one. */
export function mergeSpans(spans) {
  const merged = [];
  for (const { start, end } of [...spans].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const last = merged[merged.length - 1];
    if (last && start <= last.end) last.end = Math.max(end, last.end);
    else merged.push({ start, end });
  }
  return merged;
}
