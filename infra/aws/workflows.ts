// The workflows: one state machine per ASL file, its task placeholders substituted with the ARNs of
// the functions bound to them; their executions' terminal statuses and the schedules, delivered by
// EventBridge with a dead-letter queue for what cannot be delivered or handled.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { stateMachineName, type SystemDescription } from '../../system/description.ts';
import type { Data } from './data.ts';
import { bind, type Handlers } from './handlers.ts';
import { acknowledge } from './nag-suppressions.ts';

/** The statuses that end an execution: the only ones the status handler acts on. */
export const terminalStatuses = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

/** How long and how often EventBridge, then Lambda, retry an asynchronous delivery before it goes to the dead-letter queue. */
const delivery = { retryAttempts: 2, maxEventAge: Duration.hours(1) };

export interface WorkflowsProps {
  system: SystemDescription;
  stage: string;
  rootDir: string;
  data: Data;
  handlers: Handlers;
  deadLetters: sqs.IQueue;
  /** The system's queues, for the handlers that send to them. */
  queues: ReadonlyMap<string, sqs.Queue>;
}

export class Workflows extends Construct {
  readonly machines = new Map<string, sfn.StateMachine>();
  private readonly deadLetters: sqs.IQueue;

  constructor(scope: Construct, id: string, { system, stage, rootDir, data, handlers, deadLetters, queues }: WorkflowsProps) {
    super(scope, id);
    this.deadLetters = deadLetters;
    for (const workflow of system.workflows) {
      const substitutions = Object.fromEntries(Object.entries(workflow.tasks).map(([placeholder, task]) => [placeholder, handlers.of(task.handler).functionArn]));
      const machine = new sfn.StateMachine(this, workflow.name, {
        stateMachineName: `${stateMachineName(workflow.name)}-${stage}`,
        stateMachineType: sfn.StateMachineType.STANDARD,
        // Inline, so the template shows the very ASL file both hosts run.
        definitionBody: sfn.DefinitionBody.fromString(readFileSync(join(rootDir, workflow.definition), 'utf8')),
        definitionSubstitutions: substitutions,
        // Definition and execution history under the stack's key, not an AWS-owned one.
        encryptionConfiguration: new sfn.CustomerManagedEncryptionConfiguration(data.key),
        tracingEnabled: true,
        logs: {
          destination: new logs.LogGroup(this, `${workflow.name}-Logs`, { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: data.key }),
          level: sfn.LogLevel.ALL,
          // Execution data may hold survivors' answers: never in logs.
          includeExecutionData: false,
        },
      });
      acknowledge.tracing(machine.role);
      for (const task of Object.values(workflow.tasks)) {
        const fn = handlers.of(task.handler);
        fn.grantInvoke(machine);
        acknowledge.taskFunctionVersions(machine.role, fn);
      }
      this.machines.set(workflow.name, machine);
    }
    // Grants last: a task may start another workflow.
    const grantTo = { data, workflows: this.machines, queues };
    for (const task of system.workflows.flatMap((workflow) => Object.values(workflow.tasks))) bind(handlers.of(task.handler), task.grants, grantTo);

    if (system.executionStatusHandler) {
      const { handler, grants } = system.executionStatusHandler;
      const rule = new events.Rule(this, 'ExecutionStatus', {
        eventPattern: {
          source: ['aws.states'],
          detailType: ['Step Functions Execution Status Change'],
          // Step Functions also reports RUNNING; only an execution's end changes its record.
          detail: { stateMachineArn: [...this.machines.values()].map((machine) => machine.stateMachineArn), status: terminalStatuses },
        },
      });
      this.deliverTo(rule, handlers.of(handler));
      bind(handlers.of(handler), grants, grantTo);
    }
    for (const schedule of system.schedules) {
      const rule = new events.Rule(this, `Schedule-${schedule.name}`, { schedule: events.Schedule.rate(Duration.seconds(Math.max(60, schedule.everySeconds))) });
      this.deliverTo(rule, handlers.of(schedule.handler));
      bind(handlers.of(schedule.handler), schedule.grants, grantTo);
    }
  }

  /** `rule` invokes `fn` asynchronously: what EventBridge cannot deliver, and what `fn` fails on, goes to the dead-letter queue. */
  private deliverTo(rule: events.Rule, fn: lambda.Function): void {
    rule.addTarget(new targets.LambdaFunction(fn, { deadLetterQueue: this.deadLetters, ...delivery }));
    fn.configureAsyncInvoke({ onFailure: new SqsDestination(this.deadLetters), ...delivery });
    acknowledge.dataKeyFamilies(fn.role!);
  }
}
