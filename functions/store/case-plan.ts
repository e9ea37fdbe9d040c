// The case lifecycle's items (issue 16): plan entries, notes, referrals and transfers in the
// case's partition, their free text sealed under the case's key; each written with its timeline
// step, only while the case is open; and a follow-up's reminder, found by the sweep when it is due.
import { randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { lifecycleId, refuseUnlessTeam, type PlannedService } from '../domain/case-plan.ts';
import type { Viewer } from '../domain/access.ts';
import type { DecisionPlan } from '../domain/decision.ts';
import type { PartnerReferral } from '../domain/partner-referrals.ts';
import { Refusal } from '../domain/refusal.ts';
import { kindOfId, type Actor, type RecordSummary, type Step, type Task } from '../domain/records.ts';
import type { PendingTransfer } from '../domain/transfer.ts';
import { documents, queryEveryPage, tableName } from './clients.ts';
import { getRecord, keyOf, unlink } from './records.ts';
import { openItem, sealItem } from './sealing.ts';
import { lifecycleKey, NOTE_PREFIX, noteKey, recordKey, recordPk, REMINDERS_DUE, reminderKey, taskKey, type TransactItem } from './table.ts';
import { stepItem, writeChained } from './timeline.ts';
import { ConditionFailed } from './transactions.ts';

/**
 * The case is still open, checked in the same transaction as what is written on it (a transaction
 * touches an item once: a further condition or change of the record goes in the same item).
 */
function onOpenCase(caseId: string, also?: { update?: string; condition?: string; values?: Record<string, unknown> }): TransactItem {
  const check = {
    TableName: tableName(),
    Key: recordKey('case', caseId),
    ConditionExpression: `attribute_exists(pk) AND #stage <> :closed AND #stage <> :erased${also?.condition ? ` AND ${also.condition}` : ''}`,
    ExpressionAttributeNames: { '#stage': 'stage' },
    ExpressionAttributeValues: { ':closed': 'closed', ':erased': 'erased', ...also?.values },
  };
  return also?.update ? { Update: { ...check, UpdateExpression: also.update } } : { ConditionCheck: check };
}

/** Writes `others` and the step while the case is open (and `also` holds): CASE_CLOSED, or `refused` when `also` failed. */
async function writeOnOpenCase(caseId: string, others: TransactItem[], step: Step, at: string, also?: Parameters<typeof onOpenCase>[1], refused?: () => Refusal): Promise<void> {
  try {
    await writeChained('case', caseId, { others: [onOpenCase(caseId, also), ...others], entries: [stepItem('case', caseId, step, at)] });
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error;
    if (error.index !== 0) throw new Refusal(409, 'CHANGED', 'The case changed meanwhile; read it again');
    const record = await getRecord('case', caseId);
    throw !record || record.stage === 'closed' || record.stage === 'erased' || !refused ? new Refusal(409, 'CASE_CLOSED', 'The case was closed or erased meanwhile; nothing was written') : refused();
  }
}

const putNew = (Item: Record<string, unknown>): TransactItem => ({ Put: { TableName: tableName(), Item, ConditionExpression: 'attribute_not_exists(pk)' } });

export async function writePlanEntry(entry: PlannedService, step: Step): Promise<void> {
  const key = await keyOf('case', entry.caseId);
  await writeOnOpenCase(entry.caseId, [putNew(sealItem(key, { ...lifecycleKey(entry.caseId, 'PLAN', entry.planId), ...entry }, ['note']))], step, entry.createdAt);
}

export async function writeNote(caseId: string, note: { text: string; at: string; by: Actor }, step: Step): Promise<void> {
  const key = await keyOf('case', caseId);
  await writeOnOpenCase(caseId, [putNew(sealItem(key, { ...noteKey(caseId, note.at, randomBytes(4).toString('hex')), ...note }, ['text']))], step, note.at);
}

/** A referral, only while the person still agrees to data sharing (a withdrawal racing it wins). */
export async function writeReferral(referral: PartnerReferral, step: Step): Promise<void> {
  const key = await keyOf('case', referral.caseId);
  const item = putNew(sealItem(key, { ...lifecycleKey(referral.caseId, 'REFERRAL', referral.referralId), ...referral }, ['reason']));
  await writeOnOpenCase(referral.caseId, [item], step, referral.createdAt, { condition: 'consent.dataSharing = :yes', values: { ':yes': 'yes' } }, () => new Refusal(409, 'NO_DATA_SHARING_CONSENT', 'The person withdrew their consent to data sharing meanwhile; nothing was referred'));
}

/** The case, for its own team only (others are told it does not exist). */
export async function caseOfTeam(viewer: Viewer, caseId: string): Promise<RecordSummary> {
  const record = kindOfId(caseId) === 'case' ? await getRecord('case', caseId) : undefined;
  if (!record) throw new Refusal(404, 'NOT_FOUND', `No case ${caseId}`);
  refuseUnlessTeam(viewer, record);
  return record;
}

export const newLifecycleId = (prefix: 'p' | 'r' | 'x') => lifecycleId(prefix, randomBytes(8).toString('hex'));

/** A transfer asked for: one at a time, on the record, with its sealed reason beside it. */
export async function writeTransferRequest(record: RecordSummary, pending: PendingTransfer, reason: string, actor: Actor, step: Step, at: string): Promise<void> {
  const key = await keyOf('case', record.id);
  const item = putNew(sealItem(key, { ...lifecycleKey(record.id, 'TRANSFER', pending.transferId), ...pending, reason, createdAt: at, createdBy: actor }, ['reason']));
  await writeOnOpenCase(record.id, [item], step, at, { update: 'SET pendingTransfer = :pending', condition: 'attribute_not_exists(pendingTransfer)', values: { ':pending': pending } }, () => new Refusal(409, 'TRANSFER_PENDING', 'A transfer of this case is already waiting for an answer'));
}

/** A case's items of one kind, their sealed parts opened. */
async function itemsOf(caseId: string, prefix: string): Promise<Record<string, any>[]> {
  const items = await queryEveryPage({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': recordPk('case', caseId), ':prefix': prefix }, ConsistentRead: true });
  if (!items.length) return [];
  const key = await keyOf('case', caseId);
  return items.map((item) => {
    const { pk: _pk, sk: _sk, ...rest } = openItem(key, item as Record<string, any> & { pk: string; sk: string });
    return rest;
  });
}

export const planOf = (caseId: string) => itemsOf(caseId, 'PLAN#') as Promise<PlannedService[]>;
export const notesOf = (caseId: string) => itemsOf(caseId, NOTE_PREFIX);
export const referralsOf = (caseId: string) => itemsOf(caseId, 'REFERRAL#') as Promise<PartnerReferral[]>;

/** A plan entry's due time (no sealed part read): what its follow-up task is due at. */
export async function planDueAt(caseId: string, planId: string): Promise<string | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: tableName(), Key: lifecycleKey(caseId, 'PLAN', planId), ProjectionExpression: 'dueAt', ConsistentRead: true }));
  return Item?.dueAt;
}

/** A follow-up's reminder item, written with its task: the sweep finds it through the due index. */
export const reminderItem = (task: Task): TransactItem[] =>
  task.remindAt
    ? [{ Put: { TableName: tableName(), Item: { ...reminderKey(task.parentKind, task.parentId, task.taskId), taskId: task.taskId, parentKind: task.parentKind, parentId: task.parentId, kind: task.kind, assigneeOrg: task.assigneeOrg, dueAt: task.dueAt, duePk: REMINDERS_DUE, dueSk: `${task.remindAt}#${task.taskId}` } } }]
    : [];

/** Reminders whose time has come. */
export async function dueReminders(now: string, limit = 100): Promise<Task[]> {
  const page = await documents.send(new QueryCommand({ TableName: tableName(), IndexName: 'due', KeyConditionExpression: 'duePk = :pk AND dueSk < :now', ExpressionAttributeValues: { ':pk': REMINDERS_DUE, ':now': now }, Limit: limit }));
  return (page.Items ?? []) as Task[];
}

/** Reminds the assignee of a follow-up still open (on the task, on the timeline, as an event); a decided one only loses its reminder. */
export async function writeReminder(task: Task, at: string): Promise<boolean> {
  const gone: TransactItem = { Delete: { TableName: tableName(), Key: reminderKey(task.parentKind, task.parentId, task.taskId), ConditionExpression: 'attribute_exists(pk)' } };
  try {
    await writeChained(task.parentKind, task.parentId, {
      others: [
        gone,
        { Update: { TableName: tableName(), Key: taskKey(task.parentKind, task.parentId, task.taskId), UpdateExpression: 'SET remindedAt = :at', ConditionExpression: '#status = :open', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':at': at, ':open': 'open' } } },
      ],
      entries: [stepItem(task.parentKind, task.parentId, { event: 'reminded', summary: { taskId: task.taskId, kind: task.kind, dueAt: task.dueAt } }, at)],
    });
    return true;
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error;
    if (error.index === 1) await documents.send(new DeleteCommand({ TableName: tableName(), Key: reminderKey(task.parentKind, task.parentId, task.taskId) }));
    return false;
  }
}

const setStatus = (caseId: string, item: 'PLAN' | 'REFERRAL', id: string, fields: Record<string, unknown>, condition: string, values: Record<string, unknown> = {}): TransactItem => {
  const names = Object.keys(fields);
  return {
    Update: {
      TableName: tableName(),
      Key: lifecycleKey(caseId, item, id),
      UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(', ')}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
      ExpressionAttributeValues: { ...Object.fromEntries(names.map((name) => [`:${name}`, fields[name]])), ...values },
    },
  };
};

/** A transfer answered: only the one pending (one outcome); accepted, the receiving organisation is responsible. */
const transferEnds = (caseId: string, transferId: string, responsibleOrg?: string): TransactItem => ({
  Update: {
    TableName: tableName(),
    Key: recordKey('case', caseId),
    UpdateExpression: responsibleOrg ? 'SET responsibleOrg = :to REMOVE pendingTransfer' : 'REMOVE pendingTransfer',
    ConditionExpression: 'pendingTransfer.transferId = :transferId',
    ExpressionAttributeValues: { ':transferId': transferId, ...(responsibleOrg ? { ':to': responsibleOrg } : {}) },
  },
});

/** What a lifecycle task's decision writes beside it: its plan entry, referral or transfer, and the steps that say so. */
export function lifecycleDecision(task: Task, plan: Exclude<DecisionPlan, { replay: true }>, at: string): { others: TransactItem[]; entries: Record<string, unknown>[] } {
  const { followUp, referral, transfer } = plan;
  const others: TransactItem[] = [
    ...(followUp ? [setStatus(task.parentId, 'PLAN', followUp.planId, { status: followUp.status, ...(followUp.dueAt ? { dueAt: followUp.dueAt } : {}) }, 'attribute_exists(pk)')] : []),
    ...(referral ? [referralStatus(task.parentId, referral.referralId, referral.status)] : []),
    ...(transfer ? [transferEnds(task.parentId, transfer.pending.transferId, transfer.accepted ? transfer.pending.to : undefined), ...(transfer.accepted ? [unlink('case', task.parentId, transfer.pending.from)] : [])] : []),
  ];
  return { others, entries: transfer?.step ? [stepItem('case', task.parentId, transfer.step, at)] : [] };
}

/**
 * What a lifecycle task that lapsed writes beside it: a referral lapses, a transfer ends (the
 * receiving organisation steps back; `removeFromRecord` goes with the record's overdue count), a
 * follow-up is marked overdue. The due index does not copy what the task is about: read it whole.
 */
export async function lifecycleLapse(listed: Task): Promise<{ others: TransactItem[]; removeFromRecord: string[] }> {
  const none = { others: [], removeFromRecord: [] };
  if (!['follow-up', 'partner-referral', 'transfer'].includes(listed.kind)) return none;
  const task = listed.subjectId ? listed : await getTaskItem(listed);
  if (!task?.subjectId) return none;
  if (task.kind === 'follow-up') return { others: [setStatus(task.parentId, 'PLAN', task.subjectId, { status: 'overdue' }, 'attribute_exists(pk)')], removeFromRecord: [] };
  if (task.kind === 'partner-referral') return { others: [setStatus(task.parentId, 'REFERRAL', task.subjectId, { status: 'lapsed' }, 'attribute_exists(pk)'), unlink('case', task.parentId, task.assigneeOrg)], removeFromRecord: [] };
  return { others: [unlink('case', task.parentId, task.assigneeOrg)], removeFromRecord: ['pendingTransfer'] };
}

const getTaskItem = async (task: Task) =>
  (await documents.send(new GetCommand({ TableName: tableName(), Key: taskKey(task.parentKind, task.parentId, task.taskId), ConsistentRead: true }))).Item as Task | undefined;

/** A pending referral's new status (answered, revoked): only while it is pending, so one outcome wins. */
export const referralStatus = (caseId: string, referralId: string, status: string) => setStatus(caseId, 'REFERRAL', referralId, { status }, '#status = :pending', { ':pending': 'pending' });
