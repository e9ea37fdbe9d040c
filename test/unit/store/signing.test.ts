// The bulletin signing key on both hosts: a key file (created 0600, refused when others can read
// it) and an asymmetric KMS key (a fake KMS signing with DER, as KMS does): both give ES256 JWS
// that a peer verifies with the published JWK, and the same kid on every start.
import { generateKeyPairSync, sign as derSign } from 'node:crypto';
import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactVerify, importJWK } from 'jose';
import { describe, expect, test } from 'vitest';
import { derToJose, fileSigner, kmsSigner, signCompact, signerFromSettings, type KmsSigningSender } from '../../../functions/store/signing.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'puente-signing-'));

async function verified(jws: string, jwk: Record<string, unknown>) {
  const { payload, protectedHeader } = await compactVerify(jws, await importJWK(jwk, 'ES256'), { algorithms: ['ES256'] });
  return { payload: JSON.parse(new TextDecoder().decode(payload)), protectedHeader };
}

describe('a key file', () => {
  test('is created once (0600), signs ES256 that verifies with its JWK, and keeps its kid', async () => {
    const path = join(dir(), 'signing.key');
    const signer = await fileSigner(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(signer.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: signer.kid });
    expect(signer.publicJwk).not.toHaveProperty('d');
    const jws = await signCompact(signer, { country: 'GT' }, 'puente-bulletin+jwt');
    const { payload, protectedHeader } = await verified(jws, signer.publicJwk as Record<string, unknown>);
    expect(payload).toEqual({ country: 'GT' });
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: signer.kid, typ: 'puente-bulletin+jwt' });
    expect((await fileSigner(path)).kid).toBe(signer.kid);
  });

  test('that others can read is refused', async () => {
    const path = join(dir(), 'signing.key');
    await fileSigner(path);
    chmodSync(path, 0o644);
    await expect(fileSigner(path)).rejects.toThrow(/can be read by others/);
  });

  test('exactly one key is configured', async () => {
    await expect(signerFromSettings({})).rejects.toThrow(/No bulletin signing key/);
    await expect(signerFromSettings({ PUENTE_SIGNING_KEY_ARN: 'arn', PUENTE_SIGNING_KEY_FILE: '/x' })).rejects.toThrow(/not both/);
  });
});

describe('an asymmetric KMS key', () => {
  /** A KMS that holds a P-256 key and signs as KMS does: ECDSA_SHA_256 over the raw message, DER. */
  function fakeKms() {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const calls: string[] = [];
    const sender: KmsSigningSender = {
      async send(command: any) {
        calls.push(command.constructor.name);
        if (command.constructor.name === 'GetPublicKeyCommand') return { PublicKey: publicKey.export({ format: 'der', type: 'spki' }) };
        expect(command.input).toMatchObject({ KeyId: 'arn:aws:kms:key/1', MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' });
        return { Signature: derSign('sha256', command.input.Message, privateKey) };
      },
    } as KmsSigningSender;
    return { sender, calls };
  }

  test('signs through KMS Sign (DER turned into r ‖ s) and verifies with the JWK from GetPublicKey', async () => {
    const kms = fakeKms();
    const signer = await kmsSigner('arn:aws:kms:key/1', kms.sender);
    for (let i = 0; i < 20; i++) {
      // Twenty signatures: some r or s start with a high bit (DER pads) or a zero byte (DER trims).
      const jws = await signCompact(signer, { n: i }, 'puente-bulletin+jwt');
      expect((await verified(jws, signer.publicJwk as Record<string, unknown>)).payload).toEqual({ n: i });
    }
    expect(kms.calls.filter((name) => name === 'GetPublicKeyCommand')).toHaveLength(1);
  });

  test('DER to JOSE: padded and short integers come back as 32 bytes each', () => {
    const r = Buffer.alloc(32, 0xff);
    const s = Buffer.concat([Buffer.alloc(1), Buffer.alloc(31, 0x01)]);
    // r with a sign byte (33 bytes), s with its leading zero dropped (31 bytes).
    const der = Buffer.concat([Buffer.from([0x30, 2 + 33 + 2 + 31, 0x02, 33, 0x00]), r, Buffer.from([0x02, 31]), s.subarray(1)]);
    expect(Buffer.from(derToJose(der))).toEqual(Buffer.concat([r, s]));
    expect(() => derToJose(Buffer.from([0x31, 0]))).toThrow(/DER/);
  });
});
