// Matching without plaintext: a person's names, birth year and nationality become a few HMACs
// under a deployment key kept apart from every data key, so a duplicate screening can be found
// by equal HMACs while the index holds no name. Names are first brought to a phonetic form that
// lets the spellings of one name in Spanish and Portuguese meet: accents, case and word order go,
// particles (de, da, y…) go, a double surname counts as its parts, and the letters that sound
// alike are folded (b/v/w, s/z/c/ç, ll/y/lh/i, j/g/x/ch/sh, silent h, qu/k/c).
import { createHmac, type KeyObject } from 'node:crypto';

/** Particles that join names and say nothing about the person (one-letter ones, y and e, go as initials do). */
const particles = new Set(['de', 'del', 'la', 'las', 'los', 'da', 'das', 'do', 'dos', 'di']);

/** The words of a name: lowercase, unaccented, without particles or initials, in the order given. */
export function nameWords(name: string): string[] {
  return name
    .normalize('NFC')
    .replace(/ç/gi, 's') // the cedilla is a sound, not an accent: Gonçalves / Gonsalves
    .normalize('NFD')
    .replace(/\p{M}/gu, '') // accents and tilde: é→e, ñ→n, ü→u
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => word.length > 1 && !particles.has(word));
}

// In order: digraphs before the letters they are made of; the soft c and g before the rest.
const folds: [RegExp, string][] = [
  [/ph/g, 'f'],
  [/th/g, 't'],
  [/(ch|sh)/g, 'j'], // Chaves / Xavier, Sh in loan names: the palatal sibilant class
  [/(ll|lh)/g, 'y'], // Castillo / Castilho / Castiyo
  [/nh/g, 'n'], // Munhoz / Muñoz
  [/h/g, ''], // silent h: Hernández / Ernandez
  [/gu(?=[ei])/g, 'G'], // Guevara keeps a hard g…
  [/g(?=[ei])/g, 'j'], // …Gimenez / Jimenez / Ximenez
  [/G/g, 'g'],
  [/x/g, 'j'],
  [/sc(?=[ei])/g, 's'], // Portuguese nascer
  [/c(?=[ei])/g, 's'], // Cecilia / Sesilia
  [/qu(?=[ei])/g, 'k'], // Joaquín / Joakin
  [/[cq]/g, 'k'],
  [/z/g, 's'], // Luiz / Luis, Valdez / Valdes
  [/[vw]/g, 'b'], // Valter / Walter / Balter
  [/y/g, 'i'], // Yolanda / Iolanda, and what ll and lh became
  [/n(?=[bp])/g, 'm'],
  [/m$/g, 'n'], // Joaquim / Joaquín
  [/(.)\1+/g, '$1'], // doubled letters: Barrios / Barios, and ii from lli
];

/** The phonetic form of one name word. */
export function phonetic(word: string): string {
  return folds.reduce((form, [pattern, replacement]) => form.replace(pattern, replacement), word);
}

/** The phonetic words of a person's names (given and family together), each once, sorted: order does not count. */
export function nameTokens(...names: (string | undefined)[]): string[] {
  return [...new Set(names.flatMap((name) => (name ? nameWords(name).map(phonetic) : [])).filter((token) => token.length > 1))].sort();
}

export interface MatchingFacts {
  givenName?: string;
  familyName?: string;
  birthYear?: number;
  /** ISO 3166-1 alpha-2, as the forms store it. */
  nationality?: string;
}

/**
 * The blind index of a person: one HMAC-SHA256 (first 128 bits, base64url) per pair of name
 * tokens, and per name token with the birth year, and with the nationality. Every entry joins two
 * facts, so a shared entry means two facts agree, and no entry stands for one common surname
 * alone (which would show how often it occurs). Sorted and without repeats.
 */
export function blindIndex(person: MatchingFacts, deploymentKey: KeyObject | Buffer): string[] {
  const tokens = nameTokens(person.givenName, person.familyName);
  const facts: string[] = [];
  for (const [i, a] of tokens.entries()) {
    for (const b of tokens.slice(i + 1)) facts.push(`names\n${a}\n${b}`);
    if (person.birthYear) facts.push(`name-year\n${a}\n${person.birthYear}`);
    if (person.nationality) facts.push(`name-nationality\n${a}\n${person.nationality.toUpperCase()}`);
  }
  const mac = (fact: string) => createHmac('sha256', deploymentKey).update(`puente-blind-index/v1\n${fact}`).digest().subarray(0, 16).toString('base64url');
  return [...new Set(facts.map(mac))].sort();
}

/** How many blind-index entries two people share: 0 is no candidate; more is a stronger one. */
export function sharedEntries(a: readonly string[], b: readonly string[]): number {
  const mine = new Set(a);
  return b.filter((entry) => mine.has(entry)).length;
}
