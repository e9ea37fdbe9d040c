// Matching without plaintext: a person's names become HMACs under a deployment key kept apart
// from every data key (a blind profile, compared token by token in duplicates.ts), and the index
// holds one HMAC per pair of names, so a duplicate screening is found by equal HMACs while
// nothing stored holds a name. Names are first brought to a phonetic form that
// lets the spellings of one name in Spanish and Portuguese meet: accents, case and word order go,
// particles (de, da, y…) go, a double surname counts as its parts, and the letters that sound
// alike are folded (b/v/w, s/z/c/ç, ll/y/lh/i, j/g/x/ch/sh, silent h, qu/k/c; ll also as l, and
// -guez / -gez). These folds, not
// a library: double-metaphone and its kin encode English sounds (j, ll, x, ç go wrong), and string
// similarity (fuzzball) needs the names themselves, which an HMAC leaves only equal or not.
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
  [/(?<=[in])gu?e(?=[sz]$)/, 'Ge'], // the patronymic -guez keeps its hard g when the u is dropped: Rodríguez / Rodrigez, Domínguez / Domingez
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
  [/c(?=ao|oes)/g, 's'], // ção / ções written without the cedilla: Conceicao / Conceição
  [/qu(?=[ei])/g, 'k'], // Joaquín / Joakin
  [/[cq]/g, 'k'],
  [/z/g, 's'], // Luiz / Luis, Valdez / Valdes
  [/[vw]/g, 'b'], // Valter / Walter / Balter
  [/^y(?=e)/, 'j'], // Yésica / Jésica
  [/y/g, 'i'], // Yolanda / Iolanda, and what ll and lh became
  [/n(?=[bp])/g, 'm'],
  [/m$/g, 'n'], // Joaquim / Joaquín
  [/(.)\1+/g, '$1'], // doubled letters: Barrios / Barios, and ii from lli
];

/** The phonetic form of one name word. */
export function phonetic(word: string): string {
  return folds.reduce((form, [pattern, replacement]) => form.replace(pattern, replacement), word);
}

/** A word with ll also as written with one l (Villalobos / Vilalobos): ll already meets y and lh, so both forms are the name's. */
const spellings = (word: string) => (word.includes('ll') ? [word, word.replace(/ll/g, 'l')] : [word]);

/** The phonetic words of a person's names (given and family together), each once, sorted: order does not count. */
export function nameTokens(...names: (string | undefined)[]): string[] {
  return [...new Set(names.flatMap((name) => (name ? nameWords(name).flatMap(spellings).map(phonetic) : [])).filter((token) => token.length > 1))].sort();
}

/** What matching compares of a person: name tokens (phonetic forms, or their HMACs), birth year, nationality, gender. */
export interface MatchingProfile {
  given: string[];
  family: string[];
  birthYear?: number;
  /** ISO 3166-1 alpha-2, as the forms store it. */
  nationality?: string;
  gender?: string;
}

export interface Person {
  givenName?: string;
  familyName?: string;
  birthYear?: number;
  nationality?: string;
  gender?: string;
}

/** Genders that say nothing about who the person is, for matching. */
const unknownGenders = new Set(['undisclosed']);

/** A person's profile in phonetic tokens (kept in memory only, never stored). */
export function matchingProfile(person: Person): MatchingProfile {
  const given = nameTokens(person.givenName);
  return {
    given,
    family: nameTokens(person.familyName).filter((token) => !given.includes(token)),
    ...(person.birthYear ? { birthYear: person.birthYear } : {}),
    ...(person.nationality && person.nationality.length === 2 ? { nationality: person.nationality.toUpperCase() } : {}),
    ...(person.gender && !unknownGenders.has(person.gender) ? { gender: person.gender } : {}),
  };
}

const mac = (key: KeyObject | Buffer, fact: string) => createHmac('sha256', key).update(`puente-blind-index/v1\n${fact}`).digest().subarray(0, 16).toString('base64url');

/** The profile with each name token replaced by its HMAC under the deployment key: equal names stay equal, none can be read. */
export function blindProfile(profile: MatchingProfile, deploymentKey: KeyObject | Buffer): MatchingProfile {
  const blind = (tokens: string[]) => tokens.map((token) => mac(deploymentKey, `name\n${token}`)).sort();
  return { ...profile, given: blind(profile.given), family: blind(profile.family) };
}

/** At most this many tokens of a person enter the index (their pairs: 15), so erasure stays one transaction. */
const indexedTokens = 6;

/**
 * The blind index of a person: one HMAC (first 128 bits, base64url) per pair of name tokens, given
 * and family together, so order and swapped fields do not count. Every entry joins two names, so a
 * shared entry means two names agree, and no entry stands for one common surname alone (which
 * would show how often it occurs). Made from the blind profile: the index never sees a name.
 */
export function blindIndex(blind: MatchingProfile, deploymentKey: KeyObject | Buffer): string[] {
  const tokens = [...new Set([...blind.given, ...blind.family])].sort().slice(0, indexedTokens);
  const entries = tokens.flatMap((a, i) => tokens.slice(i + 1).map((b) => mac(deploymentKey, `names\n${a}\n${b}`)));
  return [...new Set(entries)].sort();
}
