// The table's layout in one place: every key prefix, key and index-key builder, and the
// transaction item type. The other store modules import this one and not each other's layout.
//
//   pk                 sk                        what                   index keys
//   CASE#<id>|TIP#<id> RECORD                    the record             board (by stage), recent
//                      SUBMISSION#<at>           an interview or tip
//                      STEP#<at>#<rand>          a timeline step
//                      STEP#OUTCOME#<requestId>  a task handler's outcome (once per invocation)
//                      AUDIT#<at>#<rand>         a read by a person
//                      LINK#<org>                an organisation works on it   inbox (ORG#<org>#CASES)
//                      TASK#<taskId>             a human step           inbox (ORG#<org>#OPEN), due
//                      CHAIN#<place>             a place of the chain of steps and reads, taken once
//                      MATCHING                  a case's blind profile (sealed) and its index entries
//   MATCH#<hmac>       CASE#<id>                 a blind-index entry of a case (duplicates; no name)
//   KEY#CASE#<id>|…    KEY                       the record's data key, wrapped (sealing.ts)
//   KEY#DEPLOYMENT#MATCHING KEY                  the deployment's matching key, wrapped (never erased with a record)
//                      PLAN#<id>, REFERRAL#<id>, TRANSFER#<id>  the case's plan, referrals, transfers (issue 16; sealed notes and reasons)
//                      NOTE#<at>#<rand>          a case note (sealed)
//                      REMINDER#<taskId>         a follow-up's reminder, until sent   due (REMINDERS)
//   ORG#<id>           ORG                       an organisation        board (ORGS#<type>), recent
//   IDEMPOTENCY#<hash> IDEMPOTENCY               a submission's claim
//   EXPORTS            AUDIT#<at>#<rand>, CHAIN#… each export (who, what, how many rows), chained like a record's reads
//   EVENT#<id>         <type>                    an event to dispatch (outbox) due (EVENTS)
//   WEBHOOKS           HOOK#<id>                 an organisation's webhook
//                      COUNT#<org>               how many hooks the organisation has (its limit holds under concurrency)
//   KEY#WEBHOOK#<id>   KEY                       the key its secret is sealed under (sealing.ts)
//   WEBHOOK#<id>       DELIVERY#<eventId>        an event's delivery to it  due (DELIVERIES) while to be tried
//                      ATTEMPT#<eventId>#<at>    one attempt of a delivery
//   FORMS              FORM#<formId>             an imported form: its current version (imports race on it)
//   FORM#<formId>      VERSION#<n>               an imported form's version, as published (never changed)
//   FORMSUB#<id>       SUBMISSION                a submission of an imported form on no case (sealed; its own KEY#FORMSUB#<id>)
//   CASE#<id>          FOLLOWUP#<at>#<id>        …or attached to a case, sealed under the case's key
//   FORMSUBS#<formId>  <at>#<id>                 where each submission of a form is (for its export; no answers)
//   REGION             PEER#<country>            a peer deployment and its signing key
//                      BULLETIN#<month>#<country> a peer's bulletin, as imported (signed)
import type { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { RecordKind } from '../domain/records.ts';

const prefix: Record<RecordKind, string> = { case: 'CASE', tip: 'TIP' };

/** One item of a TransactWriteItems call. */
export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

export const recordPk = (kind: RecordKind, id: string) => `${prefix[kind]}#${id}`;
export const recordKey = (kind: RecordKind, id: string) => ({ pk: recordPk(kind, id), sk: 'RECORD' });
export const submissionSk = (at: string) => `SUBMISSION#${at}`;
export const taskKey = (kind: RecordKind, id: string, taskId: string) => ({ pk: recordPk(kind, id), sk: `TASK#${taskId}` });
export const organisationKey = (id: string) => ({ pk: `ORG#${id}`, sk: 'ORG' });
export const idempotencyKey = (hash: string) => ({ pk: `IDEMPOTENCY#${hash}`, sk: 'IDEMPOTENCY' });
export const stepSk = (at: string, suffix: string) => `STEP#${at}#${suffix}`;
export const outcomeSk = (requestId: string) => `STEP#OUTCOME#${requestId}`;
export const auditSk = (at: string, suffix: string) => `AUDIT#${at}#${suffix}`;
/** The chain of every export of the deployment's data (store/exports.ts). */
export const EXPORTS_PK = 'EXPORTS';
/** A place in the record's chain of steps and reads: zero-padded, so the last sorts last. */
export const CHAIN_PREFIX = 'CHAIN#';
export const chainSk = (seq: number) => `${CHAIN_PREFIX}${String(seq).padStart(12, '0')}`;

/** Duplicate matching: the key item's record name, a case's blind profile, an entry of the blind index. */
export const MATCHING_KEY_RECORD = 'DEPLOYMENT#MATCHING';
export const matchingProfileKey = (caseId: string) => ({ pk: recordPk('case', caseId), sk: 'MATCHING' });
export const matchEntryKey = (entry: string, caseId: string) => ({ pk: `MATCH#${entry}`, sk: `CASE#${caseId}` });
export const caseIdOfMatch = (sk: string) => sk.slice('CASE#'.length);

/** What each sort key prefix of a record's partition holds. */
export const itemKinds = { record: 'RECORD', submission: 'SUBMISSION#', step: 'STEP#', audit: 'AUDIT#', link: 'LINK#', task: 'TASK#' } as const;

/** The record's place on the board (by stage) and in the recent list, newest change first. */
export function boardKeys(kind: RecordKind, id: string, stage: string, updatedAt: string) {
  return { boardPk: `${prefix[kind]}S#${stage}`, boardSk: `${updatedAt}#${id}`, recentPk: `${prefix[kind]}S`, recentSk: `${updatedAt}#${id}` };
}

/** The partition key of the board (a stage) or of the recent list (no stage). */
export const boardPartition = (kind: RecordKind, stage?: string) => (stage ? `${prefix[kind]}S#${stage}` : `${prefix[kind]}S`);

/** Links a record to an organisation that works on it, for that organisation's board. */
export const linkKey = (kind: RecordKind, id: string, organisationId: string) => ({ pk: recordPk(kind, id), sk: `LINK#${organisationId}` });
export function linkItem(kind: RecordKind, id: string, organisationId: string, at: string) {
  return { ...linkKey(kind, id, organisationId), organisationId, inboxPk: organisationRecords(kind, organisationId), inboxSk: `${at}#${id}` };
}
export const organisationRecords = (kind: RecordKind, organisationId: string) => `ORG#${organisationId}#${prefix[kind]}S`;
/** The record id a link item of the inbox index names. */
export const recordIdOfLink = (kind: RecordKind, pk: string) => pk.slice(prefix[kind].length + 1);

/** An open task sits in its organisation's inbox and in the overdue sweep's index, by due time. */
export function openTaskIndexKeys(task: { assigneeOrg: string; dueAt: string; taskId: string }) {
  return { inboxPk: organisationInbox(task.assigneeOrg), inboxSk: `${task.dueAt}#${task.taskId}`, duePk: OPEN_TASKS, dueSk: `${task.dueAt}#${task.taskId}` };
}
export const organisationInbox = (organisationId: string) => `ORG#${organisationId}#OPEN`;
export const OPEN_TASKS = 'OPEN_TASKS';
/** Closed tasks whose workflow has not been told yet. */
export const AWAITING_RESUME = 'RESUME';

export function organisationIndexKeys(organisation: { id: string; type: string }) {
  return { boardPk: `ORGS#${organisation.type}`, boardSk: organisation.id, recentPk: 'ORGS', recentSk: organisation.id };
}
export const organisationsPartition = (type?: string) => (type ? `ORGS#${type}` : 'ORGS');

/** The regional exchange: a handful of peers and their monthly bulletins, in one small partition. */
export const REGION = 'REGION';
export const peerKey = (country: string) => ({ pk: REGION, sk: `PEER#${country}` });
export const PEER_PREFIX = 'PEER#';
export const bulletinKey = (period: string, country: string) => ({ pk: REGION, sk: `${bulletinsOfMonth(period)}${country}` });
export const bulletinsOfMonth = (period: string) => `BULLETIN#${period}#`;

/** The key attributes each index's cursor carries: a cursor naming others was not made by this API. */
export const cursorShapes: Record<string, readonly string[]> = {
  board: ['pk', 'sk', 'boardPk', 'boardSk'],
  recent: ['pk', 'sk', 'recentPk', 'recentSk'],
  inbox: ['pk', 'sk', 'inboxPk', 'inboxSk'],
  table: ['pk', 'sk'],
};

/** Layout attributes that are not part of what an item means. */
export function withoutKeys(item: Record<string, any>): Record<string, any> {
  const { pk: _pk, sk: _sk, boardPk: _a, boardSk: _b, recentPk: _c, recentSk: _d, inboxPk: _e, inboxSk: _f, duePk: _g, dueSk: _h, ...rest } = item;
  return rest;
}

// ---- events and webhooks (store/events.ts, store/webhooks.ts) ----
export const EVENTS_DUE = 'EVENTS';
export const DELIVERIES_DUE = 'DELIVERIES';
export const eventKey = (eventId: string, type: string) => ({ pk: `EVENT#${eventId}`, sk: type });
export const eventIdOf = (pk: string) => pk.slice('EVENT#'.length);
export const HOOKS = 'WEBHOOKS';
export const HOOK_PREFIX = 'HOOK#';
export const hookKey = (hookId: string) => ({ pk: HOOKS, sk: `${HOOK_PREFIX}${hookId}` });
export const hookCountKey = (organisationId: string) => ({ pk: HOOKS, sk: `COUNT#${organisationId}` });
/** The partition of a hook's deliveries and attempts; its secret's key is named after it too. */
export const hookPk = (hookId: string) => `WEBHOOK#${hookId}`;
export const hookIdOf = (pk: string) => pk.slice('WEBHOOK#'.length);
export const deliveryKey = (hookId: string, deliveryId: string) => ({ pk: hookPk(hookId), sk: `DELIVERY#${deliveryId}` });
export const deliveryIdOf = (sk: string) => sk.slice('DELIVERY#'.length);
export const attemptKey = (hookId: string, deliveryId: string, at: string) => ({ pk: hookPk(hookId), sk: `ATTEMPT#${deliveryId}#${at}` });

// ---- imported forms and their submissions (store/forms.ts) ----
export const FORMS = 'FORMS';
export const formHeadKey = (formId: string) => ({ pk: FORMS, sk: `FORM#${formId}` });
/** Zero-padded, so versions sort in order. */
export const formVersionKey = (formId: string, version: number) => ({ pk: `FORM#${formId}`, sk: `VERSION#${String(version).padStart(6, '0')}` });
export const VERSION_PREFIX = 'VERSION#';
export const formSubmissionKey = (submissionId: string) => ({ pk: `FORMSUB#${submissionId}`, sk: 'SUBMISSION' });
export const followUpKey = (caseId: string, at: string, submissionId: string) => ({ pk: recordPk('case', caseId), sk: `FOLLOWUP#${at}#${submissionId}` });
export const FOLLOWUP_PREFIX = 'FOLLOWUP#';
export const formSubmissionsPk = (formId: string) => `FORMSUBS#${formId}`;
export const formSubmissionEntryKey = (formId: string, at: string, submissionId: string) => ({ pk: formSubmissionsPk(formId), sk: `${at}#${submissionId}` });
// ---- the case lifecycle (store/case-plan.ts): plan entries, notes, referrals, transfers, reminders ----
export const lifecycleKey = (caseId: string, item: 'PLAN' | 'REFERRAL' | 'TRANSFER', id: string) => ({ pk: recordPk('case', caseId), sk: `${item}#${id}` });
export const NOTE_PREFIX = 'NOTE#';
export const noteKey = (caseId: string, at: string, suffix: string) => ({ pk: recordPk('case', caseId), sk: `${NOTE_PREFIX}${at}#${suffix}` });
export const reminderKey = (kind: RecordKind, id: string, taskId: string) => ({ pk: recordPk(kind, id), sk: `REMINDER#${taskId}` });
export const REMINDERS_DUE = 'REMINDERS';
