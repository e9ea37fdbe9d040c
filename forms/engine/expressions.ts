// The one expression language of forms: JsonLogic, plus the few operations the field needs.
// Server and browser import this same module, so skip logic cannot disagree between them.
import jsonLogic from 'json-logic-js';
import type { Answers, Expression, FormDefinition } from './types.ts';

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
