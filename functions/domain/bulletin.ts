// A bulletin: one month's indicators of one country's deployment, as they may leave it (small
// cells suppressed), in a documented JSON shape (docs/indicators.md), signed by the deployment as a
// compact JWS (ES256). And the rules a peer's bulletin must meet before it is imported: a signer
// this deployment registered, a signature that verifies under that signer's key, this schema, the
// signer's own country, the same definitions, and no small count.
import { calculateJwkThumbprint, compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import * as z from 'zod';
import { computeIndicators, definitionsVersion, indicatorDefinitions, type IndicatorFacts, type Period } from './indicators.ts';
import { indicatorPolicy } from './policy.ts';
import { Refusal } from './refusal.ts';
import { publishable, type PublishedTable } from './small-cells.ts';

export const BULLETIN_SCHEMA = 'puente-bulletin/1';
/** The JWS `typ` of a bulletin. */
export const BULLETIN_TYPE = 'puente-bulletin+jwt';

const month = /^\d{4}-(0[1-9]|1[0-2])$/;
// The shapes are built on first use (z.lazy), as the request shapes are: most functions load this
// file and never read a bulletin, and esbuild leaves an unused one out of their bundles.
export const periodShape = /* @__PURE__ */ z.lazy(() => z.string().regex(month, 'a month, YYYY-MM'));
export const countryShape = /* @__PURE__ */ z.lazy(() => z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code in capitals, e.g. GT'));

const publishedTable = () =>
  z
    .object({
      id: z.string().min(1).max(100),
      columns: z.array(z.string().min(1).max(100)).min(1).max(50),
      rows: z
        .array(z.object({ key: z.string().min(1).max(200), values: z.array(z.union([z.number().finite().nonnegative(), z.string().regex(/^<\d{1,3}$/), z.null()])).max(50) }).strict())
        .max(1000),
    })
    .strict()
    .refine((table) => table.rows.every((row) => row.values.length === table.columns.length), 'every row has a value per column');

export const bulletinDocument = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      schema: z.literal(BULLETIN_SCHEMA),
      country: countryShape,
      deployment: z.string().min(1).max(200),
      period: periodShape,
      from: z.iso.datetime(),
      to: z.iso.datetime(),
      definitionsVersion: z.number().int().positive(),
      smallCellThreshold: z.number().int().positive(),
      issuedAt: z.iso.datetime(),
      indicators: z.array(publishedTable()).max(50),
    })
    .strict(),
);

export type Bulletin = z.infer<typeof bulletinDocument>;

/** The period a month names: its first instant to the next month's. */
export function periodOfMonth(period: string): Period {
  const [year, monthNumber] = period.split('-').map(Number);
  return { from: new Date(Date.UTC(year, monthNumber - 1, 1)).toISOString(), to: new Date(Date.UTC(year, monthNumber, 1)).toISOString() };
}

/** Every indicator over the period, as it may leave the deployment. */
export const publishedIndicators = (facts: IndicatorFacts, period: Period): PublishedTable[] =>
  computeIndicators(facts, period).map((table, index) => publishable(table, indicatorDefinitions[index].shape));

export function bulletinOf(facts: IndicatorFacts, deployment: { country: string; name: string }, period: string, issuedAt: string): Bulletin {
  const range = periodOfMonth(period);
  if (range.from > issuedAt) throw new Refusal(422, 'PERIOD_NOT_STARTED', `${period} has not started yet; a bulletin covers a month that has begun (and is complete once it has ended)`);
  return {
    schema: BULLETIN_SCHEMA,
    country: deployment.country,
    deployment: deployment.name,
    period,
    ...range,
    definitionsVersion,
    smallCellThreshold: indicatorPolicy.smallCellThreshold,
    issuedAt,
    indicators: publishedIndicators(facts, range),
  };
}

/** A peer deployment this one trusts: its country and the public key it signs bulletins with. */
export interface Peer {
  country: string;
  name: string;
  kid: string;
  jwk: JWK;
}

/** A count that would be a small cell: any value of a count column below the threshold. */
function smallCountIn(bulletin: Bulletin): string | undefined {
  for (const table of bulletin.indicators) {
    const counts = indicatorDefinitions.find((definition) => definition.id === table.id)?.shape.counts ?? [];
    for (const row of table.rows) {
      const at = row.values.findIndex((value, index) => counts.includes(table.columns[index]) && typeof value === 'number' && value < indicatorPolicy.smallCellThreshold);
      if (at >= 0) return `${table.id} ${row.key} ${table.columns[at]}`;
    }
  }
  return undefined;
}

/** The bulletin inside a peer's compact JWS, once every rule holds; a Refusal naming the first that fails otherwise. */
export async function verifyBulletin(compact: string, peers: Peer[]): Promise<Bulletin> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(compact);
  } catch {
    throw new Refusal(400, 'INVALID_BULLETIN', 'The bulletin is not a compact JWS (header.payload.signature)');
  }
  if (header.alg !== 'ES256') throw new Refusal(422, 'UNSUPPORTED_ALGORITHM', `Bulletins are signed with ES256, not ${String(header.alg)}`);
  const peer = peers.find((one) => one.kid === header.kid);
  if (!peer) throw new Refusal(422, 'UNKNOWN_SIGNER', `No registered peer signs with the key ${String(header.kid)}; register the peer and its public key first (POST /regional/peers)`);
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(compact, await importJWK(peer.jwk, 'ES256'), { algorithms: ['ES256'] }));
  } catch {
    throw new Refusal(422, 'BAD_SIGNATURE', `The signature does not verify under ${peer.country}'s key: the bulletin was altered or signed by another key`);
  }
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    throw new Refusal(422, 'BULLETIN_SCHEMA', 'The bulletin is not JSON');
  }
  const parsed = bulletinDocument.safeParse(document);
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join('.') || '(bulletin)', issue.message]));
    throw new Refusal(422, 'BULLETIN_SCHEMA', `The bulletin does not meet ${BULLETIN_SCHEMA}; see fields`, fields);
  }
  const bulletin = parsed.data;
  if (bulletin.country !== peer.country) throw new Refusal(422, 'SIGNER_MISMATCH', `The bulletin speaks for ${bulletin.country} but is signed with ${peer.country}'s key`);
  if (bulletin.definitionsVersion !== definitionsVersion) {
    throw new Refusal(422, 'DEFINITIONS_VERSION', `The bulletin uses indicator definitions version ${bulletin.definitionsVersion}; this deployment compares version ${definitionsVersion}`);
  }
  const small = smallCountIn(bulletin);
  if (small) throw new Refusal(422, 'SMALL_CELLS', `The bulletin carries a count below ${indicatorPolicy.smallCellThreshold} (${small}); it must be suppressed before it leaves its deployment`);
  return bulletin;
}

/** A peer to register: its key's thumbprint is the kid its bulletins name; this deployment's own country is refused. */
export async function peerOf(request: { country: string; name: string; jwk: JWK }, own: { country: string }): Promise<Peer> {
  if (request.country === own.country) throw new Refusal(409, 'OWN_COUNTRY', `${request.country} is this deployment's own country; a peer is another country's deployment`);
  const jwk: JWK = { kty: request.jwk.kty, crv: request.jwk.crv, x: request.jwk.x, y: request.jwk.y };
  try {
    await importJWK(jwk, 'ES256');
  } catch {
    throw new Refusal(400, 'INVALID_KEY', 'The key is not a P-256 public key', { jwk: 'a P-256 point (x, y)' });
  }
  return { country: request.country, name: request.name, kid: await calculateJwkThumbprint(jwk, 'sha256'), jwk };
}
