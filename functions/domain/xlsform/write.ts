// Any form definition, Puente's own included, as an XLSForm workbook that pyxform (and so Kobo
// and ODK Collect) accepts. The mapping, for what XLSForm has no word for:
// - sections → groups (a group whose name another element uses gets `_group` appended);
// - number → integer or decimal, with min/max as a constraint;
// - yesNo → select_one yes_no_unknown; country(ies) → select_one/multiple countries (a
//   nationality also offers stateless and unknown); language(s) → languages; longText → text;
// - a calculation that is true or false → if(…, 'true', ''), so that ODK, which keeps a
//   calculation as text, reads it as true or false too;
// - labels in `label::English (en)` … columns, one per language the form has.
import { countryCodes, languageCodes, nationalityExtras } from '../../../forms/engine/places.ts';
import { languages as puenteLanguages, type Choice, type Expression, type FormDefinition, type Labels, type Language, type Question } from '../../../forms/engine/types.ts';
import { writeWorkbook } from './xlsx.ts';
import { jsonLogicToXPath } from './xpath.ts';

const languageColumn: Record<Language, string> = { en: 'English (en)', es: 'Español (es)', fr: 'Français (fr)', pt: 'Português (pt)' };
const yesNoUnknown: Choice[] = [
  { value: 'yes', label: { en: 'Yes', es: 'Sí', fr: 'Oui', pt: 'Sim' } },
  { value: 'no', label: { en: 'No', es: 'No', fr: 'Non', pt: 'Não' } },
  { value: 'unknown', label: { en: 'Unknown', es: 'Desconocido', fr: 'Inconnu', pt: 'Desconhecido' } },
];
const betweenMessage = (min?: number, max?: number): Labels => {
  const [a, b] = [min ?? '', max ?? ''];
  if (min !== undefined && max !== undefined) return { en: `Between ${a} and ${b}`, es: `Entre ${a} y ${b}`, fr: `Entre ${a} et ${b}`, pt: `Entre ${a} e ${b}` };
  if (min !== undefined) return { en: `At least ${a}`, es: `Como mínimo ${a}`, fr: `Au moins ${a}`, pt: `Pelo menos ${a}` };
  return { en: `At most ${b}`, es: `Como máximo ${b}`, fr: `Au plus ${b}`, pt: `No máximo ${b}` };
};
const booleanOperations = new Set(['==', '===', '!=', '!==', '<', '<=', '>', '>=', '!', '!!', 'and', 'or', 'in', 'answered', 'regex']);
const isBoolean = (expression: Expression) => typeof expression === 'boolean' || booleanOperations.has(Object.keys(expression)[0]);

/** Names of the pick-lists Puente builds in; a form's own list of the same name keeps its name and these get a suffix. */
function placeLists(form: FormDefinition) {
  const free = (name: string) => (name in form.choiceLists ? `${name}_puente` : name);
  const region = (language: Language) => new Intl.DisplayNames([language], { type: 'region', fallback: 'code' });
  const tongue = (language: Language) => new Intl.DisplayNames([language], { type: 'language', fallback: 'code' });
  const named = (codes: readonly string[], names: (language: Language) => Intl.DisplayNames): Choice[] =>
    codes.map((code) => ({ value: code, label: Object.fromEntries(puenteLanguages.map((language) => [language, names(language).of(code) ?? code])) as Labels }));
  const extras: Choice[] = nationalityExtras.map((value) => ({
    value,
    label: value === 'stateless' ? { en: 'Stateless', es: 'Apátrida', fr: 'Apatride', pt: 'Apátrida' } : { en: 'Unknown', es: 'Desconocida', fr: 'Inconnue', pt: 'Desconhecida' },
  }));
  const countries = named([...countryCodes].sort(), region);
  return {
    yesNo: { name: free('yes_no_unknown'), choices: yesNoUnknown },
    countries: { name: free('countries'), choices: countries },
    nationalities: { name: free('nationalities'), choices: [...countries, ...extras] },
    languages: { name: free('languages'), choices: named(languageCodes, tongue) },
  };
}

export async function writeXlsForm(form: FormDefinition): Promise<Uint8Array> {
  const formLanguages = form.languages ?? [...puenteLanguages];
  const defaultLanguage = form.defaultLanguage ?? formLanguages[0];
  const places = placeLists(form);
  const usedLists = new Map<string, Choice[]>();
  const allQuestions = form.sections.flatMap((section) => section.questions).flatMap(function all(question: Question): Question[] { return [question, ...(question.questions ?? []).flatMap(all)]; });
  const lists = new Set(allQuestions.filter((question) => ['multiChoice', 'countries', 'languages', 'repeat'].includes(question.type)).map((question) => question.id));
  const taken = new Set([...allQuestions.map((question) => question.id), ...(form.calculations ?? []).map((calculation) => calculation.id), ...allQuestions.flatMap((question) => (question.calculations ?? []).map((calculation) => calculation.id))]);
  const xpath = (expression: Expression, self?: string) => jsonLogicToXPath(expression, { lists, self });

  const translated = (base: string) => formLanguages.map((language) => `${base}::${languageColumn[language]}`);
  const surveyHeader = ['type', 'name', ...translated('label'), ...translated('hint'), 'required', 'relevant', 'constraint', ...translated('constraint_message'), 'calculation', 'choice_filter', 'default'];
  const surveyRows: Record<string, string>[] = [];
  const texts = (base: string, text: Labels | undefined) => Object.fromEntries(text ? formLanguages.map((language) => [`${base}::${languageColumn[language]}`, text[language]]) : []);
  const calculateRows = (calculations: FormDefinition['calculations']) => {
    for (const { id, expression } of calculations ?? []) {
      surveyRows.push({ type: 'calculate', name: id, calculation: isBoolean(expression) ? `if(${xpath(expression)}, 'true', '')` : xpath(expression) });
    }
  };
  const use = (list: { name: string; choices: Choice[] }) => {
    usedLists.set(list.name, list.choices);
    return list.name;
  };

  const questionRows = (question: Question) => {
    const row: Record<string, string> = { name: question.id, ...texts('label', question.label), ...texts('hint', question.hint) };
    if (question.required === true) row.required = 'yes';
    else if (typeof question.required === 'object') row.required = xpath(question.required);
    if (question.relevant !== undefined) row.relevant = xpath(question.relevant);
    const constraints = [
      ...(question.constraint ? [question.constraint.expression] : []),
      ...(question.min !== undefined ? [{ '>=': [{ var: question.id }, question.min] }] : []),
      ...(question.max !== undefined ? [{ '<=': [{ var: question.id }, question.max] }] : []),
    ];
    if (constraints.length) {
      row.constraint = xpath(constraints.length === 1 ? constraints[0] : { and: constraints }, question.id);
      Object.assign(row, texts('constraint_message', question.constraint?.message ?? betweenMessage(question.min, question.max)));
    }
    if (question.choiceFilter !== undefined) row.choice_filter = xpath(question.choiceFilter);
    if (question.default !== undefined) row.default = Array.isArray(question.default) ? question.default.join(' ') : String(question.default);
    const list = (name: string) => {
      usedLists.set(name, form.choiceLists[name] ?? []);
      return name;
    };
    switch (question.type) {
      case 'text':
      case 'longText':
        row.type = 'text';
        break;
      case 'number':
        row.type = question.integer ? 'integer' : 'decimal';
        break;
      case 'date':
      case 'note':
        row.type = question.type;
        break;
      case 'choice':
        row.type = `select_one ${list(question.choices!)}`;
        break;
      case 'multiChoice':
        row.type = `select_multiple ${list(question.choices!)}`;
        break;
      case 'yesNo':
        row.type = `select_one ${use(places.yesNo)}`;
        break;
      case 'country':
        row.type = `select_one ${use(question.id === 'nationality' ? places.nationalities : places.countries)}`;
        break;
      case 'countries':
        row.type = `select_multiple ${use(places.countries)}`;
        break;
      case 'language':
        row.type = `select_one ${use(places.languages)}`;
        break;
      case 'languages':
        row.type = `select_multiple ${use(places.languages)}`;
        break;
      case 'repeat':
        surveyRows.push({ ...row, type: 'begin_repeat' });
        calculateRows(question.calculations);
        (question.questions ?? []).forEach(questionRows);
        surveyRows.push({ type: 'end_repeat', name: question.id });
        return;
    }
    surveyRows.push(row);
  };

  calculateRows(form.calculations);
  for (const section of form.sections) {
    const name = taken.has(section.id) ? `${section.id}_group` : section.id;
    taken.add(name);
    surveyRows.push({ type: 'begin_group', name, ...texts('label', section.title), ...(section.relevant !== undefined ? { relevant: xpath(section.relevant) } : {}) });
    section.questions.forEach(questionRows);
    surveyRows.push({ type: 'end_group', name });
  }

  const sheet = (name: string, header: string[], rows: Record<string, string>[]) => ({ name, rows: [header, ...rows.map((row) => header.map((column) => row[column]))] });
  const attributes = [...new Set([...usedLists.values()].flat().flatMap((choice) => Object.keys(choice.attributes ?? {})))];
  return writeWorkbook([
    sheet('survey', surveyHeader, surveyRows),
    sheet(
      'choices',
      ['list_name', 'name', ...translated('label'), ...attributes],
      [...usedLists].flatMap(([list, choices]) => choices.map((choice) => ({ list_name: list, name: choice.value, ...texts('label', choice.label), ...choice.attributes }))),
    ),
    sheet('settings', ['form_id', 'form_title', 'version', 'default_language'], [
      { form_id: form.id, form_title: form.title[defaultLanguage], version: form.source?.version ?? String(form.version), default_language: languageColumn[defaultLanguage] },
    ]),
  ]);
}
