// Bulletins: what a deployment sends (its month, small cells suppressed, the definitions version)
// and the rules a peer's bulletin meets before it is imported; the region drawn side by side.
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, test } from 'vitest';
import { bulletinDocument, bulletinOf, peerOf, periodOfMonth, verifyBulletin, type Peer } from '../../../functions/domain/bulletin.ts';
import type { CaseFacts } from '../../../functions/domain/indicators.ts';
import { sideBySide } from '../../../functions/domain/regional.ts';

const screened = (n: number, determination: string): CaseFacts[] =>
  Array.from({ length: n }, (_, i) => ({ id: `c-${determination}${i}`, createdAt: '2026-11-10T00:00:00.000Z', assessment: { determination, flags: [] }, tasks: [] }));

async function signingPeer(country: string) {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const peer = await peerOf({ country, name: `Puente ${country}`, jwk: await exportJWK(publicKey) }, { country: 'GT' });
  const sign = (document: unknown, kid = peer.kid) => new CompactSign(Buffer.from(JSON.stringify(document))).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey);
  return { peer, sign };
}

describe('a bulletin', () => {
  test('holds the month, the definitions version and suppressed figures, and meets its own schema', () => {
    const bulletin = bulletinOf({ cases: [...screened(30, 'likely'), ...screened(8, 'possible'), ...screened(5, 'unlikely')], tips: [] }, { country: 'CR', name: 'Puente CR' }, '2026-11', '2026-12-02T00:00:00.000Z');
    expect(bulletin).toMatchObject({ schema: 'puente-bulletin/1', country: 'CR', period: '2026-11', from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', definitionsVersion: 1, smallCellThreshold: 11 });
    const byDetermination = bulletin.indicators.find((table) => table.id === 'screened-by-determination')!;
    expect(Object.fromEntries(byDetermination.rows.map((row) => [row.key, row.values[0]]))).toEqual({ likely: 30, possible: '<11', unlikely: '<11', unassessed: '<11', total: 43 });
    expect(bulletinDocument.safeParse(bulletin).success).toBe(true);
  });

  test('a month that has not started has no bulletin', () => {
    expect(() => bulletinOf({ cases: [], tips: [] }, { country: 'CR', name: 'x' }, '2027-01', '2026-12-31T23:59:59.000Z')).toThrow(expect.objectContaining({ code: 'PERIOD_NOT_STARTED' }));
  });

  test('periods are whole months in UTC, December into January', () => {
    expect(periodOfMonth('2026-12')).toEqual({ from: '2026-12-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
  });
});

describe("importing a peer's bulletin", () => {
  const good = bulletinOf({ cases: screened(12, 'likely'), tips: [] }, { country: 'CR', name: 'Puente CR' }, '2026-11', '2026-12-02T00:00:00.000Z');

  test('verified under the registered key, it comes back as the document', async () => {
    const cr = await signingPeer('CR');
    expect(await verifyBulletin(await cr.sign(good), [cr.peer])).toEqual(good);
  });

  test.each([
    ['UNKNOWN_SIGNER', async (cr: Awaited<ReturnType<typeof signingPeer>>, _others: Peer[]) => ({ jws: await cr.sign(good), peers: [] as Peer[] })],
    [
      'BAD_SIGNATURE',
      async (cr: Awaited<ReturnType<typeof signingPeer>>) => {
        const [header, , signature] = (await cr.sign(good)).split('.');
        return { jws: `${header}.${Buffer.from(JSON.stringify({ ...good, period: '2026-10' })).toString('base64url')}.${signature}`, peers: [cr.peer] };
      },
    ],
    ['BULLETIN_SCHEMA', async (cr: Awaited<ReturnType<typeof signingPeer>>) => ({ jws: await cr.sign({ ...good, extra: 'names' }), peers: [cr.peer] })],
    ['SIGNER_MISMATCH', async (cr: Awaited<ReturnType<typeof signingPeer>>) => ({ jws: await cr.sign({ ...good, country: 'PA' }), peers: [cr.peer] })],
    ['DEFINITIONS_VERSION', async (cr: Awaited<ReturnType<typeof signingPeer>>) => ({ jws: await cr.sign({ ...good, definitionsVersion: 2 }), peers: [cr.peer] })],
    [
      'SMALL_CELLS',
      async (cr: Awaited<ReturnType<typeof signingPeer>>) => ({
        jws: await cr.sign({ ...good, indicators: [{ id: 'screened-by-determination', columns: ['people'], rows: [{ key: 'possible', values: [2] }] }] }),
        peers: [cr.peer],
      }),
    ],
  ])('is refused with %s', async (code, make) => {
    const cr = await signingPeer('CR');
    const { jws, peers } = await make(cr, []);
    await expect(verifyBulletin(jws, peers)).rejects.toMatchObject({ code });
  });

  test('a bulletin signed by another key naming a registered kid does not verify', async () => {
    const cr = await signingPeer('CR');
    const impostor = await signingPeer('CR');
    await expect(verifyBulletin(await impostor.sign(good, cr.peer.kid), [cr.peer])).rejects.toMatchObject({ code: 'BAD_SIGNATURE' });
  });

  test("a peer in this deployment's own country is refused", async () => {
    const { publicKey } = await generateKeyPair('ES256');
    await expect(peerOf({ country: 'GT', name: 'x', jwk: await exportJWK(publicKey) }, { country: 'GT' })).rejects.toMatchObject({ code: 'OWN_COUNTRY' });
  });
});

describe('the region side by side', () => {
  test('rows by key with each country’s values; a row one country lacks is simply absent for it', () => {
    const gt = { country: 'GT', indicators: [{ id: 'n', columns: ['people'], rows: [{ key: 'HN', values: [20] }, { key: 'total', values: [40] }] }] };
    const cr = { country: 'CR', indicators: [{ id: 'n', columns: ['people'], rows: [{ key: 'NI', values: ['<11'] }, { key: 'total', values: [15] }] }] };
    expect(sideBySide([gt, cr])).toEqual({
      countries: ['GT', 'CR'],
      indicators: [
        {
          id: 'n',
          columns: ['people'],
          rows: [
            { key: 'HN', byCountry: { GT: [20] } },
            { key: 'total', byCountry: { GT: [40], CR: [15] } },
            { key: 'NI', byCountry: { CR: ['<11'] } },
          ],
        },
      ],
    });
  });
});
