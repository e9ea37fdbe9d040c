// XLSForm expressions ⇄ JsonLogic: parsed (not pattern-matched), translated with the form's fields
// known, refused with their place when they have no translation.
import { describe, expect, test } from 'vitest';
import { evaluate } from '../../../forms/engine/expressions.ts';
import { forms } from '../../../forms/registry.ts';
import type { Expression, FormDefinition, Question } from '../../../forms/engine/types.ts';
import { jsonLogicToXPath, parseXPath, xpathToJsonLogic, type Fields } from '../../../functions/domain/xlsform/xpath.ts';
import { XlsFormRefusal } from '../../../functions/domain/xlsform/refusal.ts';

const place = { sheet: 'survey', row: 7, column: 'relevant' };
const fields: Fields = { kinds: new Map([['age', 'value'], ['name', 'value'], ['sex', 'value'], ['crops', 'list'], ['dob', 'value'], ['n', 'value']] as const) };
const logic = (text: string, extra: Partial<Fields> = {}) => xpathToJsonLogic(text, { ...fields, ...extra }, place);

describe('XLSForm expressions into JsonLogic', () => {
  test('operators bind as XPath says: or < and < equality < order < + - < * div mod', () => {
    expect(logic("1 + 2 * 3 = 7 and not(${sex} = 'f') or ${age} > 2")).toEqual({
      or: [{ and: [{ '==': [{ '+': [1, { '*': [2, 3] }] }, 7] }, { '!': { '==': [{ var: 'sex' }, 'f'] } }] }, { '>': [{ var: 'age' }, 2] }],
    });
    expect(logic('10 - 4 - 3')).toEqual({ '-': [{ '-': [10, 4] }, 3] });
    expect(evaluate(logic('10 - 4 - 3'), {})).toBe(3);
    expect(evaluate(logic('7 mod 4 * 2 + 9 div 3'), {})).toBe(9);
    expect(evaluate(logic('-(2 + 3) * -1'), {})).toBe(5);
  });

  test('fields, the current answer, emptiness and selected() by the question’s type', () => {
    expect(logic('. >= 18', { self: 'age' })).toEqual({ '>=': [{ var: 'age' }, 18] });
    expect(logic("${name} != ''")).toEqual({ answered: [{ var: 'name' }] });
    expect(logic("'' = ${name}")).toEqual({ '!': { answered: [{ var: 'name' }] } });
    expect(logic("selected(${crops}, 'maize')")).toEqual({ in: ['maize', { var: 'crops' }] });
    expect(logic("selected(${sex}, 'f')")).toEqual({ '==': [{ var: 'sex' }, 'f'] });
    expect(logic("selected('ke ug', ${sex})")).toEqual({ in: [{ var: 'sex' }, ['ke', 'ug']] });
    // select_one 'f' is not selected in 'ff': equality, not a substring test.
    expect(evaluate(logic("selected(${sex}, 'f')"), { sex: 'ff' })).toBe(false);
  });

  test('the functions of the subset', () => {
    const data = { name: 'Ana', crops: ['a', 'b'], age: 12.7, dob: '2008-11-29', _today: '2026-11-28' };
    const cases: [string, unknown][] = [
      ['string-length(${name}) = 3', true],
      ['count-selected(${crops})', 2],
      ["regex(${name}, '^[A-Z][a-z]+$')", true],
      ['int(${age})', 12],
      ["coalesce(${sex}, 'none')", 'none'],
      ["if(${age} > 18, 'adult', 'child')", 'child'],
      ['today()', '2026-11-28'],
      ['true() and not(false())', true],
      ["concat(${name}, '-', 1)", 'Ana-1'],
      ["contains(${name}, 'n')", true],
      ["int((number(format-date(today(), '%Y%m%d')) - number(format-date(${dob}, '%Y%m%d'))) div 10000)", 17],
    ];
    for (const [text, expected] of cases) expect(evaluate(logic(text), data), text).toEqual(expected);
  });

  test('a choice filter reads the columns of the choices sheet by bare name', () => {
    expect(logic('country = ${sex}', { choiceColumns: new Set(['country']) })).toEqual({ '==': [{ var: '_choice.country' }, { var: 'sex' }] });
  });

  test.each([
    ['${nobody} = 1', 'names no question'],
    ["position(..) = 1", 'parent path'],
    ["pulldata('x', 'y', 'z', ${age})", 'the function pulldata()'],
    ['${age} = ', 'ends too soon'],
    ["${age} = 'open", 'unclosed string'],
    ['${age} | ${n}', 'character “|”'],
    ['(${age} = 1', '“)” expected'],
    ['age > 1', 'bare name age'],
    ['string-length()', 'takes 1 argument'],
    ['instance("cities")/root/item', 'character “/”'],
    ["regex(${name}, '^(a+)+$')", 'repeats inside'],
    ["regex(${name}, '(x{1,}y?)*')", 'repeats inside'],
    ["regex(${name}, ${n})", 'not written out'],
    ["regex(${name}, '[a-')", 'does not compile'],
  ])('refused with its row and column: %s', (text, words) => {
    let refusal: unknown;
    try {
      logic(text);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(XlsFormRefusal);
    expect(refusal).toMatchObject({ code: 'XLSFORM_UNSUPPORTED', sheet: 'survey', row: 7, column: 'relevant' });
    expect((refusal as Error).message).toContain(words);
  });

  test('the parser is not fooled by strings that look like operators', () => {
    expect(parseXPath("${name} = 'a and b or ${c}'", place)).toEqual({ kind: 'binary', operator: '=', left: { kind: 'ref', name: 'name' }, right: { kind: 'string', value: 'a and b or ${c}' } });
  });
});

/** Every expression of every Puente form, with the question it belongs to. */
function expressionsOf(form: FormDefinition): [string, Expression, string | undefined][] {
  const found: [string, Expression, string | undefined][] = (form.calculations ?? []).map((c) => [c.id, c.expression, undefined]);
  const walk = (questions: Question[]) => {
    for (const q of questions) {
      if (q.relevant !== undefined) found.push([`${q.id}.relevant`, q.relevant, undefined]);
      if (typeof q.required === 'object') found.push([`${q.id}.required`, q.required, undefined]);
      if (q.constraint) found.push([`${q.id}.constraint`, q.constraint.expression, q.id]);
      walk(q.questions ?? []);
    }
  };
  for (const section of form.sections) {
    if (section.relevant !== undefined) found.push([`${section.id}.relevant`, section.relevant, undefined]);
    walk(section.questions);
  }
  return found;
}

describe('Puente’s expressions into XPath and back', () => {
  const samples = [
    {},
    { consentInterview: 'no', exploitationTypes: ['sexual_exploitation'], workedOrExploited: 'yes', ageEstimate: 15, gender: 'woman', age: 15, nationality: 'FR' },
    { consentInterview: 'yes', exploitationTypes: ['forced_labour'], workedOrExploited: 'yes', dateOfBirth: '2008-11-29', age: 17, child: true, treatedAsChild: true, nationality: 'CO' },
    { dateOfBirth: '2030-01-01', ageDisputed: 'yes', age: 19, type: 'shelter', bedsFree: 5, capacity: 3, ageMin: 4, ageMax: 2, toldRevocable: 'no', outcome: 'declined' },
    { dateOfBirth: '2008-11-27', minorsPresent: 'yes', sourceAnonymous: 'no', guardianAppointed: 'yes', bedsFree: 1, capacity: 3, ageMin: 4, ageMax: 9 },
  ].map((answers) => ({ _today: '2026-11-28', ...answers }));

  test.each(forms.current().map((form) => [form.id, form] as const))('%s: every expression evaluates the same after XPath and back', (_id, form) => {
    const questions = form.sections.flatMap((s) => s.questions).flatMap((q) => [q, ...(q.questions ?? [])]);
    const lists = new Set(questions.filter((q) => ['multiChoice', 'countries', 'languages'].includes(q.type)).map((q) => q.id));
    const kinds: Fields['kinds'] = new Map([...questions.map((q) => q.id), ...(form.calculations ?? []).map((c) => c.id)].map((id) => [id, lists.has(id) ? 'list' : 'value'] as const));
    for (const [where, expression, self] of expressionsOf(form)) {
      const text = jsonLogicToXPath(expression, { lists, self });
      const back = xpathToJsonLogic(text, { kinds, self }, place);
      for (const sample of samples) expect(Boolean(evaluate(back, sample)), `${where}: ${text}`).toBe(Boolean(evaluate(expression, sample)));
      for (const sample of samples) if (!where.includes('.')) expect(evaluate(back, sample), `${where}: ${text}`).toEqual(evaluate(expression, sample));
    }
  });

  test('`in` over a text is contains(), and back', () => {
    const expression = { in: ['b', { var: 'name' }] };
    const text = jsonLogicToXPath(expression, { lists: new Set() });
    expect(text).toBe("contains(${name}, 'b')");
    expect(logic(text)).toEqual(expression);
  });

  test('the screening interview’s age is exact around a birthday in XPath too', () => {
    const age = forms.get('screening-interview')!.calculations![0].expression;
    expect(jsonLogicToXPath(age, { lists: new Set() })).toBe(
      "if((${dateOfBirth} != '') and (${dateOfBirth} <= today()), int((number(format-date(today(), '%Y%m%d')) - number(format-date(${dateOfBirth}, '%Y%m%d'))) div 10000), ${ageEstimate})",
    );
  });
});
