// Children found at a workplace (issue 16, item 8): a labour tip with children seen working tells
// the child-protection office at once, beside the inspection, with what was seen, where and how
// many (never the source); the notice has a deadline and escalates to the coordination.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { taskDeadlineSeconds } from '../../functions/domain/policy.ts';
import { apiClient, newKey } from '../helpers/api.ts';
import { eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';

let host: TestHost;
let api: ReturnType<typeof apiClient>;
let documents: DynamoDBDocumentClient;

beforeAll(async () => {
  // The overdue sweep every second, so a notice moved past its due time lapses at once.
  host = await startTestHost({ env: { PUENTE_SCHEDULE_SECONDS: '1' } });
  api = apiClient(host);
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: host.dynamodbEndpoint, region: 'us-east-1', credentials }));
});
afterAll(async () => host?.stop());

const labourTip = (answers: Record<string, unknown>) => ({
  formId: 'labour-tip',
  formVersion: 1,
  language: 'es',
  answers: {
    workplaceName: 'Finca La Esperanza',
    workplaceAddress: 'Aldea San José, km 12',
    country: 'GT',
    sector: 'agriculture',
    workersEstimated: 30,
    iloExcessiveOvertime: 'yes',
    howObserved: 'worker_complaint',
    sourceAnonymous: 'no',
    sourceContact: 'the cousin of a worker, +502 5555 0101',
    immediateDangerObserved: 'no',
    description: 'Children carrying sacks in the coffee rows at dawn',
    ...answers,
  },
});

async function fileTip(answers: Record<string, unknown>): Promise<string> {
  const filed = await api.call('inspector', 'POST', '/tips', labourTip(answers), { 'idempotency-key': newKey() });
  expect(filed.status).toBe(201);
  return filed.body.tipId;
}

const tasksOf = async (tipId: string) => (await api.call('inspector', 'GET', `/tips/${tipId}`)).body.tasks as any[];
const inboxTask = (user: string, tipId: string, kind: string) =>
  eventually(async () => (await api.call(user, 'GET', '/tasks')).body.items.find((task: any) => task.tipId === tipId && task.kind === kind), 60_000, `${kind} task for ${user}`);

describe('children seen at a workplace', () => {
  test('the tip shows a child-protection-notice beside the inspection; child protection reads what, where and how many, never the source, and answers', async () => {
    const tipId = await fileTip({ minorsPresent: 'yes', minorsSeen: 4 });
    const tasks = await eventually(async () => {
      const current = await tasksOf(tipId);
      return ['child-protection-notice', 'inspection'].every((kind) => current.some((task) => task.kind === kind && task.status === 'open')) ? current : undefined;
    }, 60_000, 'the notice and the inspection, both open');
    const notice = tasks.find((task) => task.kind === 'child-protection-notice');
    expect(notice).toMatchObject({ assigneeOrg: 'org-child-protection-office', assigneeRole: 'child-protection' });
    // A deadline like every task's, from the policy.
    expect(Date.parse(notice.dueAt) - Date.parse(notice.createdAt)).toBe(taskDeadlineSeconds['child-protection-notice'] * 1000);

    const inbox = await inboxTask('childprotection', tipId, 'child-protection-notice');
    expect(inbox.brief.answers).toMatchObject({ workplaceName: 'Finca La Esperanza', workplaceAddress: 'Aldea San José, km 12', country: 'GT', minorsPresent: 'yes', minorsSeen: 4, description: 'Children carrying sacks in the coffee rows at dawn' });
    expect(inbox.brief.answers).not.toHaveProperty('sourceContact');
    expect(inbox.brief.answers).not.toHaveProperty('howObserved');
    // Child protection acts on the notice; it does not open the tip itself.
    expect((await api.call('childprotection', 'GET', `/tips/${tipId}`)).status).toBe(403);
    const decided = await api.call('childprotection', 'POST', `/tasks/${inbox.taskId}/decision`, { outcome: 'joining-inspection' });
    expect(decided.status).toBe(200);
    await eventually(async () => ((await tasksOf(tipId)).find((task) => task.taskId === inbox.taskId)?.outcome === 'joining-inspection' ? true : undefined), 60_000, 'the notice decided');
    // The inspection goes on, untouched by the notice.
    expect((await tasksOf(tipId)).find((task) => task.kind === 'inspection')).toMatchObject({ status: 'open' });
  });

  test('a notice no one takes up in time escalates to the coordination', async () => {
    const tipId = await fileTip({ minorsPresent: 'yes' });
    const notice = await inboxTask('childprotection', tipId, 'child-protection-notice');
    // A day goes by: the notice's due time moves into the past, where the sweep finds it.
    const past = new Date(Date.now() - 1000).toISOString();
    await documents.send(
      new UpdateCommand({ TableName: 'puente', Key: { pk: `TIP#${tipId}`, sk: `TASK#${notice.taskId}` }, UpdateExpression: 'SET dueAt = :past, dueSk = :dueSk', ExpressionAttributeValues: { ':past': past, ':dueSk': `${past}#${notice.taskId}` } }),
    );
    const escalation = await inboxTask('coordinator', tipId, 'escalation');
    expect(escalation.brief.answers).toMatchObject({ minorsPresent: 'yes' });
    expect((await tasksOf(tipId)).find((task) => task.kind === 'child-protection-notice')).toMatchObject({ status: 'overdue' });
  });

  test('no children seen: no notice', async () => {
    const tipId = await fileTip({ minorsPresent: 'no' });
    await eventually(async () => ((await tasksOf(tipId)).some((task) => task.kind === 'inspection') ? true : undefined), 60_000, 'the inspection');
    expect((await tasksOf(tipId)).filter((task) => task.kind === 'child-protection-notice')).toEqual([]);
  });
});
