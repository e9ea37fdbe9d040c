// Possible duplicates: scores and reasons between two profiles, pairs decided before never come
// back, and the labelled pairs stay at or above 0.9 precision and recall (bench/duplicates.ts).
import { describe, expect, test } from 'vitest';
import { duplicateFigures } from '../../../bench/duplicates.ts';
import { matchingProfile } from '../../../functions/domain/blind-index.ts';
import { birthYearOf, compareProfiles, pairToReview, possibleDuplicates } from '../../../functions/domain/duplicates.ts';

const person = matchingProfile({ givenName: 'José María', familyName: 'García López', birthYear: 1998, nationality: 'HN', gender: 'man' });

describe('comparing two people', () => {
  test('the same person spelt another way, a year off: a high score, with the reasons', () => {
    const again = matchingProfile({ givenName: 'Jose', familyName: 'Garsia', birthYear: 1999, nationality: 'HN', gender: 'man' });
    const { score, reasons } = compareProfiles(person, again);
    expect(score).toBeGreaterThanOrEqual(0.8);
    expect(reasons).toEqual(['given-name', 'family-name', 'birth-year', 'nationality', 'gender']);
  });

  test('a sister shares the surnames, not a given name: below the threshold', () => {
    const sister = matchingProfile({ givenName: 'Ana', familyName: 'García López', birthYear: 1999, nationality: 'HN', gender: 'woman' });
    expect(possibleDuplicates(person, [{ caseId: 'c-sister', profile: sister }], new Set())).toEqual([]);
  });

  test('a namesake ten years older is kept apart by the birth year', () => {
    const older = matchingProfile({ givenName: 'José María', familyName: 'García López', birthYear: 1988, nationality: 'HN', gender: 'man' });
    expect(compareProfiles(person, older).score).toBeLessThan(0.5);
  });

  test('names in swapped fields still agree, and say so', () => {
    const swapped = matchingProfile({ givenName: 'García López', familyName: 'José María', birthYear: 1998, nationality: 'HN', gender: 'man' });
    expect(compareProfiles(person, swapped).reasons).toContain('names-reordered');
    expect(compareProfiles(person, swapped).score).toBeGreaterThanOrEqual(0.9);
  });

  test('a pair decided before is never proposed again; the best comes first', () => {
    const again = matchingProfile({ givenName: 'Jose Maria', familyName: 'Garcia', birthYear: 1998, nationality: 'HN', gender: 'man' });
    const lessSure = matchingProfile({ givenName: 'Jose', familyName: 'Garcia', birthYear: 2000, nationality: 'HN' });
    const candidates = [
      { caseId: 'c-b', profile: lessSure },
      { caseId: 'c-a', profile: again },
    ];
    expect(possibleDuplicates(person, candidates, new Set()).map((match) => match.caseId)).toEqual(['c-a', 'c-b']);
    expect(possibleDuplicates(person, candidates, new Set(['c-a'])).map((match) => match.caseId)).toEqual(['c-b']);
  });

  test('the birth year from a date of birth, or from an age on the day of the interview', () => {
    expect(birthYearOf({ dateOfBirth: '2001-04-03', ageEstimate: 40 }, '2026-11-29')).toBe(2001);
    expect(birthYearOf({ ageEstimate: 16 }, '2026-11-29')).toBe(2010);
    expect(birthYearOf({}, '2026-11-29')).toBeUndefined();
  });
});

test('the labelled pairs: at least 60, precision and recall at least 0.9', () => {
  const figures = duplicateFigures();
  expect(figures.pairs).toBeGreaterThanOrEqual(60);
  expect(figures.precision).toBeGreaterThanOrEqual(0.9);
  expect(figures.recall).toBeGreaterThanOrEqual(0.9);
});

test('a case asks for the review of the best pair it holds the review of, and of no other', () => {
  const matches = [
    { caseId: 'c-best', score: 0.95, reasons: [] },
    { caseId: 'c-next', score: 0.8, reasons: [] },
  ];
  expect(pairToReview(matches, new Set(['c-next', 'c-best']))).toBe('c-best');
  expect(pairToReview(matches, new Set(['c-next']))).toBe('c-next');
  expect(pairToReview(matches, new Set())).toBeUndefined();
});
