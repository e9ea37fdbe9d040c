// From a form definition, the zod schema of a submission of that version: only relevant
// questions allowed, required ones enforced, choice values checked, every bad field named in the
// submitter's language.
import * as z from 'zod';
import { holds, withCalculations } from './expressions.ts';
import { message, type MessageId } from './messages.ts';
import { countryCodes, isLanguageCode, nationalityExtras } from './places.ts';
import type { Answers, FormDefinition, Language, Question } from './types.ts';

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
  }
}

function shapeOf(questions: Question[], form: FormDefinition, language: Language): Record<string, z.ZodType> {
  return Object.fromEntries(questions.map((question) => [question.id, answerSchema(question, form, language).optional()]));
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
      if (question.type === 'repeat' && Array.isArray(value)) {
        value.forEach((item, index) => {
          for (const inner of question.questions ?? []) {
            check(inner, (item as Answers)[inner.id], { ...scope, ...(item as Answers) }, [...path, index, inner.id], true);
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
