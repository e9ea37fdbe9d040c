// The master key that wraps every record's data key. Where it is comes from configuration, the
// same two settings on every host: PUENTE_MASTER_KEY_ARN names an AWS KMS key (the stack's
// customer-managed key), PUENTE_MASTER_KEY_FILE a local key file (created 0600 on first use).
// Exactly one must be set: without a master key nothing personal can be written.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, type KeyObject } from 'node:crypto';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import type {
  DecryptCommand,
  DecryptCommandOutput,
  EncryptCommand,
  EncryptCommandOutput,
  GenerateDataKeyCommand,
  GenerateDataKeyCommandOutput,
} from '@aws-sdk/client-kms';

export interface MasterKey {
  /** Which master wrapped a key item (`kms:<key id>` or `file:<fingerprint>`): kept on the item for migrations. */
  readonly name: string;
  /** A fresh 256-bit data key for one record, and its copy wrapped for storage, bound to `record` (its pk). */
  newDataKey(record: string): Promise<{ plaintext: Buffer; wrapped: Buffer }>;
  /** An existing data key wrapped for `record`: moving key items from one master key to another. */
  wrapDataKey(plaintext: Buffer, record: string): Promise<Buffer>;
  /** The data key of `record`; fails when the wrapped copy belongs to another record or master. */
  unwrapDataKey(wrapped: Buffer, record: string): Promise<Buffer>;
}

/** A wrapped data key that this master cannot open: another record's, another master's, or altered. */
export class KeyUnwrapFailed extends Error {
  override name = 'KeyUnwrapFailed';
}

/** No master key, two, or a key file that is not a private 256-bit key: the process must not start. */
export class MasterKeyMisconfigured extends Error {
  override name = 'MasterKeyMisconfigured';
}

export const IV_BYTES = 12;
export const TAG_BYTES = 16;

/** AES-256-GCM (OpenSSL) with a fresh 96-bit IV: iv ‖ ciphertext ‖ tag. Data keys and sealed blobs both use it. */
export function encryptGcm(key: KeyObject | Buffer, plaintext: Buffer, associatedData: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(associatedData);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** The plaintext of `encryptGcm`'s output; throws when the key, the associated data or a byte differs. */
export function decryptGcm(key: KeyObject | Buffer, bytes: Buffer, associatedData: Buffer): Buffer {
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('Too short for AES-GCM');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES }).setAAD(associatedData).setAuthTag(bytes.subarray(-TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, -TAG_BYTES)), decipher.final()]);
}

// ---- AWS KMS -------------------------------------------------------------------------------

/** A copy of key bytes the SDK handed over, and the SDK's own copy zeroed. */
function moveOut(bytes: Uint8Array): Buffer {
  const copy = Buffer.from(bytes);
  bytes.fill(0);
  return copy;
}

/** The part of the SDK's KMSClient used here, so tests can hand in a fake that counts calls. */
export interface KmsSender {
  send(command: GenerateDataKeyCommand): Promise<Pick<GenerateDataKeyCommandOutput, 'Plaintext' | 'CiphertextBlob'>>;
  send(command: DecryptCommand): Promise<Pick<DecryptCommandOutput, 'Plaintext'>>;
  send(command: EncryptCommand): Promise<Pick<EncryptCommandOutput, 'CiphertextBlob'>>;
}

/**
 * KMS generates each data key and keeps the master key: one GenerateDataKey per new record, one
 * Decrypt per record opened. The encryption context binds a wrapped key to its record, and shows
 * in CloudTrail (a record id, never personal data).
 */
export async function kmsMasterKey(keyId: string, client?: KmsSender): Promise<MasterKey> {
  // Loaded only where configured: a host with a key file never loads the KMS client.
  const kms = await import('@aws-sdk/client-kms');
  const sender: KmsSender = client ?? new kms.KMSClient({});
  const context = (record: string) => ({ purpose: 'puente-data-key/v1', record });
  return {
    name: `kms:${keyId}`,
    async newDataKey(record) {
      const out = await sender.send(new kms.GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context(record) }));
      if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS returned no data key');
      return { plaintext: moveOut(out.Plaintext), wrapped: Buffer.from(out.CiphertextBlob) };
    },
    async wrapDataKey(plaintext, record) {
      const out = await sender.send(new kms.EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: context(record) }));
      if (!out.CiphertextBlob) throw new Error('KMS returned no ciphertext');
      return Buffer.from(out.CiphertextBlob);
    },
    async unwrapDataKey(wrapped, record) {
      try {
        const out = await sender.send(new kms.DecryptCommand({ KeyId: keyId, CiphertextBlob: wrapped, EncryptionContext: context(record) }));
        if (!out.Plaintext) throw new Error('KMS returned no plaintext');
        return moveOut(out.Plaintext);
      } catch (error) {
        if ((error as Error).name === 'InvalidCiphertextException' || (error as Error).name === 'IncorrectKeyException') {
          throw new KeyUnwrapFailed(`The data key of ${record} does not open under ${keyId}`);
        }
        throw error;
      }
    },
  };
}

// ---- a key file on one machine --------------------------------------------------------------

const FILE_KEY_BYTES = 32;
const FINGERPRINT_BYTES = 8;

/**
 * A 256-bit master key kept in a file (base64, one line, mode 0600), created on first use. Each
 * data key is wrapped with AES-256-GCM under it, bound to its record; the wrapped copy starts with
 * the master's fingerprint, so a key item from another machine fails with a clear error.
 */
export async function fileMasterKey(path: string): Promise<MasterKey> {
  const master = await readOrCreateKeyFile(path);
  const fingerprint = createHmac('sha256', master).update('puente-master-key-fingerprint').digest().subarray(0, FINGERPRINT_BYTES);
  const aad = (record: string) => Buffer.from(`puente-data-key/v1\n${record}`);
  const wrapDataKey = async (plaintext: Buffer, record: string) => Buffer.concat([fingerprint, encryptGcm(master, plaintext, aad(record))]);
  return {
    name: `file:${fingerprint.toString('hex')}`,
    async newDataKey(record) {
      const plaintext = randomBytes(32);
      return { plaintext, wrapped: await wrapDataKey(plaintext, record) };
    },
    wrapDataKey,
    async unwrapDataKey(wrapped, record) {
      if (wrapped.length !== FINGERPRINT_BYTES + IV_BYTES + 32 + TAG_BYTES || !wrapped.subarray(0, FINGERPRINT_BYTES).equals(fingerprint)) {
        throw new KeyUnwrapFailed(`The data key of ${record} was not wrapped by the master key in ${path}`);
      }
      try {
        return decryptGcm(master, wrapped.subarray(FINGERPRINT_BYTES), aad(record));
      } catch {
        throw new KeyUnwrapFailed(`The data key of ${record} does not open: it belongs to another record or was altered`);
      }
    },
  };
}

async function readOrCreateKeyFile(path: string): Promise<Buffer> {
  const text = await privateKeyFile(path, 'master key', () => `${randomBytes(FILE_KEY_BYTES).toString('base64')}\n`, (message) => new MasterKeyMisconfigured(message));
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== FILE_KEY_BYTES) throw new MasterKeyMisconfigured(`The master key file ${path} does not hold a 256-bit key`);
  return key;
}

/**
 * The text of a private key file, created with `create()` (mode 0600) when absent. Used for every
 * key a host keeps on disk (the master key, the bulletin signing key).
 */
export async function privateKeyFile(path: string, label: string, create: () => string, misconfigured: (message: string) => Error): Promise<string> {
  try {
    return await readPrivateFile(path, label, misconfigured);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // Written whole under a temporary name, then linked into place: link fails if another process
  // created the key first, and nobody ever reads a half-written key.
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, create(), { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary);
  }
  return readPrivateFile(path, label, misconfigured);
}

async function readPrivateFile(path: string, label: string, misconfigured: (message: string) => Error): Promise<string> {
  const { mode } = await stat(path);
  // File modes mean nothing on Windows; elsewhere a key others can read is refused, as ssh does.
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw misconfigured(`The ${label} file ${path} can be read by others (mode ${(mode & 0o777).toString(8)}); make it 0600`);
  }
  return readFile(path, 'utf8');
}

// ---- which one ------------------------------------------------------------------------------

/** The master key the configuration names: PUENTE_MASTER_KEY_ARN or PUENTE_MASTER_KEY_FILE, exactly one. */
export async function masterKeyFromSettings(settings: NodeJS.ProcessEnv, kmsClient?: KmsSender): Promise<MasterKey> {
  const { PUENTE_MASTER_KEY_ARN: arn, PUENTE_MASTER_KEY_FILE: file } = settings;
  if (arn && file) throw new MasterKeyMisconfigured('Set PUENTE_MASTER_KEY_ARN or PUENTE_MASTER_KEY_FILE, not both');
  if (arn) return logged(await kmsMasterKey(arn, kmsClient));
  if (file) return logged(await fileMasterKey(file));
  throw new MasterKeyMisconfigured('No master key: set PUENTE_MASTER_KEY_ARN (AWS KMS) or PUENTE_MASTER_KEY_FILE (a key file)');
}

/**
 * Each call on the master key (a KMS request on AWS) is logged at DEBUG, by the KMS operation it is,
 * and so is each record key served from memory instead (sealing.ts): with POWERTOOLS_LOG_LEVEL=DEBUG
 * both can be counted (`npm run bench` does). No record id.
 */
export const keyLog = new Logger({ serviceName: 'puente' });
export const MASTER_KEY_CALL = 'master key call';
export const RECORD_KEY_FROM_MEMORY = 'record key from memory';

function logged(master: MasterKey): MasterKey {
  const call = (operation: 'GenerateDataKey' | 'Encrypt' | 'Decrypt') => keyLog.debug(MASTER_KEY_CALL, { operation });
  return {
    name: master.name,
    newDataKey: (record) => (call('GenerateDataKey'), master.newDataKey(record)),
    wrapDataKey: (plaintext, record) => (call('Encrypt'), master.wrapDataKey(plaintext, record)),
    unwrapDataKey: (wrapped, record) => (call('Decrypt'), master.unwrapDataKey(wrapped, record)),
  };
}
