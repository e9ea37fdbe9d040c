// A lifecycle change of a case (a closure asked for, a reopening, a best-interests assessment or a
// durable solution started): its fields and the step that records it in one transaction, written
// only over what was read, so two racing requests have one outcome and the other a 409.
import type { LifecyclePlan } from '../domain/closure.ts';
import { workflowInput } from '../domain/intake.ts';
import { Refusal } from '../domain/refusal.ts';
import type { RecordSummary } from '../domain/records.ts';
import { recordUpdate } from './records.ts';
import { stepItem, writeChained } from './timeline.ts';
import { ConditionFailed } from './transactions.ts';
import { startWorkflow } from './workflows.ts';

/** Writes the change, then starts its workflow (named per request: a retry starts nothing twice). */
export async function applyLifecycle(record: RecordSummary, plan: LifecyclePlan, at: string): Promise<void> {
  await writeLifecycle(record, plan, at);
  if (plan.start) await startWorkflow(plan.start.workflow, plan.start.name, { ...workflowInput('case', record.id), ...plan.start.input });
}

async function writeLifecycle(record: RecordSummary, plan: LifecyclePlan, at: string): Promise<void> {
  // Always over the stage read as well: a workflow that moved the case meanwhile (its end closes it) must
  // not be written back by a request that read the case before.
  const counter = 'field' in plan.expected ? plan.expected : undefined;
  const condition = {
    expression: `#stage = :readStage${counter ? ` AND (#${counter.field} = :expected OR (attribute_not_exists(#${counter.field}) AND :expected = :zero))` : ''}`,
    values: { ':readStage': 'stage' in plan.expected ? plan.expected.stage : record.stage, ...(counter ? { ':expected': counter.value, ':zero': 0 } : {}) },
  };
  try {
    await writeChained('case', record.id, { others: [recordUpdate('case', record.id, plan.fields, at, plan.stage, condition)], entries: [stepItem('case', record.id, plan.step, at)] });
  } catch (error) {
    if (error instanceof ConditionFailed) throw new Refusal(409, 'CHANGED', 'The case changed meanwhile (another request came first); read it again');
    throw error;
  }
}
