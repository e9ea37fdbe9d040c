// Envelope encryption per record: sealed blobs open only for their own item under their own
// record's key; an erased key item leaves nothing that opens; the master key is a 0600 file or
// AWS KMS (here a fake KMS client that counts calls: one per record key).
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecryptCommand, EncryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { documents } from '../../../functions/store/clients.ts';
import { fileMasterKey, KeyUnwrapFailed, kmsMasterKey, masterKeyFromSettings, MasterKeyMisconfigured, type KmsSender, type MasterKey } from '../../../functions/store/keys.ts';
import { openItem, recordKeys, recordKeysWith, SealBroken, sealItem, seal, unseal, type KeyItem, type RecordKey } from '../../../functions/store/sealing.ts';

const CASE = 'CASE#c-one';
const OTHER = 'CASE#c-two';
const submission = { pk: CASE, sk: 'SUBMISSION#2026-11-28T10:00:00.000Z' };
const MARKER = `Zorayda-${randomBytes(6).toString('hex')}`;

let dir: string;
let master: MasterKey;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'puente-sealing-'));
  master = await fileMasterKey(join(dir, 'master.key'));
  process.env.TABLE_NAME = 'puente-test';
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function keyOf(record: string, using = master): Promise<{ keyItem: KeyItem; key: RecordKey }> {
  return recordKeysWith(using).newRecordKey(record);
}

describe('seal and unseal', () => {
  test('the attributes come back as they went in', async () => {
    const { key } = await keyOf(CASE);
    const attributes = { givenName: MARKER, familyName: 'Pérez Núñez', answers: { ageEstimate: 17, notes: 'llegó de noche' }, none: null };
    expect(unseal(key, seal(key, attributes, submission), submission)).toEqual(attributes);
  });

  test('the blob holds no plaintext, and names of near lengths give blobs of one length', async () => {
    const { key } = await keyOf(CASE);
    const blob = seal(key, { givenName: MARKER }, submission);
    expect(blob).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(Buffer.from(blob.slice(3), 'base64url').toString('latin1')).not.toContain(MARKER);
    expect(seal(key, { givenName: 'Ana' }, submission).length).toBe(seal(key, { givenName: 'Anabella' }, submission).length);
  });

  test('each seal draws a fresh nonce: the same attributes twice give two blobs', async () => {
    const { key } = await keyOf(CASE);
    expect(seal(key, { givenName: MARKER }, submission)).not.toBe(seal(key, { givenName: MARKER }, submission));
  });

  test('a blob opened for another item (wrong associated data) fails', async () => {
    const { key } = await keyOf(CASE);
    const blob = seal(key, { givenName: MARKER }, submission);
    expect(() => unseal(key, blob, { pk: CASE, sk: 'SUBMISSION#2026-11-28T10:00:00.001Z' })).toThrow(SealBroken);
  });

  test('a blob moved into another item of the record, or into another record, fails to open there', async () => {
    const one = await keyOf(CASE);
    const two = await keyOf(OTHER);
    const stored = sealItem(one.key, { ...submission, formId: 'screening-interview', givenName: MARKER }, ['givenName']);
    const movedWithin = { ...stored, sk: 'AUDIT#2026-11-28T11:00:00.000Z' } as typeof submission;
    expect(() => openItem(one.key, movedWithin)).toThrow(SealBroken);
    const movedAcross = { ...stored, pk: OTHER } as typeof submission;
    expect(() => openItem(two.key, movedAcross)).toThrow(SealBroken);
    // Even under the key of the record it came from, the pk it now sits under does not match.
    expect(() => openItem(one.key, movedAcross)).toThrow(SealBroken);
  });

  test('another record’s key does not open a blob, even with the right associated data', async () => {
    const one = await keyOf(CASE);
    const sameRecordOtherKey = await keyOf(CASE);
    const blob = seal(one.key, { givenName: MARKER }, submission);
    expect(() => unseal(sameRecordOtherKey.key, blob, submission)).toThrow(SealBroken);
  });

  test('a flipped bit or a foreign string fails to open, naming the item but not the data', async () => {
    const { key } = await keyOf(CASE);
    const bytes = Buffer.from(seal(key, { givenName: MARKER }, submission).slice(3), 'base64url');
    bytes[20] ^= 1;
    expect(() => unseal(key, `v1.${bytes.toString('base64url')}`, submission)).toThrow(/do not open/);
    expect(() => unseal(key, MARKER, submission)).toThrow(/not a v1 blob/);
  });

  test('sealItem keeps the clear attributes in the clear and openItem puts the sealed ones back', async () => {
    const { key } = await keyOf(CASE);
    const item = { ...submission, formId: 'screening-interview', submittedAt: '2026-11-28T10:00:00.000Z', answers: { givenName: MARKER } };
    const stored = sealItem(key, item, ['answers']);
    expect(stored).toEqual({ ...submission, formId: 'screening-interview', submittedAt: item.submittedAt, sealed: expect.stringMatching(/^v1\./) });
    expect(JSON.stringify(stored)).not.toContain(MARKER);
    expect(openItem(key, stored as typeof submission)).toEqual(item);
  });
});

describe('key items and erasure', () => {
  // A one-table fake of DynamoDB: the key item is read with GetItem and erased by a transaction's Delete.
  const table = new Map<string, Record<string, unknown>>();
  const at = (key: { pk: unknown; sk: unknown }) => `${key.pk}|${key.sk}`;
  const gets: GetCommand['input'][] = [];
  beforeEach(() => {
    table.clear();
    gets.length = 0;
    vi.spyOn(documents, 'send').mockImplementation((async (command: unknown) => {
      if (!(command instanceof GetCommand)) throw new Error('unexpected command');
      gets.push(command.input);
      return { Item: table.get(at(command.input.Key as { pk: string; sk: string })) };
    }) as never);
  });

  test('the key item lives in its own partition and holds only the wrapped key', async () => {
    const { keyItem } = await keyOf(CASE);
    expect(keyItem).toEqual({ pk: `KEY#${CASE}`, sk: 'KEY', wrappedKey: expect.any(String), wrappedBy: master.name, createdAt: expect.any(String) });
  });

  test('an erased key item leaves nothing that opens the record’s blobs, in this process or a fresh one', async () => {
    const keys = recordKeysWith(master);
    const { keyItem, key } = await keys.newRecordKey(CASE);
    table.set(at(keyItem), { ...keyItem });
    const blob = seal(key, { givenName: MARKER }, submission);
    expect(unseal((await keys.readRecordKey(CASE))!, blob, submission)).toEqual({ givenName: MARKER });
    expect(gets.at(-1)).toMatchObject({ Key: { pk: `KEY#${CASE}`, sk: 'KEY' }, ConsistentRead: true });

    const erase = keys.eraseRecordKey(CASE);
    expect(erase).toEqual({ Delete: { TableName: 'puente-test', Key: { pk: `KEY#${CASE}`, sk: 'KEY' } } });
    table.delete(at(erase.Delete!.Key as { pk: string; sk: string }));

    expect(await keys.readRecordKey(CASE)).toBeUndefined();
    expect(await recordKeysWith(master).readRecordKey(CASE)).toBeUndefined();
    // A key made anew for the same record is another key: the old blobs stay shut.
    const { key: fresh } = await keys.newRecordKey(CASE);
    expect(() => unseal(fresh, blob, submission)).toThrow(SealBroken);
  });

  test('a key item copied under another record does not unwrap there, even with its key in memory', async () => {
    const keys = recordKeysWith(master);
    const { keyItem } = await keys.newRecordKey(CASE);
    await expect(keys.openRecordKey({ ...keyItem, pk: `KEY#${OTHER}` })).rejects.toThrow(KeyUnwrapFailed);
    await expect(recordKeysWith(master).openRecordKey({ ...keyItem, pk: `KEY#${OTHER}` })).rejects.toThrow(KeyUnwrapFailed);
  });

  test('a key item wrapped by another machine’s master key fails with a clear error', async () => {
    const elsewhere = await fileMasterKey(join(dir, 'elsewhere', 'master.key'));
    const { keyItem } = await keyOf(CASE, elsewhere);
    await expect(recordKeysWith(master).openRecordKey(keyItem)).rejects.toThrow(/not wrapped by the master key in/);
  });
});

describe('the master key file', () => {
  test('is created on first use with mode 0600, holding a 256-bit key, and reused afterwards', async () => {
    const path = join(dir, 'first-start', 'data', 'master.key');
    const first = await fileMasterKey(path);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(path, 'utf8')).trim(), 'base64')).toHaveLength(32);
    const { keyItem, key } = await recordKeysWith(first).newRecordKey(CASE);
    const blob = seal(key, { givenName: MARKER }, submission);

    const again = await fileMasterKey(path); // the next start
    expect(again.name).toBe(first.name);
    expect(unseal(await recordKeysWith(again).openRecordKey(keyItem), blob, submission)).toEqual({ givenName: MARKER });
  });

  test('two processes starting at once end up with one key', async () => {
    const path = join(dir, 'race', 'master.key');
    const masters = await Promise.all(Array.from({ length: 8 }, () => fileMasterKey(path)));
    expect(new Set(masters.map((m) => m.name)).size).toBe(1);
  });

  test('a key file others can read, or one that is not a 256-bit key, is refused', async () => {
    const loose = join(dir, 'loose.key');
    await writeFile(loose, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    await chmod(loose, 0o644);
    await expect(fileMasterKey(loose)).rejects.toThrow(MasterKeyMisconfigured);
    const short = join(dir, 'short.key');
    await writeFile(short, `${randomBytes(16).toString('base64')}\n`, { mode: 0o600 });
    await expect(fileMasterKey(short)).rejects.toThrow(/256-bit/);
  });
});

/** A KMS that keeps its keys to itself, checks the encryption context and counts its calls. */
function fakeKms() {
  const vault = new Map<string, { plaintext: Buffer; context: string }>();
  const calls = { GenerateDataKey: 0, Decrypt: 0, Encrypt: 0 };
  const inputs: unknown[] = [];
  const wrap = (plaintext: Buffer, context: unknown) => {
    const blob = randomBytes(24);
    vault.set(blob.toString('hex'), { plaintext: Buffer.from(plaintext), context: JSON.stringify(context) });
    return new Uint8Array(blob);
  };
  const client = {
    async send(command: GenerateDataKeyCommand | DecryptCommand | EncryptCommand) {
      inputs.push(command.input);
      if (command instanceof GenerateDataKeyCommand) {
        calls.GenerateDataKey++;
        const plaintext = randomBytes(32);
        return { Plaintext: new Uint8Array(plaintext), CiphertextBlob: wrap(plaintext, command.input.EncryptionContext) };
      }
      if (command instanceof EncryptCommand) {
        calls.Encrypt++;
        return { CiphertextBlob: wrap(Buffer.from(command.input.Plaintext!), command.input.EncryptionContext) };
      }
      calls.Decrypt++;
      const held = vault.get(Buffer.from(command.input.CiphertextBlob!).toString('hex'));
      if (!held || held.context !== JSON.stringify(command.input.EncryptionContext)) {
        throw Object.assign(new Error('invalid ciphertext'), { name: 'InvalidCiphertextException' });
      }
      return { Plaintext: new Uint8Array(held.plaintext) };
    },
  } as KmsSender;
  return { client, calls, inputs };
}

describe('AWS KMS as the master key', () => {
  const ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

  test('the SDK client is what the module takes', () => {
    const real: KmsSender = new KMSClient({ region: 'eu-west-1' });
    expect(real).toBeDefined();
  });

  test('one GenerateDataKey per new record, bound to it by the encryption context', async () => {
    const kms = fakeKms();
    const keys = recordKeysWith(await kmsMasterKey(ARN, kms.client));
    const { keyItem } = await keys.newRecordKey(CASE);
    expect(kms.calls).toEqual({ GenerateDataKey: 1, Decrypt: 0, Encrypt: 0 });
    expect(kms.inputs[0]).toEqual({ KeyId: ARN, KeySpec: 'AES_256', EncryptionContext: { purpose: 'puente-data-key/v1', record: CASE } });
    expect(keyItem.wrappedBy).toBe(`kms:${ARN}`);
    // The creating request has the key already: no Decrypt to seal its first items.
    await keys.openRecordKey(keyItem);
    expect(kms.calls.Decrypt).toBe(0);
  });

  test('one Decrypt per record opened, however many items and opens; a second record costs one more', async () => {
    const kms = fakeKms();
    const made = recordKeysWith(await kmsMasterKey(ARN, kms.client));
    const one = await made.newRecordKey(CASE);
    const two = await made.newRecordKey(OTHER);
    const blobs = Array.from({ length: 20 }, (_, i) => seal(one.key, { note: `${MARKER} ${i}` }, { pk: CASE, sk: `STEP#${i}` }));

    const reader = recordKeysWith(await kmsMasterKey(ARN, kms.client)); // another request, another process
    for (const [i, blob] of blobs.entries()) {
      expect(unseal(await reader.openRecordKey(one.keyItem), blob, { pk: CASE, sk: `STEP#${i}` })).toEqual({ note: `${MARKER} ${i}` });
    }
    expect(kms.calls.Decrypt).toBe(1);
    await reader.openRecordKey(two.keyItem);
    await reader.openRecordKey(one.keyItem);
    expect(kms.calls.Decrypt).toBe(2);
  });

  test('an unwrapped key is kept no longer than the cache allows, nor beyond its size', async () => {
    const kms = fakeKms();
    let clock = 0;
    const made = recordKeysWith(await kmsMasterKey(ARN, kms.client));
    const one = await made.newRecordKey(CASE);
    const two = await made.newRecordKey(OTHER);
    const reader = recordKeysWith(await kmsMasterKey(ARN, kms.client), { cache: { ttlSeconds: 60, entries: 1 }, now: () => clock });
    await reader.openRecordKey(one.keyItem);
    clock = 59_999;
    await reader.openRecordKey(one.keyItem);
    expect(kms.calls.Decrypt).toBe(1);
    clock = 60_000;
    await reader.openRecordKey(one.keyItem);
    expect(kms.calls.Decrypt).toBe(2);
    await reader.openRecordKey(two.keyItem); // pushes the first out: one entry only
    await reader.openRecordKey(one.keyItem);
    expect(kms.calls.Decrypt).toBe(4);
  });

  test('a wrapped key under another record’s context is refused by KMS and reported as such', async () => {
    const kms = fakeKms();
    const { keyItem } = await recordKeysWith(await kmsMasterKey(ARN, kms.client)).newRecordKey(CASE);
    await expect(recordKeysWith(await kmsMasterKey(ARN, kms.client)).openRecordKey({ ...keyItem, pk: `KEY#${OTHER}` })).rejects.toThrow(KeyUnwrapFailed);
  });

  test('moving a machine to AWS re-wraps each key item under KMS; its blobs still open', async () => {
    const kms = fakeKms();
    const aws = await kmsMasterKey(ARN, kms.client);
    const { keyItem, key } = await recordKeysWith(master).newRecordKey(CASE);
    const blob = seal(key, { givenName: MARKER }, submission);
    const moved = await recordKeysWith(master).rewrap(keyItem, aws);
    expect(moved.wrappedBy).toBe(`kms:${ARN}`);
    expect(kms.calls.Encrypt).toBe(1);
    expect(unseal(await recordKeysWith(aws).openRecordKey(moved), blob, submission)).toEqual({ givenName: MARKER });
  });
});

describe('which master key: configuration names where it is', () => {
  test('the process’s record keys come from its settings, once; a missing setting fails every call until set', async () => {
    const saved = { file: process.env.PUENTE_MASTER_KEY_FILE, arn: process.env.PUENTE_MASTER_KEY_ARN };
    delete process.env.PUENTE_MASTER_KEY_FILE;
    delete process.env.PUENTE_MASTER_KEY_ARN;
    try {
      await expect(recordKeys()).rejects.toThrow(MasterKeyMisconfigured);
      process.env.PUENTE_MASTER_KEY_FILE = join(dir, 'process', 'master.key');
      const keys = await recordKeys();
      expect(await recordKeys()).toBe(keys);
      expect((await stat(join(dir, 'process', 'master.key'))).mode & 0o777).toBe(0o600);
    } finally {
      for (const [name, value] of [['PUENTE_MASTER_KEY_FILE', saved.file], ['PUENTE_MASTER_KEY_ARN', saved.arn]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  test('PUENTE_MASTER_KEY_ARN gives KMS, PUENTE_MASTER_KEY_FILE a key file', async () => {
    const kms = fakeKms();
    expect((await masterKeyFromSettings({ PUENTE_MASTER_KEY_ARN: 'alias/puente' }, kms.client)).name).toBe('kms:alias/puente');
    expect((await masterKeyFromSettings({ PUENTE_MASTER_KEY_FILE: join(dir, 'master.key') })).name).toBe(master.name);
  });

  test('none or both is a start-up error, never plaintext', async () => {
    await expect(masterKeyFromSettings({})).rejects.toThrow(MasterKeyMisconfigured);
    await expect(masterKeyFromSettings({ PUENTE_MASTER_KEY_ARN: 'alias/puente', PUENTE_MASTER_KEY_FILE: join(dir, 'master.key') })).rejects.toThrow(/not both/);
  });
});
