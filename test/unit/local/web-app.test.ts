// The local host sends the web app as CloudFront does: Brotli to a browser that takes it, else
// gzip, images as they are; compressed once per build, and a rebuilt file is sent anew.
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { webAppRoute } from '../../../infra/local/web-app.ts';

const dist = mkdtempSync(join(tmpdir(), 'puente-web-'));
mkdirSync(join(dist, 'assets'));
const script = `console.log(${JSON.stringify('puente '.repeat(2000))});`;
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Puente</title>');
writeFileSync(join(dist, 'assets/main.js'), script);
writeFileSync(join(dist, 'assets/icon-192.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
const serve = webAppRoute(dist);
const get = (url: string, acceptEncoding?: string) => serve({ method: 'GET', url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} } as IncomingMessage, '');

describe('the web app on the local host', () => {
  test('Brotli to a browser that takes it, gzip to one that takes only gzip, plain otherwise', async () => {
    const brotli = (await get('/assets/main.js', 'gzip, deflate, br, zstd'))!;
    expect(brotli.headers).toMatchObject({ 'content-encoding': 'br', vary: 'accept-encoding' });
    expect(brotliDecompressSync(brotli.body as Buffer).toString()).toBe(script);
    expect((brotli.body as Buffer).length).toBeLessThan(script.length / 10);
    const gzip = (await get('/assets/main.js', 'gzip'))!;
    expect(gzip.headers?.['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body as Buffer).toString()).toBe(script);
    const plain = (await get('/assets/main.js'))!;
    expect(plain.headers?.['content-encoding']).toBeUndefined();
    expect(String(plain.body)).toBe(script);
    expect((await get('/assets/icon-192.png', 'br'))!.headers?.['content-encoding']).toBeUndefined();
  });

  test('a file rebuilt is sent as it is now, not as it was compressed before', async () => {
    await get('/', 'br');
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Puente 2</title>');
    utimesSync(join(dist, 'index.html'), new Date(), new Date(Date.now() + 5000));
    expect(brotliDecompressSync((await get('/', 'br'))!.body as Buffer).toString()).toContain('Puente 2');
  });
});
