// The HTTP API: every route of the system description, each with its function and grants, behind
// Cognito's JWT authorizer unless public; CORS for the web app's origin only; access logs without
// bodies or query strings; a stage throttle and tighter ones on the routes that write or are public.
import { Duration, Stack } from 'aws-cdk-lib';
import { CfnStage, CorsHttpMethod, HttpApi, HttpMethod, type HttpRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { RouteDescription } from '../../system/description.ts';
import type { Data } from './data.ts';
import { bind, type Handlers } from './handlers.ts';
import { acknowledge } from './nag-suppressions.ts';

export interface Throttle {
  /** Steady requests per second. */
  rateLimit: number;
  /** Requests at once above the steady rate. */
  burstLimit: number;
}

/** The stage's throttle, for every route not named below (per account and region, all callers together). */
export const stageThrottle: Throttle = { rateLimit: 50, burstLimit: 100 };

/** Tighter throttles: the public route, and the routes that create records, decide or change what others see. */
export const routeThrottles: Record<string, Throttle> = {
  'GET /openapi.json': { rateLimit: 5, burstLimit: 10 },
  'GET /.well-known/jwks.json': { rateLimit: 5, burstLimit: 10 },
  'POST /screenings': { rateLimit: 10, burstLimit: 20 },
  'POST /tips': { rateLimit: 5, burstLimit: 10 },
  'POST /tasks/{taskId}/decision': { rateLimit: 10, burstLimit: 20 },
  'POST /cases/{caseId}/consent': { rateLimit: 5, burstLimit: 10 },
  'POST /organizations': { rateLimit: 2, burstLimit: 5 },
  'PUT /organizations/{id}': { rateLimit: 2, burstLimit: 5 },
  // Each export opens every case of its period (one key each): a few a minute is what a coordination needs.
  'GET /exports/htcds': { rateLimit: 1, burstLimit: 5 },
  'GET /exports/anonymised': { rateLimit: 1, burstLimit: 2 },
};

/**
 * Every HTTP API's origin in the stack's region: what the web app's CSP lets it connect to. It cannot
 * name this API alone: the API's CORS names the distribution, which carries the CSP, and
 * CloudFormation cannot create either first. A custom domain for the API would make it exact.
 */
export function regionalApiOrigins(scope: Construct): string {
  const { region, urlSuffix } = Stack.of(scope);
  return `https://*.execute-api.${region}.${urlSuffix}`;
}

export interface ApiProps {
  stage: string;
  routes: readonly RouteDescription[];
  handlers: Handlers;
  data: Data;
  workflows: ReadonlyMap<string, sfn.StateMachine>;
  /** The web app's origin: the only one a browser may call the API from. */
  webOrigin: string;
  /** Who signs callers in: API Gateway checks each token's issuer and audience. */
  signIn: { issuer: string; audience: string };
  logKey: kms.IKey;
}

export class Api extends Construct {
  readonly httpApi: HttpApi;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const authorizer = new HttpJwtAuthorizer('Cognito', props.signIn.issuer, { jwtAudience: [props.signIn.audience] });
    this.httpApi = new HttpApi(this, 'Http', {
      apiName: `puente-${props.stage}`,
      corsPreflight: {
        allowOrigins: [props.webOrigin],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'accept-language', 'if-match'],
        // An export's next page and what it left out travel in headers (docs/exports.md); a file's name too (an XLSForm, a CSV).
        exposeHeaders: ['etag', 'link', 'x-k', 'x-suppressed', 'x-erased-skipped', 'content-disposition'],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT],
        maxAge: Duration.hours(1),
      },
    });
    const stage = this.httpApi.defaultStage!.node.defaultChild as CfnStage;
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: props.logKey });
    // Who called what, when, with what status: no query strings, no bodies.
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status', sub: '$context.authorizer.claims.sub', latency: '$context.responseLatency', time: '$context.requestTime' }),
    };
    stage.defaultRouteSettings = { throttlingRateLimit: stageThrottle.rateLimit, throttlingBurstLimit: stageThrottle.burstLimit };

    const grantTo = { data: props.data, workflows: props.workflows };
    const routes = new Map<string, HttpRoute>();
    for (const route of props.routes) {
      const fn = props.handlers.of(route.handler);
      bind(fn, route.grants, grantTo);
      const key = `${route.method} ${route.path}`;
      const [added] = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`Route-${route.method}-${route.path}`, fn),
        authorizer: route.roles === 'public' ? undefined : authorizer,
      });
      if (route.roles === 'public') acknowledge.publicRoute(added, key);
      routes.set(key, added);
    }
    stage.routeSettings = Object.fromEntries(
      Object.entries(routeThrottles).map(([key, throttle]) => {
        const route = routes.get(key);
        if (!route) throw new Error(`a throttle names ${key}, which is not a route`);
        // The stage names the route by its key: it can only be set once the route exists.
        stage.node.addDependency(route);
        // A JSON property: CDK passes it as written, so in CloudFormation's case.
        return [key, { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit }];
      }),
    );
  }
}
