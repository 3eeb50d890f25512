// Query analysis, the browser's half of kbgen/search/analysis.py. The exported
// index describes its analysis ("steps"); this module applies the same steps.

const WORD = /[\p{L}\p{N}]+/gu;
const MARKS = /\p{Mn}/gu;

/** Remove diacritics, as kbgen.search.analysis.fold does. */
export function makeFold(extra) {
  return (text) => {
    const stripped = text.normalize("NFD").replace(MARKS, "");
    let out = "";
    for (const c of stripped) out += Object.prototype.hasOwnProperty.call(extra, c) ? extra[c] : c;
    return out.normalize("NFC");
  };
}

export class Analyzer {
  /**
   * @param {object} description  meta.analysis of the exported index
   * @param {(word: string) => string | null} stem  the locale's Snowball stemmer, if any
   */
  constructor(description, stem) {
    this.steps = description.steps;
    this.stem = stem;
    this.fold = makeFold(description.fold_extra || {});
    this.stopwords = new Set(description.stopwords || []);
    this.hanRanges = description.han_ranges || [];
    this.hanMap = description.han_map || {};
    const cedilla = description.cedilla_map || {};
    this.memo = new Map();
    this.cedilla = (text) => Array.from(text, (c) => (Object.prototype.hasOwnProperty.call(cedilla, c) ? cedilla[c] : c)).join("");
  }

  isHan(char) {
    const point = char.codePointAt(0);
    return this.hanRanges.some(([low, high]) => point >= low && point <= high);
  }

  /** Words of a text: [{start, end, forms}] with offsets in its NFKC form. */
  tokens(text) {
    const normalized = String(text).normalize("NFKC");
    return { text: normalized, tokens: Array.from(this.tokenStream(normalized)) };
  }

  /** The words of an NFKC-normalized text, one at a time (a snippet stops early). */
  *tokenStream(normalized) {
    const han = this.steps.includes("han-bigrams");
    for (const match of normalized.matchAll(WORD)) {
      const start = match.index;
      const word = match[0].toLowerCase();
      if (han) {
        for (const piece of this.hanSplit(word)) {
          yield { start: start + piece.start, end: start + piece.end, forms: [piece.text] };
        }
        continue;
      }
      const forms = this.forms(word);
      if (forms) yield { start, end: start + match[0].length, forms };
    }
  }

  /** The terms of one lowercased word (null for a stop word), remembered: a page's
   * snippets stem the same words again and again. */
  forms(word) {
    let forms = this.memo.get(word);
    if (forms === undefined) {
      forms = this.analyze(word);
      this.memo.set(word, forms);
    }
    return forms;
  }

  analyze(word) {
    if (this.steps.includes("cedilla-to-comma")) {
      word = this.cedilla(word);
    }
    if (this.steps.includes("stop") && this.stopwords.has(this.fold(word))) return null;
    if (this.steps.includes("stem-fold")) {
      const first = this.fold(this.stem(word));
      const second = this.fold(this.stem(this.fold(word)));
      return first === second ? [first] : [first, second];
    }
    return [this.fold(word)];
  }

  /** Han runs as Simplified overlapping bigrams; other runs as folded words. */
  hanSplit(word) {
    const chars = Array.from(word);
    const offsets = [];
    let offset = 0;
    for (const c of chars) {
      offsets.push(offset);
      offset += c.length;
    }
    offsets.push(offset);
    const pieces = [];
    let i = 0;
    while (i < chars.length) {
      const start = i;
      const han = this.isHan(chars[i]);
      while (i < chars.length && this.isHan(chars[i]) === han) i += 1;
      if (!han) {
        pieces.push({ text: this.fold(chars.slice(start, i).join("")), start: offsets[start], end: offsets[i] });
        continue;
      }
      const run = chars.slice(start, i).map((c) => this.hanMap[c] || c);
      if (run.length === 1) {
        pieces.push({ text: run[0], start: offsets[start], end: offsets[i] });
        continue;
      }
      for (let k = 0; k < run.length - 1; k++) {
        pieces.push({ text: run[k] + run[k + 1], start: offsets[start + k], end: offsets[start + k + 2] });
      }
    }
    return pieces;
  }

  /** The distinct terms of a query, sorted as kbgen.search.engine sorts them. */
  terms(text) {
    const set = new Set();
    for (const token of this.tokens(text).tokens) for (const form of token.forms) set.add(form);
    return Array.from(set).sort(compareCodePoints);
  }

  /** Words as typed, lowercased and folded, for "did you mean". */
  surfaceWords(text) {
    if (this.steps.includes("han-bigrams")) return [];
    let normalized = String(text).normalize("NFKC").toLowerCase();
    if (this.steps.includes("cedilla-to-comma")) normalized = this.cedilla(normalized);
    return Array.from(normalized.matchAll(WORD), (m) => this.fold(m[0]));
  }
}

/** Python's default string order: by code point. */
export function compareCodePoints(a, b) {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
