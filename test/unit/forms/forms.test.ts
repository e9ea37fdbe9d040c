// The form engine and the field's instruments, against docs/reference.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { jsonSchemaOf, validateAnswers } from '../../../forms/engine/validation.ts';
import { languages, type Answers, type FormDefinition, type Labels, type Question } from '../../../forms/engine/types.ts';
import { FormRegistry, forms } from '../../../forms/registry.ts';
import { screeningInterviewV1 } from '../../../forms/screening-interview/v1.ts';
import { labourTipV1 } from '../../../forms/labour-tip/v1.ts';
import { taskKinds, decisionFormsV1 } from '../../../forms/decisions/v1.ts';
import { messageCatalogue } from '../../../forms/engine/messages.ts';
import { screening } from '../../helpers/api.ts';

const reference = (name: string) => readFileSync(resolve(import.meta.dirname, '../../../docs/reference', name), 'utf8');

/** Every id the reference names: first cells of its tables, and `id` at the start of a line. */
function referenceIds(markdown: string): Set<string> {
  const ids = new Set<string>();
  for (const line of markdown.split('\n')) {
    const cell = /^\|\s*([a-z][A-Za-z]+(?:,\s*[a-z][A-Za-z]+)*)\s*\|/.exec(line)?.[1];
    if (cell && cell !== 'id') for (const id of cell.split(/,\s*/)) ids.add(id);
    for (const match of line.matchAll(/^`([a-z][A-Za-z]+)`[ :(]/g)) ids.add(match[1]);
  }
  for (const match of markdown.matchAll(/`(ilo[A-Z][A-Za-z]+)`/g)) ids.add(match[1]);
  return ids;
}

const questionsOf = (form: FormDefinition): Question[] => form.sections.flatMap((section) => section.questions);
const idsOf = (form: FormDefinition) => new Set([...questionsOf(form).map((q) => q.id), ...(form.calculations ?? []).map((c) => c.id)]);

const TODAY = '2026-11-28';

/** A complete, consented adult interview (the same one the API tests submit); tests change what they examine. */
const adult = (extra: Answers = {}): Answers => screening({ givenName: undefined, ageEstimate: 30, consentLawEnforcement: 'yes', ...extra }).answers;

describe('every published form', () => {
  test.each(forms.current().map((form) => [form.id, form] as const))('%s compiles to a schema and a JSON Schema', (_id, form) => {
    expect(jsonSchemaOf(form)).toMatchObject({ type: 'object' });
    for (const question of questionsOf(form)) {
      if (question.choices) expect(form.choiceLists[question.choices], `${form.id}.${question.id}`).toBeDefined();
    }
  });

  test.each(forms.current().map((form) => [form.id, form] as const))('%s is translated into every language', (_id, form) => {
    const missing: string[] = [];
    const check = (where: string, text: Labels | undefined) => {
      if (!text) return;
      for (const language of languages) if (!text[language]?.trim()) missing.push(`${where} [${language}]`);
    };
    check('title', form.title);
    const walk = (questions: Question[]) => {
      for (const question of questions) {
        check(question.id, question.label);
        check(`${question.id}.hint`, question.hint);
        check(`${question.id}.constraint`, question.constraint?.message);
        walk(question.questions ?? []);
      }
    };
    for (const section of form.sections) {
      check(section.id, section.title);
      walk(section.questions);
    }
    for (const [list, choices] of Object.entries(form.choiceLists)) for (const choice of choices) check(`${list}.${choice.value}`, choice.label);
    expect(missing).toEqual([]);
  });

  test('validation messages exist in every language', () => {
    for (const [id, text] of Object.entries(messageCatalogue)) for (const language of languages) expect(text[language], `${id} ${language}`).toBeTruthy();
  });

  // Countries and languages are pick-lists searched by name: no hint or message asks a person for a code.
  test('no hint or validation message asks for a country or language code, in any language', () => {
    const asksForCode = /\bcode|código|letras|lettres|\bISO\b/i;
    const hints = forms.current().flatMap((form) => questionsOf(form).flatMap((question) => [question, ...(question.questions ?? [])]).map((question) => [`${form.id}.${question.id}`, question.hint] as const));
    const words = [...hints, ...Object.entries(messageCatalogue)].flatMap(([where, text]) => languages.map((language) => [`${where} [${language}]`, text?.[language] ?? ''] as const));
    expect(words.filter(([, text]) => asksForCode.test(text)).map(([where]) => where)).toEqual([]);
  });

  test('there is a decision form for every task kind', () => {
    expect(Object.keys(decisionFormsV1).sort()).toEqual([...taskKinds].sort());
  });
});

describe('the instruments carry every id of the reference', () => {
  test('screening interview', () => {
    const ids = referenceIds(reference('screening-interview.md'));
    expect(ids.size).toBeGreaterThan(100);
    const have = idsOf(screeningInterviewV1);
    expect([...ids].filter((id) => !have.has(id))).toEqual([]);
  });

  test('labour tip', () => {
    const ids = referenceIds(reference('labour-tip.md'));
    expect(ids.size).toBeGreaterThan(20);
    const have = idsOf(labourTipV1);
    expect([...ids].filter((id) => !have.has(id))).toEqual([]);
  });

  test('every Delphi indicator has its dimension and strength from the reference', () => {
    const markdown = reference('screening-interview.md');
    const strengths = { S: 'strong', M: 'medium', W: 'weak' } as const;
    let checked = 0;
    for (const [, id, letter] of markdown.matchAll(/^\|\s*([a-z]{2}[A-Z]\w+)\s*\|\s*([SMW])\s*\|/gm)) {
      const question = questionsOf(screeningInterviewV1).find((q) => q.id === id);
      expect(question?.indicator?.strength, id).toBe(strengths[letter as keyof typeof strengths]);
      checked++;
    }
    expect(checked).toBe(66);
  });
});

describe('skip logic', () => {
  const validate = (answers: Answers, language: 'en' | 'es' | 'fr' | 'pt' = 'en') => validateAnswers(screeningInterviewV1, answers, language, TODAY);

  test('a complete adult interview is valid', () => {
    expect(validate(adult())).toEqual({ ok: true, answers: adult() });
  });

  test('a 15-year-old gets the child questions; their separation status is required', () => {
    const result = validate(adult({ ageEstimate: 15 }));
    expect(result).toEqual({ ok: false, fields: { separationStatus: expect.any(String) } });
    expect(validate(adult({ ageEstimate: 15, separationStatus: 'unaccompanied', separationCause: 'migration' })).ok).toBe(true);
  });

  test('a 30-year-old does not: answering a child question is rejected', () => {
    const result = validate(adult({ separationStatus: 'unaccompanied', birthRegistered: 'yes' }));
    expect(result.ok).toBe(false);
    expect(Object.keys((result as { fields: object }).fields).sort()).toEqual(['birthRegistered', 'separationStatus']);
  });

  test('a 19-year-old whose age is disputed is treated as a child (presumption of minority)', () => {
    expect(validate(adult({ ageEstimate: 19, ageDisputed: 'yes' })).ok).toBe(false);
    expect(validate(adult({ ageEstimate: 19, ageDisputed: 'yes', separationStatus: 'separated', ageAssessmentNeeded: 'yes' })).ok).toBe(true);
    expect(validate(adult({ ageEstimate: 19, ageDisputed: 'no', separationStatus: 'separated' })).ok).toBe(false);
  });

  test('age comes from the date of birth when given, as of the interview date', () => {
    // Turned 18 the day before the interview: an adult.
    expect(validate(adult({ ageEstimate: undefined, dateOfBirth: '2008-11-27' })).ok).toBe(true);
    // Turns 18 the day after: a child.
    expect(validate(adult({ ageEstimate: undefined, dateOfBirth: '2008-11-29' })).ok).toBe(false);
  });

  test('recruitment indicators are asked only behind their gate', () => {
    expect(validate(adult({ drNatureOfJob: 'yes' }))).toMatchObject({ ok: false, fields: { drNatureOfJob: expect.any(String) } });
    expect(validate(adult({ recruitedByThirdParty: 'yes', drNatureOfJob: 'yes', recruitmentMethod: 'online_advert' })).ok).toBe(true);
  });

  test('no consent to the interview ends it after profile and needs', () => {
    const declined = adult({ consentInterview: 'no' });
    delete declined.recruitedByThirdParty;
    delete declined.workedOrExploited;
    expect(validate(declined).ok).toBe(true);
    expect(validate({ ...declined, fearOfReturn: 'yes' })).toMatchObject({ ok: false, fields: { fearOfReturn: expect.any(String) } });
  });

  test('every bad field is named at once: missing, wrong type, not a choice, unknown, not relevant', () => {
    const answers = adult({ gender: 'robot', ageEstimate: 'thirty', favouriteColour: 'blue', pregnant: 'yes' });
    delete answers.immediateDanger;
    const result = validate(answers);
    expect(result.ok).toBe(false);
    expect(Object.keys((result as { fields: object }).fields).sort()).toEqual([
      'ageEstimate',
      'favouriteColour',
      'gender',
      'immediateDanger',
      'pregnant',
    ]);
  });

  test('messages, constraint messages included, come in the submitter’s language', () => {
    const answers = adult({ ageEstimate: undefined, dateOfBirth: '2030-01-01', gender: 'robot' });
    expect(validate(answers, 'es')).toEqual({
      ok: false,
      fields: { dateOfBirth: 'La fecha de nacimiento no puede ser futura', gender: 'Elija una de las respuestas de la lista' },
    });
    expect((validate(answers, 'pt') as { fields: Record<string, string> }).fields.dateOfBirth).toBe('A data de nascimento não pode ser no futuro');
    expect((validate(answers, 'fr') as { fields: Record<string, string> }).fields.gender).toBe('Choisissez l’une des réponses proposées');
  });

  test('the tip hides the source contact when the source is anonymous', () => {
    const tip = { workplaceName: 'Finca El Sol', workplaceAddress: 'Km 40', country: 'GT', sector: 'agriculture', howObserved: 'anonymous_tip', immediateDangerObserved: 'no' };
    expect(validateAnswers(labourTipV1, { ...tip, sourceAnonymous: 'yes', sourceContact: '555' }, 'en', TODAY)).toMatchObject({ ok: false, fields: { sourceContact: expect.any(String) } });
    expect(validateAnswers(labourTipV1, { ...tip, sourceAnonymous: 'no', sourceContact: '555' }, 'en', TODAY).ok).toBe(true);
  });

  test('repeat groups validate each item and name the item', () => {
    const inspection = decisionFormsV1.inspection;
    const report = { inspectionDate: '2026-11-20', forcedLabourFound: 'yes', peopleIdentified: [{ gender: 'woman', languages: ['es'] }, { gender: 'x' }] };
    expect(validateAnswers(inspection, report, 'en', TODAY)).toMatchObject({ ok: false, fields: { 'peopleIdentified.1.gender': expect.any(String) } });
  });
});

describe('versions', () => {
  test('a submission made on an older version still validates against it after a new one is published', () => {
    const v2: FormDefinition = {
      ...screeningInterviewV1,
      version: 2,
      sections: screeningInterviewV1.sections.map((section) =>
        section.id === 'needs'
          ? { ...section, questions: [...section.questions, { id: 'foodNeeded', type: 'yesNo', required: true, label: screeningInterviewV1.title }] }
          : section,
      ),
    };
    const registry = new FormRegistry([screeningInterviewV1, v2]);
    expect(registry.get('screening-interview')?.version).toBe(2);
    expect(validateAnswers(registry.get('screening-interview', 1)!, adult(), 'en', TODAY).ok).toBe(true);
    expect(validateAnswers(registry.get('screening-interview', 2)!, adult(), 'en', TODAY)).toMatchObject({ ok: false, fields: { foodNeeded: expect.any(String) } });
  });
});
