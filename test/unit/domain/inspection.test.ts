// People an inspection identifies who are, or are presumed, under 18 get cases treated as
// children: the assessment flags them and asks child protection, even where no forced labour was confirmed.
import { describe, expect, test } from 'vitest';
import { forms } from '../../../forms/registry.ts';
import { assessSubmission } from '../../../functions/domain/assessment.ts';
import { casesFromInspection } from '../../../functions/domain/inspection.ts';
import type { RecordSummary, Task } from '../../../functions/domain/records.ts';

const interview = forms.get('screening-interview')!;
const tip: RecordSummary = { id: 't-children', kind: 'tip', stage: 'inspection', createdAt: '2026-11-29T08:00:00.000Z', updatedAt: '2026-11-29T08:00:00.000Z', createdByOrg: 'org-labour-inspectorate', language: 'es' };
const inspection = (people: Record<string, unknown>[], forcedLabourFound = 'no'): Task => ({
  taskId: 't-children.000000000000',
  parentId: tip.id,
  parentKind: 'tip',
  kind: 'inspection',
  status: 'decided',
  assigneeOrg: 'org-labour-inspectorate',
  assigneeRole: 'inspector',
  createdAt: tip.createdAt,
  dueAt: tip.createdAt,
  decision: { inspectionDate: '2026-11-29', forcedLabourFound, peopleIdentified: people },
});
const person = (extra: Record<string, unknown>) => ({ givenName: 'Nayeli', gender: 'woman', nationality: 'GT', languages: ['es'], ...extra });

const assessed = (people: Record<string, unknown>[]) =>
  casesFromInspection(tip, inspection(people), interview, '2026-11-29T09:00:00.000Z').map((plan) => assessSubmission(interview, plan.submission));

describe('children an inspection identifies', () => {
  test.each([
    ['under 18 by the estimate', { ageEstimate: 14 }],
    ['presumed a child while the age is disputed', { ageEstimate: 19, ageDisputed: 'yes' }],
  ])('%s: treated as a child, and child protection is asked', (_why, age) => {
    const [{ assessment, treatedAsChild }] = assessed([person(age)]);
    expect(treatedAsChild).toBe(true);
    expect(assessment.flags).toContain('child');
    expect(assessment.referrals.childProtection).toBe(true);
  });

  test('an adult, or a person of unknown age, is not presumed a child', () => {
    for (const [{ treatedAsChild, assessment }] of [assessed([person({ ageEstimate: 19 })]), assessed([person({})])]) {
      expect(treatedAsChild).toBe(false);
      expect(assessment.referrals.childProtection).toBe(false);
    }
  });
});
