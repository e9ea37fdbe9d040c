// The one expression language of forms: JsonLogic, plus the few operations the field needs.
// Server and browser import this same module, so skip logic cannot disagree between them.
import jsonLogic from 'json-logic-js';
import type { Answers, Choice, Expression, FormDefinition, Question } from './types.ts';

/** Whole years from an ISO date to another (the interview date); undefined when either is missing. */
function yearsBetween(from: unknown, to: unknown): number | null {
  if (typeof from !== 'string' || typeof to !== 'string') return null;
  const [a, b] = [new Date(from), new Date(to)];
  if (Number.isNaN(a.getTime()) || Number.isNaN(b.getTime())) return null;
  let years = b.getUTCFullYear() - a.getUTCFullYear();
  if (b.getUTCMonth() < a.getUTCMonth() || (b.getUTCMonth() === a.getUTCMonth() && b.getUTCDate() < a.getUTCDate())) years--;
  return years;
}
jsonLogic.add_operation('years_between', yearsBetween);
/** True when the value is answered (not null, not '', not an empty list). */
jsonLogic.add_operation('answered', (value: unknown) =>
  value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0),
);

// XLSForm's functions (imported forms), with ODK's meaning. An unanswered value is '' there and
// undefined here: both count as empty.
const isEmpty = (value: unknown) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
/** Characters, as XPath counts them (code points, not UTF-16 units). */
jsonLogic.add_operation('string-length', (value: unknown) => (isEmpty(value) ? 0 : [...String(value)].length));
/** Whole part, truncated toward zero; null when the value is no number. */
jsonLogic.add_operation('int', (value: unknown) => {
  const number = typeof value === 'number' ? value : isEmpty(value) ? NaN : Number(value);
  return Number.isFinite(number) ? Math.trunc(number) : null;
});
/** The first argument that is answered, else ''. */
jsonLogic.add_operation('coalesce', (...values: unknown[]) => values.find((value) => !isEmpty(value)) ?? '');
jsonLogic.add_operation('count-selected', (value: unknown) => (Array.isArray(value) ? value.length : isEmpty(value) ? 0 : String(value).trim().split(/\s+/).length));
/** Longest pattern and text a form's `regex` looks at: bounds the work of a backtracking match. */
export const REGEX_PATTERN_MAX = 500;
const REGEX_TEXT_MAX = 20_000;
const compiled = new Map<string, RegExp | null>();
/** Does the pattern occur in the value (ODK's regex() finds, it does not anchor); a pattern that does not compile matches nothing. */
jsonLogic.add_operation('regex', (value: unknown, pattern: unknown) => {
  if (typeof pattern !== 'string' || pattern.length > REGEX_PATTERN_MAX) return false;
  const text = isEmpty(value) ? '' : String(value);
  if (text.length > REGEX_TEXT_MAX) return false;
  if (!compiled.has(pattern)) {
    if (compiled.size > 1_000) compiled.clear();
    try {
      compiled.set(pattern, new RegExp(pattern, 'u'));
    } catch {
      compiled.set(pattern, null);
    }
  }
  return compiled.get(pattern)?.test(text) ?? false;
});

/**
 * Every operation a form's expression may use: JsonLogic's own that forms need, and the ones
 * above. Each has an XLSForm spelling, so every form that passes `formProblems` can be exported.
 */
export const operations = new Set([
  'var', '==', '!=', '===', '!==', '<', '<=', '>', '>=', '!', 'and', 'or', 'if', 'in', '+', '-', '*', '/', '%', 'cat',
  'answered', 'years_between', 'string-length', 'int', 'coalesce', 'count-selected', 'regex',
]);

export function evaluate(expression: Expression, data: Answers): unknown {
  return jsonLogic.apply(expression as any, data);
}

export function holds(expression: Expression | undefined, data: Answers): boolean {
  if (expression === undefined) return true;
  return Boolean(evaluate(expression, data));
}

/**
 * The answers together with the form's calculated values. `today` is the interview date, so a
 * stored submission computes the same values whenever it is read again.
 */
export function withCalculations(form: FormDefinition, answers: Answers, today: string): Answers {
  const data: Answers = { ...answers, _today: today };
  for (const calculation of form.calculations ?? []) data[calculation.id] = evaluate(calculation.expression, data);
  return data;
}

/** The scope of one item of a repeat: the form's data, the item's answers and the repeat's own calculations over them. */
export function withItemCalculations(repeat: Question, item: Answers, scope: Answers): Answers {
  const data: Answers = { ...scope, ...item };
  for (const calculation of repeat.calculations ?? []) data[calculation.id] = evaluate(calculation.expression, data);
  return data;
}

/** The choices a choice question offers given the answers so far (all of them without a `choiceFilter`). */
export function choicesFor(form: FormDefinition, question: Question, scope: Answers): Choice[] {
  const list = form.choiceLists[question.choices ?? ''] ?? [];
  const filter = question.choiceFilter;
  if (filter === undefined) return list;
  return list.filter((choice) => holds(filter, { ...scope, _choice: { ...choice.attributes, name: choice.value } }));
}

/** A `${name}` in a label (XLSForm's way of showing an answer or a calculated value in the text). */
export const labelReference = /\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}/g;

/** A label with each `${name}` replaced by that answer or calculated value as the person reads it (empty while unanswered). */
export function fillLabel(text: string, data: Answers): string {
  if (!text.includes('${')) return text;
  return text.replace(labelReference, (_written, name: string) => {
    const value = Object.hasOwn(data, name) ? data[name] : undefined;
    if (value === undefined || value === null || value === false) return '';
    if (typeof value === 'number') return String(Number.isInteger(value) ? value : Math.round(value * 100) / 100);
    return Array.isArray(value) ? value.join(', ') : String(value);
  });
}

