// Human steps. A task is an item of its case or tip; while open it sits in its organisation's
// inbox (by due time) and in the overdue sweep's index. The task token stays here, server-side.
// A closed task keeps a "resume" marker until its workflow has been told, so a decision is never
// lost between the table and the workflow.
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { consentWithdrawn, type ConsentPlan, type LinkedConsent, type PersonConsentPlan } from '../domain/consent.ts';
import type { DecisionPlan } from '../domain/decision.ts';
import type { ErasurePlan } from '../domain/erasure.ts';
import { Refusal } from '../domain/refusal.ts';
import { isTaskId, kindOfId, type Actor, type RecordSummary, type Resume, type Step, type Task, type TaskStatus } from '../domain/records.ts';
import { documents, tableName } from './clients.ts';
import { pairDecision, unindexing } from './matching.ts';
import { takeBed } from './organisations.ts';
import { countOverdue, decodeCursor, encodeCursor, keyOf, link, recordUpdate, unlink, type Page } from './records.ts';
import { AWAITING_RESUME, OPEN_TASKS, recordKey, recordPk, openTaskIndexKeys, organisationInbox, taskKey, type TransactItem } from './table.ts';
import { recordKeys, seal } from './sealing.ts';
import { stepItem, writeChained } from './timeline.ts';
import { ConditionFailed } from './transactions.ts';
import { withdrawnEvents } from '../domain/webhooks.ts';
import { referralRevoked, type PartnerReferral } from '../domain/partner-referrals.ts';
import { lifecycleDecision, lifecycleLapse, referralStatus, reminderItem } from './case-plan.ts';

// What a write can be refused for; each is an answer the API gives as it is.
export class TaskClosed extends Refusal {
  constructor(message = 'This task has already been decided, withdrawn or has expired') {
    super(409, 'TASK_CLOSED', message);
  }
}
export class NoFreeBed extends Refusal {
  constructor() {
    super(409, 'NO_FREE_BED', 'The shelter has no free bed on record; decline, or update its capacity first');
  }
}
export class ConsentChanged extends Refusal {
  constructor() {
    super(409, 'CONSENT_CHANGED', 'The consent changed while this was saved; read the case again');
  }
}

/**
 * Opens a task with the step that records it and the assignee's link to the record, and moves the
 * record up the board (at its `stage`); a retried task handler with the same token changes nothing.
 */
export async function openTask(task: Task, stage: string, step: Step): Promise<void> {
  const { parentKind: kind, parentId: id } = task;
  try {
    await writeChained(kind, id, {
      others: [
        { Put: { TableName: tableName(), Item: { ...taskKey(kind, id, task.taskId), ...task, ...openTaskIndexKeys(task) }, ConditionExpression: 'attribute_not_exists(pk)' } },
        link(kind, id, task.assigneeOrg, task.createdAt),
        // Never over an erasure that came between the read and this write: it would bring the erased case back on the board.
        recordUpdate(kind, id, {}, task.createdAt, stage, { expression: '#stage <> :erasedStage', values: { ':erasedStage': 'erased' } }),
        ...reminderItem(task),
      ],
      entries: [stepItem(kind, id, step, task.createdAt)],
    });
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error;
    if ((await getTask(task.taskId))?.token !== task.token) throw error;
  }
}

export async function getTask(taskId: string): Promise<Task | undefined> {
  const parentId = taskId.split('.')[0];
  const parentKind = kindOfId(parentId);
  if (!parentKind || !isTaskId(taskId)) return undefined;
  const { Item } = await documents.send(new GetCommand({ TableName: tableName(), Key: taskKey(parentKind, parentId, taskId), ConsistentRead: true }));
  return Item as Task | undefined;
}

/**
 * Closes an open task (only if still open) and queues `resume` for its workflow; without one, no
 * workflow waits for it any more and its token is forgotten.
 */
function closeItem(task: Task, status: TaskStatus, resume: Resume | undefined, at: string, fields: Record<string, unknown> = {}): TransactItem {
  const queued = resume ? { resume, duePk: AWAITING_RESUME, dueSk: `${at}#${task.taskId}` } : {};
  const all: Record<string, unknown> = { status, decidedAt: at, ...queued, ...fields };
  const names = Object.keys(all).filter((name) => all[name] !== undefined);
  return {
    Update: {
      TableName: tableName(),
      Key: taskKey(task.parentKind, task.parentId, task.taskId),
      UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(', ')} REMOVE inboxPk, inboxSk${resume ? '' : ', duePk, dueSk, #token'}`,
      ConditionExpression: '#status = :open',
      ExpressionAttributeNames: { ...Object.fromEntries(names.map((name) => [`#${name}`, name])), ...(resume ? {} : { '#token': 'token' }) },
      ExpressionAttributeValues: { ...Object.fromEntries(names.map((name) => [`:${name}`, all[name]])), ':open': 'open' },
    },
  };
}

/** Each organisation of these tasks steps back once (a transaction may touch an item only once). */
const unlinkEach = (kind: RecordSummary['kind'], id: string, tasks: Task[]) => [...new Set(tasks.map((task) => task.assigneeOrg))].map((organisationId) => unlink(kind, id, organisationId));

/** Consent is written only over the version it was decided on: a change, or a link, made meanwhile refuses the write. */
export const atConsentVersion = (expected: number) => ({
  expression: '(consentVersion = :expected OR (attribute_not_exists(consentVersion) AND :expected = :zero))',
  values: { ':expected': expected, ':zero': 0 },
});

/** A consent change on the case record (unless its record item is written otherwise, as a pair's link is), with the referrals it ends. */
function consentChange(record: RecordSummary, plan: ConsentPlan, ended: Task[], at: string, { recordItem = true } = {}) {
  return {
    others: [
      ...(recordItem ? [recordUpdate('case', record.id, { consent: plan.consent, consentVersion: plan.expectedVersion + 1 }, at, record.stage, atConsentVersion(plan.expectedVersion))] : []),
      ...ended.map((task) => closeItem(task, 'withdrawn', consentWithdrawn, at, { withdrawnReason: 'consent-withdrawn' })),
      ...unlinkEach('case', record.id, ended),
    ],
    entries: [
      stepItem('case', record.id, plan.step, at),
      ...ended.map((task) => stepItem('case', record.id, { event: 'withdrawn', summary: { taskId: task.taskId, kind: task.kind, reason: 'consent-withdrawn' } }, at)),
    ],
  };
}

/** What a change writes on a linked case of the person: its restriction, or a check that its consent (and so its links) did not move. */
function linkedConsentChange(linked: LinkedConsent, at: string, recordItem = true) {
  if (linked.plan) return consentChange(linked.record, linked.plan, linked.ended, at, { recordItem });
  const { expression, values } = atConsentVersion(linked.record.consentVersion ?? 0);
  const check: TransactItem = { ConditionCheck: { TableName: tableName(), Key: recordKey('case', linked.record.id), ConditionExpression: `attribute_exists(pk) AND ${expression}`, ExpressionAttributeValues: values } };
  return { others: recordItem ? [check] : [], entries: [] };
}

/** The steps each linked case records on its own chain, in the same transaction. */
const alongside = (linked: LinkedConsent[], changes: { entries: Record<string, unknown>[] }[]) =>
  linked.map((other, index) => ({ kind: 'case' as const, id: other.record.id, entries: changes[index].entries })).filter((chain) => chain.entries.length);

/** A failed condition on a record item is a consent (or link) that moved: read again; on a task, a referral that closed meanwhile. */
const refusalOf = (items: TransactItem[], index: number) =>
  (items[index]?.Update ?? items[index]?.ConditionCheck)?.Key?.sk === 'RECORD' ? new ConsentChanged() : new TaskClosed('A referral closed meanwhile; try again');

/** Writes the person's change of consent: the case's own, what follows to each linked case, and the referrals it ends; ConsentChanged when another change or a link came first. */
export async function writeConsent(person: PersonConsentPlan, at: string): Promise<void> {
  const own = consentChange(person.record, person.plan, person.ended, at);
  const linked = person.linked.map((other) => linkedConsentChange(other, at));
  const others = [...own.others, ...linked.flatMap((change) => change.others)];
  try {
    await writeChained('case', person.record.id, { others, entries: own.entries, alongside: alongside(person.linked, linked) });
  } catch (error) {
    if (error instanceof ConditionFailed) throw refusalOf(others, error.index);
    throw error;
  }
}

/** Revokes a pending referral: its task withdrawn (its workflow told), the partner stepped back; one outcome against a racing answer. */
export async function writeRevocation(task: Task, referral: PartnerReferral, step: Step, at: string): Promise<void> {
  try {
    await writeChained('case', referral.caseId, {
      others: [closeItem(task, 'withdrawn', referralRevoked, at, { withdrawnReason: 'revoked' }), referralStatus(referral.caseId, referral.referralId, 'revoked'), unlink('case', referral.caseId, referral.organisationId)],
      entries: [stepItem('case', referral.caseId, step, at), stepItem('case', referral.caseId, { event: 'withdrawn', summary: { taskId: task.taskId, kind: task.kind, reason: 'revoked' } }, at)],
    });
  } catch (error) {
    if (error instanceof ConditionFailed) throw new Refusal(409, 'REFERRAL_CLOSED', 'The partner answered this referral meanwhile; read the case again');
    throw error;
  }
}

/**
 * Writes a decision with everything it changes, in one transaction; `linked` are the person's other
 * cases a consent decision restricts, or, for two cases found to be the same person, every case of
 * both sets brought to the most restrictive consent (the pair's own consent goes on its link's update).
 */
export async function writeDecision(task: Task, plan: Exclude<DecisionPlan, { replay: true }>, decidedBy: Actor, record: RecordSummary, at: string, linked: LinkedConsent[] = []): Promise<void> {
  // The decision's details (names, notes) are sealed under the record's key; its outcome word is not.
  const sealed = seal(await keyOf(task.parentKind, task.parentId), { decision: plan.decision }, taskKey(task.parentKind, task.parentId, task.taskId));
  const consent = plan.consent ? consentChange(record, plan.consent, [], at) : { others: [], entries: [] };
  const paired = new Set(plan.pair?.status === 'same-person' ? [plan.pair.caseId, plan.pair.otherCaseId] : []);
  const following = linked.map((other) => linkedConsentChange(other, at, !paired.has(other.record.id)));
  const own = linked.findIndex((other) => other.record.id === task.parentId);
  const lifecycle = lifecycleDecision(task, plan, at);
  const others: TransactItem[] = [
    closeItem(task, 'decided', plan.resume, at, { sealed, decisionHash: plan.decisionHash, outcome: plan.outcome, decidedBy }),
    ...(plan.takeBedAt ? [takeBed(plan.takeBedAt)] : []),
    ...(plan.unlinkOrganisation ? [unlink(task.parentKind, task.parentId, plan.unlinkOrganisation)] : []),
    ...consent.others,
    ...(plan.pair ? pairDecision(plan.pair.caseId, plan.pair.otherCaseId, plan.pair.status, at, new Map(linked.filter((other) => paired.has(other.record.id)).map((other) => [other.record.id, other]))) : []),
    ...following.flatMap((change) => change.others),
    ...lifecycle.others,
  ];
  const entries = [stepItem(task.parentKind, task.parentId, plan.step, at), ...consent.entries, ...(own >= 0 ? following[own].entries : []), ...lifecycle.entries];
  try {
    await writeChained(task.parentKind, task.parentId, { others, entries, alongside: alongside(linked, following).filter((chain) => chain.id !== task.parentId) });
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error;
    if (error.index === 0) throw new TaskClosed();
    if (plan.takeBedAt && error.index === 1) throw new NoFreeBed();
    throw new ConsentChanged();
  }
}

/** Fails a task past its due time (the sweep): counted on the record, and its workflow told TaskOverdue. */
export async function writeOverdue(task: Task, at: string): Promise<void> {
  const resume: Resume = { type: 'failure', error: 'TaskOverdue', cause: `${task.kind} task was due at ${task.dueAt}` };
  const lapse = await lifecycleLapse(task);
  try {
    await writeChained(task.parentKind, task.parentId, {
      others: [
        closeItem(task, 'overdue', resume, at),
        countOverdue(task.parentKind, task.parentId, task.kind, lapse.removeFromRecord),
        // A shelter that let a placement lapse steps back from the case, as one that declined.
        ...(task.kind === 'placement' ? [unlink(task.parentKind, task.parentId, task.assigneeOrg)] : []),
        ...lapse.others,
      ],
      entries: [stepItem(task.parentKind, task.parentId, { event: 'overdue', summary: { taskId: task.taskId, kind: task.kind, dueAt: task.dueAt } }, at)],
    });
  } catch (error) {
    if (error instanceof ConditionFailed) throw new TaskClosed();
    throw error;
  }
}

/** Erases a record: its key (crypto-shredding), its blind-index entries, its open steps withdrawn, the erasure recorded; all or nothing. */
export async function writeErasure(record: RecordSummary, plan: ErasurePlan, { linksAsRead = false } = {}): Promise<void> {
  const { kind, id } = record;
  const unindexed = kind === 'case' ? await unindexing(id) : [];
  const at = plan.fields.erasedAt as string;
  // A case erased on its own, or with the linked cases read: a link made meanwhile moves its consent version and refuses this.
  const links = linksAsRead ? atConsentVersion(record.consentVersion ?? 0) : undefined;
  try {
    await writeChained(kind, id, {
      others: [
        recordUpdate(kind, id, plan.fields, at, 'erased', { expression: `attribute_not_exists(erasedAt)${links ? ` AND ${links.expression}` : ''}`, values: { ...links?.values } }),
        (await recordKeys()).eraseRecordKey(recordPk(kind, id)),
        ...plan.withdraw.map((task) => closeItem(task, 'withdrawn', undefined, at, { withdrawnReason: 'erased' })),
        ...unlinkEach(kind, id, plan.withdraw),
        ...unindexed,
      ],
      entries: [stepItem(kind, id, plan.step, at)],
      events: withdrawnEvents(plan.withdraw),
    });
  } catch (error) {
    if (error instanceof ConditionFailed) throw new Refusal(409, 'CHANGED', `The ${kind} changed while it was being erased; try again`);
    throw error;
  }
}

/** Withdraws open tasks no workflow waits for any more (their branch failed): out of every inbox, nothing to tell. */
export async function withdrawTasks(tasks: Task[], reason: string, at: string): Promise<void> {
  for (const task of tasks) {
    try {
      await writeChained(task.parentKind, task.parentId, {
        others: [closeItem(task, 'withdrawn', undefined, at, { withdrawnReason: reason })],
        entries: [stepItem(task.parentKind, task.parentId, { event: 'withdrawn', summary: { taskId: task.taskId, kind: task.kind, reason } }, at)],
      });
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error; // closed meanwhile
    }
  }
}

/** The workflow has been told: the task leaves the resume queue, and its token is forgotten. */
export async function markResumed(task: Pick<Task, 'parentKind' | 'parentId' | 'taskId'>): Promise<void> {
  await documents.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: taskKey(task.parentKind, task.parentId, task.taskId),
      UpdateExpression: 'REMOVE duePk, dueSk, #resume, #token',
      ExpressionAttributeNames: { '#resume': 'resume', '#token': 'token' },
    }),
  );
}

/** An organisation's open tasks, soonest due first, a page at a time. */
export async function openTasksOf(organisationId: string, limit: number, cursor?: string): Promise<Page<Task>> {
  const page = await documents.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'inbox',
      KeyConditionExpression: 'inboxPk = :pk',
      ExpressionAttributeValues: { ':pk': organisationInbox(organisationId) },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, 'inbox', { name: 'inboxPk', value: organisationInbox(organisationId) }),
    }),
  );
  return { items: (page.Items ?? []) as Task[], cursor: encodeCursor(page.LastEvaluatedKey) };
}

async function dueIndex(condition: string, values: Record<string, unknown>, limit: number): Promise<Task[]> {
  const page = await documents.send(new QueryCommand({ TableName: tableName(), IndexName: 'due', KeyConditionExpression: condition, ExpressionAttributeValues: values, Limit: limit }));
  return (page.Items ?? []) as Task[];
}

/** Open tasks whose due time has passed. */
export const overdueTasks = (now: string, limit = 100) => dueIndex('duePk = :pk AND dueSk < :now', { ':pk': OPEN_TASKS, ':now': now }, limit);

/** Closed tasks whose workflow has not yet been told (e.g. the answer to Step Functions failed). */
export const tasksAwaitingResume = (limit = 100) => dueIndex('duePk = :pk', { ':pk': AWAITING_RESUME }, limit);
