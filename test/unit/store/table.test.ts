// The table layout's builders and the cursor check: a cursor is accepted only in the shape the API
// made for that index, so a decodable but foreign one is a 400, not a DynamoDB error.
import { describe, expect, test } from 'vitest';
import { BadCursor, decodeCursor, encodeCursor } from '../../../functions/store/records.ts';
import { boardKeys, linkItem, openTaskIndexKeys, recordKey, withoutKeys } from '../../../functions/store/table.ts';

describe('layout', () => {
  test('a record sits on the board by stage and in the recent list, newest first', () => {
    expect(recordKey('case', 'c-1')).toEqual({ pk: 'CASE#c-1', sk: 'RECORD' });
    expect(boardKeys('tip', 't-1', 'triaged', '2026-11-29T10:00:00Z')).toEqual({ boardPk: 'TIPS#triaged', boardSk: '2026-11-29T10:00:00Z#t-1', recentPk: 'TIPS', recentSk: '2026-11-29T10:00:00Z#t-1' });
    expect(linkItem('case', 'c-1', 'org-a', 'T')).toMatchObject({ inboxPk: 'ORG#org-a#CASES', inboxSk: 'T#c-1' });
    expect(openTaskIndexKeys({ assigneeOrg: 'org-a', dueAt: 'D', taskId: 'c-1.x' })).toEqual({ inboxPk: 'ORG#org-a#OPEN', inboxSk: 'D#c-1.x', duePk: 'OPEN_TASKS', dueSk: 'D#c-1.x' });
    expect(withoutKeys({ pk: 1, sk: 2, boardPk: 3, id: 'x' })).toEqual({ id: 'x' });
  });
});

describe('cursors', () => {
  const key = { pk: 'CASE#c-1', sk: 'RECORD', boardPk: 'CASES#intake', boardSk: 'T#c-1' };
  const board = { name: 'boardPk', value: 'CASES#intake' };
  test('one this API returned comes back as its key', () => {
    expect(decodeCursor(encodeCursor(key), 'board', board)).toEqual(key);
  });
  test.each([
    ['{} (e30)', 'e30'],
    ['garbled', '%%%'],
    ['another index’s key', encodeCursor({ pk: 'a', sk: 'b', inboxPk: 'c', inboxSk: 'd' })!],
    ['a key with a non-string value', encodeCursor({ ...key, boardSk: { S: 'x' } })!],
    ['an array', encodeCursor([1, 2] as never)!],
    ['another listing’s partition on the same index', encodeCursor({ ...key, boardPk: 'TIPS#intake' })!],
  ])('%s is refused', (_name, cursor) => {
    expect(() => decodeCursor(cursor, 'board', board)).toThrow(BadCursor);
  });
});
