// FindPossibleDuplicates: the person of a new case compared with the deployment's cases through
// the blind index (no name is stored or compared in the clear). Pairs found are kept on both
// cases; the workflow is told the best undecided pair whose review this case holds ('none' when
// there is none), and asks for a review of it. It runs beside the protection
// referrals, never before them.
import { decidedPairs, pairToReview, personOf, possibleDuplicates } from '../domain/duplicates.ts';
import { workflowTask, type TaskEvent } from '../middleware/steps.ts';
import { casesSharing, indexCase, MatchingMoved, profilesOf, proposeDuplicates } from '../store/matching.ts';
import { loadRecord } from '../store/records.ts';
import { retryOn } from '../store/transactions.ts';

export const handler = workflowTask(
  async (event: TaskEvent) => {
    // Indexed from the interview as it is now: a correction meanwhile makes it read and index again.
    const { parts, blind, entries } = await retryOn(MatchingMoved, async () => {
      const parts = await loadRecord('case', event.recordId);
      if (!parts?.submission) throw new Error(`case ${event.recordId} has no submission`);
      const { createdAt, submissionSk } = parts.record as typeof parts.record & { submissionSk: string };
      return { parts, ...(await indexCase(event.recordId, createdAt, submissionSk, personOf(parts.submission.answers, createdAt))) };
    });
    const candidates = await profilesOf(await casesSharing(event.recordId, entries));
    const matches = possibleDuplicates(blind, candidates, decidedPairs(parts.record));
    const reviewing = await proposeDuplicates(event.recordId, matches, new Date().toISOString());
    return { found: matches.length, next: pairToReview(matches, reviewing) ?? 'none' };
  },
  (result) => ({ found: result.found }),
);
