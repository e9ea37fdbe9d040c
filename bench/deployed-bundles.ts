// The Lambda bundles exactly as infra/aws deploys them: each module goes through the stack's own
// `Handlers` construct (the one NodejsFunction definition: esbuild options, runtime, environment),
// and the bundle is read from the synthesised cloud assembly, as `cdk deploy` would upload it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Handlers } from '../infra/aws/handlers.ts';

export interface DeployedBundle {
  /** The bundle's entry file (index.mjs or index.js) in the synthesised assembly. */
  file: string;
  /** The function's environment as the template sets it (NODE_OPTIONS among it). */
  environment: Record<string, string>;
}

/** Synthesises one function per module (paths from `rootDir`) into `outdir` and returns its bundle and environment. */
export function deployedBundles(rootDir: string, modules: string[], outdir: string): Map<string, DeployedBundle> {
  const app = new App({ outdir });
  const stack = new Stack(app, 'Bundles', { env: { account: '123456789012', region: 'us-east-1' } });
  const handlers = new Handlers(stack, 'Functions', { rootDir, logKey: new kms.Key(stack, 'LogKey'), deployment: { country: 'GT', name: 'bench' } });
  const functions = modules.map((module) => [module, handlers.of(module)] as const);
  app.synth();
  const template = JSON.parse(readFileSync(join(outdir, `${stack.artifactId}.template.json`), 'utf8'));
  const bundles = new Map<string, DeployedBundle>();
  for (const [module, fn] of functions) {
    const properties = template.Resources[stack.getLogicalId(fn.node.defaultChild as CfnElement)].Properties;
    // The code asset is uploaded as `<hash>.zip`, from the assembly's `asset.<hash>` folder.
    const asset = join(outdir, `asset.${String(properties.Code.S3Key).replace(/\.zip$/, '')}`);
    const file = ['index.mjs', 'index.js'].map((name) => join(asset, name)).find((candidate) => existsSync(candidate));
    if (!file) throw new Error(`${module}: no bundle in ${asset}`);
    bundles.set(module, { file, environment: properties.Environment?.Variables ?? {} });
  }
  return bundles;
}
