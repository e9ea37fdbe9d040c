// `npm start`: Puente on one machine. Settings: PORT (3000), PUENTE_DATA_DIR (./.puente).
// HOST (127.0.0.1) is where the API listens: this machine only unless it says otherwise (e.g.
// HOST=0.0.0.0), and then local sign-in is off unless PUENTE_LOCAL_SIGN_IN=on as well.
// PUENTE_SCHEDULE_SECONDS runs the scheduled handlers (the overdue sweep) at another cadence.
// `--system <module>` runs another system description (tests use it for sample workflows).
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { exposure } from './exposure.ts';
import { demoUsers, startHost } from './host.ts';

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({ options: { system: { type: 'string', default: 'system/system.ts' } } });
const { system } = await import(pathToFileURL(resolve(rootDir, values.system!)).href);

let host;
try {
  host = await startHost({
    system,
    rootDir,
    dataDir: process.env.PUENTE_DATA_DIR || resolve('.puente'),
    port: Number(process.env.PORT ?? 3000),
    exposure: exposure(process.env),
    scheduleSeconds: process.env.PUENTE_SCHEDULE_SECONDS ? Number(process.env.PUENTE_SCHEDULE_SECONDS) : undefined,
  });
} catch (error) {
  console.error(`Puente could not start: ${(error as Error).message}`);
  process.exit(1);
}

console.log(`DynamoDB Local:        ${host.dynamodbEndpoint}  (aws dynamodb … --endpoint-url ${host.dynamodbEndpoint})`);
console.log(`Step Functions:        ${host.stepFunctionsEndpoint}  (aws stepfunctions … --endpoint-url ${host.stepFunctionsEndpoint})`);
console.log(`Queues:                ${host.queuesEndpoint}  (SendMessage only)`);
console.log(`Resumed executions:    ${host.resumedExecutions}`);
for (const warning of host.exposure.warnings) console.warn(warning);
if (host.exposure.localSignIn) {
  console.log(`Demo users (POST /auth/local/token {"username": …}): ${demoUsers.map((user) => `${user.username} (${user.role})`).join(', ')}`);
}
console.log(`Puente is running at ${host.url}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Puente…`);
    await host.close();
    process.exit(0);
  });
}
