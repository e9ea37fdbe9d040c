// What the app keeps on the device: drafts, the outbox and the session, in IndexedDB, each record
// sealed with AES-GCM under one device key. The key is a non-extractable CryptoKey kept in
// IndexedDB itself: the app on this origin can use it, but no script and no copy of the browser's
// files can read it out. Published forms and the deployment's config are kept too, unsealed: they
// name no one.
const DATABASE = 'puente';
const SEALED = 'sealed';
const KEYS = 'keys';
const PUBLIC = 'public';

export interface SealedRecord {
  id: string;
  /** Whose record it is (a user id): readable without the key, so a sign-out finds its own. */
  owner: string;
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

let opened: Promise<IDBDatabase> | undefined;

function database(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore(KEYS);
      db.createObjectStore(SEALED, { keyPath: 'id' }).createIndex('owner', 'owner');
      db.createObjectStore(PUBLIC);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opened;
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function store(name: string, mode: IDBTransactionMode = 'readonly'): Promise<IDBObjectStore> {
  return (await database()).transaction(name, mode).objectStore(name);
}

let key: Promise<CryptoKey> | undefined;

/** The device key: made once, never extractable. Two tabs making it at once keep the first one stored. */
function deviceKey(): Promise<CryptoKey> {
  key ??= (async () => {
    const existing = (await done((await store(KEYS)).get('device'))) as CryptoKey | undefined;
    if (existing) return existing;
    const made = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    try {
      await done((await store(KEYS, 'readwrite')).add(made, 'device'));
      return made;
    } catch {
      return (await done((await store(KEYS)).get('device'))) as CryptoKey;
    }
  })();
  key.catch(() => (key = undefined));
  return key;
}

const encoder = new TextEncoder();

/** Seals a value under its id: the id is authenticated too, so a sealed value cannot be moved to another id. */
export async function seal(id: string, owner: string, value: unknown): Promise<void> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(id) }, await deviceKey(), encoder.encode(JSON.stringify(value)));
  const record: SealedRecord = { id, owner, iv, data };
  await done((await store(SEALED, 'readwrite')).put(record));
}

async function open<T>(record: SealedRecord): Promise<T> {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: record.iv, additionalData: encoder.encode(record.id) }, await deviceKey(), record.data);
  return JSON.parse(new TextDecoder().decode(plain)) as T;
}

export async function unseal<T>(id: string): Promise<T | undefined> {
  const record = (await done((await store(SEALED)).get(id))) as SealedRecord | undefined;
  return record ? open<T>(record) : undefined;
}

/** Every record whose id starts with `prefix`, opened; one that cannot be opened (another key) is left out. */
export async function unsealAll<T>(prefix: string): Promise<{ id: string; owner: string; value: T }[]> {
  const records = (await done((await store(SEALED)).getAll(IDBKeyRange.bound(prefix, `${prefix}\uffff`)))) as SealedRecord[];
  const opened = await Promise.all(records.map(async (record) => ({ id: record.id, owner: record.owner, value: await open<T>(record).catch(() => undefined) })));
  return opened.filter((record): record is { id: string; owner: string; value: Awaited<T> } => record.value !== undefined);
}

export async function remove(id: string): Promise<void> {
  await done((await store(SEALED, 'readwrite')).delete(id));
}

/** Removes one owner's records whose ids start with any of `prefixes`. */
export async function removeOwned(owner: string, prefixes: string[]): Promise<void> {
  const sealed = await store(SEALED, 'readwrite');
  const ids = (await done(sealed.index('owner').getAllKeys(owner))) as string[];
  await Promise.all(ids.filter((id) => prefixes.some((prefix) => id.startsWith(prefix))).map((id) => done(sealed.delete(id))));
}

const writers: Promise<void>[] = [];

/** Writes that keep only the latest value per id, in order: typing fast never lets an older draft land last. */
export function latestWriter() {
  const pending = new Map<string, { owner: string; value: unknown }>();
  let chain: Promise<void> = Promise.resolve();
  const index = writers.push(chain) - 1;
  return (id: string, owner: string, value: unknown | undefined): Promise<void> => {
    const first = !pending.has(id);
    pending.set(id, { owner, value });
    if (first) {
      chain = writers[index] = chain.then(async () => {
        const latest = pending.get(id)!;
        pending.delete(id);
        await (latest.value === undefined ? remove(id) : seal(id, latest.owner, latest.value)).catch((error) => console.error('could not save on this device', error));
      });
    }
    return chain;
  };
}

/** Resolves when every write begun so far is on the device: before leaving the page (a sign-in redirect). */
export const writesSettled = () => Promise.all(writers).then(() => undefined);

/** Keeps what names no one (a published form, the deployment's config), for when there is no network. */
export async function keepPublic(key: string, value: unknown): Promise<void> {
  await done((await store(PUBLIC, 'readwrite')).put(value, key));
}

export async function keptPublic<T>(key: string): Promise<T | undefined> {
  return (await done((await store(PUBLIC)).get(key))) as T | undefined;
}
