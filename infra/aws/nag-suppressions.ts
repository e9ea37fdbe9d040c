// cdk-nag AwsSolutions findings Puente accepts, each with its reason. Anything not listed here
// fails synthesis (`npm run synth`, `cdk deploy`) and the CDK test.
import { Token, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { PuenteStack } from './puente-stack.ts';

export const suppressions: { id: string; reason: string }[] = [
  {
    id: 'AwsSolutions-L1',
    reason: 'Puente pins the Node.js 22 Lambda runtime (the platform chosen and tested locally on Node 22); moving to a newer runtime is a deliberate, tested upgrade.',
  },
  {
    id: 'AwsSolutions-APIG4',
    reason: 'Only GET /openapi.json is public: the API description holds no data. Every other route has the Cognito JWT authorizer, and handlers check role and organisation again.',
  },
  {
    id: 'AwsSolutions-CFR1',
    reason: 'Geo restriction is left to each coalition: screeners and partners work across the Americas and beyond, and a wrong restriction would cut off a referral.',
  },
  {
    id: 'AwsSolutions-CFR2',
    reason: 'The distribution serves only the static web app; the API has its own JWT authorizer and throttling. A coalition may attach its own WAF web ACL.',
  },
  {
    id: 'AwsSolutions-CFR3',
    reason: 'CloudFront access logs of the static web app would record survivors’ and workers’ IP addresses while adding nothing the API access logs lack.',
  },
  {
    id: 'AwsSolutions-CFR4',
    reason: 'The default CloudFront certificate fixes the viewer TLS policy; a coalition that adds its own domain and ACM certificate sets TLSv1.2_2021 there.',
  },
  {
    id: 'AwsSolutions-CFR7',
    reason: 'The S3 origin uses origin access control (OAC), which supersedes the origin access identity this rule looks for.',
  },
  {
    id: 'AwsSolutions-S1',
    reason: 'Server access logs of the static web app bucket would hold visitors’ IP addresses and are not needed: CloudFront is its only reader.',
  },
  {
    id: 'AwsSolutions-SF1',
    reason: 'Execution logs are at level ALL but without execution data: the data holds survivors’ answers, so only events are logged; every step is recorded in the table.',
  },
];

const concrete = (value: string, token: string) => (Token.isUnresolved(value) ? token : value);

/** Findings that name one resource or action: acknowledged one by one, never a whole rule. */
export function granularSuppressions(stack: PuenteStack): { id: string; reason: string }[] {
  const table = stack.getLogicalId(stack.table.node.defaultChild as any);
  return [
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'Each function uses the AWS managed basic execution role only to write its own CloudWatch logs; table and workflow access is granted per function.',
    },
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray trace segments and Step Functions log delivery have no resource-level permissions; these statements grant only those actions.',
    },
    {
      id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
      reason: 'CDK grants the KMS data-key action family on the one customer-managed key of the stack, never on other keys.',
    },
    {
      id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      reason: 'CDK grants the KMS data-key action family on the one customer-managed key of the stack, never on other keys.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::<${table}.Arn>/index/*]`,
      reason: 'Functions query the table’s own indexes (board, inbox, due, recent); the wildcard covers only this table’s indexes.',
    },
    ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason: 'CDK’s BucketDeployment helper copies the built web app from the CDK asset bucket into the web app bucket; these action families are scoped to those two buckets.',
    })),
    {
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${concrete(stack.account, '<AWS::AccountId>')}-${concrete(stack.region, '<AWS::Region>')}/*]`,
      reason: 'The deployment helper reads the web app’s files from the CDK bootstrap asset bucket, and only that bucket.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(stack.webBucket.node.defaultChild as any)}.Arn>/*]`,
      reason: 'The deployment helper writes the web app’s files into the web app bucket, and only that bucket.',
    },
    ...[...stack.functions.values()].map((fn) => ({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(fn.node.defaultChild as any)}.Arn>:*]`,
      reason: 'A state machine may invoke any version or alias of the one function bound to its task; the wildcard is the version qualifier only.',
    })),
  ];
}

/** Checks the app against AWS Solutions at synthesis and acknowledges the accepted findings on `stack`. */
export function checkSecureByDefault(app: App, stack: PuenteStack): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  for (const suppression of [...suppressions, ...granularSuppressions(stack)]) Validations.of(stack).acknowledge(suppression);
}
