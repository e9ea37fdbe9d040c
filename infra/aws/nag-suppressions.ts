// cdk-nag AwsSolutions findings Puente accepts, each with its reason, each acknowledged only on the
// resource it is about (a role, a route, the distribution), never on the stack. Anything else
// fails synthesis (`npm run synth`, `cdk deploy`) and the CDK test, and so does an
// acknowledgement that no finding needs any more.
import { Stack, Token, Validations, type App, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { AwsSolutionsChecks } from 'cdk-nag';

const arnOf = (construct: IConstruct) => {
  const stack = Stack.of(construct);
  return `<${stack.getLogicalId(construct.node.defaultChild as CfnElement)}.Arn>`;
};
const concrete = (value: string, token: string) => (Token.isUnresolved(value) ? token : value);
const on = (scope: IConstruct, id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });

const dataKeyReason = 'The KMS grant CDK makes for a write names action families (data keys, re-encryption) on the one customer-managed key of the stack, never on other keys.';

export const acknowledge = {
  /** A Puente handler function. */
  pinnedRuntime: (fn: IConstruct) =>
    on(fn, 'AwsSolutions-L1', 'Puente pins the Node.js 22 Lambda runtime (the platform chosen and tested locally on Node 22); moving to a newer runtime is a deliberate, tested upgrade.'),
  /** The routes without sign-in: the API description, and the public key peers verify bulletins with. */
  publicRoute: (route: IConstruct, key: string) =>
    on(route, 'AwsSolutions-APIG4', `${key} is public on purpose: it holds no data (the API description, or the public key bulletins are verified with), and the route has its own tight throttle. Every other route has the Cognito JWT authorizer.`),
  /** A role whose function or state machine sends X-Ray traces (and, for a state machine, delivers its logs). */
  tracing: (role: IConstruct) =>
    on(role, 'AwsSolutions-IAM5[Resource::*]', 'X-Ray trace segments and Step Functions log delivery have no resource-level permissions; the statements with Resource * grant only those actions.'),
  /** A role that writes data encrypted with the stack's key. */
  dataKeyFamilies: (role: IConstruct) => {
    on(role, 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]', dataKeyReason);
    on(role, 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', dataKeyReason);
  },
  /** A role that queries the table's indexes. */
  tableIndexes: (role: IConstruct, table: IConstruct) =>
    on(role, `AwsSolutions-IAM5[Resource::${arnOf(table)}/index/*]`, 'Handlers query the table’s own indexes (board, inbox, due, recent); the wildcard covers only this table’s indexes.'),
  /** A function that stops a workflow's executions (erasure, retention). */
  stopExecutions: (role: IConstruct, machine: IConstruct) => {
    const stack = Stack.of(role);
    const id = stack.getLogicalId(machine.node.defaultChild as CfnElement);
    const executions = `arn:<AWS::Partition>:states:${concrete(stack.region, '<AWS::Region>')}:${concrete(stack.account, '<AWS::AccountId>')}:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${id}"}]}]}:*`;
    on(role, `AwsSolutions-IAM5[Resource::${executions}]`, 'Erasing a record stops the executions that work on it, which are named after the record; the wildcard covers the executions of this one state machine only.');
  },
  /** A state machine's role, for one task function. */
  taskFunctionVersions: (role: IConstruct, fn: IConstruct) =>
    on(role, `AwsSolutions-IAM5[Resource::${arnOf(fn)}:*]`, 'A state machine may invoke any version or alias of a function bound to its tasks; the wildcard is the version qualifier only.'),
  /** The web app's distribution. */
  distribution: (distribution: IConstruct) => {
    on(distribution, 'AwsSolutions-CFR1', 'Geo restriction is left to each coalition: screeners and partners work across the Americas and beyond, and a wrong restriction would cut off a referral.');
    on(distribution, 'AwsSolutions-CFR2', 'The distribution serves only the static web app; the API has its own JWT authorizer and throttling. A coalition may attach its own WAF web ACL.');
    on(distribution, 'AwsSolutions-CFR3', 'CloudFront access logs of the static web app would record survivors’ and workers’ IP addresses while adding nothing the API access logs lack.');
    on(distribution, 'AwsSolutions-CFR4', 'The default CloudFront certificate fixes the viewer TLS policy; a coalition that adds its own domain and ACM certificate sets TLSv1.2_2021 there.');
  },
  /** The web app's bucket. */
  webBucket: (bucket: IConstruct) =>
    on(bucket, 'AwsSolutions-S1', 'Server access logs of the static web app bucket would hold visitors’ IP addresses and are not needed: CloudFront is its only reader.'),
  /** The dead-letter queue: it is the last stop, so it has no dead-letter queue of its own. */
  deadLetterQueue: (queue: IConstruct) =>
    on(queue, 'AwsSolutions-SQS3', 'This queue is the dead-letter queue of the EventBridge targets and asynchronous invocations; an alarm fires on its first message.'),
  /** CDK's BucketDeployment helper, which copies the built web app into its bucket. */
  webAppDeployment: (role: IConstruct, webBucket: IConstruct) => {
    const stack = Stack.of(role);
    // The role is its function's child.
    on(role.node.scope!, 'AwsSolutions-L1', 'CDK’s BucketDeployment helper runs on the runtime this CDK version chose for it; it runs only while deploying and handles no survivor data.');
    on(role, 'AwsSolutions-IAM5[Resource::*]', 'The deployment helper invalidates the web app’s CloudFront cache after copying; CDK grants the invalidation actions on * and only those.');
    on(role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'CDK’s BucketDeployment helper writes its own CloudWatch logs with the AWS managed basic execution role; it handles no survivor data.');
    for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*']) {
      on(role, `AwsSolutions-IAM5[Action::${action}]`, 'CDK’s BucketDeployment helper copies the built web app from the CDK asset bucket into the web app bucket; these action families are scoped to those two buckets.');
    }
    on(role, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${concrete(stack.account, '<AWS::AccountId>')}-${concrete(stack.region, '<AWS::Region>')}/*]`, 'The deployment helper reads the web app’s files from the CDK bootstrap asset bucket, and only that bucket.');
    on(role, `AwsSolutions-IAM5[Resource::${arnOf(webBucket)}/*]`, 'The deployment helper writes the web app’s files into the web app bucket, and only that bucket.');
  },
};

/** Checks the app against AWS Solutions at synthesis; the constructs acknowledge what they accept. */
export function checkSecureByDefault(app: App, checks = new AwsSolutionsChecks(app, { verbose: true })): void {
  Validations.of(app).addPlugins(checks);
}
