// The app's own words, one catalogue per language in web/messages/ (a translator edits one JSON
// file). Messages take ICU-style arguments: `{name}`, and `{count, plural, one {…} other {…}}`
// with `#` for the number (plural rules from Intl.PluralRules). Dates, times, relative times and
// names of countries and languages come from Intl, never from the catalogues. Form content (labels,
// choices) carries its own translations.
import type { Language } from '../../forms/engine/types.ts';
import en from '../messages/en.json' with { type: 'json' };
import es from '../messages/es.json' with { type: 'json' };
import fr from '../messages/fr.json' with { type: 'json' };
import pt from '../messages/pt.json' with { type: 'json' };

export type Word = keyof typeof en;
export const catalogues: Record<Language, Record<string, string>> = { en, es, fr, pt };

/** The user's locale for Intl: their language, with the browser's region where it is the same language (es-GT writes dates as Guatemala does). */
export function localeOf(language: Language): string {
  return (typeof navigator === 'undefined' ? [] : navigator.languages ?? []).find((tag) => tag.split('-')[0] === language) ?? language;
}

type Values = Record<string, string | number>;

/** Formats one message: arguments, then plural blocks (nested braces allowed in their branches). */
export function format(message: string, language: Language, values: Values = {}): string {
  let result = '';
  for (let index = 0; index < message.length; index++) {
    if (message[index] !== '{') {
      result += message[index];
      continue;
    }
    const end = closing(message, index);
    const [name, kind, ...rest] = message.slice(index + 1, end).split(',');
    const value = values[name.trim()];
    if (kind?.trim() === 'plural') {
      const branches = pluralBranches(rest.join(','));
      const count = Number(value);
      const exact = branches[`=${count}`];
      const branch = exact ?? branches[new Intl.PluralRules(localeOf(language)).select(count)] ?? branches.other ?? '';
      result += format(branch, language, values).replace(/#/g, count.toLocaleString(localeOf(language)));
    } else result += value === undefined ? '' : String(value);
    index = end;
  }
  return result;
}

function closing(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    if (text[index] === '{') depth++;
    else if (text[index] === '}' && --depth === 0) return index;
  }
  throw new Error(`unbalanced braces in message: ${text}`);
}

function pluralBranches(text: string): Record<string, string> {
  const branches: Record<string, string> = {};
  let index = 0;
  while (index < text.length) {
    const open = text.indexOf('{', index);
    if (open < 0) break;
    const end = closing(text, open);
    branches[text.slice(index, open).trim()] = text.slice(open + 1, end);
    index = end + 1;
  }
  return branches;
}

export function t(word: Word, language: Language, values?: Values): string {
  return format(catalogues[language][word] ?? en[word], language, values);
}

/**
 * A word for a code the API sends (a stage, a task kind, a state): `group.code` in the catalogue.
 * A code the catalogue does not know yet is shown as it came, marked, so the page walk finds it.
 */
export function term(group: string, code: string | undefined, language: Language): string {
  if (code === undefined || code === null) return '—';
  const message = catalogues[language][`${group}.${code}`];
  return message === undefined ? `⟨${code}⟩` : format(message, language);
}

/** "in 3 hours", "2 days ago", in the user's language. */
export function relative(iso: string, language: Language, now = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000;
  const units: [Intl.RelativeTimeFormatUnit, number][] = [['day', 86_400], ['hour', 3_600], ['minute', 60]];
  const [unit, size] = units.find(([, size]) => Math.abs(seconds) >= size) ?? ['minute', 60];
  return new Intl.RelativeTimeFormat(localeOf(language), { numeric: 'auto' }).format(Math.round(seconds / size), unit);
}

/** A moment as the user's language writes it. */
export function when(iso: string | undefined, language: Language): string {
  return iso ? new Date(iso).toLocaleString(localeOf(language), { dateStyle: 'medium', timeStyle: 'short' }) : '';
}
