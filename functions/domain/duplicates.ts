// Possible duplicates: how alike two people's matching profiles are (blind-index.ts), with the
// reasons a coordinator reads. Names compare by equal tokens only (phonetic forms, or their HMACs:
// the same answer either way), so the index never needs a name. Siblings share surnames but not a
// given name; namesakes differ in age or nationality; those are what keeps a match apart.
import type { MatchingProfile, Person } from './blind-index.ts';
import { duplicateMatching } from './policy.ts';

export type DuplicateReason = 'given-name' | 'family-name' | 'names-reordered' | 'birth-year' | 'nationality' | 'gender';

export interface PossibleDuplicate {
  caseId: string;
  score: number;
  reasons: DuplicateReason[];
}

const overlaps = (a: readonly string[], b: ReadonlySet<string>) => a.some((token) => b.has(token));

/** A score in [0, 1] for two profiles, and what agrees between them. */
export function compareProfiles(a: MatchingProfile, b: MatchingProfile): { score: number; reasons: DuplicateReason[] } {
  const weights = duplicateMatching.weights;
  const namesOfA = new Set([...a.given, ...a.family]);
  const namesOfB = new Set([...b.given, ...b.family]);
  const shared = [...namesOfA].filter((token) => namesOfB.has(token)).length;
  const smaller = Math.min(namesOfA.size, namesOfB.size);
  if (!shared || !smaller) return { score: 0, reasons: [] };
  // A given name of each must be among the other's names, and a family name likewise: either field, as names get swapped.
  const given = overlaps(a.given, namesOfB) && overlaps(b.given, namesOfA);
  const family = overlaps(a.family, namesOfB) && overlaps(b.family, namesOfA);
  const reordered = overlaps(a.given, new Set(b.family)) || overlaps(b.given, new Set(a.family));
  // One written down more names than the other (a dropped second surname) is not a conflict; each having a name the other lacks is.
  const conflicting = shared < smaller;
  const names = (shared / smaller) * (given && family ? 1 : duplicateMatching.partialNames) * (conflicting ? duplicateMatching.conflictingNames : 1);
  let score = weights.names * names;
  const reasons: DuplicateReason[] = [...(given ? ['given-name' as const] : []), ...(family ? ['family-name' as const] : []), ...(reordered ? ['names-reordered' as const] : [])];
  if (a.birthYear && b.birthYear) {
    const apart = Math.abs(a.birthYear - b.birthYear);
    if (apart <= duplicateMatching.birthYearTolerance) {
      score += weights.birthYear * (1 - apart / (duplicateMatching.birthYearTolerance + 1));
      reasons.push('birth-year');
    } else score -= weights.birthYearApart;
  }
  if (a.nationality && b.nationality) {
    if (a.nationality === b.nationality) {
      score += weights.nationality;
      reasons.push('nationality');
    } else score -= weights.nationalityApart;
  }
  if (a.gender && b.gender) {
    if (a.gender === b.gender) {
      score += weights.gender;
      reasons.push('gender');
    } else score -= weights.genderApart;
  }
  return { score: Math.round(Math.max(0, Math.min(1, score)) * 100) / 100, reasons };
}

/** A case that shares an index entry with the person: its blind profile, and when it was opened. */
export interface Candidate {
  caseId: string;
  createdAt?: string;
  profile: MatchingProfile;
}

/** The candidates alike enough to show, best first; pairs decided before (linked or dismissed) are never proposed again. */
export function possibleDuplicates(person: MatchingProfile, candidates: Candidate[], decided: ReadonlySet<string>): PossibleDuplicate[] {
  return candidates
    .filter((candidate) => !decided.has(candidate.caseId))
    .map((candidate) => ({ caseId: candidate.caseId, ...compareProfiles(person, candidate.profile) }))
    .filter((match) => match.score >= duplicateMatching.threshold)
    .sort((a, b) => b.score - a.score || a.caseId.localeCompare(b.caseId))
    .slice(0, duplicateMatching.maxShown);
}

/**
 * The pair this case's workflow asks a coordinator to review: the best one it holds the review of.
 * Each pair's review is claimed once, by whichever check recorded it first (store/matching.ts): two
 * cases screened together, whose checks run in either order or at once, ask for it once, never twice
 * and never not at all.
 */
export function pairToReview(matches: PossibleDuplicate[], reviewing: ReadonlySet<string>): string | undefined {
  return matches.find((match) => reviewing.has(match.caseId))?.caseId;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** What matching reads of an interview (or its correction): names, birth year as of the interview's day, nationality, gender. */
export function personOf(answers: Record<string, unknown>, on: string): Person {
  return { givenName: text(answers.givenName), familyName: text(answers.familyName), birthYear: birthYearOf(answers, on), nationality: text(answers.nationality), gender: text(answers.gender) };
}

/** The year a person was born in, from a date of birth or an age given on a day. */
export function birthYearOf(answers: { dateOfBirth?: unknown; ageEstimate?: unknown }, on: string): number | undefined {
  if (typeof answers.dateOfBirth === 'string' && /^\d{4}-/.test(answers.dateOfBirth)) return Number(answers.dateOfBirth.slice(0, 4));
  if (typeof answers.ageEstimate === 'number') return Number(on.slice(0, 4)) - answers.ageEstimate;
  return undefined;
}

export type DuplicateStatus = 'possible' | 'same-person' | 'different-person';

/** A pair as each of its two case records keeps it, under the other case's id. */
export interface PairOnRecord {
  score: number;
  reasons: DuplicateReason[];
  status: DuplicateStatus;
  foundAt: string;
  decidedAt?: string;
  /** The case whose workflow asks for this pair's review (kept on the record of the lesser id). */
  reviewBy?: string;
}

const pairsOf = (record: Record<string, unknown>) => Object.entries((record.duplicates ?? {}) as Record<string, PairOnRecord>);

/** The other cases of pairs a coordinator decided: never proposed again. */
export const decidedPairs = (record: Record<string, unknown>) => new Set(pairsOf(record).filter(([, pair]) => pair.status !== 'possible').map(([caseId]) => caseId));

/** What a coordinator reads of a case's pairs: those still to review, best first, and the cases found to be the same person. */
export function duplicatesOf(record: Record<string, unknown>): { possibleDuplicates: PossibleDuplicate[]; linkedCases: string[] } {
  const pairs = pairsOf(record);
  return {
    possibleDuplicates: pairs
      .filter(([, pair]) => pair.status === 'possible')
      .map(([caseId, { score, reasons }]) => ({ caseId, score, reasons }))
      .sort((a, b) => b.score - a.score || a.caseId.localeCompare(b.caseId)),
    linkedCases: pairs.filter(([, pair]) => pair.status === 'same-person').map(([caseId]) => caseId).sort(),
  };
}
