// The form engine's additions for imported forms: notes, whole numbers, choice filters, per-item
// calculations, XLSForm's functions; and the definition check every imported form must pass.
import { describe, expect, test } from 'vitest';
import { choicesFor, evaluate, fillLabel } from '../../../forms/engine/expressions.ts';
import { labels as L, type FormDefinition } from '../../../forms/engine/types.ts';
import { formProblems, validateAnswers } from '../../../forms/engine/validation.ts';
import { forms } from '../../../forms/registry.ts';

const TODAY = '2026-11-28';
const same = (text: string) => L(text, text, text, text);

const travel: FormDefinition = {
  id: 'travel',
  version: 1,
  published: TODAY,
  title: same('Travel'),
  languages: ['en', 'es'],
  defaultLanguage: 'en',
  sections: [
    {
      id: 'main',
      title: same('Main'),
      questions: [
        { id: 'intro', type: 'note', label: same('Read this first') },
        { id: 'people', type: 'number', integer: true, min: 0, label: same('People') },
        { id: 'weight', type: 'number', label: same('Weight') },
        { id: 'country', type: 'choice', choices: 'countries', label: same('Country') },
        { id: 'city', type: 'choice', choices: 'cities', choiceFilter: { '==': [{ var: '_choice.country' }, { var: 'country' }] }, label: same('City') },
        { id: 'visited', type: 'multiChoice', choices: 'cities', choiceFilter: { '==': [{ var: '_choice.country' }, { var: 'country' }] }, label: same('Visited') },
        {
          id: 'code',
          type: 'text',
          default: 'AB-1',
          label: same('Code'),
          constraint: { expression: { regex: [{ var: 'code' }, '^[A-Z]{2}-[0-9]+$'] }, message: same('Two letters, a dash, digits') },
        },
        {
          id: 'children',
          type: 'repeat',
          label: same('Children'),
          calculations: [{ id: 'doubled', expression: { '*': [{ var: 'age' }, 2] } }],
          questions: [{ id: 'age', type: 'number', integer: true, label: same('Age'), constraint: { expression: { '<': [{ var: 'doubled' }, 40] }, message: same('Under 20') } }],
        },
      ],
    },
  ],
  choiceLists: {
    countries: [
      { value: 'ke', label: same('Kenya') },
      { value: 'ug', label: same('Uganda') },
    ],
    cities: [
      { value: 'nairobi', label: same('Nairobi'), attributes: { country: 'ke' } },
      { value: 'mombasa', label: same('Mombasa'), attributes: { country: 'ke' } },
      { value: 'kampala', label: same('Kampala'), attributes: { country: 'ug' } },
    ],
  },
};

const validate = (answers: Record<string, unknown>) => validateAnswers(travel, answers, 'en', TODAY);

describe('imported forms in the engine', () => {
  test('every Puente form passes the definition check, and so does an imported-style form', () => {
    for (const form of forms.current()) expect(formProblems(form), form.id).toEqual([]);
    expect(formProblems(travel)).toEqual([]);
  });

  test('a note is never answered', () => {
    expect(validate({}).ok).toBe(true);
    expect(validate({ intro: 'hello' })).toEqual({ ok: false, fields: { intro: 'This is a note, not a question; leave it out' } });
  });

  test('whole numbers and decimals', () => {
    expect(validate({ people: 3, weight: 2.5 }).ok).toBe(true);
    expect(validate({ people: 2.5, weight: 2.5 })).toEqual({ ok: false, fields: { people: 'Enter a whole number' } });
  });

  test('a choice filter offers only the choices that hold for the answers so far, and the server refuses the others', () => {
    const city = travel.sections[0].questions.find((question) => question.id === 'city')!;
    expect(choicesFor(travel, city, { country: 'ke' }).map((choice) => choice.value)).toEqual(['nairobi', 'mombasa']);
    expect(choicesFor(travel, city, {}).map((choice) => choice.value)).toEqual([]);
    expect(validate({ country: 'ke', city: 'mombasa', visited: ['nairobi'] }).ok).toBe(true);
    expect(validate({ country: 'ug', city: 'mombasa', visited: ['kampala', 'nairobi'] })).toEqual({
      ok: false,
      fields: { city: 'Choose one of the listed answers', visited: 'Choose one of the listed answers' },
    });
  });

  test('a repeat calculates per item, and each item is checked with its own values', () => {
    expect(validate({ children: [{ age: 4 }, { age: 19 }] }).ok).toBe(true);
    expect(validate({ children: [{ age: 4 }, { age: 25 }] })).toEqual({ ok: false, fields: { 'children.1.age': 'Under 20' } });
  });

  test('regex constraints', () => {
    expect(validate({ code: 'XY-12' }).ok).toBe(true);
    expect(validate({ code: 'xy12' })).toEqual({ ok: false, fields: { code: 'Two letters, a dash, digits' } });
  });

  test("XLSForm's functions, with ODK's meaning", () => {
    expect(evaluate({ 'string-length': [{ var: 'a' }] }, { a: 'añ😀' })).toBe(3);
    expect(evaluate({ 'string-length': [{ var: 'a' }] }, {})).toBe(0);
    expect(evaluate({ int: [{ var: 'a' }] }, { a: -2.7 })).toBe(-2);
    expect(evaluate({ int: ['7.9'] }, {})).toBe(7);
    expect(evaluate({ int: [{ var: 'a' }] }, {})).toBeNull();
    expect(evaluate({ coalesce: [{ var: 'a' }, { var: 'b' }, 'x'] }, { a: '', b: 'b' })).toBe('b');
    expect(evaluate({ coalesce: [{ var: 'a' }] }, {})).toBe('');
    expect(evaluate({ 'count-selected': [{ var: 'a' }] }, { a: ['x', 'y'] })).toBe(2);
    expect(evaluate({ 'count-selected': [{ var: 'a' }] }, {})).toBe(0);
    expect(evaluate({ regex: [{ var: 'a' }, '[0-9]'] }, { a: 'ab3' })).toBe(true);
    expect(evaluate({ regex: [{ var: 'a' }, '('] }, { a: '(' })).toBe(false);
    expect(evaluate({ regex: [{ var: 'a' }, 'a'.repeat(501)] }, { a: 'a'.repeat(501) })).toBe(false);
  });

  test('the definition check names every bad field', () => {
    const bad: FormDefinition = {
      ...travel,
      languages: ['en', 'de' as never],
      defaultLanguage: 'fr',
      calculations: [{ id: 'people', expression: { sqrt: [4] } }],
      sections: [
        {
          id: 'main',
          title: same('Main'),
          relevant: { '==': [{ var: 'nowhere' }, 1] },
          questions: [
            { id: 'a', type: 'text', integer: true, choiceFilter: true, label: same('A') },
            { id: 'b', type: 'choice', choices: 'missing', label: same('B') },
            { id: 'c', type: 'number', default: 'three', label: same('C') },
            { id: 'd', type: 'choice', choices: 'countries', default: 'fr', label: same('D') },
          ],
        },
      ],
    };
    expect(formProblems(bad)).toEqual([
      'languages: de is not a language Puente speaks',
      'defaultLanguage: fr is not among the form\'s languages',
      'calculations.people: unknown operation sqrt',
      'main.relevant: names no question or calculation: nowhere',
      'main.a.choiceFilter: only a choice question filters its choices',
      'main.a.integer: only a number question is whole',
      'main.b.choices: no choice list missing',
      'main.c.default: "three" is not an answer to this question',
      'main.d.default: "fr" is not an answer to this question',
    ]);
  });
});

test('a label’s ${name} shows that answer or calculated value as the person reads it; unanswered, nothing', () => {
  const data = { members: 3, per_person: 1000 / 3, sources: ['work', 'remittances'], city: 'mombasa', nothing: null };
  expect(fillLabel('Income per person: ${per_person}', data)).toBe('Income per person: 333.33');
  expect(fillLabel('${members} people (${sources}) in ${city}', data)).toBe('3 people (work, remittances) in mombasa');
  expect(fillLabel('Ingreso: ${nothing}${missing}', data)).toBe('Ingreso: ');
  // Only the data's own values: nothing an object inherits.
  expect(fillLabel('${constructor}${toString}', data)).toBe('');
  expect(fillLabel('no reference: $ { members }', data)).toBe('no reference: $ { members }');
});
