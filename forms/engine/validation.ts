// From a form definition, the zod schema of a submission of that version: only relevant
// questions allowed, required ones enforced, choice values checked, every bad field named in the
// submitter's language.
import * as z from 'zod';
import { choicesFor, holds, operations, withCalculations, withItemCalculations } from './expressions.ts';
import { message, type MessageId } from './messages.ts';
import { countryCodes, isLanguageCode, nationalityExtras } from './places.ts';
import { languages, type Answers, type Expression, type FormDefinition, type Language, type Question } from './types.ts';

const TEXT_MAX = 2_000;
const LONG_TEXT_MAX = 20_000;
const REPEAT_MAX = 200;

export type FieldErrors = Record<string, string>;
export type Validation = { ok: true; answers: Answers } | { ok: false; fields: FieldErrors };

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** The typed schema of one answer, without skip logic. */
export function answerSchema(question: Question, form: FormDefinition, language: Language): z.ZodType {
  const say = (id: MessageId) => ({ error: () => message(id, language) });
  const choiceValues = () => {
    const list = form.choiceLists[question.choices ?? ''];
    if (!list) throw new Error(`${form.id}: question ${question.id} names no choice list`);
    return list.map((choice) => choice.value) as [string, ...string[]];
  };
  const country = z.string(say('notACountry')).refine(
    (value) => countryCodes.has(value) || (question.id === 'nationality' && (nationalityExtras as readonly string[]).includes(value)),
    say('notACountry'),
  );
  const language_ = z.string(say('notALanguage')).refine(isLanguageCode, say('notALanguage'));
  switch (question.type) {
    case 'text':
      return z.string(say('notText')).max(TEXT_MAX, say('tooLong'));
    case 'longText':
      return z.string(say('notText')).max(LONG_TEXT_MAX, say('tooLong'));
    case 'number': {
      let number = z.number(say('notANumber')).refine(Number.isFinite, say('notANumber'));
      if (question.integer) number = number.refine(Number.isInteger, say('notAWholeNumber'));
      if (question.min !== undefined) number = number.refine((value) => value >= question.min!, say('tooSmall'));
      if (question.max !== undefined) number = number.refine((value) => value <= question.max!, say('tooLarge'));
      return number;
    }
    case 'date':
      return z
        .string(say('notADate'))
        .refine((value) => isoDate.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().startsWith(value), say('notADate'));
    case 'choice':
      return z.enum(choiceValues(), say('notAChoice'));
    case 'multiChoice':
      // An empty list is an answer: a person may name no exploitation type.
      return z.array(z.enum(choiceValues(), say('notAChoice')), say('notAList')).max(100, say('tooManyItems'));
    case 'yesNo':
      return z.enum(['yes', 'no', 'unknown'], say('notAChoice'));
    case 'country':
      return country;
    case 'countries':
      // A direct flight crosses no transit country.
      return z.array(country, say('notAList')).max(50, say('tooManyItems'));
    case 'language':
      return language_;
    case 'languages':
      // The reference asks for at least one language (≥1): the person speaks something.
      return z.array(language_, say('notAList')).min(1, say('notAList')).max(20, say('tooManyItems'));
    case 'repeat':
      return z
        .array(z.object(shapeOf(question.questions ?? [], form, language)).strict(), say('notAList'))
        .max(question.maxItems ?? REPEAT_MAX, say('tooManyItems'));
    case 'note':
      return z.undefined(say('notAnswerable'));
  }
}

function shapeOf(questions: Question[], form: FormDefinition, language: Language): Record<string, z.ZodType> {
  return Object.fromEntries(
    questions.filter((question) => question.type !== 'note').map((question) => [question.id, answerSchema(question, form, language).optional()]),
  );
}

/** The structural schema (types only): what the JSON Schema export and API documentation show. */
export function answersShape(form: FormDefinition, language: Language = 'en') {
  return z.object(shapeOf(form.sections.flatMap((section) => section.questions), form, language)).strict();
}

export function jsonSchemaOf(form: FormDefinition) {
  return z.toJSONSchema(answersShape(form), { unrepresentable: 'any' });
}

/**
 * The full schema of a submission: types, then skip logic, required and constraints, evaluated
 * with the form's calculations as of `today` (the interview date).
 */
export function submissionSchema(form: FormDefinition, language: Language, today: string) {
  const fields = new Map(
    form.sections.flatMap((section) => section.questions.map((question) => [question.id, { question, section }] as const)),
  );
  return z.record(z.string(), z.unknown()).superRefine((answers, context) => {
    const report = (path: (string | number)[], text: string) => context.addIssue({ code: 'custom', path, message: text });
    for (const key of Object.keys(answers)) {
      if (!fields.has(key)) report([key], message('unknownQuestion', language));
    }
    // Skip logic and calculations read only answers of the right type: a value that is not
    // (an object with its own valueOf, say) is reported below and must not reach an expression.
    const typed = Object.fromEntries(
      Object.entries(answers).filter(([id, value]) => {
        const field = fields.get(id);
        return field !== undefined && answerSchema(field.question, form, language).safeParse(value).success;
      }),
    );
    const data = withCalculations(form, typed, today);
    const check = (question: Question, value: unknown, scope: Answers, path: (string | number)[], sectionRelevant: boolean) => {
      const relevant = sectionRelevant && holds(question.relevant, scope);
      const answered = value !== undefined && value !== null && value !== '';
      if (!relevant) {
        if (answered) report(path, message('notRelevant', language));
        return;
      }
      if (!answered) {
        const required = typeof question.required === 'object' ? holds(question.required, scope) : question.required === true;
        if (required) report(path, message('required', language));
        return;
      }
      const typed = answerSchema(question, form, language).safeParse(value);
      if (!typed.success) {
        for (const issue of typed.error.issues) report([...path, ...(issue.path as (string | number)[])], issue.message);
        return;
      }
      if (question.choiceFilter !== undefined) {
        const offered = new Set(choicesFor(form, question, scope).map((choice) => choice.value));
        if ((Array.isArray(value) ? value : [value]).some((choice) => !offered.has(choice as string))) return report(path, message('notAChoice', language));
      }
      if (question.type === 'repeat' && Array.isArray(value)) {
        value.forEach((item, index) => {
          const itemScope = withItemCalculations(question, item as Answers, scope);
          for (const inner of question.questions ?? []) {
            check(inner, (item as Answers)[inner.id], itemScope, [...path, index, inner.id], true);
          }
        });
      }
      if (question.constraint && !holds(question.constraint.expression, scope)) report(path, question.constraint.message[language]);
    };
    for (const { question, section } of fields.values()) {
      check(question, answers[question.id], data, [question.id], holds(section.relevant, data));
    }
  });
}

/** Validates a submission's answers; on failure every offending field is named. */
export function validateAnswers(form: FormDefinition, answers: unknown, language: Language, today: string): Validation {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    return { ok: false, fields: { answers: message('notAnswers', language) } };
  }
  const result = submissionSchema(form, language, today).safeParse(answers);
  if (result.success) return { ok: true, answers: result.data };
  // Own properties only: an answer named `toString` must be named too, not found on the prototype.
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const path = issue.path.join('.');
    if (!Object.hasOwn(fields, path)) fields[path] = issue.message;
  }
  return { ok: false, fields };
}

/**
 * What is wrong with a form definition itself, every problem named by where it is: what an
 * imported form must pass before it is stored (Puente's own forms pass it too).
 */
export function formProblems(form: FormDefinition): string[] {
  const problems: string[] = [];
  const formLanguages = form.languages ?? [...languages];
  for (const language of formLanguages) if (!(languages as readonly string[]).includes(language)) problems.push(`languages: ${language} is not a language Puente speaks`);
  if (form.defaultLanguage && !formLanguages.includes(form.defaultLanguage)) problems.push(`defaultLanguage: ${form.defaultLanguage} is not among the form's languages`);
  const known = new Set<string>(['_today']);
  const ids = new Set<string>();
  const name = (where: string, id: string) => {
    if (ids.has(id)) problems.push(`${where}: the id ${id} is used twice`);
    ids.add(id);
    known.add(id);
  };
  // Every id first: an expression may name a question that comes later (a section's relevant, say).
  const walkIds = (questions: Question[], where: string) => {
    for (const question of questions) {
      name(`${where}.${question.id}`, question.id);
      walkIds(question.questions ?? [], `${where}.${question.id}`);
      for (const calculation of question.calculations ?? []) name(`${where}.${question.id}.${calculation.id}`, calculation.id);
    }
  };
  for (const calculation of form.calculations ?? []) name(`calculations.${calculation.id}`, calculation.id);
  for (const section of form.sections) walkIds(section.questions, section.id);

  const expression = (where: string, value: Expression | undefined, extra: ReadonlySet<string> = new Set()) => {
    if (value === undefined) return;
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (node === null || typeof node !== 'object') return;
      const entries = Object.entries(node);
      if (entries.length !== 1) return void problems.push(`${where}: ${JSON.stringify(node).slice(0, 80)} is not one operation`);
      const [operation, args] = entries[0];
      if (!operations.has(operation)) return void problems.push(`${where}: unknown operation ${operation}`);
      if (operation === 'var') {
        const path = String(Array.isArray(args) ? args[0] : args);
        const root = path.split('.')[0];
        if (path !== '' && !known.has(root) && !extra.has(root)) problems.push(`${where}: names no question or calculation: ${path}`);
        return;
      }
      visit(args);
    };
    visit(value);
  };
  for (const calculation of form.calculations ?? []) expression(`calculations.${calculation.id}`, calculation.expression);
  const walk = (questions: Question[], where: string) => {
    for (const question of questions) {
      const at = `${where}.${question.id}`;
      expression(`${at}.relevant`, question.relevant);
      if (typeof question.required === 'object') expression(`${at}.required`, question.required);
      expression(`${at}.constraint`, question.constraint?.expression);
      const choiceType = question.type === 'choice' || question.type === 'multiChoice';
      if (choiceType && !form.choiceLists[question.choices ?? '']) problems.push(`${at}.choices: no choice list ${question.choices ?? '(none)'}`);
      if (question.choiceFilter !== undefined) {
        if (!choiceType) problems.push(`${at}.choiceFilter: only a choice question filters its choices`);
        expression(`${at}.choiceFilter`, question.choiceFilter, new Set(['_choice']));
      }
      if (question.integer && question.type !== 'number') problems.push(`${at}.integer: only a number question is whole`);
      if ((question.questions || question.calculations) && question.type !== 'repeat') problems.push(`${at}.questions: only a repeat has questions of its own`);
      if (question.default !== undefined) {
        const check = answerSchemaOrNull(question, form);
        if (question.type === 'note' || question.type === 'repeat' || !check?.safeParse(question.default).success) problems.push(`${at}.default: ${JSON.stringify(question.default)} is not an answer to this question`);
      }
      for (const calculation of question.calculations ?? []) expression(`${at}.${calculation.id}`, calculation.expression);
      walk(question.questions ?? [], at);
    }
  };
  for (const section of form.sections) {
    expression(`${section.id}.relevant`, section.relevant);
    walk(section.questions, section.id);
  }
  return problems;
}

function answerSchemaOrNull(question: Question, form: FormDefinition): z.ZodType | null {
  try {
    return answerSchema(question, form, 'en');
  } catch {
    return null;
  }
}
