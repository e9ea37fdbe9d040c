// The outbox, as ODK Collect keeps one: a finished interview is queued first and sent after, and
// it leaves the outbox only when the server has accepted it or a person has discarded it. A
// refused one stays, with the server's reason, to be fixed and sent again. Each item is its
// author's: it is sent only with its author's session (another user signing in on the same
// device sees that it exists, never what it says). Its idempotency key was chosen when the
// draft began, so however often it is sent, one record results.
import { useSyncExternalStore } from 'react';
import { ApiError, call } from './api.ts';
import type { Session } from './session.ts';
import { remove, seal, unsealAll } from './vault.ts';

export interface Submission {
  formId: string;
  formVersion: number;
  language: string;
  answers: Record<string, unknown>;
  /** An imported form's submission attached to a case (a follow-up record). */
  caseId?: string;
}

export interface OutboxItem {
  /** The idempotency key. */
  id: string;
  owner: string;
  ownerName: string;
  path: string;
  formId: string;
  /** Gone once sent: a receipt keeps ids only. */
  body?: Submission;
  queuedAt: string;
  state: 'waiting' | 'refused' | 'sent';
  /** The server's words: why it was refused, or why the last attempt did not get through. */
  reason?: string;
  status?: number;
  fields?: Record<string, string>;
  recordId?: string;
  sentAt?: string;
}

const PREFIX = 'outbox:';
/** Receipts of sent items kept per user, newest first, so "sent: case …" stays readable for a while. */
const RECEIPTS_KEPT = 5;

let snapshot: { items: OutboxItem[]; sending?: string } = { items: [] };
const listeners = new Set<() => void>();
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('puente-outbox') : undefined;
channel?.addEventListener('message', () => void loadOutbox());

function publish(next: Partial<typeof snapshot>): void {
  snapshot = { ...snapshot, ...next };
  for (const listener of listeners) listener();
}

export function useOutbox() {
  return useSyncExternalStore(
    (listener) => (listeners.add(listener), () => listeners.delete(listener)),
    () => snapshot,
  );
}

export async function loadOutbox(): Promise<void> {
  const items = (await unsealAll<OutboxItem>(PREFIX)).map((record) => record.value);
  publish({ items: items.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt)) });
}

async function save(item: OutboxItem): Promise<void> {
  await seal(PREFIX + item.id, item.owner, item);
  const others = snapshot.items.filter((candidate) => candidate.id !== item.id);
  publish({ items: [...others, item].sort((a, b) => a.queuedAt.localeCompare(b.queuedAt)) });
  channel?.postMessage('changed');
}

export async function discard(id: string): Promise<void> {
  await remove(PREFIX + id);
  publish({ items: snapshot.items.filter((item) => item.id !== id) });
  channel?.postMessage('changed');
}

/** Queues a finished form; the caller then flushes. Resolves once it is sealed on the device. */
export async function enqueue(session: Session, path: string, key: string, body: Submission): Promise<void> {
  await save({ id: key, owner: session.userId, ownerName: session.username, path, formId: body.formId, body, queuedAt: new Date().toISOString(), state: 'waiting' });
}

/** A refused item, fixed (or not: the cause may have been elsewhere), goes back to waiting. */
export async function requeue(id: string, answers?: Record<string, unknown>, formVersion?: number): Promise<void> {
  const item = snapshot.items.find((candidate) => candidate.id === id);
  if (!item?.body) return;
  const body = answers ? { ...item.body, answers, formVersion: formVersion ?? item.body.formVersion } : item.body;
  await save({ ...item, state: 'waiting', reason: undefined, status: undefined, fields: undefined, body });
}

/** One flush at a time across this browser's tabs: a second tab waits, then finds the items already sent. */
function exclusively(work: () => Promise<void>): Promise<void> {
  return navigator.locks ? navigator.locks.request('puente-outbox', work).then(() => undefined) : work();
}

/**
 * Sends the signed-in user's waiting items, oldest first. Stops at the first one that does not get
 * through (no connection, the session refused, the server in trouble): the rest would fare alike.
 */
export function flushOutbox(session: Session): Promise<void> {
  return exclusively(async () => {
    await loadOutbox();
    for (const item of snapshot.items.filter((candidate) => candidate.owner === session.userId && candidate.state === 'waiting' && candidate.body)) {
      publish({ sending: item.id });
      try {
        const created = await call(session, 'POST', item.path, item.body, { 'idempotency-key': item.id });
        await save({ ...item, body: undefined, state: 'sent', reason: undefined, status: undefined, fields: undefined, recordId: created?.caseId ?? created?.tipId ?? created?.submissionId, sentAt: new Date().toISOString() });
      } catch (failure) {
        if (!(failure instanceof ApiError)) break;
        if (failure.status === 401) break; // the app renews the session or asks to sign in, then flushes again
        if (failure.status === 408 || failure.status === 429 || failure.status >= 500) {
          await save({ ...item, reason: failure.message, status: failure.status });
          break;
        }
        await save({ ...item, state: 'refused', reason: failure.message, status: failure.status, fields: failure.fields });
      } finally {
        publish({ sending: undefined });
      }
    }
    await pruneReceipts(session.userId);
  });
}

async function pruneReceipts(owner: string): Promise<void> {
  const receipts = snapshot.items.filter((item) => item.owner === owner && item.state === 'sent').sort((a, b) => (b.sentAt ?? '').localeCompare(a.sentAt ?? ''));
  for (const receipt of receipts.slice(RECEIPTS_KEPT)) await discard(receipt.id);
}

/** What still waits for this user: not yet accepted by the server. */
export const unsent = (items: OutboxItem[], owner: string) => items.filter((item) => item.owner === owner && item.state !== 'sent');
