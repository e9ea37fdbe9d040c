// A submission of an imported form, decided without a table: refused without an Idempotency-Key
// or with bad answers (each named), attached to a case with a step that names no answer; its
// export row writes a select_multiple as XLSForm does and keeps older versions' answers.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { FormDefinition } from '../../../forms/engine/types.ts';
import { planFormSubmission, submissionColumns, submissionRow } from '../../../functions/domain/form-submission.ts';
import { Refusal } from '../../../functions/domain/refusal.ts';
import { readXlsForm } from '../../../functions/domain/xlsform/index.ts';
import { fixture, householdAnswers } from '../../fixtures/xlsform/build.ts';

let form: FormDefinition;
beforeAll(async () => {
  form = (await readXlsForm(readFileSync(fixture('household.xlsx')), { version: 1, published: '2026-11-29' })).form;
});

const caller = { userId: 'u-1', role: 'screener' as const, organisationId: 'org-screening' };
const plan = (body: Record<string, unknown>, idempotencyKey: string | undefined = 'k-1') =>
  planFormSubmission({ body: { formVersion: 1, language: 'en', answers: householdAnswers, ...body } as never, formId: form.id, form, publishedVersions: [1], caller, idempotencyKey, id: 's-1', now: '2026-11-29T10:00:00.000Z' });

describe('planFormSubmission', () => {
  test('a good submission on a case: the step names the form and the submission, never an answer', () => {
    const planned = plan({ caseId: 'c-abc' });
    expect(planned.submission).toMatchObject({ submissionId: 's-1', formId: 'household_visit', caseId: 'c-abc', submittedByOrg: 'org-screening', answers: householdAnswers });
    expect(JSON.stringify(planned.step)).not.toContain('mombasa');
    expect(planned.step?.event).toBe('follow-up');
    expect(plan({}).step).toBeUndefined();
  });

  test('refused: no Idempotency-Key, a version not published, answers the form does not take (each named)', () => {
    expect(() => plan({}, '')).toThrow(expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REQUIRED' }));
    const refusal = (() => {
      try {
        plan({ answers: { ...householdAnswers, members: 31, city: 'kampala' } });
      } catch (error) {
        return error as Refusal;
      }
    })();
    expect(refusal?.code).toBe('INVALID_SUBMISSION');
    expect(Object.keys(refusal?.fields ?? {}).sort()).toEqual(['answers.city', 'answers.members']);
    expect(() => planFormSubmission({ body: { formVersion: 2, language: 'en', answers: {} }, formId: form.id, form: undefined, publishedVersions: [1], caller, idempotencyKey: 'k', id: 's', now: '2026-11-29T10:00:00.000Z' })).toThrow(/no version 2/);
  });
});

describe('the export row', () => {
  test('questions by XLSForm name, a select_multiple space-separated, a repeat as JSON, an older version’s answer kept', () => {
    const submission = { ...plan({}).submission, answers: { ...householdAnswers, retired_question: 'x' } };
    const columns = submissionColumns(form, [submission]);
    expect(columns.slice(0, 5)).toEqual(['submissionId', 'formVersion', 'submittedAt', 'caseId', 'language']);
    expect(columns).not.toContain('welcome');
    expect(columns.at(-1)).toBe('retired_question');
    const row = Object.fromEntries(columns.map((column, index) => [column, submissionRow(columns, submission)[index]]));
    expect(row).toMatchObject({ income_sources: 'farming other', city: 'mombasa', members: '4', caseId: '', retired_question: 'x' });
    expect(JSON.parse(row.child)).toEqual(householdAnswers.child);
  });
});
