// The system's queues (system/system.ts `queues`): each an encrypted SQS queue feeding its handler,
// with its own dead-letter queue for messages the handler failed on `maxReceives` times and an
// alarm on that queue's first message. Senders get SendMessage on it, and its URL, through `bind`.
import { Duration } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { SystemDescription } from '../../system/description.ts';
import type { Data } from './data.ts';
import { bind, type Handlers } from './handlers.ts';
import type { Monitoring } from './monitoring.ts';

export class Queues extends Construct {
  readonly queues = new Map<string, sqs.Queue>();
  private readonly system: SystemDescription;
  private readonly handlers: Handlers;

  constructor(scope: Construct, id: string, { system, data, handlers, monitoring }: { system: SystemDescription; data: Data; handlers: Handlers; monitoring: Monitoring }) {
    super(scope, id);
    this.system = system;
    this.handlers = handlers;
    const encrypted = { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: data.key, enforceSSL: true };
    for (const description of system.queues ?? []) {
      const deadLetters = new sqs.Queue(this, `${description.name}-DeadLetters`, { ...encrypted, retentionPeriod: Duration.days(14) });
      const queue = new sqs.Queue(this, description.name, {
        ...encrypted,
        visibilityTimeout: Duration.seconds(description.visibilitySeconds),
        deadLetterQueue: { queue: deadLetters, maxReceiveCount: description.maxReceives },
      });
      // One message per invocation: a failure hands back that message alone.
      handlers.of(description.handler).addEventSource(new SqsEventSource(queue, { batchSize: 1 }));
      monitoring.watchDeadLetters(`DeadLetters-${description.name}`, deadLetters, `A message of the ${description.name} queue failed ${description.maxReceives} times: see its dead-letter queue`);
      this.queues.set(description.name, queue);
    }
  }

  /** The queue handlers' own grants (after the workflows exist: a handler may start one). */
  bindHandlers(to: { data: Data; workflows: ReadonlyMap<string, sfn.StateMachine> }): void {
    for (const description of this.system.queues ?? []) bind(this.handlers.of(description.handler), description.grants, { ...to, queues: this.queues });
  }
}
