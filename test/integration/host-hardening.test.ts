// The local host as an attacker on this machine or the network would meet it, and as an outage
// would: `npm start` listens on 127.0.0.1 only, keeps its data private, answers bad input and
// outages with clear 4xx/503 answers, and brings DynamoDB Local back if it dies.
import { existsSync, readdirSync, readFileSync, statSync, chmodSync, mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiClient, newKey, screening } from '../helpers/api.ts';
import { dynamoDbTimeouts } from '../../functions/store/clients.ts';
import { faultProxy } from '../helpers/fault-proxy.ts';
import { eventually, startTestHost, type TestHost } from '../helpers/local-host.ts';

/** The addresses something listens on at `port`, from the kernel's own table (Linux). */
function listeningAddresses(port: number): string[] {
  const addresses: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== '0A' || !local) continue; // 0A: LISTEN
      const [hexAddress, hexPort] = local.split(':');
      if (parseInt(hexPort, 16) === port) addresses.push(decodeAddress(hexAddress));
    }
  }
  return addresses;
}

/** /proc/net/tcp* writes each 32-bit word of an address in host (little-endian) byte order. */
function decodeAddress(hex: string): string {
  const bytes = Buffer.alloc(hex.length / 2);
  for (let word = 0; word < hex.length / 8; word++) {
    Buffer.from(hex.slice(word * 8, word * 8 + 8), 'hex').reverse().copy(bytes, word * 4);
  }
  if (bytes.length === 4) return [...bytes].join('.');
  if (bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return `::ffff:${[...bytes.subarray(12)].join('.')}`;
  if (bytes.every((b) => b === 0)) return '::';
  if (bytes.subarray(0, 15).every((b) => b === 0) && bytes[15] === 1) return '::1';
  return bytes.toString('hex');
}

const LOOPBACK = ['127.0.0.1', '::ffff:127.0.0.1', '::1'];
const portOf = (url: string) => Number(new URL(url).port);
const hasProcNet = existsSync('/proc/net/tcp');

/** A connection attempt's outcome: 'connected' or the error code. */
function tryConnect(port: number, address: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: address, timeout: 3000 });
    socket.once('connect', () => (socket.destroy(), resolve('connected')));
    socket.once('timeout', () => (socket.destroy(), resolve('timeout')));
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** Every mode under the data directory: the directory itself and what the host keeps in it. */
function modesUnder(dataDir: string): Record<string, string> {
  const modes: Record<string, string> = {};
  const walk = (path: string, name: string) => {
    const stat = statSync(path);
    modes[name] = (stat.mode & 0o777).toString(8);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry), `${name}/${entry}`);
  };
  walk(dataDir, '.');
  return modes;
}
const expectPrivate = (dataDir: string) => {
  const modes = modesUnder(dataDir);
  expect(Object.keys(modes)).toEqual(expect.arrayContaining(['.', './dynamodb', './local-issuer.jwk.json', './dynamodb/shared-local-instance.db']));
  for (const [name, mode] of Object.entries(modes)) {
    const isDir = statSync(join(dataDir, name)).isDirectory();
    expect(`${name} ${mode}`).toBe(`${name} ${isDir ? '700' : '600'}`);
  }
};

/** A raw request whose headers declare a body it never sends in full; the answer as text. */
function declareHugeBody(port: number, declaredBytes: number): Promise<{ answer: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('close', () => resolve({ answer, ms: Date.now() - started }));
    socket.on('error', reject);
    socket.write(`POST /screenings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${declaredBytes}\r\n\r\n{"formId":`);
  });
}

describe('the local host on its own (npm start as is)', () => {
  let host: TestHost;
  let proxy: Awaited<ReturnType<typeof faultProxy>>;
  let api: ReturnType<typeof apiClient>;
  let caseId: string;
  // The data dir does not exist yet: the host makes it, under the test process's own umask.
  const dataDir = join(mkdtempSync(join(tmpdir(), 'puente-hardening-')), 'data');

  beforeAll(async () => {
    proxy = await faultProxy();
    host = await startTestHost({ dataDir, env: { PUENTE_HANDLERS_DYNAMODB_ENDPOINT: proxy.endpoint }, onDynamoDb: (endpoint) => proxy.target(endpoint) });
    api = apiClient(host);
    caseId = (await api.call('screener', 'POST', '/screenings', screening(), { 'idempotency-key': newKey() })).body.caseId;
    expect(caseId).toMatch(/^c-/);
  });
  afterAll(async () => {
    await host?.stop();
    await proxy?.close();
  });

  test.skipIf(!hasProcNet)('the API, DynamoDB Local, the Step Functions endpoint and the queue endpoint listen on 127.0.0.1 only', async () => {
    for (const url of [host.url, host.dynamodbEndpoint, host.stepFunctionsEndpoint, host.queuesEndpoint]) {
      const addresses = listeningAddresses(portOf(url));
      expect(addresses.length, `${url} listens`).toBeGreaterThan(0);
      for (const address of addresses) expect(LOOPBACK, `${url} listens on ${address}`).toContain(address);
    }
  });

  test("from another address of this machine, each port refuses the connection", async () => {
    const elsewhere = Object.values(networkInterfaces()).flat().filter((address) => address && !address.internal && address.family === 'IPv4');
    for (const address of elsewhere) {
      for (const url of [host.url, host.dynamodbEndpoint, host.stepFunctionsEndpoint, host.queuesEndpoint]) {
        expect(`${address!.address} → ${await tryConnect(portOf(url), address!.address)}`).toBe(`${address!.address} → ECONNREFUSED`);
      }
    }
    // On loopback it does connect: the refusals above are about the address, not a dead port.
    expect(await tryConnect(portOf(host.url), '127.0.0.1')).toBe('connected');
  });

  test('the data directory is 0700 and every file in it 0600', () => {
    expectPrivate(dataDir);
  });

  test('a request addressed to another name (DNS rebinding) is refused, sign-in included', async () => {
    // What a browser sends when a page's own name has been made to resolve to 127.0.0.1.
    const signIn = (hostHeader: string) =>
      new Promise<{ status: number; body: any }>((resolve, reject) => {
        const outgoing = request(`${host.url}/auth/local/token`, { method: 'POST', headers: { host: hostHeader } }, (response) => {
          let text = '';
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(text) }));
        });
        outgoing.on('error', reject);
        outgoing.end('{"username":"coordinator"}');
      });
    const rebound = await signIn(`attacker.example:${portOf(host.url)}`);
    expect([rebound.status, rebound.body.error?.code]).toEqual([403, 'NOT_ADDRESSED_TO_THIS_MACHINE']);
    expect((await signIn(`localhost:${portOf(host.url)}`)).status).toBe(200);
  });

  test('bad paths get 4xx: malformed percent-encoding, an id over the limit, a name that is a property of every object', async () => {
    const malformed = await api.call('coordinator', 'GET', '/cases/%ZZ');
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'INVALID_PATH']);
    const long = await api.call('coordinator', 'GET', `/cases/c-${'x'.repeat(2048)}`);
    expect([long.status, long.body.error.code]).toEqual([400, 'ID_TOO_LONG']);
    for (const name of ['constructor', '__proto__', 'toString']) {
      const workflow = await api.call('coordinator', 'GET', `/workflows/${name}`);
      expect([name, workflow.status, workflow.body.error.code]).toEqual([name, 404, 'NOT_FOUND']);
    }
    const query = await api.call('coordinator', 'GET', '/cases?constructor=1&__proto__=2');
    expect(query.status).toBeLessThan(500);
  });

  test('a body over 128 KiB gets 413 naming the limit; one declared over 6 MB is refused before it is sent', async () => {
    const big = screening({ givenName: 'x'.repeat(130 * 1024) });
    const refused = await api.call('screener', 'POST', '/screenings', big, { 'idempotency-key': newKey() });
    expect(refused.status).toBe(413);
    expect(refused.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('131072 bytes') });
    const { answer, ms } = await declareHugeBody(portOf(host.url), 100 * 1024 * 1024);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('PAYLOAD_TOO_LARGE');
    expect(ms).toBeLessThan(5000); // answered and closed without waiting for 100 MB
  });

  test('DynamoDB cutting connections: 503 with Retry-After within a few seconds, /health degraded, then back', async () => {
    await api.token('coordinator'); // signed in before the outage: sign-in needs no DynamoDB, but be plain about it
    proxy.down();
    try {
      const started = Date.now();
      const read = await api.call('coordinator', 'GET', `/cases/${caseId}`);
      expect(Date.now() - started).toBeLessThan(5000);
      expect([read.status, read.body.error.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
      const health = await fetch(`${host.url}/health`);
      expect(health.status).toBe(503);
      expect(health.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await health.json()).status).toBe('degraded');
    } finally {
      proxy.up();
    }
    expect((await fetch(`${host.url}/health`)).status).toBe(200);
    expect((await api.call('coordinator', 'GET', `/cases/${caseId}`)).status).toBe(200);
  });

  test('DynamoDB accepting and never answering: 503 with Retry-After, bounded by the client timeouts, not 29 s', async () => {
    proxy.silent();
    try {
      const started = Date.now();
      const response = await fetch(`${host.url}/cases/${caseId}`, { headers: { authorization: `Bearer ${await api.token('coordinator')}` } });
      // Every attempt times out: the client's bounds, and a margin for the machine.
      expect(Date.now() - started).toBeLessThan(dynamoDbTimeouts.maxAttempts * dynamoDbTimeouts.requestTimeoutMs + 3000);
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      proxy.up();
    }
    expect((await api.call('coordinator', 'GET', `/cases/${caseId}`)).status).toBe(200);
  }, 30_000);

  test('DynamoDB Local killed: started again on the same endpoint with the same data, and its files stay private', async () => {
    const pidFile = join(dataDir, 'dynamodb.pid');
    const killed = Number(readFileSync(pidFile, 'utf8'));
    process.kill(killed, 'SIGKILL');
    // Wait on what can be seen: a new Java process named in the pid file, then a healthy host.
    await eventually(async () => (Number(readFileSync(pidFile, 'utf8')) !== killed ? true : undefined), 30_000, 'a new DynamoDB Local process');
    const health = await eventually(async () => {
      const response = await fetch(`${host.url}/health`);
      return response.status === 200 ? response.json() : undefined;
    }, 60_000, '/health to be ok again');
    expect(health.dynamodb.endpoint).toBe(host.dynamodbEndpoint);
    expect(host.output()).toMatch(/DynamoDB Local stopped \(SIGKILL\); starting it again/);
    const read = await api.call('coordinator', 'GET', `/cases/${caseId}`);
    expect([read.status, read.body.caseId]).toEqual([200, caseId]);
    // Writes after the restart land in files only this user can read.
    expect((await api.call('screener', 'POST', '/screenings', screening(), { 'idempotency-key': newKey() })).status).toBe(201);
    expectPrivate(dataDir);
  }, 120_000);
});

describe('the local host exposed on a network (HOST=0.0.0.0)', () => {
  let host: TestHost;
  const dataDir = join(mkdtempSync(join(tmpdir(), 'puente-exposed-')), 'data');

  beforeAll(async () => {
    // An older data dir, left with loose modes: the host makes it private again.
    const first = await startTestHost({ dataDir });
    await first.stop();
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'local-issuer.jwk.json'), 0o644);
    chmodSync(join(dataDir, 'dynamodb', 'shared-local-instance.db'), 0o644);
    host = await startTestHost({ dataDir, env: { HOST: '0.0.0.0' } });
  });
  afterAll(async () => host?.stop());

  test('local sign-in is off, with a warning saying how to turn it on', async () => {
    const response = await fetch(`${host.url}/auth/local/token`, { method: 'POST', body: '{"username":"coordinator"}' });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('LOCAL_SIGN_IN_OFF');
    expect(host.output()).toMatch(/WARNING: HOST=0\.0\.0\.0: the API is reachable from other machines\. Local sign-in is off; set PUENTE_LOCAL_SIGN_IN=on/);
    expect(host.output()).not.toMatch(/Demo users/);
  });

  test.skipIf(!hasProcNet)('only the API is exposed: DynamoDB Local, the Step Functions endpoint and the queue endpoint stay on 127.0.0.1', () => {
    expect(listeningAddresses(portOf(host.url))).toContain('0.0.0.0');
    for (const url of [host.dynamodbEndpoint, host.stepFunctionsEndpoint, host.queuesEndpoint]) {
      for (const address of listeningAddresses(portOf(url))) expect(LOOPBACK, `${url} listens on ${address}`).toContain(address);
    }
  });

  test('a data directory left with loose modes is made private again', () => {
    expectPrivate(dataDir);
  });
});
