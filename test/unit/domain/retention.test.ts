// Retention by purpose and the legal hold, on a fake clock: nothing open is erased, each purpose
// keeps its period to the second, and a hold stops erasure until lifted (then a grace period).
import { describe, expect, test } from 'vitest';
import { dueForErasure, idempotencyExpiry, liftLegalHold, setLegalHold, type RetainedRecord } from '../../../functions/domain/retention.ts';
import { retention } from '../../../functions/domain/policy.ts';

const DAY = 86_400_000;
const CLOSED = '2026-01-10T09:00:00.000Z';
const coordinator = { userId: 'u-coordinator', role: 'coordinator', organisationId: 'org-coordination' };

/** A fake clock: the time `days` (and `ms`) after the record closed. */
const after = (days: number, ms = 0) => new Date(Date.parse(CLOSED) + days * DAY + ms);

const closedCase = (extra: Partial<RetainedRecord> = {}): RetainedRecord => ({
  kind: 'case',
  stage: 'closed',
  updatedAt: CLOSED,
  closedAt: CLOSED,
  consent: { dataSharing: 'yes' },
  ...extra,
});

describe('periods by purpose', () => {
  test('an open case or tip is never due, however old', () => {
    for (const stage of ['intake', 'referral', 'triaged', 'failed']) {
      expect(dueForErasure(closedCase({ stage }), after(10 * 365))).toEqual({ due: false, reason: 'open' });
      expect(dueForErasure({ kind: 'tip', stage, updatedAt: CLOSED }, after(10 * 365))).toEqual({ due: false, reason: 'open' });
    }
  });

  test('a closed case with consent to sharing is kept its full period, to the millisecond', () => {
    const days = retention.closedCaseSeconds / 86_400;
    const at = after(days).toISOString();
    expect(dueForErasure(closedCase(), after(days, -1))).toEqual({ due: false, reason: 'closed-case', at });
    expect(dueForErasure(closedCase(), after(days))).toEqual({ due: true, reason: 'closed-case', at });
  });

  test('a closed case without consent to sharing (refused or never asked) goes sooner', () => {
    const days = retention.closedCaseWithoutSharingSeconds / 86_400;
    expect(days).toBeLessThan(retention.closedCaseSeconds / 86_400);
    for (const dataSharing of ['no', 'unknown', undefined]) {
      const record = closedCase({ consent: { dataSharing } });
      expect(dueForErasure(record, after(days, -1))).toMatchObject({ due: false, reason: 'closed-case-without-sharing' });
      expect(dueForErasure(record, after(days))).toMatchObject({ due: true, reason: 'closed-case-without-sharing' });
    }
  });

  test('a tip that led to no case goes after its own period; one that led to cases stays as long as a case', () => {
    const tip: RetainedRecord = { kind: 'tip', stage: 'closed', updatedAt: CLOSED, closedAt: CLOSED, caseIds: [] };
    const tipDays = retention.tipWithoutCaseSeconds / 86_400;
    expect(dueForErasure(tip, after(tipDays, -1))).toMatchObject({ due: false, reason: 'tip-without-case' });
    expect(dueForErasure(tip, after(tipDays))).toMatchObject({ due: true, reason: 'tip-without-case' });
    const withCases = { ...tip, caseIds: ['c-one'] };
    expect(dueForErasure(withCases, after(tipDays))).toMatchObject({ due: false, reason: 'tip-with-cases', at: after(retention.closedCaseSeconds / 86_400).toISOString() });
  });

  test('a closed record without closedAt counts from its last change', () => {
    const record = closedCase({ closedAt: undefined, updatedAt: after(5).toISOString() });
    expect(dueForErasure(record, after(95, -1)).due).toBe(false);
    expect(dueForErasure({ ...record, consent: { dataSharing: 'no' } }, after(95))).toMatchObject({ due: true, at: after(95).toISOString() });
  });

  test('the periods can be tuned per deployment', () => {
    const short = { ...retention, closedCaseSeconds: 60 };
    expect(dueForErasure(closedCase(), after(0, 60_000), short).due).toBe(true);
  });

  test('an erased record is not due again, and says when it was erased', () => {
    expect(dueForErasure(closedCase({ erasedAt: after(800).toISOString() }), after(900))).toEqual({ due: false, reason: 'erased', at: after(800).toISOString() });
  });

  test('a record whose times are not times is an error, not a record kept forever', () => {
    expect(() => dueForErasure(closedCase({ closedAt: 'soon' }), after(1))).toThrow(/closedAt is not a time/);
  });
});

describe('legal hold', () => {
  const noSharing = closedCase({ consent: { dataSharing: 'no' } }); // due after 90 days

  test('set, then lifted: no erasure while held; after the lift, due once the grace has passed', () => {
    const set = setLegalHold(noSharing, { by: coordinator, reason: 'Criminal proceedings, file 2026/117', now: after(30) });
    expect(set).toEqual({ ok: true, fields: { legalHold: { since: after(30).toISOString(), by: coordinator, reason: 'Criminal proceedings, file 2026/117' }, legalHoldLiftedAt: null } });
    const held = { ...noSharing, ...(set.ok ? set.fields : {}) };
    expect(dueForErasure(held, after(90))).toEqual({ due: false, reason: 'legal-hold' });
    expect(dueForErasure(held, after(3 * 365))).toEqual({ due: false, reason: 'legal-hold' });

    const lift = liftLegalHold(held, { now: after(400) });
    expect(lift).toEqual({ ok: true, fields: { legalHold: null, legalHoldLiftedAt: after(400).toISOString() } });
    const lifted = { ...held, ...(lift.ok ? lift.fields : {}) };
    const grace = retention.afterLegalHoldSeconds / 86_400;
    expect(dueForErasure(lifted, after(400 + grace, -1))).toMatchObject({ due: false, reason: 'closed-case-without-sharing', at: after(400 + grace).toISOString() });
    expect(dueForErasure(lifted, after(400 + grace))).toMatchObject({ due: true });
  });

  test('a hold lifted well before the period ends changes nothing: the period decides', () => {
    const held = { ...noSharing, ...(setLegalHold(noSharing, { by: coordinator, reason: 'Request from the prosecutor', now: after(1) }) as { fields: object }).fields };
    const lifted = { ...held, ...(liftLegalHold(held, { now: after(2) }) as { fields: object }).fields };
    expect(dueForErasure(lifted, after(90, -1)).due).toBe(false);
    expect(dueForErasure(lifted, after(90))).toMatchObject({ due: true, at: after(90).toISOString() });
  });

  test('a hold set again after a lift stops erasure again', () => {
    const lifted = closedCase({ legalHold: null, legalHoldLiftedAt: after(10).toISOString() });
    const again = setLegalHold(lifted, { by: coordinator, reason: 'Appeal', now: after(20) });
    const held = { ...lifted, ...(again.ok ? again.fields : {}) };
    expect(held.legalHoldLiftedAt).toBeNull();
    expect(dueForErasure(held, after(5000))).toEqual({ due: false, reason: 'legal-hold' });
  });

  test('mistakes change nothing and say why', () => {
    const held = closedCase({ legalHold: { since: after(1).toISOString(), by: coordinator, reason: 'Proceedings' } });
    expect(setLegalHold(held, { by: coordinator, reason: 'Again', now: after(2) })).toMatchObject({ ok: false, code: 'LEGAL_HOLD_ALREADY_SET' });
    expect(liftLegalHold(closedCase(), { now: after(2) })).toMatchObject({ ok: false, code: 'NO_LEGAL_HOLD' });
    expect(setLegalHold(closedCase(), { by: coordinator, reason: '   ', now: after(2) })).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    expect(setLegalHold(closedCase({ erasedAt: after(1).toISOString() }), { by: coordinator, reason: 'Late', now: after(2) })).toMatchObject({ ok: false, code: 'ERASED' });
  });

  test('an open record can be held before it closes, and stays held after', () => {
    const open = closedCase({ stage: 'referral' });
    const held = { ...open, ...(setLegalHold(open, { by: coordinator, reason: 'Proceedings', now: after(0) }) as { fields: object }).fields, stage: 'closed' };
    expect(dueForErasure(held, after(5000))).toEqual({ due: false, reason: 'legal-hold' });
  });
});

test('an idempotency claim expires (DynamoDB TTL, epoch seconds) after its period', () => {
  expect(idempotencyExpiry('2026-01-10T09:00:00.500Z')).toBe(Math.floor(Date.parse('2026-01-10T09:00:00Z') / 1000) + retention.idempotencyClaimSeconds);
  expect(retention.idempotencyClaimSeconds).toBeGreaterThanOrEqual(7 * 86_400);
});
