// The eligibility quiz's evaluator: the same semantics as kbgen/rules/evaluator.py,
// over the rules exported by kbgen/rules/export.py (format "kbgen-rules", version 2).
// Pure functions, no DOM: quiz.js draws the page, tests run this file under Node.
//
// Contract (see export.py): one quiz of every programme, the same in every locale.
//   rules.questions  [{id, label, programme?, choices: [{id, label, when?: condition}]}
//                     | {id, label, programme?, unit, cuts}]
//   rules.outcomes   [{id, programme, title, summary}]
//   rules.rules      [{id, programme, document, when: [condition...],
//                      grant: [...], refuse: [...], details: {outcome: {key: text}},
//                      entry: {id, title, href}}]
//   a condition      {question, in: [...]} | {question, min, max}
// Answers: a Map from question id to a choice id or a whole number.

export const FORMAT = "kbgen-rules";
export const VERSION = 2;

const WHOLE_NUMBER = /^[0-9]{1,15}$/;

/** Whether `rules` is an export this evaluator understands. */
export function supported(rules) {
  return rules !== null && typeof rules === "object" && rules.format === FORMAT && rules.version === VERSION;
}

/**
 * The valid answers among `raw` (an object, or anything with get(), like URLSearchParams),
 * as a Map in question order. Unknown questions and invalid values are left out: an answer
 * from a URL never throws and never becomes anything but a known id or a number.
 */
export function normalize(rules, raw) {
  const get = typeof raw.get === "function" ? (id) => raw.get(id) : (id) => raw[id];
  const answers = new Map();
  for (const question of rules.questions) {
    const value = get(question.id);
    if (value === undefined || value === null) continue;
    if (question.choices) {
      if (question.choices.some((choice) => choice.id === value)) answers.set(question.id, value);
    } else {
      const number = typeof value === "string" && WHOLE_NUMBER.test(value.trim())
        ? Number(value.trim()) : value;
      // The bound is the rules export's (limits.max_number), the same as `kbgen quiz`'s.
      if (Number.isInteger(number) && number >= 0 && number <= rules.limits.max_number) {
        answers.set(question.id, number);
      }
    }
  }
  return answers;
}

function holds(condition, answer) {
  if (condition.in !== undefined) return condition.in.includes(answer);
  if (typeof answer !== "number") return false;
  return (condition.min === null || answer >= condition.min) &&
    (condition.max === null || answer <= condition.max);
}

function live(rule, answers) {
  return rule.when.every((c) => !answers.has(c.question) || holds(c, answers.get(c.question)));
}

function fires(rule, answers) {
  return rule.when.every((c) => answers.has(c.question) && holds(c, answers.get(c.question)));
}

/** Whether `questionId` is asked after the answers to the earlier questions, `earlier`. */
export function isAsked(rules, questionId, earlier) {
  return rules.rules.some(
    (rule) => rule.when.some((c) => c.question === questionId) && live(rule, earlier),
  );
}

/** Whether a choice is offered after the answers accepted so far (a choice limited to
 * some documents is offered once one of them is chosen). */
export function offers(choice, accepted) {
  if (!choice.when) return true;
  return accepted.has(choice.when.question) && holds(choice.when, accepted.get(choice.when.question));
}

/** The answers that count, the questions asked, and those asked but not answered. */
export function ask(rules, answers) {
  const accepted = new Map();
  const asked = [];
  const missing = [];
  for (const question of rules.questions) {
    if (!isAsked(rules, question.id, accepted)) continue;
    asked.push(question.id);
    const answer = answers.get(question.id);
    const choice = question.choices ? question.choices.find((c) => c.id === answer) : null;
    if (answers.has(question.id) && (!question.choices || (choice && offers(choice, accepted)))) {
      accepted.set(question.id, answer);
    } else {
      missing.push(question.id);
    }
  }
  return { accepted, asked, missing };
}

function result(outcome, by) {
  const details = {};
  const given = new Set();
  for (const rule of by) {
    const own = rule.details[outcome.id];
    if (!own) continue;
    for (const key of Object.keys(own)) {
      if (!given.has(key)) {
        details[key] = own[key];
        given.add(key);
      }
    }
  }
  return {
    id: outcome.id,
    title: outcome.title,
    summary: outcome.summary,
    details,
    reasons: by.map((rule) => ({ rule: rule.id, entry: rule.entry })),
  };
}

/**
 * What the rules say for `raw` answers: {accepted, asked, missing, complete, outcomes, refused}.
 * Outcomes are those granted by a fired rule and refused by none, in the rules' order.
 */
export function evaluate(rules, raw) {
  const { accepted, asked, missing } = ask(rules, raw instanceof Map ? raw : normalize(rules, raw));
  const fired = rules.rules.filter((rule) => fires(rule, accepted));
  const granted = new Set(fired.flatMap((rule) => rule.grant));
  const refused = new Set(fired.flatMap((rule) => rule.refuse));
  return {
    accepted,
    asked,
    missing,
    complete: missing.length === 0,
    outcomes: rules.outcomes
      .filter((o) => granted.has(o.id) && !refused.has(o.id))
      .map((o) => result(o, fired.filter((rule) => rule.grant.includes(o.id)))),
    refused: rules.outcomes
      .filter((o) => refused.has(o.id))
      .map((o) => result(o, fired.filter((rule) => rule.refuse.includes(o.id)))),
  };
}

/** The query string of some answers, in question order: `programme=acronis&...`. */
export function queryString(answers) {
  return new URLSearchParams([...answers].map(([id, value]) => [id, String(value)])).toString();
}
