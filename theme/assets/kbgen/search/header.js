// The header's search box on every page: the top results as the reader types, from
// the same engine and index as the search page (loaded on first focus); Enter, with no
// result chosen, opens the search page with the query (the form's own submit).
// A combobox with a list box (WAI-ARIA): arrows move through the results, Escape
// closes them. Every text is set with textContent: nothing typed or indexed becomes markup.

import { SearchIndex } from "./engine.js";

const LIMIT = 5;
const input = document.querySelector("[data-kb-header-search]");
if (input) setUp(input);

function setUp(input) {
  const form = input.form;
  // The search page is <locale>/search/; its index is beside it, and results link from
  // the locale's root.
  const searchPage = new URL(form.getAttribute("action"), document.baseURI);
  const root = new URL("../", searchPage);
  const list = document.createElement("ul");
  list.id = "kb-header-results";
  list.className = "kb-header-results";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", input.labels.length ? input.labels[0].textContent : "");
  list.hidden = true;
  form.append(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  let index = null;
  let active = -1;
  let generation = 0;
  const open = () => {
    if (!index) {
      index = SearchIndex.open(new URL("index/", searchPage)).catch((error) => {
        console.error(`kbgen search: ${error.message}`);
        index = null;
        throw error;
      });
    }
    return index;
  };

  function show(items) {
    // The result the reader chose stays chosen when the same results come again.
    const options = list.querySelectorAll("[role=option]");
    const chosen = active >= 0 && options[active] ? options[active].querySelector("a").dataset.kbId : null;
    list.replaceChildren(...items);
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", String(!list.hidden));
    select(items.findIndex((item) => item.querySelector("a").dataset.kbId === chosen));
  }

  function select(position) {
    const options = list.querySelectorAll("[role=option]");
    active = position;
    options.forEach((option, i) => option.setAttribute("aria-selected", String(i === position)));
    if (position >= 0 && options[position]) input.setAttribute("aria-activedescendant", options[position].id);
    else input.removeAttribute("aria-activedescendant");
  }

  async function update() {
    const current = ++generation;
    const query = input.value;
    if (!query.trim()) {
      show([]);
      return;
    }
    try {
      const engine = await open();
      const result = await engine.search(query, { limit: LIMIT });
      const docs = await engine.documents(result.hits.map((hit) => hit.docnum));
      if (current !== generation) return;
      show(
        docs.map((doc, i) => {
          const option = document.createElement("li");
          option.id = `kb-header-result-${i}`;
          option.setAttribute("role", "option");
          const link = document.createElement("a");
          link.href = new URL(doc.url, root).href;
          link.textContent = doc.title;
          link.tabIndex = -1;
          link.dataset.kbHeaderResult = "";
          link.dataset.kbId = doc.id;
          option.append(link);
          return option;
        }),
      );
    } catch {
      if (current === generation) show([]);
    }
  }

  let timer = null;
  input.addEventListener("focus", () => open().catch(() => {}), { once: true });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(update, 80);
  });
  input.addEventListener("keydown", (event) => {
    const options = list.querySelectorAll("[role=option]");
    if (event.key === "ArrowDown" && options.length) {
      event.preventDefault();
      select((active + 1) % options.length);
    } else if (event.key === "ArrowUp" && options.length) {
      event.preventDefault();
      select(active <= 0 ? options.length - 1 : active - 1);
    } else if (event.key === "Escape") {
      show([]);
    } else if (event.key === "Enter" && active >= 0 && options[active]) {
      event.preventDefault();
      window.location.href = options[active].querySelector("a").href;
    }
  });
  form.addEventListener("focusout", (event) => {
    if (!form.contains(event.relatedTarget)) setTimeout(() => show([]), 150);
  });
}
