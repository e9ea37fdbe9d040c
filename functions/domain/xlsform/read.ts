// An XLSForm workbook (survey, choices, settings) as a Puente form definition. Headers are read
// as pyxform reads them (case and spacing do not matter, `list name` is `list_name`, `::` names
// a language); question ids are the XLSForm names and choice values the choices' names.
// Anything Puente cannot honour is refused with its sheet, row and column; anything it leaves
// out is a warning, never silent.
import { languages as puenteLanguages, type Calculation, type Choice, type Expression, type FormDefinition, type Labels, type Language, type Question, type Section } from '../../../forms/engine/types.ts';
import { formProblems } from '../../../forms/engine/validation.ts';
import { invalid, unsupported, type Place, type XlsFormWarning } from './refusal.ts';
import { readSheets, type Sheet } from './workbook.ts';
import { labelReference } from '../../../forms/engine/expressions.ts';
import { xpathToJsonLogic, type Fields } from './xpath.ts';

export interface XlsFormImport {
  form: FormDefinition;
  warnings: XlsFormWarning[];
}

const languageNames: Record<string, Language> = {
  en: 'en', english: 'en', inglés: 'en', anglais: 'en',
  es: 'es', español: 'es', espanol: 'es', spanish: 'es', espagnol: 'es', espanhol: 'es',
  fr: 'fr', français: 'fr', francais: 'fr', french: 'fr', francés: 'fr', francês: 'fr',
  pt: 'pt', português: 'pt', portugues: 'pt', portuguese: 'pt', portugués: 'pt', portugais: 'pt',
};

/** `English (en)`, `Español (es)`, `es`, `Spanish`: Puente's language, or undefined for one it does not speak. */
export function languageOf(written: string): Language | undefined {
  const code = /\(\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*\)\s*$/.exec(written)?.[1];
  return languageNames[(code ?? written).trim().toLowerCase()];
}

const aliases: Record<string, string> = {
  'list name': 'list_name', caption: 'label', relevance: 'relevant', calculate: 'calculation', value: 'name',
  'constraint message': 'constraint_message', constraining_message: 'constraint_message', 'jr:constraintmsg': 'constraint_message',
  'choice filter': 'choice_filter', 'form title': 'form_title', 'form id': 'form_id', 'default language': 'default_language',
};
const translatable = new Set(['label', 'hint', 'constraint_message']);
const surveyColumns = new Set(['type', 'name', 'label', 'hint', 'required', 'relevant', 'constraint', 'constraint_message', 'calculation', 'choice_filter', 'default']);
const settingsColumns = new Set(['form_id', 'form_title', 'version', 'default_language']);

/** A sheet's columns by what they mean: base name, and the language of a translated column. */
class Columns {
  readonly plain = new Map<string, number>();
  readonly translated = new Map<string, Map<Language, number>>();
  /** Columns of the choices sheet beyond list_name, name and label: what a choice filter reads. */
  readonly extra = new Map<string, number>();

  constructor(sheet: Sheet, known: Set<string>, warnings: XlsFormWarning[], keepExtra = false) {
    for (const { column, header } of sheet.headers) {
      const [first, ...rest] = header.split('::');
      const base = first.trim().toLowerCase().replace(/\s+/g, ' ');
      const name = aliases[base] ?? base.replace(/ /g, '_');
      const place = { sheet: sheet.name, row: sheet.headerRow, column: header };
      if (rest.length > 0 && translatable.has(name)) {
        const language = languageOf(rest.join('::'));
        if (!language) {
          warnings.push({ ...place, message: `a language Puente does not speak (it speaks ${puenteLanguages.join(', ')}): this column is not read` });
          continue;
        }
        const byLanguage = this.translated.get(name) ?? new Map<Language, number>();
        if (byLanguage.has(language)) throw invalid(place, `a second ${name} column in ${language}`);
        this.translated.set(name, byLanguage.set(language, column));
      } else if (known.has(name) && rest.length === 0) {
        if (this.plain.has(name)) throw invalid(place, `a second ${name} column`);
        this.plain.set(name, column);
      } else if (keepExtra && rest.length === 0 && /^[A-Za-z_][\w-]*$/.test(header.trim())) {
        this.extra.set(header.trim(), column);
      } else {
        warnings.push({ ...place, message: 'Puente does not use this column: it is ignored' });
      }
    }
  }

  text(row: Sheet['rows'][number], name: string): string {
    const column = this.plain.get(name);
    return column === undefined ? '' : (row.cells.get(column) ?? '');
  }

  /** A translated column's text by language: the plain column is the form's default language. */
  texts(row: Sheet['rows'][number], name: string, plainLanguage: Language): Partial<Record<Language, string>> {
    const texts: Partial<Record<Language, string>> = {};
    const plain = this.text(row, name);
    if (plain) texts[plainLanguage] = plain;
    for (const [language, column] of this.translated.get(name) ?? []) {
      const text = row.cells.get(column);
      if (text) texts[language] = text;
    }
    return texts;
  }
}

// XML names, as ODK requires of every name (ASCII here); a leading `_` is Puente's (`_today`,
// `_choice`), and a `.` would read as a path in Puente's expressions.
const xmlName = /^[A-Za-z][A-Za-z0-9_-]*$/;
const metadataTypes = new Set(['start', 'end', 'today', 'deviceid', 'imei', 'username', 'phonenumber', 'simserial', 'subscriberid', 'email', 'audit', 'start-geopoint']);
const yes = new Set(['yes', 'true', 'true()']);
const no = new Set(['no', 'false', 'false()', '']);

/** A row of the survey on its way to a question: everything known, expressions not yet translated. */
interface Item {
  row: number;
  name: string;
  kind: 'question' | 'calculate' | 'group' | 'repeat';
  type?: Question['type'];
  integer?: boolean;
  list?: string;
  orOther?: boolean;
  cells: Sheet['rows'][number];
  children: Item[];
}

export async function readXlsForm(bytes: Uint8Array, options: { formId?: string; version: number; published: string }): Promise<XlsFormImport> {
  const warnings: XlsFormWarning[] = [];
  const sheets = await readSheets(bytes, warnings);
  const survey = sheets.get('survey');
  if (!survey) throw invalid({ sheet: 'survey' }, 'the workbook has no survey sheet');
  const surveyColumnsRead = new Columns(survey, surveyColumns, warnings);
  for (const needed of ['type', 'name']) if (!surveyColumnsRead.plain.has(needed)) throw invalid({ sheet: 'survey', row: 1, column: needed }, `the survey sheet has no ${needed} column`);

  // Settings: the first row under the headers.
  const settingsSheet = sheets.get('settings');
  const settingsColumnsRead = settingsSheet ? new Columns(settingsSheet, settingsColumns, warnings) : undefined;
  const settingsRow = settingsSheet?.rows[0];
  const setting = (name: string) => (settingsRow && settingsColumnsRead ? settingsColumnsRead.text(settingsRow, name) : '');
  const formId = options.formId ?? setting('form_id');
  if (!formId) throw invalid({ sheet: 'settings', column: 'form_id' }, 'no form_id in the settings sheet and none given');
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(formId)) throw invalid({ sheet: 'settings', row: settingsRow?.row, column: 'form_id' }, 'a form id is 1 to 64 letters, digits, dots, dashes or underscores');
  const writtenDefault = setting('default_language');
  const declaredDefault = writtenDefault ? languageOf(writtenDefault) : undefined;
  if (writtenDefault && !declaredDefault) warnings.push({ sheet: 'settings', row: settingsRow?.row, column: 'default_language', message: `${writtenDefault} is not a language Puente speaks; unmarked labels are read as English` });
  const plainLanguage: Language = declaredDefault ?? 'en';

  // Choices, by list.
  const choicesSheet = sheets.get('choices');
  const choiceColumnsRead = choicesSheet ? new Columns(choicesSheet, new Set(['list_name', 'name', 'label']), warnings, true) : undefined;
  const lists = new Map<string, { row: number; value: string; texts: Partial<Record<Language, string>>; attributes: Record<string, string> }[]>();
  for (const row of choicesSheet?.rows ?? []) {
    const place = (column: string): Place => ({ sheet: 'choices', row: row.row, column });
    const list = choiceColumnsRead!.text(row, 'list_name');
    const value = choiceColumnsRead!.text(row, 'name');
    if (!list) throw invalid(place('list_name'), 'a choice with no list_name');
    if (!value) throw invalid(place('name'), 'a choice with no name');
    if (/\s/.test(value)) throw invalid(place('name'), `the choice name “${value}” has a space (select_multiple answers are separated by spaces)`);
    const choices = lists.get(list) ?? [];
    if (choices.some((choice) => choice.value === value)) throw invalid(place('name'), `the choice ${value} is in the list ${list} twice`);
    const attributes = Object.fromEntries([...choiceColumnsRead!.extra].flatMap(([header, column]) => (row.cells.has(column) ? [[header, row.cells.get(column)!]] : [])));
    lists.set(list, [...choices, { row: row.row, value, texts: choiceColumnsRead!.texts(row, 'label', plainLanguage), attributes }]);
  }

  // Survey rows into a tree of groups and repeats.
  const root: Item = { row: 1, name: '', kind: 'group', cells: { row: 1, cells: new Map() }, children: [] };
  const open: Item[] = [root];
  const names = new Map<string, number>();
  for (const row of survey.rows) {
    const place = (column: string): Place => ({ sheet: 'survey', row: row.row, column });
    const written = surveyColumnsRead.text(row, 'type');
    const type = written.toLowerCase().replace(/\s+/g, ' ');
    const name = surveyColumnsRead.text(row, 'name');
    const current = open[open.length - 1];
    const ending = /^end[ _](group|repeat)$/.exec(type);
    if (ending) {
      if (current === root || current.kind !== ending[1]) throw invalid(place('type'), `${written} with no open ${ending[1]}`);
      open.pop();
      continue;
    }
    if (!type) {
      if (name) throw invalid(place('type'), `${name} has no type`);
      continue;
    }
    if (metadataTypes.has(type)) {
      warnings.push({ ...place('type'), message: `${type}: Puente records who submitted and when itself; this metadata is not collected` });
      continue;
    }
    if (!name) throw invalid(place('name'), `a ${written} row with no name`);
    if (!xmlName.test(name)) throw invalid(place('name'), `${name} is not a valid name (a letter, then letters, digits, “_” or “-”)`);
    // An answer named like an object's own property (constructor, toString) would read that property when unanswered.
    if (name in Object.prototype) throw unsupported(place('name'), `the name ${name} is reserved`);
    if (names.has(name)) throw invalid(place('name'), `the name ${name} is used twice (first on row ${names.get(name)})`);
    names.set(name, row.row);
    const item: Item = { row: row.row, name, kind: 'question', cells: row, children: [] };
    const beginning = /^begin[ _](group|repeat)$/.exec(type);
    // List names keep their case: only the keywords are matched without it.
    const select = /^(select_one|select_multiple|select one|select multiple)\s+(\S+)(\s+or_other)?$/i.exec(written.trim());
    if (beginning) {
      item.kind = beginning[1] as 'group' | 'repeat';
      if (item.kind === 'repeat' && open.some((outer) => outer.kind === 'repeat')) throw unsupported(place('type'), 'a repeat inside a repeat');
      current.children.push(item);
      open.push(item);
      continue;
    } else if (select) {
      if (!lists.has(select[2])) throw invalid(place('type'), `no choice list ${select[2]} in the choices sheet`);
      item.type = /one/i.test(select[1]) ? 'choice' : 'multiChoice';
      item.list = select[2];
      item.orOther = Boolean(select[3]);
    } else if (type === 'calculate') {
      item.kind = 'calculate';
    } else {
      const simple: Record<string, [Question['type'], boolean?]> = { text: ['text'], string: ['text'], integer: ['number', true], int: ['number', true], decimal: ['number'], date: ['date'], note: ['note'] };
      if (!simple[type]) {
        // A question Puente cannot ask is refused rather than dropped: the form would silently collect less than its authors meant.
        throw unsupported(place('type'), `the question type ${written}`);
      }
      [item.type, item.integer] = simple[type];
    }
    current.children.push(item);
  }
  if (open.length > 1) {
    const unclosed = open[open.length - 1];
    throw invalid({ sheet: 'survey', row: unclosed.row, column: 'type' }, `the ${unclosed.kind} ${unclosed.name} is never closed`);
  }

  // The languages the form has: those its survey labels are written in.
  const labelled = new Set<Language>();
  const labelRows = [...(surveyColumnsRead.translated.get('label')?.keys() ?? [])];
  if (surveyColumnsRead.plain.has('label')) labelRows.push(plainLanguage);
  for (const language of labelRows) labelled.add(language);
  const formLanguages = puenteLanguages.filter((language) => labelled.has(language));
  if (formLanguages.length === 0) throw unsupported({ sheet: 'survey', row: 1, column: 'label' }, `no label column in a language Puente speaks (${puenteLanguages.join(', ')})`);
  const defaultLanguage = declaredDefault && formLanguages.includes(declaredDefault) ? declaredDefault : formLanguages[0];
  const fill = (texts: Partial<Record<Language, string>>, fallback: string): Labels => {
    const stand = texts[defaultLanguage] ?? formLanguages.map((language) => texts[language]).find(Boolean) ?? Object.values(texts).find(Boolean) ?? fallback;
    return Object.fromEntries(puenteLanguages.map((language) => [language, texts[language] ?? stand])) as Labels;
  };
  const title = setting('form_title') || formId;

  // Every name an expression may read, and whether its answer is a list.
  const outerKinds = new Map<string, 'list' | 'value'>();
  const inRepeat = new Map<Item, Map<string, 'list' | 'value'>>();
  const visit = (items: Item[], repeat?: Item) => {
    for (const item of items) {
      if (item.kind === 'repeat') {
        outerKinds.set(item.name, 'list');
        inRepeat.set(item, new Map());
      }
      if (item.kind === 'group' || item.kind === 'repeat') visit(item.children, item.kind === 'repeat' ? item : repeat);
      else (repeat ? inRepeat.get(repeat)! : outerKinds).set(item.name, item.type === 'multiChoice' ? 'list' : 'value');
    }
  };
  visit(root.children);
  // Inside a repeat an expression reads the item's answers and the form's; outside, not the items'.
  const kindsIn = (repeat?: Item): Fields['kinds'] => (repeat ? new Map([...outerKinds, ...inRepeat.get(repeat)!]) : outerKinds);
  const choiceColumns = new Set(['name', ...(choiceColumnsRead?.extra.keys() ?? [])]);
  const expression = (item: Item, column: string, repeat: Item | undefined, extra: Partial<Fields> = {}): Expression | undefined => {
    const text = surveyColumnsRead.text(item.cells, column);
    if (!text) return undefined;
    return xpathToJsonLogic(text, { kinds: kindsIn(repeat), ...extra }, { sheet: 'survey', row: item.row, column });
  };
  const both = (a: Expression | undefined, b: Expression | undefined): Expression | undefined => (a === undefined ? b : b === undefined ? a : { and: [a, b] });

  const otherChoice: Choice = { value: 'other', label: { en: 'Other', es: 'Otro', fr: 'Autre', pt: 'Outro' } };
  const choiceLists: Record<string, Choice[]> = {};
  const listFor = (item: Item): string => {
    const list = item.list!;
    const id = item.orOther ? `${list}_or_other` : list;
    if (!choiceLists[id]) {
      const choices: Choice[] = lists.get(list)!.map(({ value, texts, attributes }) => ({
        value,
        label: fill(texts, value),
        ...(Object.keys(attributes).length ? { attributes } : {}),
      }));
      choiceLists[id] = item.orOther && !choices.some((choice) => choice.value === 'other') ? [...choices, otherChoice] : choices;
    }
    return id;
  };

  const formCalculations: (Calculation & { row: number })[] = [];
  const constraintFallback: Labels = {
    en: 'This answer is not accepted',
    es: 'Esta respuesta no se acepta',
    fr: 'Cette réponse n’est pas acceptée',
    pt: 'Esta resposta não é aceite',
  };

  /** Questions of a group's items, with the relevance of enclosing (flattened) groups joined in. */
  /**
   * `inherited`: relevance of groups flattened into the enclosing section or repeat, joined into
   * each question's. `guard`: all the relevance a calculation sits under (its section's too): as
   * in ODK, a calculation in a group that is not asked is empty.
   */
  function questionsOf(items: Item[], repeat: Item | undefined, inherited: Expression | undefined, calculations: (Calculation & { row: number })[], guard = inherited): Question[] {
    const questions: Question[] = [];
    for (const item of items) {
      const at = (column: string): Place => ({ sheet: 'survey', row: item.row, column });
      if (item.kind === 'calculate') {
        const calculation = expression(item, 'calculation', repeat);
        if (calculation === undefined) throw invalid(at('calculation'), `the calculate ${item.name} has no calculation`);
        calculations.push({ id: item.name, expression: guard === undefined ? calculation : { if: [guard, calculation, ''] }, row: item.row });
        continue;
      }
      if (item.kind === 'group') {
        // A group within a section (or a repeat): its questions join the enclosing one, asked only when the group is.
        if (items !== root.children) warnings.push({ ...at('type'), message: `the group ${item.name} is inside another group or a repeat: its questions are asked in the enclosing one, under its relevance` });
        const relevant = expression(item, 'relevant', repeat);
        questions.push(...questionsOf(item.children, repeat, both(inherited, relevant), calculations, both(guard, relevant)));
        continue;
      }
      const texts = surveyColumnsRead.texts(item.cells, 'label', plainLanguage);
      if (Object.keys(texts).length === 0 && item.type !== undefined) warnings.push({ ...at('label'), message: `${item.name} has no label: its name is shown` });
      // A ${name} in a label shows that answer (the runner fills it in); one naming nothing stays as written.
      const unknown = [...new Set(Object.values(texts).flatMap((text) => [...text.matchAll(labelReference)].map((match) => match[1]!)))].filter((name) => !names.has(name));
      if (unknown.length) warnings.push({ ...at('label'), message: `the label refers to ${unknown.map((name) => '${' + name + '}').join(', ')}, which this form does not ask or calculate: it is shown as written` });
      const question: Question = { id: item.name, type: item.kind === 'repeat' ? 'repeat' : item.type!, label: fill(texts, item.name) };
      const hint = surveyColumnsRead.texts(item.cells, 'hint', plainLanguage);
      if (Object.keys(hint).length) question.hint = fill(hint, '');
      const relevant = both(inherited, expression(item, 'relevant', repeat));
      if (relevant !== undefined) question.relevant = relevant;
      const required = surveyColumnsRead.text(item.cells, 'required');
      if (yes.has(required.toLowerCase())) question.required = true;
      else if (!no.has(required.toLowerCase())) question.required = expression(item, 'required', repeat);
      const constraint = expression(item, 'constraint', repeat, { self: item.name });
      if (constraint !== undefined) {
        const message = surveyColumnsRead.texts(item.cells, 'constraint_message', plainLanguage);
        question.constraint = { expression: constraint, message: Object.keys(message).length ? fill(message, '') : constraintFallback };
      }
      if (item.integer) question.integer = true;
      if (item.list) question.choices = listFor(item);
      const filter = surveyColumnsRead.text(item.cells, 'choice_filter');
      if (filter) {
        if (!item.list) throw invalid(at('choice_filter'), 'a choice filter on a question with no choices');
        question.choiceFilter = xpathToJsonLogic(filter, { kinds: kindsIn(repeat), choiceColumns }, at('choice_filter'));
      }
      const written = surveyColumnsRead.text(item.cells, 'default');
      if (written) {
        const value = defaultOf(question, written, choiceLists, at('default'), warnings);
        if (value !== undefined) question.default = value;
      }
      for (const column of ['calculation'] as const) {
        if (surveyColumnsRead.text(item.cells, column)) warnings.push({ ...at(column), message: `a calculation on a ${item.kind === 'repeat' ? 'repeat' : item.type} question is not used (put it on a calculate row)` });
      }
      if (item.kind === 'repeat') {
        const own: (Calculation & { row: number })[] = [];
        question.questions = questionsOf(item.children, item, undefined, own);
        if (own.length) question.calculations = ordered(own).map(({ id, expression }) => ({ id, expression }));
      }
      questions.push(question);
      if (item.orOther) {
        questions.push({
          id: `${item.name}_other`,
          type: 'text',
          label: { en: 'Specify other', es: 'Especifique otro', fr: 'Précisez autre', pt: 'Especifique outro' },
          relevant: both(relevant, item.type === 'multiChoice' ? { in: ['other', { var: item.name }] } : { '==': [{ var: item.name }, 'other'] }),
        });
        if (names.has(`${item.name}_other`)) throw invalid(at('type'), `or_other adds ${item.name}_other, a name the form already uses`);
      }
    }
    return questions;
  }

  // Top-level groups are sections; questions between them form sections of their own.
  const sections: Section[] = [];
  let loose: Item[] = [];
  const flushLoose = () => {
    if (loose.length === 0) return;
    const questions = questionsOf(loose, undefined, undefined, formCalculations);
    let id = 'survey';
    for (let n = 2; names.has(id) || sections.some((section) => section.id === id); n++) id = `survey-${n}`;
    if (questions.length) sections.push({ id, title: fill({}, title), questions });
    loose = [];
  };
  for (const item of root.children) {
    if (item.kind !== 'group') {
      loose.push(item);
      continue;
    }
    flushLoose();
    const section: Section = { id: item.name, title: fill(surveyColumnsRead.texts(item.cells, 'label', plainLanguage), item.name), questions: [] };
    const relevant = expression(item, 'relevant', undefined);
    if (relevant !== undefined) section.relevant = relevant;
    section.questions = questionsOf(item.children, undefined, undefined, formCalculations, relevant);
    if (section.questions.length) sections.push(section);
    else warnings.push({ sheet: 'survey', row: item.row, column: 'type', message: `the group ${item.name} asks nothing: it is left out` });
  }
  flushLoose();
  if (sections.length === 0) throw invalid({ sheet: 'survey' }, 'the form asks nothing');

  const form: FormDefinition = {
    id: formId,
    version: options.version,
    title: fill({}, title),
    published: options.published,
    sections,
    choiceLists,
    languages: formLanguages,
    defaultLanguage,
    source: { format: 'xlsform', formId: setting('form_id') || formId, ...(setting('version') ? { version: setting('version') } : {}) },
  };
  if (formCalculations.length) form.calculations = ordered(formCalculations).map(({ id, expression }) => ({ id, expression }));
  for (const list of lists.keys()) {
    if (!Object.keys(choiceLists).some((id) => id === list || id === `${list}_or_other`)) warnings.push({ sheet: 'choices', row: lists.get(list)![0].row, column: 'list_name', message: `the list ${list} is used by no question` });
  }
  const problems = formProblems(form);
  if (problems.length) throw invalid({ sheet: 'survey' }, problems.join('; '));
  return { form, warnings };
}

/** Calculations in an order where each comes after those it reads (XLSForm does not require it); a cycle is refused. */
function ordered<T extends Calculation & { row: number }>(calculations: T[]): T[] {
  const byId = new Map(calculations.map((calculation) => [calculation.id, calculation]));
  const done: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const reads = (expression: unknown): string[] =>
    Array.isArray(expression) ? expression.flatMap(reads)
    : expression && typeof expression === 'object' ? Object.entries(expression).flatMap(([key, value]) => (key === 'var' ? [String(value)] : reads(value)))
    : [];
  const visit = (calculation: T) => {
    if (state.get(calculation.id) === 'done') return;
    if (state.get(calculation.id) === 'visiting') throw invalid({ sheet: 'survey', row: calculation.row, column: 'calculation' }, `the calculation ${calculation.id} depends on itself`);
    state.set(calculation.id, 'visiting');
    for (const name of reads(calculation.expression)) if (byId.has(name)) visit(byId.get(name)!);
    state.set(calculation.id, 'done');
    done.push(calculation);
  };
  calculations.forEach(visit);
  return done;
}

/** A literal default as an answer of the question's type; a dynamic one (an expression) is left out with a warning. */
function defaultOf(question: Question, written: string, choiceLists: Record<string, Choice[]>, place: Place, warnings: XlsFormWarning[]): Question['default'] {
  if (/\$\{|\(/.test(written)) {
    warnings.push({ ...place, message: 'a default computed from an expression is not pre-filled' });
    return undefined;
  }
  const refuse = () => invalid(place, `${written} is not an answer to ${question.id}`);
  switch (question.type) {
    case 'number': {
      const number = Number(written);
      if (!Number.isFinite(number) || (question.integer && !Number.isInteger(number))) throw refuse();
      return number;
    }
    case 'choice':
    case 'multiChoice': {
      const values = written.split(/\s+/);
      const known = new Set((choiceLists[question.choices!] ?? []).map((choice) => choice.value));
      if (values.some((value) => !known.has(value)) || (question.type === 'choice' && values.length > 1)) throw refuse();
      return question.type === 'choice' ? values[0] : values;
    }
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(written)) throw refuse();
      return written;
    case 'text':
      return written;
    default:
      warnings.push({ ...place, message: `a ${question.type} has no default: it is ignored` });
      return undefined;
  }
}
