// `npx cdk deploy`: Puente in a coalition's own AWS account. Context: stage (default `pilot`),
// country (ISO code its bulletins speak for, default GT).
import { resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { system } from '../../system/system.ts';
import { checkSecureByDefault } from './nag-suppressions.ts';
import { PuenteStack } from './puente-stack.ts';

const app = new App();
const stage = String(app.node.tryGetContext('stage') ?? 'pilot');
new PuenteStack(app, `Puente-${stage}`, {
  system,
  stage,
  country: app.node.tryGetContext('country') as string | undefined,
  rootDir: resolve(import.meta.dirname, '../..'),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
checkSecureByDefault(app);
