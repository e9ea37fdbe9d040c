// FindPossibleDuplicates: the person of a new case compared with the deployment's cases through
// the blind index (no name is stored or compared in the clear). Pairs found are kept on both
// cases; the workflow is told the best undecided pair whose review this case holds ('none' when
// there is none), and asks for a review of it. It runs beside the protection
// referrals, never before them.
import { birthYearOf, decidedPairs, pairToReview, possibleDuplicates } from '../domain/duplicates.ts';
import { blindIndex, blindProfile, matchingProfile } from '../domain/blind-index.ts';
import { workflowTask, type TaskEvent } from '../middleware/steps.ts';
import { casesSharing, indexCase, matchingKey, profilesOf, proposeDuplicates } from '../store/matching.ts';
import { loadRecord } from '../store/records.ts';

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

export const handler = workflowTask(
  async (event: TaskEvent) => {
    const parts = await loadRecord('case', event.recordId);
    if (!parts?.submission) throw new Error(`case ${event.recordId} has no submission`);
    const { answers } = parts.submission;
    const person = matchingProfile({
      givenName: text(answers.givenName),
      familyName: text(answers.familyName),
      birthYear: birthYearOf(answers, parts.record.createdAt),
      nationality: text(answers.nationality),
      gender: text(answers.gender),
    });
    const { secret } = await matchingKey();
    const blind = blindProfile(person, secret);
    const entries = blindIndex(blind, secret);
    await indexCase(event.recordId, parts.record.createdAt, blind, entries);
    const candidates = await profilesOf(await casesSharing(event.recordId, entries));
    const matches = possibleDuplicates(blind, candidates, decidedPairs(parts.record));
    const reviewing = await proposeDuplicates(event.recordId, matches, new Date().toISOString());
    return { found: matches.length, next: pairToReview(matches, reviewing) ?? 'none' };
  },
  (result) => ({ found: result.found }),
);
