// Duplicate matching on the labelled pairs (test/fixtures/duplicates/pairs.ts), through the same
// path the platform takes: blind profiles and index entries under a fresh deployment key, a pair
// found only when it shares an index entry, then scored. Precision and recall of "same person".
// `npm run bench` reports it; `npm run bench -- duplicates` runs this section alone.
import { randomBytes } from 'node:crypto';
import { blindIndex, blindProfile, matchingProfile } from '../functions/domain/blind-index.ts';
import { possibleDuplicates } from '../functions/domain/duplicates.ts';
import { labelledPairs } from '../test/fixtures/duplicates/pairs.ts';

export function duplicateFigures() {
  const key = randomBytes(32);
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  const missed: string[] = [];
  const wronglyMatched: string[] = [];
  for (const pair of labelledPairs) {
    const [a, b] = [pair.a, pair.b].map((person) => blindProfile(matchingProfile(person), key));
    const candidate = blindIndex(b, key).some((entry) => blindIndex(a, key).includes(entry));
    const found = candidate && possibleDuplicates(a, [{ caseId: 'b', profile: b }], new Set()).length > 0;
    if (found && pair.samePerson) truePositives++;
    if (found && !pair.samePerson) (falsePositives++, wronglyMatched.push(pair.why));
    if (!found && pair.samePerson) (falseNegatives++, missed.push(pair.why));
  }
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    pairs: labelledPairs.length,
    same_person_pairs: labelledPairs.filter((pair) => pair.samePerson).length,
    precision: round(truePositives / (truePositives + falsePositives)),
    recall: round(truePositives / (truePositives + falseNegatives)),
    missed,
    wrongly_matched: wronglyMatched,
  };
}
