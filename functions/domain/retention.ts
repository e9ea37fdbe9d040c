// How long a record's personal data is kept, by purpose, and the legal hold that stops its
// erasure. Pure: every rule takes `now`, so the retention sweep is tested with a fake clock. Erasure
// itself is crypto-shredding (store/sealing.ts): what stays is the record's non-personal part.

import { retention } from './policy.ts';

export type RetentionPeriods = typeof retention;

export interface Actor {
  userId: string;
  role: string;
  organisationId: string;
}

export interface LegalHold {
  since: string;
  by: Actor;
  /** Why (a proceeding, a request from an authority): shown to coordinators, never personal data. */
  reason: string;
}

/** What retention reads of a record; fields as the record item keeps them. */
export interface RetainedRecord {
  kind: 'case' | 'tip';
  stage: string;
  updatedAt: string;
  /** When the record closed; a closed record without it counts from its last change. */
  closedAt?: string;
  /** A tip's cases: the people its inspection identified. */
  caseIds?: string[];
  consent?: { dataSharing?: string };
  /** null once lifted (a plain SET on the record clears it). */
  legalHold?: LegalHold | null;
  legalHoldLiftedAt?: string | null;
  erasedAt?: string;
}

export type RetentionPurpose = 'tip-without-case' | 'tip-with-cases' | 'closed-case' | 'closed-case-without-sharing';

export type ErasureVerdict =
  | { due: boolean; reason: RetentionPurpose; at: string }
  | { due: false; reason: 'open' | 'legal-hold' }
  | { due: false; reason: 'erased'; at: string };

function instant(value: string, field: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`${field} is not a time: ${value}`);
  return ms;
}

/** Why the record is kept, and so for how long. Consent to sharing counts only when it is a clear yes. */
export function retentionPurpose(record: RetainedRecord): RetentionPurpose {
  if (record.kind === 'tip') return record.caseIds?.length ? 'tip-with-cases' : 'tip-without-case';
  return record.consent?.dataSharing === 'yes' ? 'closed-case' : 'closed-case-without-sharing';
}

const periodOf: Record<RetentionPurpose, (periods: RetentionPeriods) => number> = {
  'tip-without-case': (p) => p.tipWithoutCaseSeconds,
  'tip-with-cases': (p) => p.closedCaseSeconds,
  'closed-case': (p) => p.closedCaseSeconds,
  'closed-case-without-sharing': (p) => p.closedCaseWithoutSharingSeconds,
};

/**
 * Whether the retention sweep erases the record now, why, and when it is (or was) due. An open
 * record is never due; a held one not while held; after a hold is lifted, not before its grace.
 */
export function dueForErasure(record: RetainedRecord, now: Date, periods: RetentionPeriods = retention): ErasureVerdict {
  if (record.erasedAt) return { due: false, reason: 'erased', at: record.erasedAt };
  if (record.stage !== 'closed') return { due: false, reason: 'open' };
  if (record.legalHold) return { due: false, reason: 'legal-hold' };
  const reason = retentionPurpose(record);
  const ended = record.closedAt ? instant(record.closedAt, 'closedAt') : instant(record.updatedAt, 'updatedAt');
  let at = ended + periodOf[reason](periods) * 1000;
  if (record.legalHoldLiftedAt) at = Math.max(at, instant(record.legalHoldLiftedAt, 'legalHoldLiftedAt') + periods.afterLegalHoldSeconds * 1000);
  return { due: now.getTime() >= at, reason, at: new Date(at).toISOString() };
}

export type HoldChange =
  | { ok: true; fields: Pick<RetainedRecord, 'legalHold' | 'legalHoldLiftedAt'> }
  | { ok: false; code: 'LEGAL_HOLD_ALREADY_SET' | 'NO_LEGAL_HOLD' | 'ERASED' | 'REASON_REQUIRED'; message: string };

/** A coordinator puts the record on hold: no erasure until lifted. The fields to set on the record. */
export function setLegalHold(record: RetainedRecord, hold: { by: Actor; reason: string; now: Date }): HoldChange {
  if (record.erasedAt) return { ok: false, code: 'ERASED', message: 'The record was erased; there is nothing left to hold' };
  if (record.legalHold) return { ok: false, code: 'LEGAL_HOLD_ALREADY_SET', message: `The record is on hold since ${record.legalHold.since}` };
  const reason = hold.reason.trim();
  if (!reason) return { ok: false, code: 'REASON_REQUIRED', message: 'Say why the record is held' };
  return { ok: true, fields: { legalHold: { since: hold.now.toISOString(), by: hold.by, reason }, legalHoldLiftedAt: null } };
}

/** A coordinator lifts the hold; the retention clock runs again, with `afterLegalHoldSeconds` of grace. */
export function liftLegalHold(record: RetainedRecord, lift: { now: Date }): HoldChange {
  if (!record.legalHold) return { ok: false, code: 'NO_LEGAL_HOLD', message: 'The record is not on hold' };
  return { ok: true, fields: { legalHold: null, legalHoldLiftedAt: lift.now.toISOString() } };
}

/** The DynamoDB TTL (epoch seconds) of an idempotency claim made at `createdAt`. */
export function idempotencyExpiry(createdAt: string, periods: RetentionPeriods = retention): number {
  return Math.floor(instant(createdAt, 'createdAt') / 1000) + periods.idempotencyClaimSeconds;
}
