// A form is data: a versioned, JSON-serialisable definition that the server and the browser
// both read. Expressions are JsonLogic (json-logic-js), evaluated identically on both sides.
//
// What the web runner must render for the additions imported (XLSForm) forms need; the server's
// validation (validation.ts) enforces each of them, so the runner only has to agree with it:
// - `note` questions: display-only text (label, hint). No input, never an answer; a note's
//   `relevant` still decides whether it shows.
// - `integer` on a `number` question: whole numbers only (input step 1); otherwise decimals.
// - `choiceFilter` on `choice`/`multiChoice`: offer only the choices for which
//   `choicesFor(form, question, scope)` (expressions.ts) keeps them; it re-evaluates as answers
//   change, and an answer no longer offered is refused by the server (drop it from the draft).
// - `default`: pre-fill the field when the draft first shows it (not stored unless submitted).
// - calculations: `withCalculations` for the form, and for each item of a repeat the repeat's own
//   `calculations` over the item's answers (`withItemCalculations`); skip logic reads both.
// - `languages`: offer only these languages for the form (Puente's own forms: all four); the
//   importer has filled every label in the other languages with the `defaultLanguage` text, so
//   `label[language]` is always a string.

export const languages = ['en', 'es', 'fr', 'pt'] as const;
export type Language = (typeof languages)[number];
/** A text in every language Puente's forms carry. */
export type Labels = Record<Language, string>;

/** A JsonLogic expression, e.g. `{ "==": [{ "var": "gate" }, "yes"] }`. */
export type Expression = Record<string, unknown> | boolean;

export type QuestionType =
  | 'text'
  | 'longText'
  | 'number'
  | 'date'
  | 'choice'
  | 'multiChoice'
  /** yes / no / unknown: the reference's encoding for every yes/no question. */
  | 'yesNo'
  | 'country'
  | 'countries'
  | 'language'
  | 'languages'
  | 'repeat'
  /** Display-only text (XLSForm `note`): never answered. */
  | 'note';

export type DelphiStrength = 'strong' | 'medium' | 'weak';

export interface Question {
  id: string;
  type: QuestionType;
  label: Labels;
  hint?: Labels;
  /** `true`, or an expression over the answers that says when it is required. */
  required?: boolean | Expression;
  /** Skip logic: the question is asked only when this holds. */
  relevant?: Expression;
  constraint?: { expression: Expression; message: Labels };
  /** For choice questions: the choice list's id in `choiceLists`. */
  choices?: string;
  /**
   * For choice questions: a choice is offered only when this holds, evaluated per choice with the
   * answers and `_choice` (the choice's `name` and its `attributes`), as XLSForm `choice_filter`.
   */
  choiceFilter?: Expression;
  min?: number;
  max?: number;
  /** For number questions: whole numbers only (XLSForm `integer`; otherwise `decimal`). */
  integer?: boolean;
  /** The answer the runner pre-fills (a literal of the question's type); never applied by the server. */
  default?: string | number | string[];
  /** For repeat groups: the questions asked for each item. */
  questions?: Question[];
  /** For repeat groups: values calculated per item, over that item's answers and the form's. */
  calculations?: Calculation[];
  maxItems?: number;
  /** Personal data: never logged, shown only to roles that may see it. */
  personalData?: boolean;
  /** ILO/EC Delphi indicator metadata used by the determination rules. */
  indicator?: { dimension: string; strength: DelphiStrength };
  /** IOM HTCDS field this answer maps to on export. */
  htcds?: string;
}

export interface Section {
  id: string;
  title: Labels;
  relevant?: Expression;
  questions: Question[];
}

export interface Choice {
  value: string;
  label: Labels;
  /** Further columns of an XLSForm choices sheet (e.g. a city's `country`) that a `choiceFilter` reads. */
  attributes?: Record<string, string>;
}

export interface Calculation {
  id: string;
  expression: Expression;
}

export interface FormDefinition {
  id: string;
  version: number;
  title: Labels;
  /** When this version was published (ISO date). */
  published: string;
  sections: Section[];
  choiceLists: Record<string, Choice[]>;
  /** Calculated values, evaluated in order; later ones may use earlier ones (e.g. age, treatedAsChild). */
  calculations?: Calculation[];
  /** The languages this form is written in (absent: all of Puente's languages). */
  languages?: Language[];
  /** The language whose text stands in for a language the form lacks (absent: en). */
  defaultLanguage?: Language;
  /** Where an imported form came from: its XLSForm `form_id` and `settings.version`, kept as written. */
  source?: { format: 'xlsform'; formId: string; version?: string };
}

export type Answers = Record<string, unknown>;

/** Labels in every language, in a fixed order: en, es, fr, pt. */
export function labels(en: string, es: string, fr: string, pt: string): Labels {
  return { en, es, fr, pt };
}
