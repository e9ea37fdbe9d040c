// Tamper-evident history. A record's audit and step items form one chain: each carries its place
// (`seq`, 1, 2, 3… per record), the hash of the entry before it (`prev`) and its own `hash`, over
// the canonical JSON of the whole stored item but `hash` (so pk, sk, seq and prev are covered, and
// sealed attributes are covered as ciphertext: a chain still verifies after crypto-shredding).
// The record item keeps the head (`seq` and `hash` of the last entry), moved in the transaction
// that writes the entry under the condition that it is still the head the writer read; so the
// counter gives a total order even when two functions write in the same millisecond, and the head
// shows a deleted or added last entry, which no link inside the chain can.
import { createHash } from 'node:crypto';

export interface ChainHead {
  seq: number;
  hash: string;
}

export type ChainLinks = {
  seq: number;
  prev: string;
  hash: string;
};

/** What the first entry of every chain points back to. */
export const GENESIS = '0'.repeat(64);

/**
 * JSON with object keys sorted (by UTF-16 code units) and undefined members left out; for the JSON
 * data model this is RFC 8785 (JCS). Values that do not survive a round trip through the table
 * unchanged (undefined in a list, NaN, dates, sets, binary) are refused rather than guessed at.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} has no canonical JSON form`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((member, index) => {
          if (member === undefined) throw new TypeError(`A list holds undefined at ${index}; the table would drop it`);
          return canonicalJson(member);
        })}]`;
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) throw new TypeError(`A ${prototype?.constructor?.name ?? 'value'} has no canonical JSON form`);
      const members = value as Record<string, unknown>;
      const names = Object.keys(members).filter((name) => members[name] !== undefined).sort();
      return `{${names.map((name) => `${JSON.stringify(name)}:${canonicalJson(members[name])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`A ${typeof value} has no canonical JSON form`);
  }
}

/** The hash of a stored entry: SHA-256 over its canonical form without its own `hash`. */
export function entryHash(entry: Record<string, unknown>): string {
  const { hash: _own, ...rest } = entry;
  return createHash('sha256').update(`puente-chain/v1\n${canonicalJson(rest)}`).digest('hex');
}

/**
 * The entry as it is stored: linked after `head` (undefined for a record's first entry). Pass the
 * whole item, keys included. Write `headOf(result)` onto the record in the same transaction.
 */
export function chainEntry<T extends Record<string, unknown>>(head: ChainHead | undefined, entry: T): T & ChainLinks {
  const linked = { ...entry, seq: (head?.seq ?? 0) + 1, prev: head?.hash ?? GENESIS };
  return { ...linked, hash: entryHash(linked) };
}

export const headOf = (entry: ChainLinks): ChainHead => ({ seq: entry.seq, hash: entry.hash });

export type ChainProblem = 'edited' | 'deleted' | 'inserted' | 'reordered';

export type ChainVerdict =
  | { verified: true; entries: number; head?: ChainHead }
  | {
      verified: false;
      problem: ChainProblem;
      /** Where, in seq order: the entry that does not fit (index = entries.length when entries are missing at the end). */
      brokenAt: { index: number; seq?: number; sk?: string };
      reason: string;
    };

type Stored = Record<string, unknown>;

/**
 * Checks a record's chain: every entry's hash over its content, the seq without gap or repeat,
 * each `prev` naming the entry before, and (given the head the record keeps) the last entry.
 * Entries may come in any order; they are put in seq order first. Reports the first break.
 */
export function verifyChain(entries: readonly Stored[], head?: ChainHead): ChainVerdict {
  // An entry without a numeric seq sorts first, and is reported there.
  const place = (entry: Stored) => (typeof entry.seq === 'number' && !Number.isNaN(entry.seq) ? entry.seq : -Infinity);
  const ordered = [...entries].sort((a, b) => (place(a) === place(b) ? 0 : place(a) - place(b)));
  const hashes = new Set<unknown>(ordered.map((entry) => entry.hash).filter((hash) => typeof hash === 'string'));
  const broken = (problem: ChainProblem, index: number, reason: string): ChainVerdict => {
    const entry = ordered[index];
    const where = entry ? { index, seq: typeof entry.seq === 'number' ? entry.seq : undefined, sk: typeof entry.sk === 'string' ? entry.sk : undefined } : { index, seq: head?.seq };
    return { verified: false, problem, brokenAt: where, reason };
  };

  let expected: ChainHead = { seq: 0, hash: GENESIS };
  for (const [index, entry] of ordered.entries()) {
    const { seq } = entry;
    if (typeof entry.hash !== 'string' || entryHash(entry) !== entry.hash) {
      return broken('edited', index, 'The entry does not match its hash: it was changed after it was written');
    }
    if (typeof seq !== 'number' || !Number.isInteger(seq) || seq <= expected.seq) {
      return broken('inserted', index, `The entry claims place ${String(seq)} after place ${expected.seq}: it was added to the chain`);
    }
    if (seq > expected.seq + 1) {
      return broken('deleted', index, `Places ${expected.seq + 1} to ${seq - 1} are missing: entries were deleted`);
    }
    if (entry.prev !== expected.hash) {
      // Reordered: it points back to another entry here, or the true next one sits further on.
      const reordered = hashes.has(entry.prev) || ordered.slice(index + 1).some((later) => later.prev === expected.hash);
      return reordered
        ? broken('reordered', index, 'The entry points back to another entry than the one before it: entries were reordered')
        : broken('edited', index, 'The entry before this one is not the one it was written after: that entry was replaced');
    }
    expected = { seq, hash: entry.hash };
  }

  if (head && head.seq > expected.seq) {
    return broken('deleted', ordered.length, `The record's head is at place ${head.seq} but the chain ends at ${expected.seq}: the last entries were deleted`);
  }
  if (head && head.seq < expected.seq) {
    return broken('inserted', head.seq, `The record's head is at place ${head.seq}; the entries after it were added outside the chain`);
  }
  if (head && head.hash !== expected.hash) {
    return broken('edited', ordered.length - 1, 'The last entry is not the one the record names as its head: it was replaced');
  }
  return { verified: true, entries: ordered.length, head: ordered.length ? expected : undefined };
}
