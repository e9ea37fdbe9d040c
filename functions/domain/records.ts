// The shapes of what Puente keeps about a case or a tip, in the field's words; the store maps
// them onto the table (store/table.ts), the domain decides on them.
import type { Role } from '../../system/description.ts';
import type { Answers } from '../../forms/engine/types.ts';
import { Refusal } from './refusal.ts';

export type RecordKind = 'case' | 'tip';

/** Record ids carry no personal data and no order: `c-` for cases, `t-` for tips. */
export function kindOfId(id: string): RecordKind | undefined {
  return /^c-[a-z0-9]{1,64}$/.test(id) ? 'case' : /^t-[a-z0-9]{1,64}$/.test(id) ? 'tip' : undefined;
}

/** Task ids are their record's id and a hash of the workflow's token. */
export const isTaskId = (id: string) => /^[ct]-[a-z0-9]{1,64}\.[a-f0-9]{12}$/.test(id);

export type ConsentAnswer = 'yes' | 'no' | 'later' | 'unknown';

export interface ConsentChange {
  at: string;
  by: string;
  role: string;
  organisationId: string;
  lawEnforcement?: string;
  dataSharing?: string;
  /** A restriction that followed the person from another case linked as the same person. */
  followsCase?: string;
  /** The restriction linking these cases as the same person brought. */
  linked?: string[];
}

export interface Consent {
  lawEnforcement?: string;
  dataSharing?: string;
  changes: ConsentChange[];
}

export interface Actor {
  userId: string;
  role: Role;
  organisationId: string;
}

/** The record item of a case or tip: what boards and workflows need, no answers. */
export interface RecordSummary {
  id: string;
  kind: RecordKind;
  stage: string;
  createdAt: string;
  updatedAt: string;
  createdByOrg: string;
  formId?: string;
  formVersion?: number;
  language?: string;
  consent?: Consent;
  /** Goes up with each consent change: consent is written only over the version read. */
  consentVersion?: number;
  [field: string]: unknown;
}

export interface Submission {
  answers: Answers;
  formId: string;
  formVersion: number;
  language: string;
  submittedAt: string;
  submittedBy?: string;
}

export type TaskStatus = 'open' | 'decided' | 'overdue' | 'withdrawn';

/** What the waiting workflow is told of a task: ids and an outcome word, never the decision's details. */
export type Resume = { type: 'success'; output: { taskId: string; outcome: string } } | { type: 'failure'; error: string; cause: string };

export interface Task {
  taskId: string;
  parentId: string;
  parentKind: RecordKind;
  kind: string;
  status: TaskStatus;
  assigneeOrg: string;
  assigneeRole: Role;
  createdAt: string;
  dueAt: string;
  token?: string;
  /** The execution and state that wait on it. */
  executionId?: string;
  state?: string;
  /** A duplicate review's other case: the pair is this task's case and that one. */
  relatedCaseId?: string;
  /** What a lifecycle task is about: a planned service, a referral to a partner, a transfer (issue 16). */
  subjectId?: string;
  /** A follow-up's reminder: when the assignee is reminded, and when they were. */
  remindAt?: string;
  remindedAt?: string;
  decision?: Answers;
  /** Hash of the decision's answers, so a retried identical decision gets its first answer back. */
  decisionHash?: string;
  outcome?: string;
  decidedBy?: Actor;
  decidedAt?: string;
  withdrawnReason?: string;
  resume?: Resume;
}

export interface Step {
  /** entered / succeeded / failed for a task handler; decision, status, submitted, consent, … for the rest. */
  event: string;
  state?: string;
  executionId?: string;
  attempt?: number;
  durationMs?: number;
  actor?: Actor;
  /** A redacted summary: never answers or names. */
  summary?: Record<string, unknown>;
  error?: string;
  at?: string;
}

/** A record with everything kept under it. */
export interface RecordParts {
  /** Its key was shredded: only the non-personal part remains. */
  erased?: boolean;
  record: RecordSummary & Record<string, any>;
  submission?: Submission;
  steps: (Step & Record<string, any>)[];
  tasks: Task[];
  /** Organisations that work on the record (its submitter's, each assignee's while it acts on it). */
  linkedOrganisations: string[];
}

/**
 * The organisation responsible for a case: its screeners or inspectors work on it whole. A case
 * keeps the registering organisation until a transfer is accepted (records stored before transfers
 * existed have no field and keep theirs).
 */
export const responsibleOrgOf = (record: RecordSummary) => (typeof record.responsibleOrg === 'string' ? record.responsibleOrg : record.createdByOrg);

/** A closed or erased case takes no new plan, note, referral or transfer. */
export function refuseUnlessOpen(record: RecordSummary): void {
  if (record.erasedAt || record.stage === 'erased') throw new Refusal(409, 'CASE_ERASED', `The case ${record.id} was erased; nothing more can be done on it`);
  if (record.stage === 'closed') throw new Refusal(409, 'CASE_CLOSED', `The case ${record.id} is closed; reopen it first`);
}
