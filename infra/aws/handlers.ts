// Puente's functions: one per handler module, all with the same Lambda defaults, each with its own
// role and log group. `bind` gives a function what a binding in system/system.ts asks for, each
// grant together with the environment variable that names its target.
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { queueUrlEnv, workflowArnEnv, type Grants } from '../../system/description.ts';
import type { Data } from './data.ts';
import { acknowledge } from './nag-suppressions.ts';

export class Handlers extends Construct {
  /** By handler module path (e.g. `functions/api/decide-task.ts`). */
  readonly functions = new Map<string, NodejsFunction>();
  private readonly rootDir: string;
  private readonly logKey: kms.IKey;
  private functionLogs?: logs.LogGroup;
  private readonly deployment: { country: string; name: string };

  /** `deployment`: the country this stack serves and its name, as its bulletins and regional view say. */
  constructor(scope: Construct, id: string, props: { rootDir: string; logKey: kms.IKey; deployment: { country: string; name: string } }) {
    super(scope, id);
    this.rootDir = props.rootDir;
    this.logKey = props.logKey;
    this.deployment = props.deployment;
  }

  /** The function that runs `handler` (a module path from the repository root), made on first use. */
  of(handler: string): NodejsFunction {
    const existing = this.functions.get(handler);
    if (existing) return existing;
    const id = handler.replace(/\.ts$/, '').replace(/^functions\//, '').replace(/[^A-Za-z0-9]+/g, '-');
    const logGroup = this.logGroup();
    // Its own role, allowed to write the functions' log group only (not the managed policy's every log group).
    const role = roleWithInlineGrants(this, `${id}-Role`, new iam.ServicePrincipal('lambda.amazonaws.com'));
    logGroup.grantWrite(role);
    const fn = new NodejsFunction(this, id, {
      entry: join(this.rootDir, handler),
      handler: 'handler',
      projectRoot: this.rootDir,
      depsLockFilePath: join(this.rootDir, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(29),
      tracing: lambda.Tracing.ACTIVE,
      loggingFormat: lambda.LoggingFormat.JSON,
      logGroup,
      role,
      environment: { POWERTOOLS_SERVICE_NAME: 'puente', NODE_OPTIONS: '--enable-source-maps', PUENTE_COUNTRY: this.deployment.country, PUENTE_DEPLOYMENT_NAME: this.deployment.name },
      bundling: {
        format: OutputFormat.ESM,
        minify: true,
        // Stack traces name the source file and line (NODE_OPTIONS --enable-source-maps), but Node
        // reads and parses the whole map at every cold start: without the sources' text in it,
        // the map is a quarter of the size and the traces are the same.
        sourceMap: true,
        sourcesContent: false,
        target: 'node22',
        mainFields: ['module', 'main'],
        // Some dependencies still call require(); ESM bundles need it defined.
        banner: "import{createRequire}from'module';const require=createRequire(import.meta.url);",
      },
    });
    acknowledge.pinnedRuntime(fn);
    acknowledge.tracing(role);
    this.functions.set(handler, fn);
    return fn;
  }

  /**
   * One encrypted log group for every function (each writes its own streams, named after it): a group per
   * function cost one of CloudFormation's 500 resources a stack may hold for each.
   */
  private logGroup(): logs.LogGroup {
    this.functionLogs ??= new logs.LogGroup(this, 'FunctionLogs', { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: this.logKey });
    return this.functionLogs;
  }
}

/**
 * A role whose grants are written inside it (an inline policy) instead of in a policy resource of their own:
 * the same statements, one CloudFormation resource fewer per function (a stack may hold 500).
 */
function roleWithInlineGrants(scope: Construct, id: string, assumedBy: iam.IPrincipal): iam.Role {
  const grants = new iam.PolicyDocument();
  const role = new iam.Role(scope, id, { assumedBy, inlinePolicies: { grants } });
  role.addToPrincipalPolicy = (statement) => {
    grants.addStatements(statement);
    return { statementAdded: true, policyDependable: role };
  };
  return role;
}

/** What answering a waiting task takes: success or failure, no heartbeats (none is sent). */
export const answerTaskActions = ['states:SendTaskSuccess', 'states:SendTaskFailure'];

/** Grants `fn` exactly what `grants` names, each with the environment variable that goes with it. */
export function bind(fn: lambda.Function, grants: Grants, to: { data: Data; workflows: ReadonlyMap<string, sfn.StateMachine>; queues?: ReadonlyMap<string, sqs.Queue> }): void {
  to.data.bindTable(fn, grants.table ?? []);
  for (const name of grants.startWorkflows ?? []) {
    const machine = to.workflows.get(name);
    if (!machine) throw new Error(`no workflow ${name} to start`);
    machine.grantStartExecution(fn);
    fn.addEnvironment(workflowArnEnv(name), machine.stateMachineArn);
  }
  if (grants.answerTasks) for (const machine of to.workflows.values()) machine.grant(fn, ...answerTaskActions);
  for (const name of grants.stopWorkflows ?? []) {
    const machine = to.workflows.get(name);
    if (!machine) throw new Error(`no workflow ${name} to stop`);
    machine.grantExecution(fn, 'states:StopExecution');
    acknowledge.stopExecutions(fn.role!, machine);
  }
  for (const name of grants.sendToQueues ?? []) {
    const queue = to.queues?.get(name);
    if (!queue) throw new Error(`no queue ${name} to send to`);
    queue.grantSendMessages(fn);
    fn.addEnvironment(queueUrlEnv(name), queue.queueUrl);
  }
  if (grants.personalData) to.data.bindMasterKey(fn);
  if (grants.bulletinKey) to.data.bindSigningKey(fn, grants.bulletinKey);
}
