// The local JWT issuer. Its tokens carry the claims a Cognito ID token carries on AWS
// (`sub`, `cognito:groups`, `custom:org`), so handlers read one shape on both hosts.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWK, type JWTPayload } from 'jose';
import { idTokenSeconds } from '../../system/description.ts';
import { demoUsers } from '../../system/demo.ts';
import { dataDirEntries } from './data-dir.ts';

const ISSUER = 'puente-local';
const AUDIENCE = 'puente';
const ALGORITHM = 'ES256';

export class UnknownUser extends Error {
  override name = 'UnknownUser';
}

export interface LocalIssuer {
  issue(username: string): Promise<string>;
  /** The claims as API Gateway's JWT authorizer passes them on: arrays flattened to `[a b]`. */
  verify(token: string): Promise<Record<string, string>>;
}

/** The signing key lives in the data dir, so tokens stay valid across restarts. */
export async function localIssuer(dataDir: string): Promise<LocalIssuer> {
  const keyFile = join(dataDir, dataDirEntries.signInKey);
  if (!existsSync(keyFile)) {
    const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
    writeFileSync(keyFile, JSON.stringify(await exportJWK(privateKey)), { mode: 0o600 });
  }
  const privateJwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
  const { d: _private, ...publicJwk } = privateJwk;
  const privateKey = await importJWK(privateJwk, ALGORITHM);
  const publicKey = await importJWK(publicJwk, ALGORITHM);

  return {
    async issue(username) {
      const user = demoUsers.find((candidate) => candidate.username === username);
      if (!user) throw new UnknownUser(`no demo user named ${JSON.stringify(username)}; try one of ${demoUsers.map((u) => u.username).join(', ')}`);
      return new SignJWT({
        'cognito:username': user.username,
        'cognito:groups': [user.role],
        'custom:org': user.organisationId,
        token_use: 'id',
      })
        .setProtectedHeader({ alg: ALGORITHM })
        .setSubject(createHash('sha256').update(`demo:${user.username}`).digest('hex').slice(0, 32))
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${idTokenSeconds}s`)
        .sign(privateKey);
    },
    async verify(token) {
      const { payload } = await jwtVerify(token, publicKey, { issuer: ISSUER, audience: AUDIENCE });
      return flattenClaims(payload);
    },
  };
}

function flattenClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [name, Array.isArray(value) ? `[${value.join(' ')}]` : String(value)]),
  );
}
