// The indicators page's own words (web/messages/indicators/*.json), apart from the app's main
// catalogues so that only a coordinator who opens the page downloads them: every indicator's name
// and definition, its rows and columns, in each language.
import type { Language } from '../../forms/engine/types.ts';
import en from '../messages/indicators/en.json' with { type: 'json' };
import es from '../messages/indicators/es.json' with { type: 'json' };
import fr from '../messages/indicators/fr.json' with { type: 'json' };
import pt from '../messages/indicators/pt.json' with { type: 'json' };
import { format } from './i18n.ts';

export const indicatorCatalogues: Record<Language, Record<string, string>> = { en, es, fr, pt };

/** A word of the page, `⟨key⟩` where the catalogue lacks it (the page walk finds it). */
export function w(key: string, language: Language, values?: Record<string, string | number>): string {
  const message = indicatorCatalogues[language][key] ?? indicatorCatalogues.en[key];
  return message === undefined ? `⟨${key}⟩` : format(message, language, values);
}
