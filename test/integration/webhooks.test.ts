// Outgoing webhooks through the HTTP API of a real local host (docs/webhooks.md): a receiver on
// the loopback interface hears of a screening and verifies each delivery with the `standardwebhooks`
// package; a receiver's 500 is retried and the log shows both attempts; a 4xx is not retried, and
// a manual retry resends; a hook hears only what its role may see and never a person's data;
// targets that are not allowed are refused with a clear 400.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, newKey, screening } from '../helpers/api.ts';
import { eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let host: TestHost;
let api: ReturnType<typeof apiClient>;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
/** How the receiver answers, by path: a list of statuses used in turn (the last one repeats); 0 answers nothing. */
const answers = new Map<string, number[]>();

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers, body });
      const statuses = answers.get(request.url ?? '') ?? [204];
      const status = statuses.length > 1 ? statuses.shift()! : statuses[0];
      if (status === 0) return; // says nothing: the attempt times out
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
  // The dispatcher runs every second here (every minute on AWS): a retry is due after policy's first 5 s.
  host = await startTestHost({ env: { PUENTE_SCHEDULE_SECONDS: '1' } });
  api = apiClient(host);
}, 90_000);
afterAll(async () => {
  await host?.stop();
  receiver?.closeAllConnections();
  await new Promise((done) => receiver?.close(done));
});

const register = async (user: string, path: string, events: string[]) => {
  const answer = await api.call(user, 'POST', '/webhooks', { url: `${receiverUrl}${path}`, events, description: `test ${path}` });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as { id: string; secret: string };
};

const submit = async (extra: Record<string, unknown> = {}) => {
  const answer = await api.call('screener', 'POST', '/screenings', screening(extra), { 'idempotency-key': newKey() });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.caseId as string;
};

/** What a path received about a case, verified with the hook's secret (throws on a bad signature). */
const heard = (path: string, secret: string, caseId: string) =>
  received
    .filter((message) => message.path === path)
    .map((message) => ({ ...(new Webhook(secret).verify(message.body, message.headers as Record<string, string>) as { type: string; timestamp: string; data: Record<string, any> }), id: message.headers['webhook-id'] }))
    .filter((payload) => payload.data.caseId === caseId);

const asylumCase = { fearOfReturn: 'yes', persecutionGrounds: ['political_opinion'], givenName: 'Marcadorawh', familyName: 'Secretoxyz' };

describe('webhooks', () => {
  test('a receiver on loopback gets case.created then task.opened for a screening, signed as Standard Webhooks says', async () => {
    const hook = await register('coordinator', '/screenings', ['case.created', 'task.opened']);
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const caseId = await submit(asylumCase);
    const payloads = await eventually(async () => {
      const got = heard('/screenings', hook.secret, caseId);
      return got.some((payload) => payload.type === 'task.opened') && got.some((payload) => payload.type === 'case.created') ? got : undefined;
    }, 30_000, 'case.created and task.opened');
    const created = payloads.find((payload) => payload.type === 'case.created')!;
    const opened = payloads.find((payload) => payload.type === 'task.opened')!;
    expect(created.timestamp < opened.timestamp).toBe(true);
    expect(created.data).toMatchObject({ caseId, stage: expect.any(String) });
    expect(opened.data).toMatchObject({ caseId, taskId: expect.stringMatching(new RegExp(`^${caseId}\\.`)), kind: expect.any(String), status: expect.any(String) });
    // A coordinator's hook: the board row, never the person's data.
    const all = JSON.stringify(received.filter((message) => message.path === '/screenings').map((message) => message.body));
    for (const secret of ['Marcadorawh', 'Secretoxyz', 'political_opinion', 'fearOfReturn']) expect(all).not.toContain(secret);
    // A signature under another secret does not verify.
    const forged = received.find((message) => message.path === '/screenings')!;
    expect(() => new Webhook(`whsec_${Buffer.alloc(24, 1).toString('base64')}`).verify(forged.body, forged.headers as Record<string, string>)).toThrow();
  }, 60_000);

  test('a 500 from the receiver is retried with backoff, and the deliveries log shows both attempts', async () => {
    answers.set('/flaky', [500, 200]);
    const hook = await register('coordinator', '/flaky', ['case.created']);
    const caseId = await submit();
    const delivery = await eventually(async () => {
      const log = (await api.call('coordinator', 'GET', `/webhooks/${hook.id}/deliveries`)).body.items.find((item: any) => item.recordId === caseId);
      return log?.status === 'delivered' ? log : undefined;
    }, 45_000, 'the delivery to succeed on its retry');
    expect(delivery.attemptLog.map((attempt: any) => attempt.status)).toEqual([500, 200]);
    for (const attempt of delivery.attemptLog) expect(attempt).toMatchObject({ at: expect.any(String), durationMs: expect.any(Number) });
    const [first, second] = delivery.attemptLog.map((attempt: any) => Date.parse(attempt.at));
    expect(second - first).toBeGreaterThanOrEqual(5000); // the policy's first retry
    // Both attempts carried the same message id, so a receiver can tell a retry from a new event.
    const ids = received.filter((message) => message.path === '/flaky' && JSON.parse(message.body).data.caseId === caseId).map((message) => message.headers['webhook-id']);
    expect(ids).toEqual([delivery.deliveryId, delivery.deliveryId]);
  }, 60_000);

  test('a receiver that does not answer times out, and the attempt is retried', async () => {
    answers.set('/silent', [0, 200]);
    const hook = await register('coordinator', '/silent', ['case.created']);
    const caseId = await submit();
    const delivery = await eventually(async () => {
      const log = (await api.call('coordinator', 'GET', `/webhooks/${hook.id}/deliveries`)).body.items.find((item: any) => item.recordId === caseId);
      return log?.status === 'delivered' ? log : undefined;
    }, 45_000, 'the delivery to succeed after a timeout');
    expect(delivery.attemptLog.map((attempt: any) => attempt.status ?? attempt.error)).toEqual(['TIMEOUT', 200]);
    expect(delivery.attemptLog[0].durationMs).toBeGreaterThanOrEqual(10_000); // the policy's attempt limit
  }, 60_000);

  test('a 4xx is not retried (a dead letter at once), and a manual retry resends it', async () => {
    answers.set('/gone', [410, 200]);
    const hook = await register('coordinator', '/gone', ['case.created']);
    const caseId = await submit();
    const dead = await eventually(async () => {
      const log = (await api.call('coordinator', 'GET', `/webhooks/${hook.id}/deliveries`)).body.items.find((item: any) => item.recordId === caseId);
      return log?.status === 'dead' ? log : undefined;
    }, 30_000, 'the delivery to be dead');
    expect(dead.attemptLog.map((attempt: any) => attempt.status)).toEqual([410]);
    const retry = await api.call('coordinator', 'POST', `/webhooks/${hook.id}/deliveries/${dead.deliveryId}/retry`);
    expect(retry.status).toBe(200);
    const delivered = await eventually(async () => {
      const log = (await api.call('coordinator', 'GET', `/webhooks/${hook.id}/deliveries`)).body.items.find((item: any) => item.deliveryId === dead.deliveryId);
      return log?.status === 'delivered' ? log : undefined;
    }, 30_000, 'the resent delivery');
    expect(delivered.attemptLog.map((attempt: any) => attempt.status)).toEqual([410, 200]);
    expect((await api.call('coordinator', 'POST', `/webhooks/${hook.id}/deliveries/ev_nosuch/retry`)).status).toBe(404);
  }, 60_000);

  test("an organisation's hook never carries what its role may not see: the administrator's hears of no case", async () => {
    const admins = await register('admin', '/admin', ['case.created', 'case.assessed', 'task.opened']);
    const coordinators = await register('coordinator', '/coordination', ['case.created', 'case.assessed', 'task.opened']);
    const caseId = await submit(asylumCase);
    await eventually(async () => (heard('/coordination', coordinators.secret, caseId).some((payload) => payload.type === 'task.opened') ? true : undefined), 30_000, "the coordination's deliveries");
    const assessed = heard('/coordination', coordinators.secret, caseId).find((payload) => payload.type === 'case.assessed');
    expect(assessed?.data).toMatchObject({ caseId, riskLevel: expect.any(String), determination: expect.any(String) });
    // Dispatched in the same runs as the coordination's: nothing was ever made for the administrator's hook.
    expect(received.filter((message) => message.path === '/admin')).toEqual([]);
    expect((await api.call('admin', 'GET', `/webhooks/${admins.id}/deliveries`)).body.items).toEqual([]);
    // Each organisation manages its own hooks only; no secret is ever listed.
    const listed = await api.call('coordinator', 'GET', '/webhooks');
    expect(listed.body.items.map((item: any) => item.id)).toContain(coordinators.id);
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');
    expect((await api.call('shelter1', 'GET', '/webhooks')).status).toBe(403);
  }, 60_000);

  test('only changes that committed are announced, each once: a retried submission and a second erasure (410) add nothing; an erasure announces the tasks it withdrew', async () => {
    const hook = await register('coordinator', '/erasures', ['case.created', 'task.opened', 'case.erased', 'task.withdrawn']);
    const key = newKey();
    const first = await api.call('screener', 'POST', '/screenings', screening(asylumCase), { 'idempotency-key': key });
    const again = await api.call('screener', 'POST', '/screenings', screening(asylumCase), { 'idempotency-key': key });
    expect([first.status, again.status, again.body.caseId]).toEqual([201, 201, first.body.caseId]);
    const caseId = first.body.caseId as string;
    const opened = await eventually(async () => heard('/erasures', hook.secret, caseId).find((payload) => payload.type === 'task.opened'), 30_000, 'a task opened');
    expect((await api.call('coordinator', 'POST', `/cases/${caseId}/erasure`, { reason: 'subject-request' })).status).toBe(200);
    expect((await api.call('coordinator', 'POST', `/cases/${caseId}/erasure`, { reason: 'subject-request' })).status).toBe(410);
    const withdrawn = await eventually(async () => heard('/erasures', hook.secret, caseId).find((payload) => payload.type === 'task.withdrawn' && payload.data.taskId === opened.data.taskId), 30_000, 'the opened task withdrawn');
    expect(withdrawn.data).toMatchObject({ status: 'withdrawn', case: { stage: 'erased' } });
    await eventually(async () => heard('/erasures', hook.secret, caseId).find((payload) => payload.type === 'case.erased'), 30_000, 'case.erased');
    // Everything due by now has been dispatched (the outbox is read oldest first): count what came.
    await eventually(async () => ((await api.call('coordinator', 'GET', `/webhooks/${hook.id}/deliveries`)).body.items.every((item: any) => item.status === 'delivered') ? true : undefined), 30_000, 'all delivered');
    const types = heard('/erasures', hook.secret, caseId).map((payload) => payload.type);
    expect(types.filter((type) => type === 'case.created')).toHaveLength(1);
    expect(types.filter((type) => type === 'case.erased')).toHaveLength(1);
    expect(new Set(heard('/erasures', hook.secret, caseId).map((payload) => payload.id)).size).toBe(types.length);
  }, 60_000);

  test('a tip is announced as created and triaged, with its triage and nothing the inspector wrote', async () => {
    const hook = await register('coordinator', '/tips', ['tip.created', 'tip.triaged']);
    const answers = {
      workplaceName: 'Finca Marcadorawh',
      workplaceAddress: 'Km 40 carretera al Pacífico',
      country: 'GT',
      sector: 'agriculture',
      workersEstimated: 40,
      minorsPresent: 'yes',
      foreignWorkersPresent: 'yes',
      iloRetentionOfDocuments: 'yes',
      iloExcessiveOvertime: 'yes',
      howObserved: 'worker_complaint',
      sourceAnonymous: 'yes',
      immediateDangerObserved: 'no',
    };
    const tip = await api.call('inspector', 'POST', '/tips', { formId: 'labour-tip', formVersion: 1, language: 'es', answers }, { 'idempotency-key': newKey() });
    expect(tip.status, JSON.stringify(tip.body)).toBe(201);
    const aboutTip = () =>
      received
        .filter((message) => message.path === '/tips')
        .map((message) => new Webhook(hook.secret).verify(message.body, message.headers as Record<string, string>) as { type: string; data: Record<string, any> })
        .filter((payload) => payload.data.tipId === tip.body.tipId);
    const triaged = await eventually(async () => aboutTip().find((payload) => payload.type === 'tip.triaged'), 30_000, 'tip.triaged');
    expect(triaged.data).toMatchObject({ tipId: tip.body.tipId, triage: 'urgent' });
    expect(aboutTip().map((payload) => payload.type)).toContain('tip.created');
    expect(JSON.stringify(received.filter((message) => message.path === '/tips').map((message) => message.body))).not.toContain('Marcadorawh');
  }, 60_000);

  test('targets that are not allowed are refused with a clear 400, and nothing is stored', async () => {
    const before = (await api.call('coordinator', 'GET', '/webhooks')).body.items.length;
    for (const [url, why] of [
      ['http://example.org/in', /https/],
      ['https://169.254.169.254/latest/meta-data', /private, link-local, metadata/],
      ['https://2852039166/', /metadata/],
      ['https://10.0.0.7/in', /private/],
      ['https://[::ffff:192.168.1.1]/in', /private/],
      ['https://[fe80::1]/in', /link-local/],
      ['https://user:secret@example.org/in', /password/],
      ['https://no-such-host.invalid/in', /does not resolve/],
    ] as const) {
      const answer = await api.call('coordinator', 'POST', '/webhooks', { url, events: ['case.created'] });
      expect(answer.status, url).toBe(400);
      expect(answer.body.error.code, url).toBe('INVALID_WEBHOOK_URL');
      expect(answer.body.error.message, url).toMatch(why);
    }
    const unknownEvent = await api.call('coordinator', 'POST', '/webhooks', { url: `${receiverUrl}/x`, events: ['case.exploded'] });
    expect(unknownEvent.status).toBe(400);
    expect(Object.keys(unknownEvent.body.error.fields ?? {})).toContain('events.0');
    expect((await api.call('coordinator', 'GET', '/webhooks')).body.items.length).toBe(before);
  });

  test('a deleted hook hears nothing more and is gone from the list', async () => {
    const hook = await register('coordinator', '/deleted', ['case.created']);
    // The administrator shares the coordination's organisation, not its role: it neither reads the
    // coordination's delivery log (case and task ids) nor deletes its hook.
    expect((await api.call('admin', 'GET', `/webhooks/${hook.id}/deliveries`)).status).toBe(404);
    expect((await api.call('admin', 'DELETE', `/webhooks/${hook.id}`)).status).toBe(404);
    expect((await api.call('admin', 'GET', '/webhooks')).body.items.map((item: any) => item.id)).not.toContain(hook.id);
    expect((await api.call('coordinator', 'DELETE', `/webhooks/${hook.id}`)).status).toBe(200);
    expect((await api.call('coordinator', 'GET', '/webhooks')).body.items.map((item: any) => item.id)).not.toContain(hook.id);
    expect((await api.call('coordinator', 'DELETE', `/webhooks/${hook.id}`)).status).toBe(404);
  });

  test('a URL is kept as it will be called', async () => {
    const answer = await api.call('coordinator', 'POST', '/webhooks', { url: `${receiverUrl}/a/../normalised path`, events: ['case.created'] });
    expect(answer.status).toBe(201);
    expect(answer.body.url).toBe(`${receiverUrl}/normalised%20path`);
    expect((await api.call('coordinator', 'DELETE', `/webhooks/${answer.body.id}`)).status).toBe(200);
  });

  test('the limit of 20 hooks per organisation holds under concurrent registrations, and a deleted hook frees its place', async () => {
    // The coordination's organisation counts its administrator's hooks too.
    const held = async () => (await api.call('coordinator', 'GET', '/webhooks')).body.items.length + (await api.call('admin', 'GET', '/webhooks')).body.items.length;
    const room = 20 - (await held());
    const answers = await Promise.all(
      Array.from({ length: room + 12 }, (_, i) => api.call(i % 3 ? 'coordinator' : 'admin', 'POST', '/webhooks', { url: `${receiverUrl}/limit/${i}`, events: ['tip.erased'] })),
    );
    const made = answers.filter((answer) => answer.status === 201);
    expect(made).toHaveLength(room);
    expect(answers.filter((answer) => answer.status === 409).map((answer) => answer.body.error.code)).toEqual(Array(12).fill('TOO_MANY_WEBHOOKS'));
    expect(await held()).toBe(20);
    const [freed, ...rest] = made.map((answer) => answer.body as { id: string; role: string });
    const owner = (hook: { role: string }) => (hook.role === 'admin' ? 'admin' : 'coordinator');
    // Two deletions of the same hook at once free one place, not two.
    expect((await Promise.all([1, 2].map(() => api.call(owner(freed), 'DELETE', `/webhooks/${freed.id}`)))).map((answer) => answer.status).sort()).toEqual([200, 404]);
    const again = await Promise.all([1, 2].map(() => api.call('coordinator', 'POST', '/webhooks', { url: `${receiverUrl}/limit/again`, events: ['tip.erased'] })));
    expect(again.map((answer) => answer.status).sort()).toEqual([201, 409]);
    for (const hook of [...rest, again.find((answer) => answer.status === 201)!.body]) expect((await api.call(owner(hook), 'DELETE', `/webhooks/${hook.id}`)).status).toBe(200);
  });
});
