// A form is data: a versioned, JSON-serialisable definition that the server and the browser
// both read. Expressions are JsonLogic (json-logic-js), evaluated identically on both sides.

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
  | 'repeat';

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
  min?: number;
  max?: number;
  /** For repeat groups: the questions asked for each item. */
  questions?: Question[];
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
}

export type Answers = Record<string, unknown>;

/** Labels in every language, in a fixed order: en, es, fr, pt. */
export function labels(en: string, es: string, fr: string, pt: string): Labels {
  return { en, es, fr, pt };
}
