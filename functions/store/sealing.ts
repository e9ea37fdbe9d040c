// Envelope encryption per record. Each case and each tip has its own 256-bit data key, wrapped by
// the master key (keys.ts) and kept in a key item of its own partition, `KEY#<record pk>`. An
// item's personal attributes are sealed together into one attribute, `sealed`, with AES-256-GCM
// (node:crypto, i.e. OpenSSL) under the record's key, bound to the item's pk and sk. Erasure
// deletes the key item: every sealed attribute of the record is then noise (crypto-shredding).
// docs/data-protection.md gives the format and the reasons.
import { createSecretKey, type KeyObject } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from './table.ts';
import { documents, tableName } from './clients.ts';
import { keyCachePolicy } from '../domain/policy.ts';
import { decryptGcm, encryptGcm, IV_BYTES, keyLog, masterKeyFromSettings, RECORD_KEY_FROM_MEMORY, TAG_BYTES, type MasterKey } from './keys.ts';



/** A record's data key, unwrapped. Logging it prints no key material (a KeyObject never does). */
export interface RecordKey {
  /** The record's pk (`CASE#…`, `TIP#…`): the key seals and opens only that record's items. */
  readonly record: string;
  readonly secret: KeyObject;
}

/** The item holding a record's wrapped data key; written with the record, deleted by erasure. */
export interface KeyItem {
  pk: string;
  sk: 'KEY';
  /** The data key wrapped by the master key, base64. */
  wrappedKey: string;
  /** Which master key wrapped it (`kms:…`, `file:…`), so a move to AWS can find what to re-wrap. */
  wrappedBy: string;
  createdAt: string;
}

export const keyItemKey = (record: string) => ({ pk: `KEY#${record}`, sk: 'KEY' as const });
const recordOf = (keyItem: Pick<KeyItem, 'pk'>) => keyItem.pk.slice('KEY#'.length);

export interface RecordKeys {
  /** A new record's key, and the key item to write in the record's creation transaction (as a new item). */
  newRecordKey(record: string, at?: string): Promise<{ keyItem: KeyItem; key: RecordKey }>;
  /** Unwraps a key item: one master-key call per record, then from memory for `keyCachePolicy.ttlSeconds`. */
  openRecordKey(keyItem: KeyItem): Promise<RecordKey>;
  /** Reads the record's key item (strongly consistent) and opens it; undefined once erased (or never made). */
  readRecordKey(record: string): Promise<RecordKey | undefined>;
  /** The transaction item that erases a record's key (crypto-shredding); drops it from this process's memory. */
  eraseRecordKey(record: string): TransactItem;
  /** The key item wrapped anew by another master key (moving from a key file to KMS); the data key stays. */
  rewrap(keyItem: KeyItem, to: MasterKey): Promise<KeyItem>;
}

export interface RecordKeysOptions {
  cache?: { ttlSeconds: number; entries: number };
  /** Milliseconds since the epoch; tests pass a fake clock. */
  now?: () => number;
}

export function recordKeysWith(master: MasterKey, options: RecordKeysOptions = {}): RecordKeys {
  const { ttlSeconds, entries } = options.cache ?? keyCachePolicy;
  const now = options.now ?? Date.now;
  // Keyed by the wrapped key itself: an entry can only be reached by presenting the key item.
  const cache = new Map<string, { key: RecordKey; until: number }>();

  // `until` is set when the key is unwrapped and kept on every use: the time a key stays in
  // memory is bounded, however busy its record.
  const remember = (wrappedKey: string, key: RecordKey, until = now() + ttlSeconds * 1000) => {
    if (entries <= 0) return;
    cache.delete(wrappedKey);
    cache.set(wrappedKey, { key, until });
    // A Map iterates in insertion order: the first entry is the least recently used.
    while (cache.size > entries) cache.delete(cache.keys().next().value!);
  };

  const recordKey = (record: string, plaintext: Buffer): RecordKey => {
    const key = { record, secret: createSecretKey(plaintext) };
    plaintext.fill(0);
    return key;
  };

  const keys: RecordKeys = {
    async newRecordKey(record, at = new Date().toISOString()) {
      const { plaintext, wrapped } = await master.newDataKey(record);
      const keyItem: KeyItem = { ...keyItemKey(record), wrappedKey: wrapped.toString('base64'), wrappedBy: master.name, createdAt: at };
      const key = recordKey(record, plaintext);
      remember(keyItem.wrappedKey, key);
      return { keyItem, key };
    },

    async openRecordKey(keyItem) {
      const cached = cache.get(keyItem.wrappedKey);
      if (cached && cached.until > now() && cached.key.record === recordOf(keyItem)) {
        keyLog.debug(RECORD_KEY_FROM_MEMORY);
        remember(keyItem.wrappedKey, cached.key, cached.until);
        return cached.key;
      }
      cache.delete(keyItem.wrappedKey);
      const record = recordOf(keyItem);
      const key = recordKey(record, await master.unwrapDataKey(Buffer.from(keyItem.wrappedKey, 'base64'), record));
      remember(keyItem.wrappedKey, key);
      return key;
    },

    async readRecordKey(record) {
      const { Item } = await documents.send(new GetCommand({ TableName: tableName(), Key: keyItemKey(record), ConsistentRead: true }));
      return Item ? keys.openRecordKey(Item as KeyItem) : undefined;
    },

    eraseRecordKey(record) {
      // Dropped before the transaction commits: harmless, the cache only ever saves a KMS call.
      for (const [wrapped, { key }] of cache) if (key.record === record) cache.delete(wrapped);
      return { Delete: { TableName: tableName(), Key: keyItemKey(record) } };
    },

    async rewrap(keyItem, to) {
      const record = recordOf(keyItem);
      const plaintext = await master.unwrapDataKey(Buffer.from(keyItem.wrappedKey, 'base64'), record);
      const wrapped = await to.wrapDataKey(plaintext, record);
      plaintext.fill(0);
      return { ...keyItem, wrappedKey: wrapped.toString('base64'), wrappedBy: to.name };
    },
  };
  return keys;
}

/** Whether the record still has its key (it was not erased), without unwrapping it: no master key needed. */
export async function recordKeyExists(record: string): Promise<boolean> {
  const { Item } = await documents.send(new GetCommand({ TableName: tableName(), Key: keyItemKey(record), ConsistentRead: true, ProjectionExpression: 'pk' }));
  return Item !== undefined;
}

let processKeys: Promise<RecordKeys> | undefined;

/** The process's record keys, under the master key its settings name (loaded once, on first use). */
export function recordKeys(): Promise<RecordKeys> {
  if (!processKeys) {
    processKeys = masterKeyFromSettings(process.env).then((master) => recordKeysWith(master));
    // A failed start (no master key configured) is not remembered: the error shows on every call.
    processKeys.catch(() => (processKeys = undefined));
  }
  return processKeys;
}

// ---- sealed attributes ----------------------------------------------------------------------

/** The item a sealed blob belongs to: its table keys, bound in as associated data. */
export interface ItemKeys {
  pk: string;
  sk: string;
}

/** A sealed blob that does not open: another item's, another record's key, altered, or not a blob. */
export class SealBroken extends Error {
  override name = 'SealBroken';
}

const FORMAT = 'v1';
/** Plaintext is padded with spaces (valid JSON whitespace) to a multiple of this, so a blob's length tells less. */
const PAD_BYTES = 32;

const associatedData = ({ pk, sk }: ItemKeys) => Buffer.from(JSON.stringify([`puente-seal/${FORMAT}`, pk, sk]));

function checkRecord(key: RecordKey, item: ItemKeys): void {
  if (item.pk !== key.record) throw new SealBroken(`The key of ${key.record} does not seal or open items of ${item.pk}`);
}

/** One blob for all of an item's personal attributes: `v1.` + base64url(iv ‖ ciphertext ‖ tag). */
export function seal(key: RecordKey, attributes: Record<string, unknown>, item: ItemKeys): string {
  checkRecord(key, item);
  const json = Buffer.from(JSON.stringify(attributes));
  const plaintext = Buffer.alloc(Math.ceil((json.length + 1) / PAD_BYTES) * PAD_BYTES, ' ');
  json.copy(plaintext);
  return `${FORMAT}.${encryptGcm(key.secret, plaintext, associatedData(item)).toString('base64url')}`;
}

export function unseal(key: RecordKey, blob: string, item: ItemKeys): Record<string, unknown> {
  checkRecord(key, item);
  const bytes = blob.startsWith(`${FORMAT}.`) ? Buffer.from(blob.slice(FORMAT.length + 1), 'base64url') : Buffer.alloc(0);
  if (bytes.length < IV_BYTES + PAD_BYTES + TAG_BYTES) throw new SealBroken(`The sealed attributes of ${item.pk} ${item.sk} are not a ${FORMAT} blob`);
  let plaintext: Buffer;
  try {
    plaintext = decryptGcm(key.secret, bytes, associatedData(item));
  } catch {
    throw new SealBroken(`The sealed attributes of ${item.pk} ${item.sk} do not open: another item's, another key's, or altered`);
  }
  return JSON.parse(plaintext.toString('utf8'));
}

/** The item with the named attributes sealed into `sealed` (and gone from the clear part). */
export function sealItem<T extends ItemKeys & Record<string, unknown>>(key: RecordKey, item: T, personal: readonly string[]): Record<string, unknown> {
  const clear: Record<string, unknown> = { ...item };
  const secret: Record<string, unknown> = {};
  for (const name of personal) {
    if (name in clear) secret[name] = clear[name];
    delete clear[name];
  }
  return { ...clear, sealed: seal(key, secret, item) };
}

/** A stored item with its sealed attributes back in place. */
export function openItem(key: RecordKey, item: ItemKeys & { sealed?: string } & Record<string, unknown>): Record<string, unknown> {
  const { sealed, ...clear } = item;
  return sealed === undefined ? clear : { ...clear, ...unseal(key, sealed, item) };
}
