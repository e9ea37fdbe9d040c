// Duplicate matching on the labelled pairs (test/fixtures/duplicates/pairs.ts), through the same
// path the platform takes: blind profiles and index entries under a fresh deployment key, a pair
// found only when it shares an index entry, then scored. Precision and recall of "same person".
// `npm run bench` reports it; `node bench/duplicates.ts` runs this section alone and updates
// only `duplicates` in bench/results.json.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
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

if (import.meta.main) {
  const file = join(resolve(import.meta.dirname, '..'), 'bench/results.json');
  const results = JSON.parse(readFileSync(file, 'utf8'));
  results.duplicates = duplicateFigures();
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`duplicates: precision ${results.duplicates.precision}, recall ${results.duplicates.recall} on ${results.duplicates.pairs} pairs`);
}
