// The hash chain over a record's audit and step entries: an intact chain verifies in any read
// order; an edited, deleted, inserted or reordered entry is found, and where.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { canonicalJson, chainEntry, entryHash, GENESIS, headOf, verifyChain, type ChainHead } from '../../../functions/domain/chain.ts';

const PK = 'CASE#c-one';

/** A chain of `n` entries as the table would hold them, and the head the record keeps. */
function chainOf(n: number, pk = PK): { entries: Record<string, unknown>[]; head?: ChainHead } {
  const entries: Record<string, unknown>[] = [];
  let head: ChainHead | undefined;
  for (let i = 0; i < n; i++) {
    const entry = chainEntry(head, {
      pk,
      sk: i % 2 ? `AUDIT#2026-11-28T10:00:0${i % 10}.000Z#${i}` : `STEP#2026-11-28T10:00:0${i % 10}.000Z#${i}`,
      at: `2026-11-28T10:00:0${i % 10}.000Z`,
      event: i % 2 ? 'read' : 'decision',
      actor: { userId: `u-${i}`, role: 'coordinator', organisationId: 'org-coordination' },
      summary: i % 3 ? undefined : { outcome: 'accepted', tries: i },
    });
    head = headOf(entry);
    // What a read gives back: undefined members gone, keys in another order.
    entries.push(JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(entry).reverse()))));
  }
  return { entries, head };
}

/** A stored entry changed by someone who also recomputed its hash (knows the scheme). */
const rehashed = (entry: Record<string, unknown>) => ({ ...entry, hash: entryHash(entry) });

describe('canonical JSON', () => {
  test('sorts keys at every depth, leaves undefined members out, and is RFC 8785 for plain JSON', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x', { d: undefined, c: -0 }], é: 'ñ', e: 1e21 })).toBe('{"a":[true,null,"x",{"c":0}],"b":1,"e":1e+21,"é":"ñ"}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  test('refuses what the table would not give back unchanged', () => {
    expect(() => canonicalJson({ at: new Date(0) })).toThrow(/Date/);
    expect(() => canonicalJson({ list: [1, undefined] })).toThrow(/undefined at 1/);
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ tags: new Set(['a']) })).toThrow(/Set/);
  });
});

describe('chainEntry', () => {
  test('the first entry points to the genesis; each next one to the hash of the one before', () => {
    const first = chainEntry(undefined, { pk: PK, sk: 'STEP#1', event: 'submitted' });
    const second = chainEntry(headOf(first), { pk: PK, sk: 'AUDIT#2', event: 'read' });
    expect(first).toMatchObject({ seq: 1, prev: GENESIS, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(second).toMatchObject({ seq: 2, prev: first.hash });
    expect(entryHash(second)).toBe(second.hash);
  });
});

describe('verifyChain', () => {
  test('an intact chain verifies, whatever order the entries are read in, and gives its head', () => {
    const { entries, head } = chainOf(7);
    expect(verifyChain([...entries].reverse(), head)).toEqual({ verified: true, entries: 7, head });
    expect(verifyChain([], undefined)).toEqual({ verified: true, entries: 0, head: undefined });
  });

  test('an edited entry is found by its hash', () => {
    const { entries, head } = chainOf(6);
    entries[3] = { ...entries[3], actor: { userId: 'someone-else', role: 'coordinator', organisationId: 'org-coordination' } };
    expect(verifyChain(entries, head)).toMatchObject({ verified: false, problem: 'edited', brokenAt: { index: 3, seq: 4, sk: entries[3].sk } });
  });

  test('an edited entry whose hash was recomputed is found by the entry after it, or by the head', () => {
    const { entries, head } = chainOf(6);
    const middle = [...entries];
    middle[2] = rehashed({ ...middle[2], event: 'nothing-happened' });
    expect(verifyChain(middle, head)).toMatchObject({ verified: false, problem: 'edited', brokenAt: { index: 3, seq: 4 } });
    const last = [...entries];
    last[5] = rehashed({ ...last[5], event: 'nothing-happened' });
    expect(verifyChain(last, head)).toMatchObject({ verified: false, problem: 'edited', brokenAt: { index: 5, seq: 6 } });
  });

  test('a deleted entry leaves a gap in the places', () => {
    const { entries, head } = chainOf(6);
    expect(verifyChain(entries.filter((_, i) => i !== 2), head)).toMatchObject({ verified: false, problem: 'deleted', brokenAt: { index: 2, seq: 4 } });
    expect(verifyChain(entries.slice(1), head)).toMatchObject({ verified: false, problem: 'deleted', brokenAt: { index: 0, seq: 2 } });
  });

  test('deleted last entries are found by the head the record keeps, and only by it', () => {
    const { entries, head } = chainOf(6);
    expect(verifyChain(entries.slice(0, 4), head)).toMatchObject({ verified: false, problem: 'deleted', brokenAt: { index: 4, seq: 6 } });
    expect(verifyChain(entries.slice(0, 4)).verified).toBe(true);
  });

  test('an inserted entry repeats a place, or lies beyond the head', () => {
    const { entries, head } = chainOf(5);
    const forged = rehashed({ ...entries[2], sk: 'AUDIT#forged', event: 'read' });
    expect(verifyChain([...entries, forged], head)).toMatchObject({ verified: false, problem: 'inserted', brokenAt: { seq: 3 } });
    // Appended with every link right: only the head tells.
    const appended = chainEntry(head, { pk: PK, sk: 'AUDIT#late', event: 'read' });
    expect(verifyChain([...entries, appended], head)).toMatchObject({ verified: false, problem: 'inserted', brokenAt: { index: 5, seq: 6, sk: 'AUDIT#late' } });
  });

  test('reordered entries point back to the wrong neighbour', () => {
    const { entries, head } = chainOf(6);
    // Swap the places of entries 3 and 4 and recompute both hashes.
    const swapped = [...entries];
    swapped[2] = rehashed({ ...entries[3], seq: 3 });
    swapped[3] = rehashed({ ...entries[2], seq: 4 });
    expect(verifyChain(swapped, head)).toMatchObject({ verified: false, problem: 'reordered', brokenAt: { index: 2, seq: 3 } });
  });

  test('an entry moved in from another record’s chain does not match its hash here', () => {
    const { entries, head } = chainOf(4);
    const other = chainOf(4, 'CASE#c-two').entries;
    const moved = [...entries];
    moved[1] = { ...other[1], pk: PK };
    expect(verifyChain(moved, head)).toMatchObject({ verified: false, problem: 'edited', brokenAt: { index: 1 } });
  });

  test('any single deletion, edit or swap of any chain is detected (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.nat(), fc.nat(), fc.constantFrom('delete', 'edit', 'edit-rehash', 'swap-rehash'), (n, a, b, change) => {
        const { entries, head } = chainOf(n);
        const i = a % n;
        const j = b % n;
        const tampered = [...entries];
        if (change === 'delete') tampered.splice(i, 1);
        if (change === 'edit') tampered[i] = { ...tampered[i], event: 'forged' };
        if (change === 'edit-rehash') tampered[i] = rehashed({ ...tampered[i], event: 'forged' });
        if (change === 'swap-rehash') {
          if (i === j) return;
          tampered[i] = rehashed({ ...entries[j], seq: entries[i].seq });
          tampered[j] = rehashed({ ...entries[i], seq: entries[j].seq });
        }
        expect(verifyChain(tampered, head).verified).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
