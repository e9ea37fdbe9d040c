// The system's queues on one machine: an endpoint on loopback that answers SQS's SendMessage (the
// AWS JSON 1.0 protocol @aws-sdk/client-sqs speaks), and hands each message to the queue's handler
// in this process, as an SQS event of one record. A handler that throws gets the message again
// after the queue's visibility timeout, up to its maxReceives; then it is logged as a dead letter
// (no dead-letter queue locally: docs/hosts.md). Messages live in memory: what a restart loses,
// the dispatcher hands over again once its lease ends (functions/store/webhooks.ts).
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { QueueDescription } from '../../system/description.ts';
import { readBody } from './http-api.ts';
import type { LambdaHandler } from './step-functions/engine.ts';

export interface LocalQueue {
  description: QueueDescription;
  url: string;
  arn: string;
  handler: LambdaHandler;
}

const MAX_MESSAGE_BYTES = 256 * 1024; // SQS's limit

export function queuesEndpoint(queues: LocalQueue[]): { server: Server; close: () => void } {
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) run();
    }, ms);
    timers.add(timer);
  };
  const receive = (queue: LocalQueue, messageId: string, body: string, receiveCount: number) => {
    const record = {
      messageId,
      receiptHandle: randomUUID(),
      body,
      attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: String(Date.now()), ApproximateFirstReceiveTimestamp: String(Date.now()) },
      messageAttributes: {},
      md5OfBody: md5(body),
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: 'us-east-1',
    };
    Promise.resolve(queue.handler({ Records: [record] }, { awsRequestId: randomUUID(), functionName: queue.description.name })).catch((error) => {
      if (receiveCount >= queue.description.maxReceives) {
        console.error(`queue ${queue.description.name}: message ${messageId} failed ${receiveCount} times, dead letter:`, (error as Error).name);
        return;
      }
      later(queue.description.visibilitySeconds * 1000, () => receive(queue, messageId, body, receiveCount + 1));
    });
  };
  const server = createServer(async (request, response) => {
    const text = await readBody(request, 4 * MAX_MESSAGE_BYTES);
    const target = String(request.headers['x-amz-target'] ?? '');
    let status = 200;
    let answer: unknown;
    try {
      const parsed = JSON.parse(text ?? '{}') as { QueueUrl?: string; MessageBody?: string; DelaySeconds?: number };
      const queue = queues.find((candidate) => candidate.url === parsed.QueueUrl);
      if (target !== 'AmazonSQS.SendMessage') throw Object.assign(new Error(`Unknown operation ${target || '(none)'}`), { code: 'UnsupportedOperation' });
      if (!queue) throw Object.assign(new Error('The specified queue does not exist.'), { code: 'AWS.SimpleQueueService.NonExistentQueue' });
      const body = String(parsed.MessageBody ?? '');
      if (!body || Buffer.byteLength(body) > MAX_MESSAGE_BYTES) throw Object.assign(new Error(`A message is 1 to ${MAX_MESSAGE_BYTES} bytes`), { code: 'InvalidParameterValue' });
      const messageId = randomUUID();
      later((parsed.DelaySeconds ?? 0) * 1000, () => receive(queue, messageId, body, 1));
      answer = { MessageId: messageId, MD5OfMessageBody: md5(body) };
    } catch (error) {
      status = 400;
      answer = { __type: (error as { code?: string }).code ?? 'InvalidParameterValue', message: (error as Error).message };
    }
    const payload = JSON.stringify(answer);
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(payload), 'x-amzn-requestid': randomUUID() });
    response.end(payload);
  });
  return {
    server,
    close: () => {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
    },
  };
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
