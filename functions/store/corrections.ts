// A corrected interview in the table: a new submission (the earlier one stays), the record's
// assessment run again, the step, and the case's blind index made again from the corrected names,
// birth year, nationality and gender, all in one transaction: duplicates are never matched against
// what the person said before it was corrected.
import type { CorrectionPlan } from '../domain/correction.ts';
import { personOf } from '../domain/duplicates.ts';
import { Refusal } from '../domain/refusal.ts';
import type { RecordParts } from '../domain/records.ts';
import { tableName } from './clients.ts';
import { indexing, MatchingMoved } from './matching.ts';
import { keyOf, personalAttributes, recordUpdate } from './records.ts';
import { sealItem, seal } from './sealing.ts';
import { recordKey, recordPk, submissionSk } from './table.ts';
import { stepItem, writeChained } from './timeline.ts';
import { ConditionFailed } from './transactions.ts';

/** Writes a case's correction; 409 CHANGED if another correction came first, MatchingMoved if its index was written meanwhile (then decide and write again). */
export async function writeCorrection(id: string, parts: RecordParts, plan: CorrectionPlan, at: string): Promise<void> {
  const key = await keyOf('case', id);
  const sk = submissionSk(at);
  const fields = { ...plan.record, submissionSk: sk, sealed: seal(key, { age: plan.age }, recordKey('case', id)) };
  const previous = (parts.record as { submissionSk?: string }).submissionSk;
  const matching = await indexing(id, parts.record.createdAt, sk, personOf(plan.submission.answers, parts.record.createdAt));
  const others = [
    recordUpdate('case', id, fields, at, parts.record.stage, { expression: 'submissionSk = :previous', values: { ':previous': previous } }),
    { Put: { TableName: tableName(), Item: sealItem(key, { ...plan.submission, pk: recordPk('case', id), sk }, [...personalAttributes.submission, 'correctionReason']), ConditionExpression: 'attribute_not_exists(pk)' } },
    ...matching.items,
  ];
  try {
    await writeChained('case', id, { others, entries: [stepItem('case', id, plan.step, at)] });
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error;
    throw error.index < 2 ? new Refusal(409, 'CHANGED', 'The interview was corrected meanwhile; read it again') : new MatchingMoved();
  }
}
