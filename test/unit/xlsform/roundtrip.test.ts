// Every Puente form → XLSForm → import: the same question ids, types (by the documented
// mapping), choices and expressions that evaluate alike on sample answers.
import { describe, expect, test } from 'vitest';
import { evaluate } from '../../../forms/engine/expressions.ts';
import type { Expression, FormDefinition, Question } from '../../../forms/engine/types.ts';
import { forms } from '../../../forms/registry.ts';
import { readFileSync } from 'node:fs';
import { readXlsForm, writeXlsForm } from '../../../functions/domain/xlsform/index.ts';
import { fixture } from '../../fixtures/xlsform/build.ts';

/** XLSForm has fewer types than Puente: what each becomes on the way back. */
const mapped: Record<Question['type'], Question['type']> = {
  text: 'text', longText: 'text', number: 'number', date: 'date', choice: 'choice', multiChoice: 'multiChoice', yesNo: 'choice',
  country: 'choice', countries: 'multiChoice', language: 'choice', languages: 'multiChoice', repeat: 'repeat', note: 'note',
};
const questionsOf = (form: FormDefinition): Question[] => form.sections.flatMap((s) => s.questions).flatMap(function all(q: Question): Question[] { return [q, ...(q.questions ?? []).flatMap(all)]; });
const valuesOf = (form: FormDefinition, question: Question) => (form.choiceLists[question.choices ?? ''] ?? []).map((c) => c.value);

const samples = [
  {},
  { consentInterview: 'no', exploitationTypes: ['sexual_exploitation'], workedOrExploited: 'yes', ageEstimate: 15, gender: 'woman', nationality: 'FR', recruitedByThirdParty: 'yes' },
  { consentInterview: 'yes', exploitationTypes: ['forced_labour'], workedOrExploited: 'yes', dateOfBirth: '2008-11-29', nationality: 'CO', fearOfReturn: 'yes' },
  { dateOfBirth: '2030-01-01', ageDisputed: 'yes', ageEstimate: 19, type: 'shelter', bedsFree: 5, capacity: 3, ageMin: 4, ageMax: 2, toldRevocable: 'no', outcome: 'declined' },
  { dateOfBirth: '2008-11-27', minorsPresent: 'yes', sourceAnonymous: 'no', guardianAppointed: 'yes', bedsFree: 1, capacity: 3, ageMin: 4, ageMax: 9, gender: 'woman' },
].map((answers) => ({ _today: '2026-11-28', ...answers }));

/** The data an expression sees: the answers with the form's calculations, as ODK would see them. */
function scope(form: FormDefinition, answers: Record<string, unknown>) {
  const data: Record<string, unknown> = { ...answers };
  for (const c of form.calculations ?? []) data[c.id] = evaluate(c.expression, data);
  return data;
}

describe('Puente → XLSForm → import', () => {
  test.each(forms.current().map((form) => [form.id, form] as const))('%s keeps its questions, choices and rules', async (_id, form) => {
    const bytes = await writeXlsForm(form);
    const { form: back } = await readXlsForm(bytes, { version: 7, published: '2026-11-29' });
    expect(back.id).toBe(form.id);
    expect(back.version).toBe(7);
    expect(back.source).toEqual({ format: 'xlsform', formId: form.id, version: String(form.version) });
    expect(back.languages).toEqual(['en', 'es', 'fr', 'pt']);
    // XLSForm's form_title has no languages: the title comes back in the default language.
    expect(back.title.en).toEqual(form.title.en);
    const before = questionsOf(form);
    const after = new Map(questionsOf(back).map((q) => [q.id, q]));
    expect([...after.keys()]).toEqual(before.map((q) => q.id));
    expect(back.calculations?.map((c) => c.id)).toEqual(form.calculations?.map((c) => c.id));
    for (const question of before) {
      const again = after.get(question.id)!;
      expect(again.type, question.id).toBe(mapped[question.type]);
      expect(again.label, question.id).toEqual(question.label);
      if (question.hint) expect(again.hint, question.id).toEqual(question.hint);
      expect(Boolean(again.required), question.id).toBe(Boolean(question.required));
      if (question.choices) {
        expect(valuesOf(back, again), question.id).toEqual(valuesOf(form, question));
        expect(back.choiceLists[again.choices!].map((c) => c.label), question.id).toEqual(form.choiceLists[question.choices].map((c) => c.label));
      }
      if (question.type === 'yesNo') expect(valuesOf(back, again)).toEqual(['yes', 'no', 'unknown']);
      if (question.type === 'number') expect(again.integer ?? false).toBe(question.integer ?? false);
      const pairs: [string, Expression | undefined, Expression | undefined][] = [
        ['relevant', question.relevant, again.relevant],
        ['required', typeof question.required === 'object' ? question.required : undefined, typeof again.required === 'object' ? again.required : undefined],
        ['constraint', question.constraint?.expression, question.constraint ? again.constraint?.expression : undefined],
      ];
      for (const [what, original, imported] of pairs) {
        expect(imported === undefined, `${question.id}.${what}`).toBe(original === undefined);
        if (original === undefined) continue;
        for (const sample of samples) {
          const answers = { ...sample, [question.id]: (sample as Record<string, unknown>)[question.id] };
          expect(Boolean(evaluate(imported!, scope(back, answers))), `${question.id}.${what} on ${JSON.stringify(sample)}`).toBe(Boolean(evaluate(original, scope(form, answers))));
        }
      }
      if (question.min !== undefined || question.max !== undefined) {
        const inside = question.min ?? question.max!;
        const outside = question.min !== undefined ? question.min - 1 : question.max! + 1;
        expect(evaluate(again.constraint!.expression, { [question.id]: inside })).toBeTruthy();
        expect(evaluate(again.constraint!.expression, { [question.id]: outside })).toBeFalsy();
      }
    }
    for (const [s, section] of form.sections.entries()) {
      const title = back.sections.find((other) => other.questions[0]?.id === section.questions[0]?.id)?.title;
      expect(title, `section ${s}`).toEqual(section.title);
    }
  });

  test('the screening interview carries country, language and yes/no lists with names in every language', async () => {
    const { form } = await readXlsForm(await writeXlsForm(forms.get('screening-interview')!), { version: 1, published: '2026-11-29' });
    const nationality = questionsOf(form).find((q) => q.id === 'nationality')!;
    const list = form.choiceLists[nationality.choices!];
    expect(list.find((c) => c.value === 'MX')?.label).toEqual({ en: 'Mexico', es: 'México', fr: 'Mexique', pt: 'México' });
    expect(list.map((c) => c.value)).toContain('stateless');
    const spoken = questionsOf(form).find((q) => q.id === 'languages')!;
    expect(form.choiceLists[spoken.choices!].find((c) => c.value === 'quc')?.label.en).toMatch(/^K.iche.$/);
  });

  test('an imported form exported and imported again is the same definition', async () => {
    const options = { version: 2, published: '2026-11-29' };
    const { form } = await readXlsForm(readFileSync(fixture('household.xlsx')), options);
    const { form: again, warnings } = await readXlsForm(await writeXlsForm(form), options);
    expect(again).toEqual(form);
    // Nothing is left out on the way (the note's ${per_person} names a calculation: it is filled in, not warned of).
    expect(warnings).toEqual([]);
  });
});
