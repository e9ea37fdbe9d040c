// The AWS host, synthesised offline from the same description the local host runs.
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import aslValidator from 'asl-validator';
import { beforeAll, describe, expect, test } from 'vitest';
import { PuenteStack } from '../../infra/aws/puente-stack.ts';
import { checkSecureByDefault, suppressions } from '../../infra/aws/nag-suppressions.ts';
import { stateMachineName } from '../../system/description.ts';
import { system } from '../../system/system.ts';

const rootDir = resolve(import.meta.dirname, '../..');
let stack: PuenteStack;
let template: Template;
let validation: Error | undefined;

beforeAll(() => {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'puente-cdk-')) });
  stack = new PuenteStack(app, 'Puente-test', { system, stage: 'test', rootDir, env: { account: '123456789012', region: 'us-east-1' } });
  checkSecureByDefault(app, stack);
  try {
    app.synth();
  } catch (error) {
    validation = error as Error;
  }
  template = Template.fromStack(stack);
}, 240_000);

const resourcesOf = (type: string) => Object.entries(template.findResources(type)) as [string, any][];

describe('the table', () => {
  test('has the keys and indexes of the system description, and is protected', () => {
    const [[, table]] = resourcesOf('AWS::DynamoDB::GlobalTable');
    const { Properties: props } = table;
    expect(props.KeySchema).toEqual([
      { AttributeName: system.table.partitionKey, KeyType: 'HASH' },
      { AttributeName: system.table.sortKey, KeyType: 'RANGE' },
    ]);
    expect(props.GlobalSecondaryIndexes.map((index: any) => [index.IndexName, index.KeySchema.map((key: any) => key.AttributeName)])).toEqual(
      system.table.indexes.map((index) => [index.name, [index.partitionKey, index.sortKey]]),
    );
    expect(props.BillingMode).toBe('PAY_PER_REQUEST');
    expect(props.Replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(props.Replicas[0].DeletionProtectionEnabled).toBe(true);
    expect(props.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
    expect(table.DeletionPolicy).toBe('Retain');
  });
});

describe('the API', () => {
  test('has every route of the description, each behind the JWT authorizer unless public', () => {
    const routes = resourcesOf('AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);
    for (const route of system.routes) {
      const found = routes.find((candidate) => candidate.RouteKey === `${route.method} ${route.path}`);
      expect(found, `${route.method} ${route.path}`).toBeDefined();
      expect(found.AuthorizationType).toBe(route.roles === 'public' ? 'NONE' : 'JWT');
    }
    expect(routes).toHaveLength(system.routes.length);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT' });
  });

  test('the user pool has a group per role, an organisation attribute, MFA and a strong password policy', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', 8);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14, RequireSymbols: true }) },
      Schema: Match.arrayWith([Match.objectLike({ Name: 'org' })]),
    });
  });
});

describe('the functions', () => {
  test('one per handler, on Node 22 and ARM64, traced, logging JSON', () => {
    const handlers = new Set([
      ...system.routes.map((route) => route.handler),
      ...system.workflows.flatMap((workflow) => Object.values(workflow.tasks).map((task) => task.handler)),
      ...system.schedules.map((schedule) => schedule.handler),
      system.executionStatusHandler!.handler,
    ]);
    const functions = resourcesOf('AWS::Lambda::Function').filter(([id]) => id.startsWith('Fn'));
    expect(functions).toHaveLength(handlers.size);
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' }, LoggingConfig: { LogFormat: 'JSON' } });
    }
  });

  test('no policy grants a wildcard table action or a Scan', () => {
    const statements = resourcesOf('AWS::IAM::Policy').flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
    const actions = statements.flatMap((statement: any) => [statement.Action].flat());
    expect(actions.filter((action: string) => /^dynamodb:(\*|Scan)/.test(action) || action === '*')).toEqual([]);
  });

  test('each function may touch the table only as its grants say', () => {
    const policies = resourcesOf('AWS::IAM::Policy');
    const openApi = stack.functions.get('functions/api/openapi.ts')!;
    const roleId = stack.getLogicalId(openApi.role!.node.defaultChild as any);
    const mine = policies.filter(([, policy]) => JSON.stringify(policy.Properties.Roles).includes(roleId));
    const actions = mine.flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement.flatMap((statement: any) => [statement.Action].flat()));
    expect(actions.filter((action: string) => action.startsWith('dynamodb:'))).toEqual([]);
  });
});

describe('the workflows', () => {
  test('each state machine is its ASL file with Lambda ARNs substituted, referencing only functions in the stack', () => {
    const machines = resourcesOf('AWS::StepFunctions::StateMachine');
    const functionIds = new Set(resourcesOf('AWS::Lambda::Function').map(([id]) => id));
    for (const workflow of system.workflows) {
      const [, machine] = machines.find(([, candidate]) => candidate.Properties.StateMachineName === `${stateMachineName(workflow.name)}-test`)!;
      const file = readFileSync(resolve(rootDir, workflow.definition), 'utf8');
      expect(JSON.parse(machine.Properties.DefinitionString)).toEqual(JSON.parse(file));
      expect(Object.keys(machine.Properties.DefinitionSubstitutions).sort()).toEqual(Object.keys(workflow.tasks).sort());
      for (const value of Object.values(machine.Properties.DefinitionSubstitutions) as any[]) {
        expect(functionIds.has(value['Fn::GetAtt'][0])).toBe(true);
      }
      expect(machine.Properties.StateMachineType).toBe('STANDARD');
      expect(machine.Properties.LoggingConfiguration.IncludeExecutionData).toBe(false);
      expect(machine.Properties.TracingConfiguration.Enabled).toBe(true);
      // After substitution (ARNs in place of placeholders), the definition is valid ASL.
      const substituted = file.replace(/\$\{(\w+)\}/g, (_, name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`);
      const { isValid, errorsText } = aslValidator(JSON.parse(substituted), { checkArn: true, checkPaths: true });
      expect(errorsText('\n')).toBe('');
      expect(isValid).toBe(true);
    }
  });

  test('terminal execution statuses reach the status handler, and schedules run the sweep', () => {
    template.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ source: ['aws.states'], 'detail-type': ['Step Functions Execution Status Change'] }) });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
  });
});

describe('secure by default', () => {
  test('cdk-nag AwsSolutions: synthesis passes with no unacknowledged finding, and every acknowledgement gives its reason', () => {
    expect(validation?.message).toBeUndefined();
    for (const suppression of suppressions) expect(suppression.reason.length, suppression.id).toBeGreaterThan(40);
  });

  test('the web app is private behind CloudFront, HTTPS only, with security headers', () => {
    template.hasResourceProperties('AWS::S3::Bucket', { PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true } });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'https-only', ResponseHeadersPolicyId: Match.anyValue() }) }),
    });
  });

  test('the web app signs in through Cognito (code flow with PKCE) and learns the API and sign-in addresses from config.json', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: Match.anyValue() });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: Match.arrayWith(['openid']),
      CallbackURLs: [Match.objectLike({ 'Fn::Join': Match.anyValue() })],
      GenerateSecret: Match.absent(),
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.objectLike({ AllowOrigins: [Match.objectLike({ 'Fn::Join': Match.anyValue() })] }) });
    const deployment = resourcesOf('Custom::CDKBucketDeployment')[0][1];
    expect(deployment.Properties.SourceMarkers ?? deployment.Properties.SourceObjectKeys).toHaveLength(2);
  });

  test('alarms watch failed executions, function errors and throttles, and API 5xx', () => {
    const alarms = resourcesOf('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties.MetricName);
    expect(alarms).toEqual(expect.arrayContaining(['ExecutionsFailed', 'Errors', 'Throttles', '5xx']));
  });
});
