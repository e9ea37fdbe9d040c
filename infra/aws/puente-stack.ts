// Puente on AWS, built from the same description the local host reads (infra/system.ts):
// the table, the HTTP API's routes, the workflows and their task bindings, the schedules.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnStage, CorsHttpMethod, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import * as sns from 'aws-cdk-lib/aws-sns';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { buildWebApp } from '../../web/build.ts';
import { roles, stateMachineName, workflowArnEnv, type Grants, type SystemDescription } from '../../system/description.ts';

export interface PuenteStackProps extends StackProps {
  system: SystemDescription;
  /** Repository root: handler modules and ASL files are named from here. */
  rootDir: string;
  /** e.g. `prod-gt`: one stack per country keeps data in its region. */
  stage: string;
}

/** Table actions by grant; no Scan anywhere (request paths use Query/GetItem). */
const tableActions = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem'],
};

export class PuenteStack extends Stack {
  readonly table: dynamodb.TableV2;
  readonly api: HttpApi;
  readonly stateMachines = new Map<string, sfn.StateMachine>();
  readonly functions = new Map<string, NodejsFunction>();
  webBucket!: s3.Bucket;

  constructor(scope: Construct, id: string, props: PuenteStackProps) {
    super(scope, id, props);
    const { system, rootDir } = props;

    const key = new kms.Key(this, 'DataKey', {
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      description: 'Encrypts survivor records in the Puente table, its logs and its alarm topic',
    });
    // Logs and alarms encrypted with this key need their services allowed to use it.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`), new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        resources: ['*'],
      }),
    );
    this.table = new dynamodb.TableV2(this, 'Records', {
      partitionKey: { name: system.table.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: system.table.sortKey, type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(key),
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: system.table.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
      })),
    });

    const functions = this.functions;
    const grantsByHandler = new Map<string, Grants[]>();
    const handlerFunction = (handler: string, grants: Grants) => {
      grantsByHandler.set(handler, [...(grantsByHandler.get(handler) ?? []), grants]);
      let fn = functions.get(handler);
      if (!fn) {
        fn = this.handlerFunction(handler, rootDir, system.table.nameEnv, key);
        functions.set(handler, fn);
      }
      return fn;
    };

    // Workflows first: routes and tasks that start them need their ARNs.
    for (const workflow of system.workflows) {
      const substitutions: Record<string, string> = {};
      for (const [placeholder, binding] of Object.entries(workflow.tasks)) {
        substitutions[placeholder] = handlerFunction(binding.handler, binding.grants).functionArn;
      }
      const machine = new sfn.StateMachine(this, `Workflow-${workflow.name}`, {
        stateMachineName: `${stateMachineName(workflow.name)}-${props.stage}`,
        stateMachineType: sfn.StateMachineType.STANDARD,
        // Inline, so the template shows the very ASL file both hosts run.
        definitionBody: sfn.DefinitionBody.fromString(readFileSync(join(rootDir, workflow.definition), 'utf8')),
        definitionSubstitutions: substitutions,
        tracingEnabled: true,
        logs: {
          destination: new logs.LogGroup(this, `WorkflowLogs-${workflow.name}`, { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: key }),
          level: sfn.LogLevel.ALL,
          // Execution data holds survivors' answers: never in logs.
          includeExecutionData: false,
        },
      });
      for (const binding of Object.values(workflow.tasks)) functions.get(binding.handler)!.grantInvoke(machine);
      this.stateMachines.set(workflow.name, machine);
    }

    const userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      // Cognito cannot require MFA for some groups only: it is required for every user (TOTP).
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      passwordPolicy: { minLength: 14, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      customAttributes: { org: new cognito.StringAttribute({ mutable: true, minLen: 1, maxLen: 64 }) },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of roles) new cognito.CfnUserPoolGroup(this, `Role-${role}`, { userPoolId: userPool.userPoolId, groupName: role });
    // The web app is served before sign-in exists: its address is the sign-in's callback.
    const web = this.webDistribution();
    const webOrigin = `https://${web.distribution.distributionDomainName}`;
    const signInDomain = userPool.addDomain('SignIn', { cognitoDomain: { domainPrefix: `puente-${props.stage}-${this.account}` } });
    const webClient = userPool.addClient('WebApp', {
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${webOrigin}/`],
        logoutUrls: [`${webOrigin}/`],
      },
    });
    const authorizer = new HttpJwtAuthorizer('Cognito', `https://cognito-idp.${this.region}.amazonaws.com/${userPool.userPoolId}`, {
      jwtAudience: [webClient.userPoolClientId],
    });

    this.api = new HttpApi(this, 'Api', {
      apiName: `puente-${props.stage}`,
      // Only the web app's own origin may call the API from a browser.
      corsPreflight: {
        allowOrigins: [webOrigin],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'accept-language', 'if-match'],
        exposeHeaders: ['etag'],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT],
        maxAge: Duration.hours(1),
      },
    });
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: key });
    // Access logs without query strings or bodies: who called what, when, with what status.
    (this.api.defaultStage!.node.defaultChild as CfnStage).accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status', sub: '$context.authorizer.claims.sub', latency: '$context.responseLatency', time: '$context.requestTime' }),
    };
    for (const route of system.routes) {
      const fn = handlerFunction(route.handler, route.grants);
      this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`Route-${route.method}-${route.path}`, fn),
        authorizer: route.roles === 'public' ? undefined : authorizer,
      });
    }

    for (const schedule of system.schedules) {
      new events.Rule(this, `Schedule-${schedule.name}`, {
        schedule: events.Schedule.rate(Duration.seconds(Math.max(60, schedule.everySeconds))),
        targets: [new targets.LambdaFunction(handlerFunction(schedule.handler, schedule.grants))],
      });
    }
    if (system.executionStatusHandler) {
      new events.Rule(this, 'ExecutionStatus', {
        eventPattern: {
          source: ['aws.states'],
          detailType: ['Step Functions Execution Status Change'],
          detail: { stateMachineArn: [...this.stateMachines.values()].map((machine) => machine.stateMachineArn) },
        },
        targets: [new targets.LambdaFunction(handlerFunction(system.executionStatusHandler.handler, system.executionStatusHandler.grants))],
      });
    }

    // Each function gets exactly what its bindings ask for, and the environment that goes with it.
    for (const [handler, fn] of functions) {
      for (const grants of grantsByHandler.get(handler) ?? []) this.bindGrants(fn, grants);
    }

    // The app learns where the API and the sign-in are from config.json, deployed beside it.
    new BucketDeployment(this, 'WebAppFiles', {
      sources: [
        Source.asset(buildWebApp(rootDir)),
        Source.jsonData('config.json', { apiUrl: this.api.apiEndpoint, signIn: { url: signInDomain.baseUrl(), clientId: webClient.userPoolClientId } }),
      ],
      destinationBucket: web.bucket,
      distribution: web.distribution,
    });
    new CfnOutput(this, 'WebAppUrl', { value: webOrigin });
    this.alarms(key);

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: webClient.userPoolClientId });
  }

  /** The web app: a private bucket behind CloudFront (origin access control, HTTPS only, security headers). */
  private webDistribution(): { bucket: s3.Bucket; distribution: cloudfront.Distribution } {
    const bucket = (this.webBucket = new s3.Bucket(this, 'WebApp', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
    }));
    const distribution = new cloudfront.Distribution(this, 'WebAppCdn', {
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
      },
      errorResponses: [{ httpStatus: 404, responseHttpStatus: 200, responsePagePath: '/index.html' }],
    });
    return { bucket, distribution };
  }

  /** Someone is told when a workflow fails, a function errs or is throttled, or the API answers 5xx. */
  private alarms(key: kms.IKey): void {
    const topic = new sns.Topic(this, 'Alarms', { masterKey: key, enforceSSL: true });
    const alarm = (id: string, metric: cloudwatch.IMetric, description: string) =>
      new cloudwatch.Alarm(this, id, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      }).addAlarmAction(new SnsAction(topic));
    for (const [name, machine] of this.stateMachines) {
      alarm(`FailedExecutions-${name}`, machine.metricFailed({ period: Duration.minutes(5) }), `A ${name} workflow execution failed`);
    }
    for (const [handler, fn] of this.functions) {
      const id = handler.replace(/\.ts$/, '').replace(/[^A-Za-z0-9]+/g, '-');
      alarm(`Errors-${id}`, fn.metricErrors({ period: Duration.minutes(5) }), `${handler} returned errors`);
      alarm(`Throttles-${id}`, fn.metricThrottles({ period: Duration.minutes(5) }), `${handler} was throttled`);
    }
    alarm('Api5xx', this.api.metricServerError({ period: Duration.minutes(5) }), 'The API answered with 5xx');
    new CfnOutput(this, 'AlarmTopicArn', { value: topic.topicArn });
  }

  private handlerFunction(handler: string, rootDir: string, tableNameEnv: string, key: kms.IKey): NodejsFunction {
    const id = `Fn-${handler.replace(/\.ts$/, '').replace(/[^A-Za-z0-9]+/g, '-')}`;
    const fn = new NodejsFunction(this, id, {
      entry: join(rootDir, handler),
      handler: 'handler',
      projectRoot: rootDir,
      depsLockFilePath: join(rootDir, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(29),
      tracing: lambda.Tracing.ACTIVE,
      loggingFormat: lambda.LoggingFormat.JSON,
      logGroup: new logs.LogGroup(this, `${id}-Logs`, { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: key }),
      environment: { [tableNameEnv]: this.table.tableName, POWERTOOLS_SERVICE_NAME: 'puente', NODE_OPTIONS: '--enable-source-maps' },
      bundling: {
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: true,
        target: 'node22',
        mainFields: ['module', 'main'],
        // Some dependencies still call require(); ESM bundles need it defined.
        banner: "import{createRequire}from'module';const require=createRequire(import.meta.url);",
      },
    });
    key.grantEncryptDecrypt(fn);
    return fn;
  }

  private bindGrants(fn: NodejsFunction, grants: Grants): void {
    const actions = new Set((grants.table ?? []).flatMap((grant) => tableActions[grant]));
    if (actions.size) this.table.grant(fn, ...actions);
    for (const workflow of grants.startWorkflows ?? []) {
      const machine = this.stateMachines.get(workflow)!;
      machine.grantStartExecution(fn);
      fn.addEnvironment(workflowArnEnv(workflow), machine.stateMachineArn);
    }
    if (grants.answerTasks) for (const machine of this.stateMachines.values()) machine.grantTaskResponse(fn);
  }
}
