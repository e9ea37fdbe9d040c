// What the exports read and write: the cases registered in a period, page by page (the recent
// index, oldest change first, so a case changed during a paged export is read again rather than
// missed), each opened with its own key; and the exports' own audit chain.
import { randomBytes } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor, RecordSummary, Submission } from '../domain/records.ts';
import { documents, tableName } from './clients.ts';
import { BadCursor, decodeCursor, encodeCursor, loadBriefParts, type Page } from './records.ts';
import { auditSk, boardPartition, cursorShapes, EXPORTS_PK, withoutKeys } from './table.ts';
import { loadHistoryIn, writeChainedIn } from './timeline.ts';
import { exportPolicy } from '../domain/policy.ts';

export interface RegisteredCase {
  record: RecordSummary & Record<string, any>;
  /** Undefined once the case was erased: nothing about the person opens any more. */
  submission?: Submission;
  /** Where a listing that ends with this case goes on. */
  cursor: string;
}

/** The cases registered in [from, to): a case changed since `from` at the earliest, so the `recent` index is read from there. */
const registeredIn = (from: string, to: string) => ({
  TableName: tableName(),
  IndexName: 'recent',
  KeyConditionExpression: 'recentPk = :pk AND recentSk >= :from',
  FilterExpression: 'createdAt >= :from AND createdAt < :to',
  ExpressionAttributeValues: { ':pk': boardPartition('case'), ':from': from, ':to': to },
});

/**
 * Up to `limit` cases registered in [from, to), each with its current interview opened, and the
 * cursor after the last one read. A case registered in the period changed since `from` at the
 * earliest, so the index is read from there; bounded reads, so a sparse period still answers.
 */
export async function casesRegistered(from: string, to: string, limit: number, cursor?: string): Promise<Page<RegisteredCase>> {
  const partition = { name: 'recentPk', value: boardPartition('case') };
  let startKey = decodeCursor(cursor, 'recent', partition);
  // The query starts at `from`: a cursor before it (altered, or from a page of an earlier `from`) was not made for this query.
  if (startKey && String(startKey.recentSk) < from) throw new BadCursor();
  const found: { record: RecordSummary; key: Record<string, unknown> }[] = [];
  for (let reads = 0; reads < 10 && found.length < limit; reads++) {
    const page = await documents.send(
      new QueryCommand({ ...registeredIn(from, to), ScanIndexForward: true, Limit: limit - found.length, ExclusiveStartKey: startKey }),
    );
    for (const item of page.Items ?? []) found.push({ record: withoutKeys(item) as RecordSummary, key: Object.fromEntries(cursorShapes.recent.map((name) => [name, item[name]])) });
    startKey = page.LastEvaluatedKey;
    if (!startKey) break;
  }
  const opened = await loadBriefParts(found.map(({ record }) => ({ kind: 'case' as const, id: record.id })), () => true);
  const items = found.flatMap(({ record, key }) => {
    const parts = opened.get(record.id);
    return parts ? [{ record: parts.record, submission: parts.submission, cursor: encodeCursor(key)! }] : [];
  });
  return { items, cursor: encodeCursor(startKey) };
}

/** Every case registered in [from, to), each once: a case changed while the period is read comes round again under its id. */
export async function allCasesRegistered(from: string, to: string): Promise<RegisteredCase[]> {
  const cases = new Map<string, RegisteredCase>();
  let cursor: string | undefined;
  do {
    const page = await casesRegistered(from, to, exportPolicy.htcdsCasesPerPage, cursor);
    for (const item of page.items) cases.set(item.record.id, item);
    cursor = page.cursor;
  } while (cursor);
  return [...cases.values()];
}

/** How many cases were registered in [from, to), up to `atMost + 1` (enough to refuse a period too long). */
export async function countRegistered(from: string, to: string, atMost: number): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({ ...registeredIn(from, to), Select: 'COUNT', ExclusiveStartKey: startKey }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey && count <= atMost);
  return count;
}

export interface ExportEntry {
  /** `htcds` or `anonymised`. */
  view: string;
  format: string;
  rows: number;
  [detail: string]: unknown;
}

/** Records an export in the deployment's export chain: who, what, how many rows (never a row itself). */
export async function recordExport(exporter: Actor, entry: ExportEntry): Promise<void> {
  const at = new Date().toISOString();
  const { view, ...details } = entry;
  await writeChainedIn(EXPORTS_PK, {
    entries: [{ pk: EXPORTS_PK, sk: auditSk(at, randomBytes(4).toString('hex')), at, event: 'export', userId: exporter.userId, role: exporter.role, organisationId: exporter.organisationId, view, export: details }],
  });
}

export const loadExportHistory = () => loadHistoryIn(EXPORTS_PK);
