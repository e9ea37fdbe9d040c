// Imported XLSForms through the HTTP API of a real local host (issue 15 §1): an administrator
// imports a Kobo-style workbook (groups, a repeat, ::es/::fr labels, relevant, constraint,
// choice_filter); it is published like Puente's own forms with its XLSForm names; submissions are
// validated by the version they name, idempotent, sealed, attachable to a case and exported; a
// re-import is a new version while the old one is still accepted; an unsupported expression is
// refused with its row and nothing is stored; Puente's own forms go out as XLSForms and come back
// with the same questions; `form.published` reaches a webhook.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FormDefinition, Question } from '../../forms/engine/types.ts';
import { fixture, householdAnswers } from '../fixtures/xlsform/build.ts';
import { apiClient, newKey, screening } from '../helpers/api.ts';
import { eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';

const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let host: TestHost;
let api: ReturnType<typeof apiClient>;
let receiver: Server;
let receiverUrl: string;
const received: { headers: Record<string, string>; body: string }[] = [];

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers as Record<string, string>, body });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
  host = await startTestHost({ env: { PUENTE_SCHEDULE_SECONDS: '1' } });
  api = apiClient(host);
}, 90_000);
afterAll(async () => {
  await host?.stop();
  receiver?.closeAllConnections();
  await new Promise((done) => receiver?.close(done));
});

/** Sends a workbook as the web app does: the file's bytes, its own content type. */
async function importWorkbook(user: string, bytes: Uint8Array, query = '', contentType = xlsx) {
  const response = await fetch(`${host.url}/forms/import${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await api.token(user)}`, 'content-type': contentType },
    body: Buffer.from(bytes),
  });
  return { status: response.status, body: await response.json() };
}

async function getWorkbook(user: string, formId: string) {
  const response = await fetch(`${host.url}/forms/${formId}/xlsform`, { headers: { authorization: `Bearer ${await api.token(user)}` } });
  return { status: response.status, type: response.headers.get('content-type'), bytes: new Uint8Array(await response.arrayBuffer()) };
}

const household = () => new Uint8Array(readFileSync(fixture('household.xlsx')));
const questionsOf = (form: FormDefinition): Question[] => form.sections.flatMap((section) => section.questions);
const submit = (user: string, formId: string, body: Record<string, unknown>, key = newKey()) => api.call(user, 'POST', `/forms/${formId}/submissions`, body, { 'idempotency-key': key });

describe('importing an XLSForm', () => {
  let hookSecret: string;

  test('only an administrator imports, and only an .xlsx body', async () => {
    const hook = await api.call('coordinator', 'POST', '/webhooks', { url: `${receiverUrl}/forms`, events: ['form.published'], description: 'forms' });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    hookSecret = hook.body.secret;

    expect((await importWorkbook('coordinator', household())).status).toBe(403);
    const wrongType = await importWorkbook('admin', household(), '', 'application/octet-stream');
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  test('a workbook too large is refused on both hosts alike: over the import limit, or over what a function is given as base64', async () => {
    // 3 MiB: under Lambda's 6 MB even as base64, over the import's 2 MiB.
    const large = await importWorkbook('admin', new Uint8Array(3 * 1024 * 1024));
    expect(large.status).toBe(413);
    expect(large.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    // 5 MB: under 6 MB as bytes, but 6.7 MB as the base64 the function would be given.
    const huge = await importWorkbook('admin', new Uint8Array(5_000_000));
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toMatch(/base64/);
  });

  test('the household visit is published with its XLSForm names, choices and languages', async () => {
    const imported = await importWorkbook('admin', household());
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body).toMatchObject({ formId: 'household_visit', version: 1 });
    expect(Array.isArray(imported.body.warnings)).toBe(true);

    const listed = await api.call('screener', 'GET', '/forms');
    expect(listed.body.forms).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'household_visit', version: 1, imported: true, versions: [1] })]));
    // Puente's own forms are listed beside it.
    expect(listed.body.forms.map((form: { id: string }) => form.id)).toContain('screening-interview');

    const form = (await api.call('screener', 'GET', '/forms/household_visit')).body as FormDefinition;
    const ids = questionsOf(form).map((question) => question.id);
    expect(ids).toEqual(expect.arrayContaining(['country', 'city', 'visit_date', 'members', 'has_children', 'child', 'monthly_income', 'income_sources', 'other_source']));
    expect(questionsOf(form).find((question) => question.id === 'child')?.questions?.map((question) => question.id)).toEqual(expect.arrayContaining(['child_name', 'child_age', 'in_school']));
    const cities = form.choiceLists[questionsOf(form).find((question) => question.id === 'city')!.choices!];
    expect(cities.map((choice) => choice.value)).toEqual(['nairobi', 'mombasa', 'kampala']);
    expect(questionsOf(form).find((question) => question.id === 'country')?.label).toMatchObject({ en: 'Country', es: 'País', fr: 'Pays' });
    expect(form.languages).toEqual(expect.arrayContaining(['en', 'es', 'fr']));
  });

  test('form.published reaches a webhook, signed', async () => {
    const delivery = await eventually(async () => received.find((candidate) => JSON.parse(candidate.body).type === 'form.published'), 30_000, 'form.published delivered');
    const payload = new Webhook(hookSecret).verify(delivery.body, delivery.headers) as { data: Record<string, unknown> };
    expect(payload.data).toEqual({ formId: 'household_visit', version: 1 });
  });

  test('a submission is validated as the form is written', async () => {
    const good = await submit('screener', 'household_visit', { formVersion: 1, language: 'es', answers: householdAnswers });
    expect(good.status, JSON.stringify(good.body)).toBe(201);
    expect(good.body.submissionId).toMatch(/^s-/);

    // A constraint broken (30 people at most; a child is under 18) is named, each at its place.
    const broken = await submit('screener', 'household_visit', { formVersion: 1, language: 'en', answers: { ...householdAnswers, members: 31, child: [{ child_name: 'Amina', child_age: 19 }] } });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('INVALID_SUBMISSION');
    expect(broken.body.error.fields['answers.members']).toBe('Between 1 and 30');
    expect(broken.body.error.fields['answers.child.0.child_age']).toBe('A child is under 18');

    // Kampala is a city of Uganda: the choice filter does not offer it for Kenya.
    const filtered = await submit('screener', 'household_visit', { formVersion: 1, language: 'en', answers: { ...householdAnswers, city: 'kampala' } });
    expect(filtered.status).toBe(400);
    expect(Object.keys(filtered.body.error.fields)).toEqual(['answers.city']);

    // One person alone: has_children is not asked, so not required (and the repeat not asked either).
    const { has_children: _asked, child: _children, ...alone } = householdAnswers;
    const single = await submit('screener', 'household_visit', { formVersion: 1, language: 'fr', answers: { ...alone, members: 1 } });
    expect(single.status, JSON.stringify(single.body)).toBe(201);
    // ...and an answer to it is refused as not asked.
    const notAsked = await submit('screener', 'household_visit', { formVersion: 1, language: 'en', answers: { ...alone, members: 1, has_children: 'no' } });
    expect(notAsked.status).toBe(400);
    expect(Object.keys(notAsked.body.error.fields)).toEqual(['answers.has_children']);
  });

  test('Idempotency-Key as for screenings: the same key and body once, another body refused', async () => {
    const key = newKey();
    const body = { formVersion: 1, language: 'en', answers: householdAnswers };
    const first = await submit('inspector', 'household_visit', body, key);
    const again = await submit('inspector', 'household_visit', body, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.submissionId).toBe(first.body.submissionId);
    const other = await submit('inspector', 'household_visit', { ...body, answers: { ...householdAnswers, members: 5 } }, key);
    expect(other.status).toBe(409);
    expect((await submit('inspector', 'household_visit', body, '')).status).toBe(400);
    // Roles that do not collect refused; forms that do not exist, or Puente's own, too.
    expect((await submit('shelter1', 'household_visit', body)).status).toBe(403);
    expect((await submit('screener', 'no_such_form', body)).status).toBe(404);
    expect((await submit('screener', 'screening-interview', body)).status).toBe(400);
  });

  test('a follow-up on a case: listed on the case for those who may see it, refused on a case the submitter may not see', async () => {
    const created = await api.call('screener', 'POST', '/screenings', screening(), { 'idempotency-key': newKey() });
    expect(created.status).toBe(201);
    const caseId = created.body.caseId as string;
    const followUp = await submit('screener', 'household_visit', { formVersion: 1, language: 'es', answers: householdAnswers, caseId });
    expect(followUp.status, JSON.stringify(followUp.body)).toBe(201);

    const listed = await api.call('screener', 'GET', `/cases/${caseId}/follow-ups`);
    expect(listed.status).toBe(200);
    expect(listed.body.followUps).toEqual([expect.objectContaining({ submissionId: followUp.body.submissionId, formId: 'household_visit', formVersion: 1, answers: expect.objectContaining({ city: 'mombasa' }) })]);
    // The read is on the case's access log.
    const log = await api.call('coordinator', 'GET', `/cases/${caseId}/access-log`);
    expect(JSON.stringify(log.body)).toContain('follow-ups');
    // What is held about the person includes it.
    const held = await api.call('screener', 'GET', `/cases/${caseId}/subject-access`);
    expect(held.body.followUps).toEqual([expect.objectContaining({ formId: 'household_visit', answers: expect.objectContaining({ city: 'mombasa' }) })]);

    // A shelter does not work on this case: it neither reads nor attaches to it.
    expect((await api.call('shelter1', 'GET', `/cases/${caseId}/follow-ups`)).status).toBe(404);
    expect((await submit('inspector', 'household_visit', { formVersion: 1, language: 'es', answers: householdAnswers, caseId: 'c-doesnotexist' })).status).toBe(404);
  });

  test('a re-import is version 2; version 1 is still accepted', async () => {
    const again = await importWorkbook('admin', household());
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ formId: 'household_visit', version: 2 });
    expect((await api.call('screener', 'GET', '/forms/household_visit')).body.version).toBe(2);
    expect((await api.call('screener', 'GET', '/forms/household_visit?version=1')).body.version).toBe(1);
    expect((await submit('screener', 'household_visit', { formVersion: 1, language: 'en', answers: householdAnswers })).status).toBe(201);
    expect((await submit('screener', 'household_visit', { formVersion: 2, language: 'en', answers: householdAnswers })).status).toBe(201);
    const missing = await submit('screener', 'household_visit', { formVersion: 3, language: 'en', answers: householdAnswers });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.formVersion).toBe('one of 1, 2');
  });

  test('two racing imports never take the same version', async () => {
    const raced = await Promise.all([1, 2, 3].map(() => importWorkbook('admin', household(), '?formId=raced')));
    expect(raced.map((answer) => answer.status)).toEqual([201, 201, 201]);
    expect(raced.map((answer) => answer.body.version).sort()).toEqual([1, 2, 3]);
  });

  test('an unsupported expression is refused with its row and column, and nothing is stored', async () => {
    const refused = await importWorkbook('admin', new Uint8Array(readFileSync(fixture('unsupported.xlsx'))), '?formId=household_unsupported');
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'XLSFORM_UNSUPPORTED', sheet: 'survey', row: 6, column: 'relevant' });
    expect(refused.body.error.message).toMatch(/pulldata/);
    expect((await api.call('screener', 'GET', '/forms/household_unsupported')).status).toBe(404);
  });

  test("Puente's own forms are not imported over", async () => {
    const workbook = await getWorkbook('admin', 'screening-interview');
    const refused = await importWorkbook('admin', workbook.bytes);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('FORM_ID_RESERVED');
  });

  test('the screening interview as an XLSForm, imported again, has the same questions and choices', async () => {
    const workbook = await getWorkbook('coordinator', 'screening-interview');
    expect(workbook.status).toBe(200);
    expect(workbook.type).toBe(xlsx);
    // An .xlsx is a zip: it starts with PK.
    expect(Buffer.from(workbook.bytes.slice(0, 2)).toString()).toBe('PK');
    const imported = await importWorkbook('admin', workbook.bytes, '?formId=screening-copy');
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const [original, copy] = await Promise.all([api.call('screener', 'GET', '/forms/screening-interview'), api.call('screener', 'GET', '/forms/screening-copy')]);
    const [from, to] = [questionsOf(original.body), questionsOf(copy.body)];
    expect(to.map((question) => question.id)).toEqual(from.map((question) => question.id));
    // Every choice list as it was; yes/no questions become select_one yes_no (yes, no, unknown) as XLSForm has no such type.
    const choicesOf = (form: FormDefinition, question: Question) => (question.choices ? form.choiceLists[question.choices].map((choice) => choice.value) : undefined);
    for (const [index, question] of from.entries()) {
      if (question.choices) expect(choicesOf(copy.body, to[index]), question.id).toEqual(choicesOf(original.body, question));
      if (question.type === 'yesNo') expect(choicesOf(copy.body, to[index]), question.id).toEqual(['yes', 'no', 'unknown']);
    }
    // Only roles that may take forms to the field read the workbook.
    expect((await getWorkbook('shelter1', 'screening-interview')).status).toBe(403);
  });

  test('the coordination exports the submissions (CSV, formula-safe; JSON) and the export is audited', async () => {
    const formula = await submit('screener', 'household_visit', { formVersion: 2, language: 'en', answers: { ...householdAnswers, other_source: '=HYPERLINK("http://x")' } });
    expect(formula.status).toBe(201);
    const response = await fetch(`${host.url}/forms/household_visit/submissions?format=csv`, { headers: { authorization: `Bearer ${await api.token('coordinator')}` } });
    expect(response.status).toBe(200);
    const csv = await response.text();
    const [header, ...rows] = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(header.split(',')).toEqual(expect.arrayContaining(['submissionId', 'formVersion', 'country', 'city', 'income_sources']));
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).toContain('farming other');

    const json = await api.call('coordinator', 'GET', '/forms/household_visit/submissions?format=json');
    expect(json.body.submissions.some((submission: { caseId?: string }) => submission.caseId)).toBe(true);
    expect((await api.call('screener', 'GET', '/forms/household_visit/submissions')).status).toBe(403);
    const log = await api.call('coordinator', 'GET', '/exports/log');
    expect(JSON.stringify(log.body)).toContain('form-submissions');
  });
});
