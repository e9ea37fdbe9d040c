// One person, one consent across linked cases (domain/consent.ts, domain/erasure.ts): which states
// follow to the linked cases, what a link brings a set to, and when an erasure must be told.
import { describe, expect, test } from 'vitest';
import { mostRestrictive, planLinkConsent, planPersonConsent, restrictionOf } from '../../../functions/domain/consent.ts';
import { linkedToErase } from '../../../functions/domain/erasure.ts';
import type { RecordSummary, Task } from '../../../functions/domain/records.ts';

const actor = { userId: 'u-1', role: 'coordinator' as const, organisationId: 'org-coordination' };
const now = '2026-11-29T12:00:00.000Z';
const record = (id: string, lawEnforcement?: string, dataSharing?: string, consentVersion = 2): RecordSummary => ({
  id,
  kind: 'case',
  stage: 'referral',
  createdAt: now,
  updatedAt: now,
  createdByOrg: 'org-coalition-screening',
  consent: { lawEnforcement, dataSharing, changes: [] },
  consentVersion,
});
const liaison = (caseId: string): Task => ({ taskId: `${caseId}.l`, kind: 'liaison-referral', status: 'open', parentKind: 'case', parentId: caseId }) as Task;

describe('what follows the person', () => {
  test('a restriction follows; a grant does not', () => {
    expect(restrictionOf({ lawEnforcement: 'yes', dataSharing: 'no' })).toEqual({ dataSharing: 'no' });
    expect(restrictionOf({ lawEnforcement: 'later', dataSharing: 'yes' })).toEqual({ lawEnforcement: 'later' });
    expect(restrictionOf({ lawEnforcement: 'yes', dataSharing: 'yes' })).toEqual({});
  });

  test('the most restrictive state of each consent: no over later or unknown over yes', () => {
    expect(mostRestrictive([record('a', 'yes', 'yes'), record('b', 'later', 'no')])).toEqual({ lawEnforcement: 'later', dataSharing: 'no' });
    expect(mostRestrictive([record('a', 'no', 'yes'), record('b', 'later', 'yes')])).toEqual({ lawEnforcement: 'no' });
    expect(mostRestrictive([record('a', 'yes', 'yes'), record('b', undefined, 'yes')])).toEqual({ lawEnforcement: 'unknown' });
    expect(mostRestrictive([record('a', 'yes', 'yes'), record('b', 'yes', 'yes')])).toEqual({});
  });

  test('a withdrawal on one case restricts each linked case that let through more, ends its liaison referral, and leaves the others unchanged (checked at their version)', () => {
    const person = planPersonConsent({ record: record('a', 'yes', 'yes'), tasks: [liaison('a')] }, [{ record: record('b', 'yes', 'yes', 5), tasks: [liaison('b')] }, { record: record('c', 'no', 'no'), tasks: [] }], { lawEnforcement: 'no', dataSharing: 'yes' }, actor, now);
    expect(person.ended.map((task) => task.taskId)).toEqual(['a.l']);
    const [b, c] = person.linked;
    expect(b.plan?.consent).toMatchObject({ lawEnforcement: 'no', dataSharing: 'yes' });
    expect(b.plan?.consent.changes.at(-1)).toMatchObject({ lawEnforcement: 'no', followsCase: 'a', by: 'u-1' });
    expect(b.plan?.consent.changes.at(-1)).not.toHaveProperty('dataSharing');
    expect(b.plan?.expectedVersion).toBe(5);
    expect(b.ended.map((task) => task.taskId)).toEqual(['b.l']);
    expect(c).toMatchObject({ plan: undefined, ended: [] });
  });

  test('a grant on one case re-grants that case only', () => {
    const person = planPersonConsent({ record: record('a', 'no', 'no'), tasks: [] }, [{ record: record('b', 'no', 'no'), tasks: [] }], { lawEnforcement: 'yes', dataSharing: 'yes' }, actor, now);
    expect(person.plan.consent).toMatchObject({ lawEnforcement: 'yes', dataSharing: 'yes' });
    expect(person.plan.startLiaison).toBe('a-liaison-3');
    expect(person.linked[0].plan).toBeUndefined();
  });

  test('a link brings every case of both sets to the most restrictive consent, naming the pair', () => {
    const plans = planLinkConsent([{ record: record('a', 'yes', 'yes'), tasks: [liaison('a')] }, { record: record('b', 'no', 'yes'), tasks: [] }, { record: record('c', 'yes', 'no'), tasks: [] }], ['a', 'b'], actor, now);
    expect(plans.map((plan) => [plan.record.id, plan.plan?.consent.lawEnforcement, plan.plan?.consent.dataSharing])).toEqual([
      ['a', 'no', 'no'],
      ['b', 'no', 'no'],
      ['c', 'no', 'no'],
    ]);
    expect(plans[0].plan?.consent.changes.at(-1)).toMatchObject({ linked: ['a', 'b'] });
    expect(plans[0].ended.map((task) => task.taskId)).toEqual(['a.l']);
  });
});

describe('erasing a linked case', () => {
  test('unsaid, 409 LINKED_CASES naming them; "erase" takes them along; "keep" and no links take none', () => {
    expect(() => linkedToErase('a', ['b', 'c'])).toThrow(expect.objectContaining({ status: 409, code: 'LINKED_CASES', fields: { linkedCases: 'b c' } }));
    expect(linkedToErase('a', ['b', 'c'], 'erase')).toEqual(['b', 'c']);
    expect(linkedToErase('a', ['b'], 'keep')).toEqual([]);
    expect(linkedToErase('a', [])).toEqual([]);
  });
});
