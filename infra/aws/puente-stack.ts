// Puente on AWS, built from the same description the local host reads (system/system.ts): one
// construct per concern, each making its own grants; this file only puts them together.
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { SystemDescription } from '../../system/description.ts';
import { Api, regionalApiOrigins } from './api.ts';
import { Data } from './data.ts';
import { Handlers } from './handlers.ts';
import { Identity } from './identity.ts';
import { Monitoring } from './monitoring.ts';
import { Queues } from './queues.ts';
import { WebApp } from './web.ts';
import { Workflows } from './workflows.ts';

export interface PuenteStackProps extends StackProps {
  system: SystemDescription;
  /** Repository root: handler modules and ASL files are named from here. */
  rootDir: string;
  /** e.g. `prod-gt`: one stack per country keeps data in its region. */
  stage: string;
  /** The country this deployment serves (ISO 3166-1 alpha-2), as its bulletins say; the demo coalition's by default. */
  country?: string;
}

export class PuenteStack extends Stack {
  readonly data: Data;
  readonly monitoring: Monitoring;
  readonly handlers: Handlers;
  readonly workflows: Workflows;
  readonly queues: Queues;
  readonly identity: Identity;
  readonly web: WebApp;
  readonly api: Api;

  constructor(scope: Construct, id: string, props: PuenteStackProps) {
    super(scope, id, props);
    const { system, rootDir, stage } = props;
    this.data = new Data(this, 'Data', { table: system.table });
    this.monitoring = new Monitoring(this, 'Monitoring', { key: this.data.key });
    const country = props.country ?? 'GT';
    this.handlers = new Handlers(this, 'Functions', { rootDir, logKey: this.data.key, deployment: { country, name: `Puente ${country} (${stage})` } });
    this.queues = new Queues(this, 'Queues', { system, data: this.data, handlers: this.handlers, monitoring: this.monitoring });
    this.workflows = new Workflows(this, 'Workflows', { system, stage, rootDir, data: this.data, handlers: this.handlers, deadLetters: this.monitoring.deadLetters, queues: this.queues.queues });
    this.queues.bindHandlers({ data: this.data, workflows: this.workflows.machines });
    this.identity = new Identity(this, 'Identity', { stage });
    // The app fetches from the API and from the sign-in's token endpoint, both other origins.
    this.web = new WebApp(this, 'Web', { connectTo: [regionalApiOrigins(this), this.identity.signIn.baseUrl()] });
    const webClient = this.identity.addWebClient(this.web.origin);
    this.api = new Api(this, 'Api', {
      stage,
      routes: system.routes,
      handlers: this.handlers,
      data: this.data,
      workflows: this.workflows.machines,
      webOrigin: this.web.origin,
      signIn: { issuer: this.identity.issuer, audience: webClient.userPoolClientId },
      logKey: this.data.key,
    });
    this.web.publish(rootDir, { apiUrl: this.api.httpApi.apiEndpoint, signIn: { url: this.identity.signIn.baseUrl(), clientId: webClient.userPoolClientId } });
    this.monitoring.watch({
      workflows: this.workflows.machines,
      functions: this.handlers.functions,
      table: this.data.table,
      indexNames: system.table.indexes.map((index) => index.name),
      api: this.api.httpApi,
    });

    new CfnOutput(this, 'WebAppUrl', { value: this.web.origin });
    new CfnOutput(this, 'ApiUrl', { value: this.api.httpApi.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: webClient.userPoolClientId });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn });
  }
}
