// The deployment's bulletin signing key (ES256, P-256), named by configuration like the master
// key: PUENTE_SIGNING_KEY_ARN an asymmetric AWS KMS key (ECC_NIST_P256, SIGN_VERIFY; the private
// key never leaves KMS), PUENTE_SIGNING_KEY_FILE a PKCS#8 key file (created 0600 on first use).
// Exactly one must be set. Both give the same two things: the public key as a JWK, and an
// ES256 signature (r ‖ s, 64 bytes) of a JWS signing input.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { GetPublicKeyCommand, GetPublicKeyCommandOutput, SignCommand, SignCommandOutput } from '@aws-sdk/client-kms';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { privateKeyFile } from './keys.ts';

export interface BulletinSigner {
  /** The key's id in JWS headers and the JWKS: its RFC 7638 thumbprint. */
  readonly kid: string;
  /** The public key (kty, crv, x, y, kid, alg, use). */
  readonly publicJwk: JWK;
  /** The ES256 signature of `input` (the JWS signing input), as JOSE wants it: r ‖ s. */
  sign(input: Uint8Array): Promise<Uint8Array>;
}

/** No signing key, two, or a key file that is not a P-256 private key. */
export class SigningKeyMisconfigured extends Error {
  override name = 'SigningKeyMisconfigured';
}

async function signerOf(publicKey: KeyObject, signWith: (input: Uint8Array) => Promise<Uint8Array>): Promise<BulletinSigner> {
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
  if (kty !== 'EC' || crv !== 'P-256') throw new SigningKeyMisconfigured(`The bulletin signing key must be an EC P-256 key, not ${kty} ${crv ?? ''}`);
  const bare = { kty, crv, x, y } as JWK;
  const kid = await calculateJwkThumbprint(bare, 'sha256');
  return { kid, publicJwk: { ...bare, kid, alg: 'ES256', use: 'sig' }, sign: signWith };
}

// ---- a key file on one machine --------------------------------------------------------------

export async function fileSigner(path: string): Promise<BulletinSigner> {
  const pem = await privateKeyFile(
    path,
    'signing key',
    () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    (message) => new SigningKeyMisconfigured(message),
  );
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new SigningKeyMisconfigured(`The signing key file ${path} does not hold a private key (PKCS#8 PEM)`);
  }
  return signerOf(createPublicKey(key), async (input) => sign('sha256', input, { key, dsaEncoding: 'ieee-p1363' }));
}

// ---- AWS KMS -------------------------------------------------------------------------------

/** The part of the SDK's KMSClient used here, so tests can hand in a fake. */
export interface KmsSigningSender {
  send(command: GetPublicKeyCommand): Promise<Pick<GetPublicKeyCommandOutput, 'PublicKey'>>;
  send(command: SignCommand): Promise<Pick<SignCommandOutput, 'Signature'>>;
}

/** KMS gives an ECDSA signature as DER (SEQUENCE of two INTEGERs); JOSE wants r ‖ s, 32 bytes each. */
export function derToJose(der: Uint8Array, size = 32): Uint8Array {
  const bytes = Buffer.from(der);
  let at = 0;
  const expect = (tag: number) => {
    if (bytes[at++] !== tag) throw new Error('Not a DER ECDSA signature');
  };
  const length = () => {
    const first = bytes[at++];
    if (first < 0x80) return first;
    let value = 0;
    for (let count = first & 0x7f; count > 0; count--) value = (value << 8) | bytes[at++];
    return value;
  };
  expect(0x30);
  length();
  const integer = () => {
    expect(0x02);
    const integerLength = length();
    const value = bytes.subarray(at, (at += integerLength));
    // DER adds a leading zero to keep a high bit positive, and drops leading zeros: back to `size` bytes.
    const trimmed = value.subarray(Math.max(0, value.length - size));
    if (value.length > size && value.subarray(0, value.length - size).some((byte) => byte !== 0)) throw new Error('Not a P-256 signature');
    return Buffer.concat([Buffer.alloc(size - trimmed.length), trimmed]);
  };
  return Buffer.concat([integer(), integer()]);
}

export async function kmsSigner(keyId: string, client?: KmsSigningSender): Promise<BulletinSigner> {
  // Loaded only where configured: a host with a key file never loads the KMS client.
  const kms = await import('@aws-sdk/client-kms');
  const sender: KmsSigningSender = client ?? new kms.KMSClient({});
  const { PublicKey } = await sender.send(new kms.GetPublicKeyCommand({ KeyId: keyId }));
  if (!PublicKey) throw new Error('KMS returned no public key');
  return signerOf(createPublicKey({ key: Buffer.from(PublicKey), format: 'der', type: 'spki' }), async (input) => {
    const { Signature } = await sender.send(new kms.SignCommand({ KeyId: keyId, Message: input, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }));
    if (!Signature) throw new Error('KMS returned no signature');
    return derToJose(Signature);
  });
}

// ---- which one ------------------------------------------------------------------------------

let cached: Promise<BulletinSigner> | undefined;

/** The signing key the configuration names: PUENTE_SIGNING_KEY_ARN or PUENTE_SIGNING_KEY_FILE, exactly one. */
export function signerFromSettings(settings: NodeJS.ProcessEnv, kmsClient?: KmsSigningSender): Promise<BulletinSigner> {
  const { PUENTE_SIGNING_KEY_ARN: arn, PUENTE_SIGNING_KEY_FILE: file } = settings;
  if (arn && file) return Promise.reject(new SigningKeyMisconfigured('Set PUENTE_SIGNING_KEY_ARN or PUENTE_SIGNING_KEY_FILE, not both'));
  if (arn) return kmsSigner(arn, kmsClient);
  if (file) return fileSigner(file);
  return Promise.reject(new SigningKeyMisconfigured('No bulletin signing key: set PUENTE_SIGNING_KEY_ARN (AWS KMS) or PUENTE_SIGNING_KEY_FILE (a key file)'));
}

/** This process's signer, made once (one GetPublicKey per cold start on AWS). */
export function bulletinSigner(): Promise<BulletinSigner> {
  cached ??= signerFromSettings(process.env).catch((error) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

const base64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

/** A compact JWS (ES256) of `payload`, signed by `signer`. */
export async function signCompact(signer: BulletinSigner, payload: unknown, type: string): Promise<string> {
  const input = `${base64url(JSON.stringify({ alg: 'ES256', kid: signer.kid, typ: type }))}.${base64url(JSON.stringify(payload))}`;
  return `${input}.${base64url(await signer.sign(Buffer.from(input)))}`;
}
