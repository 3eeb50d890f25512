// The eligibility quiz page: reads the exported rules next to the page, fills the form
// from the query string, hides the questions that do not apply, keeps the answers in the
// query string and shows the result. Everything it writes into the page is text
// (textContent, setAttribute with known ids): nothing from the URL becomes markup.
import { FORMAT, VERSION, evaluate, normalize, offers, queryString, supported } from "./quiz-engine.js";

const DETAILS = ["channels", "hours", "first_response", "price", "validity", "note"];

const form = document.querySelector("[data-kb-quiz]");
if (form) {
  start(form)
    .catch((error) => {
      console.error("kbgen quiz:", error);
    })
    // The quiz waits unseen for its first drawing (kbgen.css): show it now, drawn or not.
    .finally(() => {
      form.dataset.kbReady = "";
    });
}

async function start(form) {
  const section = document.querySelector("[data-kb-quiz-result]");
  const response = await fetch(new URL(form.dataset.kbRules, document.baseURI));
  if (!response.ok) throw new Error(`cannot read the rules (${response.status})`);
  const rules = await response.json();
  if (!supported(rules)) {
    // Rules of another version (a site deployed in part, an old cache): the form and its
    // decision table still work without this script.
    const found = rules && typeof rules === "object" ? `${rules.format} version ${rules.version}` : typeof rules;
    throw new Error(`the rules are ${found}; this page reads ${FORMAT} version ${VERSION}`);
  }

  fill(form, rules, normalize(rules, new URLSearchParams(window.location.search)));
  let drawn = null;
  const update = (focus) => {
    const outcome = evaluate(rules, read(form, rules));
    // One question at a time: the questions asked, up to the first one still unanswered.
    const next = outcome.missing.length ? outcome.asked.indexOf(outcome.missing[0]) : Infinity;
    const shown = new Set(outcome.asked.filter((_id, index) => index <= next));
    for (const fieldset of form.querySelectorAll("[data-kb-question]")) {
      const visible = shown.has(fieldset.dataset.kbQuestion);
      fieldset.hidden = !visible;
      fieldset.disabled = !visible;
    }
    // Answers that the earlier answers do not offer (another document's) are hidden too.
    for (const question of rules.questions) {
      for (const choice of question.choices || []) {
        if (!choice.when) continue;
        const offered = offers(choice, outcome.accepted);
        for (const input of inputs(form, question.id)) {
          if (input.value !== choice.id) continue;
          const label = input.closest("label") || input;
          label.hidden = !offered;
          input.disabled = !offered;
          if (!offered) input.checked = false;
        }
      }
    }
    const query = queryString(outcome.accepted);
    // Redraw only when the answers that count change: a click on a link in the result
    // also ends an edit ("change"), and must not find its link gone.
    if (drawn !== query) {
      drawn = query;
      window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
      render(section, rules, outcome, query);
    }
    if (focus && outcome.complete) section.focus();
  };
  form.addEventListener("change", () => update(false));
  form.addEventListener("input", (event) => {
    if (event.target.type === "number") update(false);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    update(true);
  });
  update(false);
}

function inputs(form, id) {
  return [...form.elements].filter((element) => element.name === id);
}

/** The answers in the form, as the engine's raw answers. */
function read(form, rules) {
  const raw = {};
  for (const question of rules.questions) {
    const elements = inputs(form, question.id);
    if (question.choices) {
      const checked = elements.find((element) => element.checked);
      if (checked) raw[question.id] = checked.value;
    } else if (elements.length && elements[0].value.trim() !== "") {
      raw[question.id] = elements[0].value.trim();
    }
  }
  return raw;
}

function fill(form, rules, answers) {
  for (const [id, value] of answers) {
    for (const element of inputs(form, id)) {
      if (element.type === "radio") element.checked = element.value === value;
      else element.value = String(value);
    }
  }
}

function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function sources(outcome, rules) {
  const paragraph = element("p", null, { class: "kb-outcome__sources" });
  paragraph.append(element("span", `${rules.labels.stated_in} `));
  const seen = new Set();
  for (const reason of outcome.reasons) {
    const rule = rules.rules.find((candidate) => candidate.id === reason.rule);
    if (!rule || seen.has(rule.entry.id)) continue;
    if (seen.size) paragraph.append(" · ");
    seen.add(rule.entry.id);
    paragraph.append(element("a", rule.entry.title, { href: rule.entry.href, "data-kb-entry": rule.entry.id }));
  }
  return paragraph;
}

/** How to act on a granted outcome: its channels, each with the entry that says how to
 * use it, and the contact page. */
function howToAct(item, rules) {
  const actions = rules.actions || {};
  const paragraph = element("p", null, { class: "kb-outcome__act", "data-kb-act": "" });
  paragraph.append(`${rules.labels.how_to_act} `);
  // The channels of the document of the first rule that grants it (one document applies).
  const first = rules.rules.find((rule) => item.reasons.length && rule.id === item.reasons[0].rule);
  const byDocument = (actions.channels || {})[item.id] || {};
  const channels = (first && byDocument[first.document]) || [];
  for (const channel of channels) {
    paragraph.append(channel.href ? element("a", channel.label, { href: channel.href, "data-kb-channel": "" }) : channel.label);
    paragraph.append(" · ");
  }
  const contact = contactOf(rules, item);
  if (contact) paragraph.append(element("a", rules.labels.contact, { href: contact, "data-kb-contact": "" }));
  return paragraph;
}

/** The contact page's section of an outcome's programme. */
function contactOf(rules, item) {
  const outcome = rules.outcomes.find((candidate) => candidate.id === item.id);
  return outcome ? ((rules.actions || {}).contact || {})[outcome.programme] : undefined;
}

/** Which of the reader's answers ruled a refused outcome out. */
function ruledOut(item, rules, outcome) {
  const paragraph = element("p", null, { class: "kb-outcome__why", "data-kb-ruled-out": "" });
  const seen = new Set();
  const parts = [];
  for (const reason of item.reasons) {
    const rule = rules.rules.find((candidate) => candidate.id === reason.rule);
    for (const condition of rule ? rule.when : []) {
      if (seen.has(condition.question) || !outcome.accepted.has(condition.question)) continue;
      // Every rule names its programme: that answer rules nothing out by itself.
      if (condition.question === "programme") continue;
      seen.add(condition.question);
      const question = rules.questions.find((q) => q.id === condition.question);
      const answer = outcome.accepted.get(condition.question);
      const choice = question && question.choices ? question.choices.find((c) => c.id === answer) : null;
      parts.push(`${question ? question.label : condition.question} ${choice ? choice.label : answer}`);
    }
  }
  paragraph.append(`${rules.labels.ruled_out} ${parts.join(" · ")}`);
  return paragraph;
}

/** What a reader refused an outcome can do instead: the options they have, or contact. */
function instead(outcome, rules) {
  const paragraph = element("p", null, { class: "kb-outcome__instead", "data-kb-instead": "" });
  paragraph.append(`${rules.labels.instead} `);
  for (const item of outcome.outcomes) {
    paragraph.append(element("a", item.title, { href: `#kb-outcome-${item.id}` }), " · ");
  }
  const contact = ((rules.actions || {}).contact || {})[outcome.accepted.get("programme")];
  if (contact) paragraph.append(element("a", rules.labels.contact, { href: contact, "data-kb-contact": "" }));
  return paragraph;
}

function render(section, rules, outcome, query) {
  section.replaceChildren();
  section.hidden = false;
  if (!outcome.complete) {
    section.append(element("p", rules.labels.incomplete, { class: "kb-quiz__incomplete" }));
    return;
  }
  section.append(element("h2", rules.labels.your_options));
  for (const item of outcome.outcomes) {
    const article = element("article", null, { class: "kb-outcome", "data-kb-outcome": item.id, id: `kb-outcome-${item.id}` });
    article.append(element("h3", item.title));
    if (item.summary) article.append(element("p", item.summary, { class: "kb-outcome__summary" }));
    const list = element("dl", null, { class: "kb-outcome__details" });
    for (const key of DETAILS) {
      if (item.details[key] === undefined) continue;
      list.append(element("dt", rules.labels[key]), element("dd", item.details[key], { "data-kb-detail": key }));
    }
    if (list.childElementCount) article.append(list);
    article.append(sources(item, rules));
    article.append(howToAct(item, rules));
    section.append(article);
  }
  if (outcome.refused.length) {
    section.append(element("h3", rules.labels.not_available));
    const list = element("ul", null, { class: "kb-quiz__refused" });
    for (const item of outcome.refused) {
      const entry = element("li", null, { "data-kb-refused": item.id });
      entry.append(element("span", item.title), sources(item, rules), ruledOut(item, rules, outcome));
      entry.append(instead(outcome, rules));
      list.append(entry);
    }
    section.append(list);
  }
  section.append(element("p", null, { class: "kb-quiz__share" }));
  section.lastChild.append(element("a", rules.labels.share, { href: `?${query}` }));
}
