// Someone is told when something goes wrong: a workflow fails, times out or is aborted, an
// asynchronous invocation ends in the dead-letter queue, a function errs or is throttled, the table
// throttles, the API answers 5xx. Every alarm goes to one encrypted topic, which needs a subscriber
// (docs/aws.md).
import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledge } from './nag-suppressions.ts';

const period = Duration.minutes(5);
/** Two metrics (errors, throttles) per function: five functions fill a metric-math alarm's ten. */
const functionsPerAlarm = 5;

export interface Watched {
  workflows: ReadonlyMap<string, sfn.StateMachine>;
  functions: ReadonlyMap<string, lambda.Function>;
  table: dynamodb.TableV2;
  indexNames: readonly string[];
  api: HttpApi;
}

export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  /** Where every asynchronous invocation (EventBridge targets, their Lambda invocations) ends when it fails. */
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, { key }: { key: kms.Key }) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Alarms', { masterKey: key, enforceSSL: true });
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge.deadLetterQueue(this.deadLetters);
    const { partition, region, account } = Stack.of(this);
    // CloudWatch publishes alarms to the encrypted topic; EventBridge sends undeliverable events to the encrypted queue.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        resources: ['*'],
      }),
    );
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        resources: ['*'],
        conditions: { ArnLike: { 'aws:SourceArn': `arn:${partition}:events:${region}:${account}:rule/*` } },
      }),
    );
    this.alarm('DeadLettersWaiting', this.deadLetters.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }), 'An event or asynchronous invocation failed for good: see the dead-letter queue');
  }

  /** Alarms on everything the stack runs. */
  watch({ workflows, functions, table, indexNames, api }: Watched): void {
    // CloudFormation allows 500 resources in a stack: alarms are grouped (a metric-math alarm reads at most 10 metrics),
    // and each alarm's description names what it watches.
    for (const [name, machine] of workflows) {
      const ended = new cloudwatch.MathExpression({
        expression: 'failed + timedOut + aborted',
        usingMetrics: { failed: machine.metricFailed({ period }), timedOut: machine.metricTimedOut({ period }), aborted: machine.metricAborted({ period }) },
        period,
      });
      this.alarm(`FailedExecutions-${name}`, ended, `A ${name} workflow execution failed, timed out or was aborted`);
    }
    const handlers = [...functions];
    for (let first = 0; first < handlers.length; first += functionsPerAlarm) {
      const group = handlers.slice(first, first + functionsPerAlarm);
      const usingMetrics = Object.fromEntries(group.flatMap(([, fn], i) => [[`errors${i}`, fn.metricErrors({ period })], [`throttles${i}`, fn.metricThrottles({ period })]]));
      const names = group.map(([handler]) => handler.replace(/^functions\//, '').replace(/\.ts$/, '')).join(', ');
      this.alarm(`FunctionErrors-${first / functionsPerAlarm + 1}`, new cloudwatch.MathExpression({ expression: Object.keys(usingMetrics).join(' + '), usingMetrics, period }), `Errors or throttles in one of: ${names}`);
    }
    for (const index of [undefined, ...indexNames]) {
      const throttles = (metricName: string) =>
        new cloudwatch.Metric({
          namespace: 'AWS/DynamoDB',
          metricName,
          dimensionsMap: { TableName: table.tableName, ...(index ? { GlobalSecondaryIndexName: index } : {}) },
          statistic: 'Sum',
          period,
        });
      const metric = new cloudwatch.MathExpression({
        expression: 'reads + writes',
        usingMetrics: { reads: throttles('ReadThrottleEvents'), writes: throttles('WriteThrottleEvents') },
        period,
      });
      this.alarm(`TableThrottled-${index ?? 'table'}`, metric, `The table${index ? `'s ${index} index` : ''} throttled reads or writes`);
    }
    this.alarm('Api5xx', api.metricServerError({ period }), 'The API answered with 5xx');
  }

  /** An alarm on a queue's dead letters: its first message. */
  watchDeadLetters(id: string, queue: sqs.Queue, description: string): void {
    this.alarm(id, queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }), description);
  }

  private alarm(id: string, metric: cloudwatch.IMetric, description: string): void {
    new cloudwatch.Alarm(this, id, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    }).addAlarmAction(new SnsAction(this.topic));
  }
}
