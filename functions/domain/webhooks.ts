// Events and their delivery to an organisation's webhooks (docs/webhooks.md). An event names what
// changed and holds ids only; what a hook is told of it is decided by the access policy when it is
// delivered (access.ts `eventNotice`). Retries follow the policy (policy.ts `webhookPolicy`).
import { Webhook } from 'standardwebhooks';
import { webhookPolicy } from './policy.ts';
import type { RecordKind, Step, Task } from './records.ts';

export const eventTypes = [
  'case.created',
  'case.assessed',
  'case.closed',
  'case.erased',
  // The case lifecycle (docs/webhooks.md): closure asked for, reopened, a durable solution started and ended.
  'case.closure-requested',
  'case.reopened',
  'case.solution-started',
  'case.solution-ended',
  'task.opened',
  'task.decided',
  'task.overdue',
  'task.withdrawn',
  // The case lifecycle (issue 16): referred to a partner, responsibility moved, a follow-up's assignee reminded.
  'case.referred',
  'case.transferred',
  'task.reminded',
  'tip.created',
  'tip.triaged',
  'tip.closed',
  'tip.erased',
  'form.published',
] as const;
export type EventType = (typeof eventTypes)[number];

/** What an event is about: a case or a tip, or a form version (`form.published`, its id `<formId>@<version>`). */
export type EventSubject = RecordKind | 'form';

/** What an event item holds: what changed and where, by id; never anything about the person. */
export interface PuenteEvent {
  eventId: string;
  type: EventType;
  at: string;
  recordKind: EventSubject;
  recordId: string;
  taskId?: string;
}

/** A form version as an event names it: `<formId>@<version>` (form ids hold no `@`). */
export const formVersionRef = (formId: string, version: number) => `${formId}@${version}`;
export function formOfRef(ref: string): { formId: string; version: number } {
  const at = ref.lastIndexOf('@');
  return { formId: ref.slice(0, at), version: Number(ref.slice(at + 1)) };
}

/** The event a task handler's success announces (e.g. AssessRisk: `case.assessed`), carried on its step. */
export type Announcement = { announces?: EventType };

const taskEvents: Record<string, EventType> = { 'task-opened': 'task.opened', decision: 'task.decided', overdue: 'task.overdue', withdrawn: 'task.withdrawn', reminded: 'task.reminded' };
/** Steps of the case lifecycle that are events of the case itself. */
const caseEvents: Record<string, EventType> = { referred: 'case.referred', transferred: 'case.transferred' };
const lifecycleEvents: Record<string, EventType> = { 'closure-requested': 'case.closure-requested', reopened: 'case.reopened', 'solution-started': 'case.solution-started' };

/** The events a timeline step stands for: every change writes a step, so the step says what to announce. */
export function eventsOfStep(kind: RecordKind, step: Step & Announcement): { type: EventType; taskId?: string }[] {
  const taskId = typeof step.summary?.taskId === 'string' ? step.summary.taskId : undefined;
  if (step.event in taskEvents && taskId) return [{ type: taskEvents[step.event], taskId }];
  if (step.event === 'submitted') return [{ type: `${kind}.created` }];
  if (kind === 'case' && step.event in caseEvents) return [{ type: caseEvents[step.event] }];
  if (step.event === 'erased') return [{ type: `${kind}.erased` }];
  if (kind === 'case' && step.event in lifecycleEvents) return [{ type: lifecycleEvents[step.event] }];
  // A corrected interview is assessed again.
  if (step.event === 'corrected' && kind === 'case') return [{ type: 'case.assessed' }];
  if (step.event === 'succeeded' && step.announces) return [{ type: step.announces }];
  return [];
}

/** Tasks a change withdraws without a step of their own (an erasure): each is a `task.withdrawn`. */
export const withdrawnEvents = (tasks: Pick<Task, 'taskId'>[]) => tasks.map((task) => ({ type: 'task.withdrawn' as const, taskId: task.taskId }));

export type DeliveryStatus = 'pending' | 'delivered' | 'dead' | 'withheld';

/** How an attempt ended: the receiver's status, or no answer at all (timeout, refused connection, bad address). */
export interface AttemptResult {
  status?: number;
  error?: string;
}

/** Timeouts, 5xx and 429 may pass; any other answer (a 4xx) will not change by sending again (as Kobo). */
export function retryable({ status }: AttemptResult): boolean {
  return status === undefined || status === 429 || status >= 500;
}

export const succeeded = ({ status }: AttemptResult) => status !== undefined && status >= 200 && status < 300;

/** The wait before the next try after the `failedAttempts`-th failure: exponential, capped. */
export function retryDelaySeconds(failedAttempts: number): number {
  const { firstRetrySeconds, backoffFactor, maxRetryDelaySeconds } = webhookPolicy;
  return Math.min(firstRetrySeconds * backoffFactor ** Math.max(0, failedAttempts - 1), maxRetryDelaySeconds);
}

/** What follows an attempt: delivered, another try at `nextAt`, or the dead letters. */
export function afterAttempt(result: AttemptResult, failedBefore: number, firstAttemptAt: string, now: string): { status: DeliveryStatus; nextAt?: string } {
  if (succeeded(result)) return { status: 'delivered' };
  if (!retryable(result)) return { status: 'dead' };
  const trying = (Date.parse(now) - Date.parse(firstAttemptAt)) / 1000;
  if (trying >= webhookPolicy.retryForSeconds) return { status: 'dead' };
  return { status: 'pending', nextAt: new Date(Date.parse(now) + retryDelaySeconds(failedBefore + 1) * 1000).toISOString() };
}

/** The body every receiver gets (Standard Webhooks: `type`, `timestamp`, `data`). */
export const payloadOf = (event: Pick<PuenteEvent, 'type' | 'at'>, data: Record<string, unknown>) => ({ type: event.type, timestamp: event.at, data });

/** The Standard Webhooks headers of one attempt: its id, its time in seconds, and the HMAC-SHA256 of both with the body. */
export function signedHeaders(secret: string, deliveryId: string, sentAt: Date, body: string): Record<string, string> {
  return {
    'webhook-id': deliveryId,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(deliveryId, sentAt, body),
  };
}
