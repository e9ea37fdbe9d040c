// The local host's queue endpoint: @aws-sdk/client-sqs sends to it unchanged, each message reaches
// the queue's handler as an SQS event, a handler that throws gets the message again after the
// visibility timeout, and after maxReceives it is given up (logged as a dead letter).
import type { AddressInfo } from 'node:net';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, expect, test, vi } from 'vitest';
import { queuesEndpoint } from '../../../infra/local/queues.ts';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
  vi.restoreAllMocks();
});

async function queueWith(handler: (event: any) => Promise<void>, maxReceives = 3) {
  const queue = { description: { name: 'test', handler: 'x', grants: {}, visibilitySeconds: 0.05, maxReceives }, url: '', arn: 'arn:aws:sqs:us-east-1:000000000000:puente-test', handler };
  const endpoint = queuesEndpoint([queue]);
  await new Promise<void>((done) => endpoint.server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(endpoint.server.address() as AddressInfo).port}`;
  queue.url = `${base}/000000000000/puente-test`;
  closers.push(() => endpoint.close(), () => endpoint.server.close());
  const sqs = new SQSClient({ endpoint: base, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return { url: queue.url, sqs, base };
}

test('a message reaches the handler as an SQS event of one record; the SDK checks the MD5 it is answered', async () => {
  const seen: any[] = [];
  const { url, sqs } = await queueWith(async (event) => void seen.push(event));
  const sent = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '{"hookId":"wh_1"}' }));
  expect(sent.MessageId).toBeDefined();
  await vi.waitFor(() => expect(seen).toHaveLength(1));
  expect(seen[0].Records).toHaveLength(1);
  expect(seen[0].Records[0]).toMatchObject({ messageId: sent.MessageId, body: '{"hookId":"wh_1"}', eventSource: 'aws:sqs', attributes: { ApproximateReceiveCount: '1' } });
});

test('a handler that throws gets the message again, up to maxReceives, then it is a dead letter', async () => {
  const counts: string[] = [];
  const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
  const { url, sqs } = await queueWith(async (event) => {
    counts.push(event.Records[0].attributes.ApproximateReceiveCount);
    throw new Error('worker failed');
  });
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
  await vi.waitFor(() => expect(logged).toHaveBeenCalled());
  expect(counts).toEqual(['1', '2', '3']);
  expect(String(logged.mock.calls[0][0])).toMatch(/dead letter/);
});

test('an unknown queue or operation is refused in SQS’s words', async () => {
  const { sqs, base } = await queueWith(async () => {});
  const refused = await sqs.send(new SendMessageCommand({ QueueUrl: `${base}/000000000000/puente-nosuch`, MessageBody: 'x' })).catch((error: Error) => error);
  expect(refused).toMatchObject({ message: 'The specified queue does not exist.', $metadata: { httpStatusCode: 400 } });
});
