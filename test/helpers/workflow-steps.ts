// What integration tests do again and again through the HTTP API: submit a screening or a tip,
// wait for a task in someone's inbox, decide it, read a record until it reaches a state.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { newKey, type apiClient } from './api.ts';
import { eventually, type TestHost } from './local-host.ts';

type Api = ReturnType<typeof apiClient>;

/** A labour tip with the workplace questions answered; `indicators` sets the ILO answers. */
export function labourTip(answers: Record<string, unknown> = {}) {
  return {
    formId: 'labour-tip',
    formVersion: 1,
    language: 'es',
    answers: { workplaceName: 'Finca La Prueba', workplaceAddress: 'Km 12', country: 'GT', sector: 'agriculture', howObserved: 'inspection_visit', immediateDangerObserved: 'no', ...answers },
  };
}

export function workflowSteps(api: Api, waitMs = 45_000) {
  /** Every item of a listing, following its cursor to the end. */
  async function allItems(user: string, path: string): Promise<any[]> {
    const items: any[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 1000; page++) {
      const answer = await api.call(user, 'GET', `${path}${path.includes('?') ? '&' : '?'}${cursor ? `cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      items.push(...answer.body.items);
      cursor = answer.body.cursor;
      if (!cursor) return items;
    }
    throw new Error(`${path} did not end within 1000 pages`);
  }

  const submit = async (body: unknown, user = 'screener') => {
    const answer = await api.call(user, 'POST', '/screenings', body, { 'idempotency-key': newKey() });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body.caseId as string;
  };

  const submitTip = async (body: unknown, user = 'inspector') => {
    const answer = await api.call(user, 'POST', '/tips', body, { 'idempotency-key': newKey() });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body.tipId as string;
  };

  /** Waits until `user`'s inbox (every page of it) holds a task of `kind` for the case or tip. */
  const inboxTask = (user: string, parentId: string, kind: string) =>
    eventually(async () => (await allItems(user, '/tasks?limit=100')).find((task) => (task.caseId ?? task.tipId) === parentId && task.kind === kind), waitMs, `${kind} task for ${user}`);

  const decide = async (user: string, taskId: string, decision: unknown) => {
    const answer = await api.call(user, 'POST', `/tasks/${taskId}/decision`, decision);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };

  const read = async (kind: 'case' | 'tip', id: string, user = 'coordinator') => {
    const answer = await api.call(user, 'GET', `/${kind === 'case' ? 'cases' : 'tips'}/${id}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };

  /** Waits until the coordinator's view passes `check`; an ended record also waits for its workflow's terminal status. */
  const until = (kind: 'case' | 'tip', id: string, check: (view: any) => boolean, what: string) =>
    eventually(async () => {
      const view = await read(kind, id);
      const ended = !['closed', 'failed'].includes(view.stage) || view.steps.some((step: any) => step.event === 'status' && step.summary?.workflow === kind);
      return check(view) && ended ? view : undefined;
    }, waitMs, what);

  const untilClosed = (kind: 'case' | 'tip', id: string) => until(kind, id, (view) => view.stage === 'closed', `${kind} ${id} to close`);

  return { allItems, submit, submitTip, inboxTask, decide, read, until, untilClosed };
}

/** The timeline as readable lines: "entered MatchShelter", "decision placement declined", "overdue asylum-referral", … */
export const timeline = (view: any): string[] =>
  view.steps.map((step: any) =>
    [step.event, step.state, step.event === 'decision' ? `${step.summary.kind} ${step.summary.outcome}` : step.event === 'overdue' ? step.summary.kind : undefined].filter(Boolean).join(' '),
  );

/** Every item of the host's table but the audit trail of reads, sorted, for before/after comparisons (a Scan is fine in a test). */
export async function tableWithoutReads(host: TestHost): Promise<string[]> {
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: host.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
  const items: string[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: 'puente', ExclusiveStartKey }));
    // A read is an audit entry and its place in the record's chain (a claim naming it).
    const isRead = (item: Record<string, any>) => String(item.sk).startsWith('AUDIT#') || String(item.entry ?? '').startsWith('AUDIT#');
    items.push(...(page.Items ?? []).filter((item) => !isRead(item)).map((item) => JSON.stringify(item)));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items.sort();
}
