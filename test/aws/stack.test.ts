// The AWS host, synthesised offline (cdk-nag included) from the same description the local host
// runs. Each test reads the synthesised template, not the constructs' intentions.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App, Validations, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import aslValidator from 'asl-validator';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, test } from 'vitest';
import { routeThrottles, stageThrottle } from '../../infra/aws/api.ts';
import { masterKeyActions, signingKeyActions, tableActions } from '../../infra/aws/data.ts';
import { answerTaskActions } from '../../infra/aws/handlers.ts';
import { checkSecureByDefault } from '../../infra/aws/nag-suppressions.ts';
import { PuenteStack } from '../../infra/aws/puente-stack.ts';
import { terminalStatuses } from '../../infra/aws/workflows.ts';
import { queueUrlEnv, roles, stateMachineName, workflowArnEnv, type Grants } from '../../system/description.ts';
import { system } from '../../system/system.ts';
import { webAppHeaders } from '../../web/build.ts';

const rootDir = resolve(import.meta.dirname, '../..');
const outdir = mkdtempSync(join(tmpdir(), 'puente-cdk-'));
let stack: PuenteStack;
let template: Template;
let validation: Error | undefined;
/** `<construct path> <rule id>` of each acknowledgement cdk-nag needed to pass a finding. */
const usedAcknowledgements = new Set<string>();

beforeAll(() => {
  const app = new App({ outdir });
  stack = new PuenteStack(app, 'Puente-test', { system, stage: 'test', rootDir, env: { account: '123456789012', region: 'us-east-1' } });
  const checks = new AwsSolutionsChecks(app, { verbose: true });
  const isAcknowledged = (checks as any).isAcknowledged.bind(checks);
  (checks as any).isAcknowledged = (resource: IConstruct, ruleId: string) => {
    // cdk-nag takes the acknowledgement nearest the resource: one further up is not needed.
    for (let node: IConstruct | undefined = resource; node; node = node.node.scope) {
      if (!acknowledgementsOn(node).some(([id]) => id === ruleId)) continue;
      usedAcknowledgements.add(`${node.node.path} ${ruleId}`);
      break;
    }
    return isAcknowledged(resource, ruleId);
  };
  checkSecureByDefault(app, checks);
  try {
    app.synth();
  } catch (error) {
    validation = error as Error;
  }
  // The template as written, even when cdk-nag failed the synthesis (only its own test fails then).
  template = Template.fromJSON(JSON.parse(readFileSync(join(outdir, `${stack.artifactId}.template.json`), 'utf8')));
}, 240_000);

const resourcesOf = (type: string) => Object.entries(template.findResources(type)) as [string, any][];
const idOf = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const ref = (construct: IConstruct) => ({ Ref: idOf(construct) });
/** A role's statements: its policy resources' and its own inline policies' (or a policy resource's, given its id). */
function statementsOf(id: string): any[] {
  const resource = template.toJSON().Resources[id];
  if (resource.Type === 'AWS::IAM::Policy') return resource.Properties.PolicyDocument.Statement;
  const attached = resourcesOf('AWS::IAM::Policy').filter(([, policy]) => policy.Properties.Roles.some((candidate: any) => candidate.Ref === id));
  return [...attached.map(([, policy]) => policy.Properties.PolicyDocument), ...(resource.Properties.Policies ?? []).map((policy: any) => policy.PolicyDocument)].flatMap((document) => document.Statement);
}
const arn = (construct: IConstruct) => ({ 'Fn::GetAtt': [idOf(construct), 'Arn'] });
const pseudo: Record<string, string> = { 'AWS::URLSuffix': 'amazonaws.com', 'AWS::Partition': 'aws', 'AWS::Region': 'us-east-1' };
/** A template value as text: references become `<LogicalId>` or `<LogicalId.Attribute>`. */
function text(value: any): string {
  if (typeof value === 'string') return value;
  if (value?.['Fn::Join']) return value['Fn::Join'][1].map(text).join(value['Fn::Join'][0]);
  if (value?.Ref) return pseudo[value.Ref] ?? `<${value.Ref}>`;
  if (value?.['Fn::GetAtt']) return `<${value['Fn::GetAtt'].join('.')}>`;
  throw new Error(`cannot read ${JSON.stringify(value)}`);
}
function acknowledgementsOn(node: IConstruct): [string, string][] {
  return node.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.entries(entry.data as Record<string, string>).map(([id, reason]): [string, string] => [id.replace(/^annotation::/i, ''), reason]));
}

/** What the description grants each handler, over all its bindings (a handler may serve several). */
type Declared = { table: Set<string>; start: Set<string>; stop: Set<string>; answerTasks: boolean; personal: boolean; async: boolean; send: Set<string>; consume: Set<string>; bulletinKey?: 'sign' | 'publish' };
function declaredGrants(): Map<string, Declared> {
  const bindings: [string, Grants, boolean][] = [
    ...system.routes.map((route): [string, Grants, boolean] => [route.handler, route.grants, false]),
    ...(system.queues ?? []).map((queue): [string, Grants, boolean] => [queue.handler, queue.grants, false]),
    ...system.workflows.flatMap((workflow) => Object.values(workflow.tasks).map((task): [string, Grants, boolean] => [task.handler, task.grants, false])),
    ...system.schedules.map((schedule): [string, Grants, boolean] => [schedule.handler, schedule.grants, true]),
    [system.executionStatusHandler!.handler, system.executionStatusHandler!.grants, true],
  ];
  const byHandler = new Map<string, Declared>();
  for (const [handler, grants, async] of bindings) {
    const entry = byHandler.get(handler) ?? { table: new Set(), start: new Set(), stop: new Set(), answerTasks: false, personal: false, async: false, send: new Set(), consume: new Set() };
    for (const queue of grants.sendToQueues ?? []) entry.send.add(queue);
    for (const queue of system.queues ?? []) if (queue.handler === handler) entry.consume.add(queue.name);
    for (const access of grants.table ?? []) entry.table.add(access);
    for (const workflow of grants.startWorkflows ?? []) entry.start.add(workflow);
    for (const workflow of grants.stopWorkflows ?? []) entry.stop.add(workflow);
    entry.answerTasks ||= grants.answerTasks === true;
    entry.personal ||= grants.personalData === true;
    entry.async ||= async;
    entry.bulletinKey ??= grants.bulletinKey;
    byHandler.set(handler, entry);
  }
  return byHandler;
}

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
    expect(props.Replicas[0].SSESpecification).toEqual({ KMSMasterKeyId: arn(stack.data.key) });
    expect(table.DeletionPolicy).toBe('Retain');
  });

  test('each index copies only what its queries read: no answers, ages or decisions, and task tokens only in the sweep’s index', () => {
    const [[, table]] = resourcesOf('AWS::DynamoDB::GlobalTable');
    const projected = new Map<string, string[]>(
      table.Properties.GlobalSecondaryIndexes.map((index: any) => {
        expect(index.Projection.ProjectionType, index.IndexName).toBe('INCLUDE');
        return [index.IndexName, index.Projection.NonKeyAttributes];
      }),
    );
    for (const [name, attributes] of projected) expect(attributes, name).toEqual(system.table.indexes.find((index) => index.name === name)!.projection);
    const everywhere = [...projected.values()].flat();
    for (const kept of ['answers', 'age', 'decision', 'decidedBy', 'submittedBy', 'indicators', 'sealed', 'wrappedKey']) expect(everywhere).not.toContain(kept);
    expect([...projected].filter(([, attributes]) => attributes.includes('token')).map(([name]) => name)).toEqual(['due']);
  });
});

describe('identity', () => {
  const client = () => resourcesOf('AWS::Cognito::UserPoolClient')[0][1].Properties;

  test('the user pool has a group per role, each with its own precedence, an organisation attribute, MFA and a strong password policy', () => {
    const groups = resourcesOf('AWS::Cognito::UserPoolGroup').map(([, group]) => group.Properties);
    expect(groups.map((group) => group.GroupName).sort()).toEqual([...roles].sort());
    const precedences = groups.map((group) => group.Precedence);
    expect(precedences.every((precedence) => Number.isInteger(precedence) && precedence >= 0)).toBe(true);
    expect(new Set(precedences).size).toBe(roles.length);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14, RequireSymbols: true }) },
      Schema: Match.arrayWith([Match.objectLike({ Name: 'org', Mutable: true })]),
    });
  });

  test('users cannot write their organisation: the web client lists what it may write, without custom:org, and has no sign-in API flow (no SRP, no password)', () => {
    const { WriteAttributes, ReadAttributes, ExplicitAuthFlows } = client();
    // An absent or empty list would let the client write every attribute.
    expect(WriteAttributes?.length).toBeGreaterThan(0);
    expect(WriteAttributes.filter((attribute: string) => attribute.startsWith('custom:'))).toEqual([]);
    expect(ReadAttributes).toContain('custom:org');
    expect(ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    resourcesOf('AWS::Cognito::UserPoolClient').forEach(([, other]) => expect(other.Properties.WriteAttributes ?? [], 'every client').not.toContain('custom:org'));
  });

  test('ID and access tokens last one hour', () => {
    expect(client()).toMatchObject({ IdTokenValidity: 60, AccessTokenValidity: 60, TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes' } });
  });

  test('the web app signs in with the hosted code flow as a public client (PKCE, no secret), and its config.json names this API, this sign-in and this client', () => {
    const props = client();
    expect(props.AllowedOAuthFlows).toEqual(['code']);
    expect(props.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(props.GenerateSecret).not.toBe(true);
    const webApp = `https://<${idOf(stack.web.distribution)}.DomainName>/`;
    expect(props.CallbackURLs.map(text)).toEqual([webApp]);
    expect(props.LogoutURLs.map(text)).toEqual([webApp]);

    const [[, deployment]] = resourcesOf('Custom::CDKBucketDeployment');
    const configIndex = deployment.Properties.SourceMarkers.findIndex((markers: object) => Object.keys(markers).length > 0);
    const asset = join(outdir, `asset.${deployment.Properties.SourceObjectKeys[configIndex].replace(/\.zip$/, '')}`, 'config.json');
    let config = readFileSync(asset, 'utf8');
    for (const [marker, value] of Object.entries(deployment.Properties.SourceMarkers[configIndex])) config = config.replaceAll(marker, text(value));
    const apiId = idOf(stack.api.httpApi);
    expect(JSON.parse(config)).toEqual({
      apiUrl: `<${apiId}.ApiEndpoint>`,
      signIn: { url: `https://<${idOf(stack.identity.signIn)}>.auth.us-east-1.amazoncognito.com`, clientId: `<${Object.keys(template.findResources('AWS::Cognito::UserPoolClient'))[0]}>` },
    });
    expect(text(template.findOutputs('ApiUrl').ApiUrl.Value)).toBe(JSON.parse(config).apiUrl);
  });
});

describe('the API', () => {
  test('has every route of the description, each behind the JWT authorizer for the web client unless public', () => {
    const routes = resourcesOf('AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);
    for (const route of system.routes) {
      const found = routes.find((candidate) => candidate.RouteKey === `${route.method} ${route.path}`);
      expect(found, `${route.method} ${route.path}`).toBeDefined();
      expect(found.AuthorizationType).toBe(route.roles === 'public' ? 'NONE' : 'JWT');
    }
    expect(routes).toHaveLength(system.routes.length);
    const [[, authorizer]] = resourcesOf('AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    expect(authorizer.Properties.JwtConfiguration.Audience).toEqual([{ Ref: Object.keys(template.findResources('AWS::Cognito::UserPoolClient'))[0] }]);
    expect(text(authorizer.Properties.JwtConfiguration.Issuer)).toBe(`https://cognito-idp.us-east-1.amazonaws.com/<${idOf(stack.identity.userPool)}>`);
  });

  test('the stage throttles every route, and tighter the public route and the routes that create records', () => {
    const [[, stage]] = resourcesOf('AWS::ApiGatewayV2::Stage');
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: stageThrottle.rateLimit, ThrottlingBurstLimit: stageThrottle.burstLimit });
    const settings: Record<string, any> = stage.Properties.RouteSettings;
    for (const key of ['GET /openapi.json', 'POST /screenings', 'POST /tips']) {
      expect(settings[key].ThrottlingRateLimit, key).toBeLessThan(stageThrottle.rateLimit);
      expect(settings[key].ThrottlingBurstLimit, key).toBeLessThan(stageThrottle.burstLimit);
    }
    const routes = resourcesOf('AWS::ApiGatewayV2::Route');
    for (const key of Object.keys(settings)) {
      expect(Object.keys(settings[key]).sort(), key).toEqual(['ThrottlingBurstLimit', 'ThrottlingRateLimit']);
      // The stage can name a route only once it exists.
      const [routeId] = routes.find(([, route]) => route.Properties.RouteKey === key)!;
      expect(stage.DependsOn, key).toContain(routeId);
    }
    expect(Object.keys(settings).sort()).toEqual(Object.keys(routeThrottles).sort());
  });
});

describe('the functions', () => {
  const policyOf = (handler: string) => statementsOf(idOf(stack.handlers.functions.get(handler)!.role!));

  test('one per handler, on Node 22 and ARM64, traced, logging JSON', () => {
    const functions = resourcesOf('AWS::Lambda::Function').filter(([id]) => id.startsWith('Functions'));
    expect(functions).toHaveLength(declaredGrants().size);
    expect(stack.handlers.functions.size).toBe(declaredGrants().size);
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' }, LoggingConfig: { LogFormat: 'JSON' } });
    }
  });

  test('no policy grants a wildcard table action or a Scan', () => {
    const statements = [...resourcesOf('AWS::IAM::Policy'), ...resourcesOf('AWS::IAM::Role')].flatMap(([id]) => statementsOf(id));
    const actions = statements.flatMap((statement: any) => [statement.Action].flat());
    expect(actions.filter((action: string) => /^dynamodb:(\*|Scan)/.test(action) || action === '*')).toEqual([]);
  });

  test('each function may do exactly what its grants in the system description say, and learns the names of what it may use', () => {
    const table = stack.data.table;
    const machines = stack.workflows.machines;
    for (const [handler, declared] of declaredGrants()) {
      const fn = stack.handlers.functions.get(handler)!;
      const statements = policyOf(handler);
      // A handler bound twice (GET read, POST read-write) has overlapping statements: each resource counts once.
      const resourcesFor = (action: string) => [
        ...new Set(statements.filter((statement) => [statement.Action].flat().includes(action)).flatMap((statement) => [statement.Resource].flat().map((resource) => JSON.stringify(resource)))),
      ].map((resource) => JSON.parse(resource));
      const actions = new Set(statements.flatMap((statement) => [statement.Action].flat()));

      const tableGrants = [...declared.table] as ('read' | 'write')[];
      const writes = declared.table.has('write');
      const expected = new Set([
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
        ...tableGrants.flatMap((grant) => tableActions[grant]),
        ...(writes || declared.async ? ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'] : declared.table.size ? ['kms:Decrypt'] : []),
        ...(declared.personal ? masterKeyActions : []),
        ...(declared.bulletinKey ? signingKeyActions[declared.bulletinKey] : []),
        ...(declared.start.size ? ['states:StartExecution'] : []),
        ...(declared.stop.size ? ['states:StopExecution'] : []),
        ...(declared.answerTasks ? ['states:SendTaskSuccess', 'states:SendTaskFailure'] : []),
        ...(declared.async || declared.send.size ? ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'] : []),
        ...(declared.consume.size ? ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'] : []),
      ]);
      expect([...actions].sort(), handler).toEqual([...expected].sort());

      expect(resourcesFor('logs:PutLogEvents'), handler).toEqual([arn(fn.logGroup)]);
      for (const action of tableGrants.flatMap((grant) => tableActions[grant])) {
        expect(resourcesFor(action), `${handler} ${action}`).toEqual([arn(table), { 'Fn::Join': ['', [arn(table), '/index/*']] }]);
      }
      for (const action of [...actions].filter((name) => name.startsWith('kms:'))) {
        const signing = (signingKeyActions.sign as readonly string[]).includes(action);
        const keys = signing
          ? [stack.data.signingKey]
          : [...(declared.table.size && !masterKeyActions.includes(action) ? [stack.data.key] : []), ...(declared.table.size && action === 'kms:Decrypt' ? [stack.data.key] : []), ...(declared.personal && masterKeyActions.includes(action) ? [stack.data.masterKey] : [])];
        expect(resourcesFor(action), `${handler} ${action}`).toEqual([...new Set(keys)].map(arn));
      }
      expect(resourcesFor('states:StartExecution'), handler).toEqual([...declared.start].map((name) => ref(machines.get(name)!)));
      if (declared.answerTasks) expect(resourcesFor('states:SendTaskSuccess'), handler).toEqual([...machines.values()].map(ref));

      const [, resource] = resourcesOf('AWS::Lambda::Function').find(([id]) => id === idOf(fn))!;
      const environment = resource.Properties.Environment.Variables;
      expect(environment[system.table.nameEnv], handler).toEqual(declared.table.size ? ref(table) : undefined);
      expect(environment.PUENTE_MASTER_KEY_ARN, handler).toEqual(declared.personal ? arn(stack.data.masterKey) : undefined);
      expect(environment.PUENTE_SIGNING_KEY_ARN, handler).toEqual(declared.bulletinKey ? arn(stack.data.signingKey) : undefined);
      for (const name of machines.keys()) expect(environment[workflowArnEnv(name)], `${handler} ${name}`).toEqual(declared.start.has(name) ? ref(machines.get(name)!) : undefined);
      const sendsTo = [...(declared.async ? [stack.monitoring.deadLetters] : []), ...[...declared.send].map((name) => stack.queues.queues.get(name)!)];
      expect(resourcesFor('sqs:SendMessage'), handler).toEqual(sendsTo.map(arn));
      expect(resourcesFor('sqs:ReceiveMessage'), handler).toEqual([...declared.consume].map((name) => arn(stack.queues.queues.get(name)!)));
      for (const name of declared.send) expect(environment[queueUrlEnv(name)], `${handler} ${name}`).toEqual(ref(stack.queues.queues.get(name)!));
    }
  });

  test('the actions granted are the ones the handlers’ AWS calls need, no more and no fewer', () => {
    const source = readdirSync(join(rootDir, 'functions'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => readFileSync(join(rootDir, 'functions', file), 'utf8'))
      .join('\n');
    const command: Record<string, string[]> = {
      Get: ['dynamodb:GetItem'],
      BatchGet: ['dynamodb:BatchGetItem'],
      Query: ['dynamodb:Query'],
      Scan: ['dynamodb:Scan'],
      Put: ['dynamodb:PutItem'],
      Update: ['dynamodb:UpdateItem'],
      Delete: ['dynamodb:DeleteItem'],
      BatchWrite: ['dynamodb:BatchWriteItem'],
      TransactGet: ['dynamodb:GetItem'],
      // A transaction needs the action of each of its items (below).
      TransactWrite: [],
      StartExecution: ['states:StartExecution'],
      SendTaskSuccess: ['states:SendTaskSuccess'],
      SendTaskFailure: ['states:SendTaskFailure'],
      SendTaskHeartbeat: ['states:SendTaskHeartbeat'],
      StopExecution: ['states:StopExecution'],
      SendMessage: ['sqs:SendMessage'],
      GenerateDataKey: ['kms:GenerateDataKey'],
      Decrypt: ['kms:Decrypt'],
      Sign: ['kms:Sign'],
      GetPublicKey: ['kms:GetPublicKey'],
      // Only the re-wrap of key items when a machine's data moves to AWS encrypts under KMS: an operator's step, not a function's.
      Encrypt: [],
    };
    const transactionItem: Record<string, string> = { Put: 'dynamodb:PutItem', Update: 'dynamodb:UpdateItem', Delete: 'dynamodb:DeleteItem', ConditionCheck: 'dynamodb:ConditionCheckItem' };
    const needed = new Set([
      ...[...source.matchAll(/new (?:\w+\.)?(\w+)Command\(/g)].flatMap(([, name]) => {
        expect(command[name], `${name}Command: which action does it need?`).toBeDefined();
        return command[name];
      }),
      ...[...source.matchAll(/\b(Put|Update|Delete|ConditionCheck): \{/g)].map(([, item]) => transactionItem[item]),
    ]);
    const granted = new Set([...Object.values(tableActions).flat(), ...answerTaskActions, 'states:StartExecution', 'states:StopExecution', ...masterKeyActions, 'sqs:SendMessage', ...signingKeyActions.sign]);
    expect([...granted].sort()).toEqual([...needed].sort());
  });

  test('the master key that wraps each record’s data key goes only to the functions that seal or open a person’s data', () => {
    const holders = [...declaredGrants()].filter(([handler]) => policyOf(handler).some((statement) => [statement.Resource].flat().some((resource: unknown) => JSON.stringify(resource) === JSON.stringify(arn(stack.data.masterKey)))));
    expect(holders.map(([handler]) => handler).sort()).toEqual([...declaredGrants()].filter(([, declared]) => declared.personal).map(([handler]) => handler).sort());
    expect(holders.map(([handler]) => handler)).toEqual(expect.arrayContaining(['functions/api/intake.ts', 'functions/api/read-record.ts', 'functions/api/list-tasks.ts', 'functions/tasks/assess-risk.ts']));
    for (const handler of ['functions/api/metrics.ts', 'functions/api/erase-record.ts', 'functions/tasks/open-task.ts', 'functions/tasks/overdue-sweep.ts', 'functions/tasks/retention-sweep.ts']) {
      expect(holders.map(([name]) => name), handler).not.toContain(handler);
    }
  });

  test('a function that reads no data gets no key and no table (the JWKS route only reads the signing key’s public half)', () => {
    const dataless = [...declaredGrants()].filter(([, declared]) => !declared.table.size);
    expect(dataless.length).toBeGreaterThan(0);
    for (const [handler, declared] of dataless) {
      const actions = policyOf(handler).flatMap((statement) => [statement.Action].flat());
      expect(actions.filter((action: string) => /^(kms|dynamodb):/.test(action)), handler).toEqual(declared.bulletinKey === 'publish' ? ['kms:GetPublicKey'] : []);
    }
  });

  test('the bulletin signing key is an asymmetric P-256 key for signing; only the bulletin route may sign with it', () => {
    const [, key] = resourcesOf('AWS::KMS::Key').find(([id]) => id === idOf(stack.data.signingKey))!;
    expect(key.Properties).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const signers = [...declaredGrants()].filter(([handler]) => policyOf(handler).some((statement) => [statement.Action].flat().includes('kms:Sign')));
    expect(signers.map(([handler]) => handler)).toEqual(['functions/api/bulletin.ts']);
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
      expect(machine.Properties.TracingConfiguration.Enabled).toBe(true);
      // After substitution (ARNs in place of placeholders), the definition is valid ASL.
      const substituted = file.replace(/\$\{(\w+)\}/g, (_, name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`);
      const { isValid, errorsText } = aslValidator(JSON.parse(substituted), { checkArn: true, checkPaths: true });
      expect(errorsText('\n')).toBe('');
      expect(isValid).toBe(true);
    }
  });

  test('each state machine keeps its definition and history under the customer-managed key, which its role may use for its own executions only, and logs no execution data', () => {
    for (const [name, machine] of stack.workflows.machines) {
      const [, resource] = resourcesOf('AWS::StepFunctions::StateMachine').find(([id]) => id === idOf(machine))!;
      expect(resource.Properties.EncryptionConfiguration, name).toEqual({ Type: 'CUSTOMER_MANAGED_KMS_KEY', KmsKeyId: arn(stack.data.key), KmsDataKeyReusePeriodSeconds: 300 });
      expect(resource.Properties.LoggingConfiguration.IncludeExecutionData, name).toBe(false);
      const role = idOf(machine.role);
      const statements = statementsOf(role);
      const keyUse = statements.find((statement) => [statement.Action].flat().includes('kms:Decrypt'));
      expect(keyUse.Resource, name).toEqual(arn(stack.data.key));
      expect(text(keyUse.Condition.StringEquals['kms:EncryptionContext:aws:states:stateMachineArn']), name).toBe(`arn:aws:states:us-east-1:123456789012:stateMachine:${stateMachineName(name)}-test`);
    }
  });

  test('only terminal execution statuses reach the status handler (Step Functions reports RUNNING too)', () => {
    const rules = resourcesOf('AWS::Events::Rule').filter(([, rule]) => rule.Properties.EventPattern?.source?.includes('aws.states'));
    expect(rules).toHaveLength(1);
    const [[, rule]] = rules;
    expect(rule.Properties.EventPattern['detail-type']).toEqual(['Step Functions Execution Status Change']);
    expect(rule.Properties.EventPattern.detail.status).toEqual(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);
    expect(terminalStatuses).not.toContain('RUNNING');
    expect(rule.Properties.EventPattern.detail.stateMachineArn).toEqual([...stack.workflows.machines.values()].map(ref));
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
  });

  test('every EventBridge target retries for a bounded time, then goes to the dead-letter queue, and so do the asynchronous invocations of the functions it targets', () => {
    const deadLetters = arn(stack.monitoring.deadLetters);
    const rules = resourcesOf('AWS::Events::Rule');
    expect(rules.length).toBe(system.schedules.length + 1);
    const invokeConfigs = resourcesOf('AWS::Lambda::EventInvokeConfig').map(([, config]) => config.Properties);
    for (const [id, rule] of rules) {
      for (const target of rule.Properties.Targets) {
        expect(target.DeadLetterConfig, id).toEqual({ Arn: deadLetters });
        expect(target.RetryPolicy.MaximumRetryAttempts, id).toBeGreaterThan(0);
        expect(target.RetryPolicy.MaximumEventAgeInSeconds, id).toBeGreaterThan(0);
        const config = invokeConfigs.find((candidate) => candidate.FunctionName.Ref === target.Arn['Fn::GetAtt'][0]);
        expect(config?.DestinationConfig, `${id}: its function's asynchronous failures`).toEqual({ OnFailure: { Destination: deadLetters } });
        expect(config.MaximumRetryAttempts, id).toBeGreaterThan(0);
        expect(config.MaximumEventAgeInSeconds, id).toBeGreaterThan(0);
      }
    }
  });

  test('the dead-letter queue is encrypted with the customer-managed key, refuses plain HTTP, and EventBridge may use the key', () => {
    const [[queueId, queue]] = resourcesOf('AWS::SQS::Queue');
    expect(queue.Properties.KmsMasterKeyId).toEqual(arn(stack.data.key));
    const statements = resourcesOf('AWS::SQS::QueuePolicy')
      .filter(([, policy]) => policy.Properties.Queues.some((candidate: any) => candidate.Ref === queueId))
      .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const [[, key]] = resourcesOf('AWS::KMS::Key');
    const forEvents = key.Properties.KeyPolicy.Statement.find((statement: any) => statement.Principal?.Service === 'events.amazonaws.com');
    expect(forEvents.Action).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(text(forEvents.Condition.ArnLike['aws:SourceArn'])).toBe('arn:aws:events:us-east-1:123456789012:rule/*');
  });
});

describe('queues', () => {
  test('each queue of the description is encrypted with the customer-managed key, refuses plain HTTP, feeds its handler one message at a time and ends in its own encrypted dead-letter queue', () => {
    expect(system.queues?.length).toBeGreaterThan(0);
    for (const description of system.queues ?? []) {
      const queue = stack.queues.queues.get(description.name)!;
      const deadLetters = stack.queues.node.findChild(`${description.name}-DeadLetters`) as IConstruct;
      const [, properties] = resourcesOf('AWS::SQS::Queue').find(([id]) => id === idOf(queue))!;
      expect(properties.Properties).toMatchObject({ KmsMasterKeyId: arn(stack.data.key), VisibilityTimeout: description.visibilitySeconds, RedrivePolicy: { deadLetterTargetArn: arn(deadLetters), maxReceiveCount: description.maxReceives } });
      const [, dead] = resourcesOf('AWS::SQS::Queue').find(([id]) => id === idOf(deadLetters))!;
      expect(dead.Properties.KmsMasterKeyId).toEqual(arn(stack.data.key));
      for (const id of [idOf(queue), idOf(deadLetters)]) {
        const statements = resourcesOf('AWS::SQS::QueuePolicy').filter(([, policy]) => policy.Properties.Queues.some((candidate: any) => candidate.Ref === id)).flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
        expect(statements, id).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
      }
      const mappings = resourcesOf('AWS::Lambda::EventSourceMapping').filter(([, mapping]) => JSON.stringify(mapping.Properties.EventSourceArn) === JSON.stringify(arn(queue)));
      expect(mappings.map(([, mapping]) => [mapping.Properties.FunctionName, mapping.Properties.BatchSize])).toEqual([[ref(stack.handlers.functions.get(description.handler)!), 1]]);
    }
  });
});

describe('monitoring', () => {
  const alarms = () => resourcesOf('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
  const dimension = (alarm: any, name: string) => alarm.Dimensions?.find((candidate: any) => candidate.Name === name)?.Value;

  test('every alarm goes to the alarm topic, which is encrypted with the customer-managed key', () => {
    const [[topicId, topic]] = resourcesOf('AWS::SNS::Topic');
    expect(topic.Properties.KmsMasterKeyId).toEqual(arn(stack.data.key));
    for (const alarm of alarms()) expect(alarm.AlarmActions, alarm.AlarmDescription).toEqual([{ Ref: topicId }]);
    expect(template.findOutputs('AlarmTopicArn').AlarmTopicArn.Value).toEqual({ Ref: topicId });
  });

  test('alarms watch the dead-letter queue, each workflow’s failed, timed-out and aborted executions, and the table’s throttles', () => {
    const deadLetters = alarms().filter((alarm) => alarm.MetricName === 'ApproximateNumberOfMessagesVisible');
    // The EventBridge and asynchronous invocations' dead letters, and each queue's.
    const queueDeadLetters = (system.queues ?? []).map((queue) => stack.queues.node.findChild(`${queue.name}-DeadLetters`));
    expect(deadLetters.map((alarm) => dimension(alarm, 'QueueName'))).toEqual([stack.monitoring.deadLetters, ...queueDeadLetters].map((queue) => ({ 'Fn::GetAtt': [idOf(queue), 'QueueName'] })));
    for (const alarm of deadLetters) expect(alarm.Threshold).toBe(1);
    const watched = (alarm: any) => (alarm.Metrics ?? []).filter((query: any) => query.MetricStat).map((query: any) => query.MetricStat.Metric);
    for (const [name, machine] of stack.workflows.machines) {
      const watching = alarms().filter((alarm) => watched(alarm).some((metric: any) => metric.Namespace === 'AWS/States' && JSON.stringify(dimension(metric, 'StateMachineArn')) === JSON.stringify(ref(machine))));
      expect(watching, name).toHaveLength(1);
      expect(watched(watching[0]).map((metric: any) => metric.MetricName).sort(), name).toEqual(['ExecutionsAborted', 'ExecutionsFailed', 'ExecutionsTimedOut']);
    }
    const throttled = alarms().filter((alarm) => alarm.Metrics?.some((query: any) => query.MetricStat?.Metric.Namespace === 'AWS/DynamoDB'));
    for (const index of [undefined, ...system.table.indexes.map((description) => description.name)]) {
      const watching = throttled.find((alarm) =>
        alarm.Metrics.filter((query: any) => query.MetricStat).every((query: any) => {
          const dimensions = Object.fromEntries(query.MetricStat.Metric.Dimensions.map((entry: any) => [entry.Name, entry.Value]));
          return JSON.stringify(dimensions.TableName) === JSON.stringify(ref(stack.data.table)) && dimensions.GlobalSecondaryIndexName === index;
        }),
      );
      expect(watching, index ?? 'table').toBeDefined();
      expect(watching.Metrics.filter((query: any) => query.MetricStat).map((query: any) => query.MetricStat.Metric.MetricName).sort()).toEqual(['ReadThrottleEvents', 'WriteThrottleEvents']);
    }
  });

  test('alarms watch every function’s errors and throttles (grouped within the ten metrics an alarm may read), and API 5xx', () => {
    const functionMetrics = alarms().flatMap((alarm) => (alarm.Metrics ?? []).filter((query: any) => query.MetricStat?.Metric.Namespace === 'AWS/Lambda'));
    for (const alarm of alarms()) expect((alarm.Metrics ?? []).filter((query: any) => query.MetricStat).length, alarm.AlarmDescription).toBeLessThanOrEqual(10);
    for (const [handler, fn] of stack.handlers.functions) {
      for (const metric of ['Errors', 'Throttles']) {
        const watching = functionMetrics.filter((query: any) => query.MetricStat.Metric.MetricName === metric && JSON.stringify(dimension(query.MetricStat.Metric, 'FunctionName')) === JSON.stringify(ref(fn)));
        expect(watching, `${handler} ${metric}`).toHaveLength(1);
      }
    }
    expect(alarms().map((alarm) => alarm.MetricName)).toContain('5xx');
  });

  test('the stack stays inside CloudFormation’s 500 resources, with room for growth', () => {
    expect(Object.keys(template.toJSON().Resources).length).toBeLessThanOrEqual(450);
  });
});

describe('the web app', () => {
  test('is private behind CloudFront, HTTPS only, with its own response headers policy', () => {
    template.hasResourceProperties('AWS::S3::Bucket', { PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true } });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const [[policyId]] = resourcesOf('AWS::CloudFront::ResponseHeadersPolicy');
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'https-only', ResponseHeadersPolicyId: { Ref: policyId } }) }),
    });
  });

  test('CloudFront sends the headers the local host sends; the CSP lets the app connect besides itself only to the region’s APIs and its sign-in', () => {
    const [[, policy]] = resourcesOf('AWS::CloudFront::ResponseHeadersPolicy');
    const sent = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const local = webAppHeaders();
    expect(sent.ContentTypeOptions).toEqual({ Override: true });
    expect(local['x-content-type-options']).toBe('nosniff');
    expect(sent.FrameOptions).toEqual({ FrameOption: local['x-frame-options'], Override: true });
    expect(sent.ReferrerPolicy).toEqual({ ReferrerPolicy: local['referrer-policy'], Override: true });
    expect(Object.keys(local).sort()).toEqual(['content-security-policy', 'referrer-policy', 'x-content-type-options', 'x-frame-options']);

    const directives = (csp: string) => new Map(csp.split(';').map((directive) => directive.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));
    const onAws = directives(text(sent.ContentSecurityPolicy.ContentSecurityPolicy));
    const onLocalHost = directives(local['content-security-policy']);
    expect(sent.ContentSecurityPolicy.Override).toBe(true);
    expect([...onAws.keys()]).toEqual([...onLocalHost.keys()]);
    for (const [name, sources] of onLocalHost) if (name !== 'connect-src') expect(onAws.get(name), name).toEqual(sources);
    const signIn = `https://<${idOf(stack.identity.signIn)}>.auth.us-east-1.amazoncognito.com`;
    // The API is an HTTP API of this stack, so its endpoint is https://<id>.execute-api.us-east-1.amazonaws.com.
    expect(onAws.get('connect-src')).toEqual([...onLocalHost.get('connect-src')!, 'https://*.execute-api.us-east-1.amazonaws.com', signIn]);
  });
});

describe('secure by default', () => {
  const acknowledgements = () => {
    const all: { path: string; id: string; reason: string }[] = [];
    const visit = (node: IConstruct) => {
      for (const [id, reason] of acknowledgementsOn(node)) all.push({ path: node.node.path, id, reason });
      node.node.children.forEach(visit);
    };
    visit(stack.node.root);
    return all;
  };

  test('cdk-nag AwsSolutions: synthesis passes with no unacknowledged finding', () => {
    expect(validation?.message).toBeUndefined();
  });

  test('every acknowledgement is on the resource it is about, gives its reason, and is needed by a finding', () => {
    const all = acknowledgements();
    expect(all.length).toBeGreaterThan(0);
    for (const { path, id, reason } of all) {
      expect(path.split('/').length, `${id} on ${path}: not on the app or stack`).toBeGreaterThan(1);
      expect(reason.length, id).toBeGreaterThan(40);
      expect(usedAcknowledgements.has(`${path} ${id}`), `${id} on ${path} is stale`).toBe(true);
    }
  });

  test('only GET /openapi.json and the JWKS may go without an authorizer', () => {
    const open = acknowledgements().filter(({ id }) => id === 'AwsSolutions-APIG4');
    expect(open.map(({ path }) => path).sort()).toEqual(['Puente-test/Api/Http/GET--.well-known--jwks.json', 'Puente-test/Api/Http/GET--openapi.json']);
  });
});
