// Reading XLSForm workbooks: a hand-made form behaves as written; what Puente cannot honour is
// refused with its sheet, row and column; hostile workbooks are refused before they are parsed.
import { readFileSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { choicesFor } from '../../../forms/engine/expressions.ts';
import type { Question } from '../../../forms/engine/types.ts';
import { formProblems, jsonSchemaOf, validateAnswers } from '../../../forms/engine/validation.ts';
import { xlsformPolicy } from '../../../functions/domain/policy.ts';
import { readXlsForm, XlsFormRefusal } from '../../../functions/domain/xlsform/index.ts';
import { writeWorkbook } from '../../../functions/domain/xlsform/xlsx.ts';
import { fixture, householdAnswers, householdChoices, householdSurvey, workbook } from '../../fixtures/xlsform/build.ts';

const options = { version: 1, published: '2026-11-29' };
const TODAY = '2026-11-29';
const household = () => readXlsForm(readFileSync(fixture('household.xlsx')), options);
const questions = (form: { sections: { questions: Question[] }[] }) => form.sections.flatMap((s) => s.questions).flatMap((q) => [q, ...(q.questions ?? [])]);

async function refusal(promise: Promise<unknown>): Promise<XlsFormRefusal> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof XlsFormRefusal) return error;
    throw error;
  }
  throw new Error('the workbook was accepted');
}

/** The household survey with one row replaced (index into householdSurvey, header = 0). */
const withRow = (index: number, row: (string | null)[]) => householdSurvey.map((existing, at) => (at === index ? row : existing));
const rowOf = (name: string) => householdSurvey.findIndex((row) => row[1] === name);

describe('a hand-made XLSForm', () => {
  test('imports with its names, groups, repeat, languages and calculations', async () => {
    const { form, warnings } = await household();
    expect(form.id).toBe('household_visit');
    expect(form.source).toEqual({ format: 'xlsform', formId: 'household_visit', version: '2026112901' });
    expect(form.languages).toEqual(['en', 'es', 'fr']);
    expect(form.defaultLanguage).toBe('en');
    expect(form.sections.map((s) => s.id)).toEqual(['survey', 'place', 'household']);
    expect(questions(form).map((q) => [q.id, q.type])).toEqual([
      ['welcome', 'note'], ['country', 'choice'], ['city', 'choice'], ['visit_date', 'date'], ['members', 'number'], ['has_children', 'choice'],
      ['child', 'repeat'], ['child_name', 'text'], ['child_age', 'number'], ['in_school', 'choice'],
      ['monthly_income', 'number'], ['income_sources', 'multiChoice'], ['other_source', 'text'], ['summary', 'note'],
    ]);
    const city = questions(form).find((q) => q.id === 'city')!;
    // Portuguese is not in the form: its labels stand in the default language.
    expect(city.label).toEqual({ en: 'City', es: 'Ciudad', fr: 'Ville', pt: 'City' });
    expect(city.required).toBe(true);
    expect(questions(form).find((q) => q.id === 'members')).toMatchObject({ integer: true, default: 1 });
    expect(questions(form).find((q) => q.id === 'monthly_income')!.integer).toBeUndefined();
    expect(form.calculations?.map((c) => c.id)).toEqual(['per_person']);
    expect(formProblems(form)).toEqual([]);
    // The API documents an imported form's answers like Puente's own: notes are not among them.
    const schema = jsonSchemaOf(form) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toContain('child');
    expect(Object.keys(schema.properties)).not.toContain('welcome');
    expect(questions(form).find((q) => q.id === 'child')!.calculations?.map((c) => c.id)).toEqual(['child_is_young']);
    expect(warnings).toEqual([
      { sheet: 'survey', row: 1, column: 'appearance', message: expect.stringContaining('ignored') },
      { sheet: 'survey', row: 2, column: 'type', message: expect.stringContaining('start') },
      { sheet: 'survey', row: 3, column: 'type', message: expect.stringContaining('end') },
      { sheet: 'survey', row: 19, column: 'type', message: expect.stringContaining('the group income is inside another group') },
    ]);
  });

  test('behaves as written: skip logic, constraints with their messages, the choice filter, the repeat', async () => {
    const { form } = await household();
    const validate = (answers: Record<string, unknown>, language: 'en' | 'es' | 'fr' = 'en') => validateAnswers(form, answers, language, TODAY);
    expect(validate(householdAnswers)).toEqual({ ok: true, answers: householdAnswers });
    const city = questions(form).find((q) => q.id === 'city')!;
    expect(choicesFor(form, city, { country: 'ug' }).map((c) => c.value)).toEqual(['kampala']);
    expect(validate({ ...householdAnswers, city: 'kampala' })).toEqual({ ok: false, fields: { city: 'Choose one of the listed answers' } });
    expect(validate({ ...householdAnswers, visit_date: '2026-12-01' }, 'es')).toEqual({ ok: false, fields: { visit_date: 'No en el futuro' } });
    expect(validate({ ...householdAnswers, members: 31 }, 'fr')).toEqual({ ok: false, fields: { members: 'Entre 1 et 30' } });
    expect(validate({ ...householdAnswers, members: 1.5 })).toMatchObject({ ok: false, fields: { members: 'Enter a whole number' } });
    // One member: no children question, no repeat.
    const alone = { ...householdAnswers, members: 1 };
    expect(validate(alone)).toEqual({ ok: false, fields: { has_children: 'This question does not apply given the other answers; leave it out' } });
    const { has_children: _h, child: _c, ...withoutChildren } = alone;
    expect(validate(withoutChildren).ok).toBe(true);
    // Inside the repeat: each child checked on its own answers; school asked from 5.
    expect(validate({ ...householdAnswers, child: [{ child_name: 'Juma', child_age: 3, in_school: 'no' }, { child_name: 'Zawadi', child_age: 19 }] })).toEqual({
      ok: false,
      fields: { 'child.0.in_school': expect.any(String), 'child.1.child_age': 'A child is under 18' },
    });
    // Nested group: its relevance and the question's own both hold.
    expect(validate({ ...householdAnswers, income_sources: ['trade'], other_source: 'x' })).toEqual({ ok: false, fields: { other_source: expect.any(String) } });
    expect(validate({ ...householdAnswers, other_source: undefined })).toEqual({ ok: false, fields: { other_source: 'This question must be answered' } });
    expect(validate({ ...householdAnswers, welcome: 'hi' })).toMatchObject({ ok: false, fields: { welcome: expect.any(String) } });
  });

  test('an unsupported expression is refused with its row and column', async () => {
    const refused = await refusal(readXlsForm(readFileSync(fixture('unsupported.xlsx')), options));
    expect(refused).toMatchObject({ code: 'XLSFORM_UNSUPPORTED', sheet: 'survey', row: 6, column: 'relevant' });
    expect(refused.message).toContain('pulldata()');
  });

  test('?formId= overrides settings.form_id; the version is the one given', async () => {
    const { form } = await readXlsForm(readFileSync(fixture('household.xlsx')), { formId: 'visits', version: 3, published: '2026-12-01' });
    expect(form).toMatchObject({ id: 'visits', version: 3, published: '2026-12-01', source: { formId: 'household_visit' } });
  });

  test('headers as other tools write them: plain label in the default language, language names without codes', async () => {
    const survey = [
      ['TYPE', 'Name', 'Label', 'label::English', 'Constraint Message', 'relevance', 'hint::fr'],
      ['integer', 'age', 'Edad', 'Age', 'Mal', '', 'En années'],
      ['text', 'why', 'Por qué', 'Why', '', '${age} > 3'],
    ];
    const { form } = await readXlsForm(await workbook(survey, [['list_name', 'name', 'label']], [['form_id', 'default_language'], ['x', 'Español (es)']]), options);
    expect(form.languages).toEqual(['en', 'es']);
    expect(form.defaultLanguage).toBe('es');
    expect(questions(form)[0].label).toEqual({ en: 'Age', es: 'Edad', fr: 'Edad', pt: 'Edad' });
    // A hint only in French stands in every language rather than vanish.
    expect(questions(form)[0].hint).toEqual({ en: 'En années', es: 'En années', fr: 'En années', pt: 'En années' });
    expect(questions(form)[1].relevant).toEqual({ '>': [{ var: 'age' }, 3] });
  });
});

test('or_other adds the other choice and a text asked when it is chosen, as pyxform does', async () => {
  const survey = [['type', 'name', 'label'], ['select_one crop or_other', 'crop', 'Crop'], ['select_multiple crop or_other', 'crops', 'Crops']];
  const { form } = await readXlsForm(await workbook(survey, [['list_name', 'name', 'label'], ['crop', 'maize', 'Maize']], [['form_id'], ['f']]), options);
  expect(questions(form).map((q) => [q.id, q.type, q.choices])).toEqual([['crop', 'choice', 'crop_or_other'], ['crop_other', 'text', undefined], ['crops', 'multiChoice', 'crop_or_other'], ['crops_other', 'text', undefined]]);
  expect(form.choiceLists.crop_or_other.map((c) => c.value)).toEqual(['maize', 'other']);
  expect(validateAnswers(form, { crop: 'other', crop_other: 'Teff', crops: ['maize'] }, 'en', TODAY).ok).toBe(true);
  expect(validateAnswers(form, { crop: 'maize', crop_other: 'Teff', crops: ['other'], crops_other: 'Rice' }, 'en', TODAY)).toMatchObject({ ok: false, fields: { crop_other: expect.any(String) } });
});

test('a calculation in a group that is not asked is empty, as in ODK', async () => {
  const survey = [
    ['type', 'name', 'label', 'relevant', 'calculation', 'constraint'],
    ['integer', 'n', 'N'],
    ['begin_group', 'more', 'More', '${n} > 2'],
    ['calculate', 'double', null, null, '${n} * 2'],
    ['end_group'],
    ['integer', 'm', 'M', null, null, ". != ${double}"],
  ];
  const { form } = await readXlsForm(await workbook(survey, [['list_name', 'name', 'label']], [['form_id'], ['f']]), options);
  expect(validateAnswers(form, { n: 3, m: 6 }, 'en', TODAY).ok).toBe(false);
  expect(validateAnswers(form, { n: 1, m: 2 }, 'en', TODAY).ok).toBe(true);
});

describe('refused with sheet, row and column', () => {
  const cases: [string, Promise<unknown>, Partial<XlsFormRefusal>, string][] = [
    ['a duplicate name', workbook(withRow(rowOf('visit_date'), ['date', 'country', 'Date'])), { code: 'XLSFORM_INVALID', row: rowOf('visit_date') + 1, column: 'name' }, 'used twice'],
    ['a name that is no XML name', workbook(withRow(rowOf('visit_date'), ['date', 'visit date', 'Date'])), { code: 'XLSFORM_INVALID', row: rowOf('visit_date') + 1, column: 'name' }, 'not a valid name'],
    ['a name with a dot (a path in Puente)', workbook(withRow(rowOf('visit_date'), ['date', 'visit.date', 'Date'])), { code: 'XLSFORM_INVALID', row: rowOf('visit_date') + 1, column: 'name' }, 'not a valid name'],
    ['a name an object already has', workbook(withRow(rowOf('visit_date'), ['date', 'constructor', 'Date'])), { code: 'XLSFORM_UNSUPPORTED', row: rowOf('visit_date') + 1, column: 'name' }, 'reserved'],
    ['a type Puente cannot ask', workbook(withRow(rowOf('visit_date'), ['geopoint', 'where', 'Where'])), { code: 'XLSFORM_UNSUPPORTED', row: rowOf('visit_date') + 1, column: 'type' }, 'geopoint'],
    ['select_one_from_file', workbook(withRow(rowOf('visit_date'), ['select_one_from_file cities.csv', 'where', 'Where'])), { code: 'XLSFORM_UNSUPPORTED', column: 'type' }, 'select_one_from_file'],
    ['an unknown list', workbook(withRow(rowOf('country'), ['select_one nations', 'country', 'Country'])), { code: 'XLSFORM_INVALID', row: 6, column: 'type' }, 'no choice list nations'],
    ['an unknown ${field}', workbook(withRow(rowOf('has_children'), ['select_one yes_no', 'has_children', 'Children?', null, null, null, null, null, '${people} > 1'])), { code: 'XLSFORM_UNSUPPORTED', row: rowOf('has_children') + 1, column: 'relevant' }, '${people} names no question'],
    ['an unclosed group', workbook(householdSurvey.slice(0, -1)), { code: 'XLSFORM_INVALID', row: rowOf('household') + 1, column: 'type' }, 'never closed'],
    ['an end with no begin', workbook([...householdSurvey, ['end_repeat']]), { code: 'XLSFORM_INVALID', row: householdSurvey.length + 1, column: 'type' }, 'no open repeat'],
    ['a choice name with a space', workbook(householdSurvey, [...householdChoices, ['source', 'day labour', 'Day labour']]), { code: 'XLSFORM_INVALID', sheet: 'choices', row: householdChoices.length + 1, column: 'name' }, 'has a space'],
    ['calculations that read each other', workbook([...householdSurvey, ['calculate', 'a', null, null, null, null, null, null, null, null, null, null, null, '${b} + 1'], ['calculate', 'b', null, null, null, null, null, null, null, null, null, null, null, '${a} + 1']]), { code: 'XLSFORM_INVALID', column: 'calculation' }, 'depends on itself'],
    ['no form_id', workbook(householdSurvey, householdChoices, [['form_title'], ['A form']]), { code: 'XLSFORM_INVALID', sheet: 'settings', column: 'form_id' }, 'no form_id'],
    ['no survey sheet', Promise.resolve(writeWorkbook([{ name: 'choices', rows: [['list_name']] }])), { code: 'XLSFORM_INVALID', sheet: 'survey' }, 'no survey sheet'],
    ['no language Puente speaks', workbook([['type', 'name', 'label::Kiswahili (sw)'], ['text', 'a', 'Jina']], [['list_name', 'name', 'label']], [['form_id'], ['x']]), { code: 'XLSFORM_UNSUPPORTED', column: 'label' }, 'no label column in a language Puente speaks'],
    ['a default that is no answer', workbook(withRow(rowOf('members'), ['integer', 'members', 'People', null, null, null, null, null, null, null, null, null, null, null, null, 'many'])), { code: 'XLSFORM_INVALID', row: rowOf('members') + 1, column: 'default' }, 'not an answer'],
  ];
  test.each(cases)('%s', async (_what, bytes, expected, words) => {
    const refused = await refusal(bytes.then((b) => readXlsForm(b as Uint8Array, options)));
    expect(refused).toMatchObject({ sheet: 'survey', ...expected });
    expect(refused.message).toContain(words);
  });
});

/** A one-entry zip whose entry inflates to `size` bytes of zeros (a few KB on the wire). */
function zipBomb(size: number): Uint8Array {
  const data = deflateRawSync(Buffer.alloc(size), { level: 9 });
  const name = Buffer.from('xl/workbook.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(100, 22); // The header lies about the inflated size.
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(100, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(0, 42);
  const directoryAt = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(directoryAt, 16);
  return new Uint8Array(Buffer.concat([local, name, data, central, name, end]));
}

/** The parts of a zip (deflated or stored), read through its central directory. */
function unzip(bytes: Uint8Array): Map<string, Buffer> {
  const data = Buffer.from(bytes);
  const end = data.lastIndexOf(Buffer.from([0x50, 0x4b, 5, 6]));
  const parts = new Map<string, Buffer>();
  for (let n = 0, at = data.readUInt32LE(end + 16); n < data.readUInt16LE(end + 10); n++) {
    const [method, size, nameLength] = [data.readUInt16LE(at + 10), data.readUInt32LE(at + 20), data.readUInt16LE(at + 28)];
    const local = data.readUInt32LE(at + 42);
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    const raw = data.subarray(start, start + size);
    parts.set(data.toString('utf8', at + 46, at + 46 + nameLength), method === 8 ? inflateRawSync(raw) : raw);
    at += 46 + nameLength + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
  }
  return parts;
}

/** A zip of the parts, each stored (not compressed). */
function zip(parts: Map<string, Buffer>): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of parts) {
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(content.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(content.length, 20);
    central.writeUInt32LE(content.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, content);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + content.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.size, 8);
  end.writeUInt16LE(parts.size, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

describe('hostile workbooks', () => {
  test('XML entities are never expanded (billion laughs): the workbook is refused at once', async () => {
    const parts = unzip(readFileSync(fixture('household.xlsx')));
    const entities = ['<!ENTITY a0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY a${i + 1} "${`&a${i};`.repeat(10)}">`)].join('');
    const survey = 'xl/worksheets/sheet1.xml';
    const strings = parts.get(survey)!.toString('utf8').replace(/^(<\?xml[^>]*\?>)/, `$1<!DOCTYPE sst [${entities}]>`).replace('>Thank you for your time<', '>&a9;<');
    parts.set(survey, Buffer.from(strings));
    const started = performance.now();
    expect(await refusal(readXlsForm(zip(parts), options))).toMatchObject({ code: 'XLSFORM_INVALID', sheet: 'workbook' });
    expect(performance.now() - started).toBeLessThan(5_000);
    // The same parts without the entities read: the refusal is the entities', not the zip's.
    parts.set(survey, Buffer.from(strings.replace(/<!DOCTYPE[^\]]*\]>/, '').replace('&a9;', 'Thank you')));
    await expect(readXlsForm(zip(parts), options)).resolves.toBeDefined();
  });

  test('a zip bomb is refused by its inflated size, whatever its headers say', async () => {
    const bomb = zipBomb(xlsformPolicy.maxInflatedBytes + 1024);
    expect(bomb.length).toBeLessThan(200_000);
    const refused = await refusal(readXlsForm(bomb, options));
    expect(refused).toMatchObject({ code: 'XLSFORM_INVALID', sheet: 'workbook' });
    expect(refused.message).toContain('inflates to more than');
  });

  test('what is not a workbook, or too large a file, is refused', async () => {
    expect(await refusal(readXlsForm(new TextEncoder().encode('type,name\ntext,a\n'), options))).toMatchObject({ code: 'XLSFORM_INVALID', sheet: 'workbook' });
    expect((await refusal(readXlsForm(new Uint8Array(xlsformPolicy.maxBytes + 1), options))).message).toContain('larger than');
  });

  test('too many rows, or too long a cell, is refused', async () => {
    const many = [...householdSurvey.slice(0, -1), ...Array.from({ length: xlsformPolicy.maxRows }, (_, i) => ['text', `q${i}`, 'Q']), ['end_group']];
    expect(await refusal(readXlsForm(await workbook(many), options))).toMatchObject({ sheet: 'survey', code: 'XLSFORM_INVALID' });
    const long = withRow(rowOf('visit_date'), ['date', 'visit_date', 'x'.repeat(xlsformPolicy.maxCellLength + 1)]);
    expect(await refusal(readXlsForm(await workbook(long), options))).toMatchObject({ sheet: 'survey', row: rowOf('visit_date') + 1, column: 'Label::English (en)' });
  });

  test('a formula is never evaluated: its saved result is read, with a warning', async () => {
    const parts = unzip(writeWorkbook([{ name: 'survey', rows: [['type', 'name', 'label'], ['text', 'a', 'Name']] }, { name: 'settings', rows: [['form_id'], ['f']] }]));
    const survey = parts.get('xl/worksheets/sheet1.xml')!.toString('utf8');
    const withFormula = survey.replace(/<c r="C2"[^]*?<\/c>/, '<c r="C2" t="str"><f>CONCATENATE("Na","me")</f><v>Name</v></c>');
    expect(withFormula).not.toBe(survey);
    parts.set('xl/worksheets/sheet1.xml', Buffer.from(withFormula));
    const { form, warnings } = await readXlsForm(zip(parts), options);
    expect(questions(form)[0].label.en).toBe('Name');
    expect(warnings).toContainEqual({ sheet: 'survey', row: 2, column: 'label', message: expect.stringContaining('formula') });
  });
});
