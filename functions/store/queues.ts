// Handing work to a queue's handler: SQS on AWS; the local host answers the same SendMessage on
// loopback (infra/local/queues.ts). The queue's URL comes from <NAME>_QUEUE_URL.
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { queueUrlEnv } from '../../system/description.ts';

/** Made once per process; its endpoint comes from AWS_ENDPOINT_URL_SQS where one is set. */
const sqs = new SQSClient({});

export async function enqueue(queue: string, message: Record<string, unknown>): Promise<void> {
  const QueueUrl = process.env[queueUrlEnv(queue)];
  if (!QueueUrl) throw new Error(`${queueUrlEnv(queue)} is not set`);
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify(message) }));
}
