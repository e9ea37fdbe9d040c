// An HTTP proxy between the handlers and DynamoDB Local that asks every request for its consumed
// capacity (ReturnConsumedCapacity: INDEXES) and adds it up: the read and write request units an
// on-demand table would bill for what the handlers did. DynamoDB Local sizes items and counts index
// writes as DynamoDB does, but bills a transaction like plain writes: transactional units are
// doubled here, as on AWS. Answers pass through unchanged (the SDK
// checks their CRC32); a handler asked for nothing new, so it reads nothing new.
import { request as httpRequest, createServer, type Server } from 'node:http';
import { freePort } from '../infra/local/free-port.ts';

const reads = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const writes = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

export interface CapacityCounts {
  readUnits: number;
  writeUnits: number;
  /** Of the write units, those spent on index copies. */
  indexWriteUnits: number;
  requests: Record<string, number>;
  /** Writes refused (a condition failed, a transaction cancelled), by the error's name. */
  refusedWrites: Record<string, number>;
  /**
   * What the refused writes would cost, estimated (DynamoDB Local reports nothing for them): one
   * unit for a refused write, two for each item of a cancelled transaction (at most 1 KB each).
   */
  refusedWriteUnits: number;
}

export const noCapacity = (): CapacityCounts => ({ readUnits: 0, writeUnits: 0, indexWriteUnits: 0, requests: {}, refusedWrites: {}, refusedWriteUnits: 0 });

export async function capacityProxy() {
  const port = await freePort();
  let target: URL | undefined;
  const counts = noCapacity();
  const add = (operation: string, consumed: unknown) => {
    for (const entry of [consumed ?? []].flat() as { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number; GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }> }[]) {
      const factor = operation.startsWith('Transact') ? 2 : 1;
      const units = entry.CapacityUnits ?? 0;
      if (reads.has(operation)) counts.readUnits += factor * (entry.ReadCapacityUnits ?? units);
      else {
        counts.writeUnits += factor * (entry.WriteCapacityUnits ?? units);
        counts.indexWriteUnits += factor * Object.values(entry.GlobalSecondaryIndexes ?? {}).reduce((sum, index) => sum + (index.CapacityUnits ?? 0), 0);
      }
    }
  };
  const server: Server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    while (!target) await new Promise((resolve) => setTimeout(resolve, 20));
    const operation = String(incoming.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    let body = Buffer.concat(chunks);
    if (reads.has(operation) || writes.has(operation)) {
      counts.requests[operation] = (counts.requests[operation] ?? 0) + 1;
      body = Buffer.from(JSON.stringify({ ...JSON.parse(body.toString('utf8')), ReturnConsumedCapacity: 'INDEXES' }));
    }
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, 'content-length': String(body.length) } },
      async (answer) => {
        const parts: Buffer[] = [];
        for await (const part of answer) parts.push(part as Buffer);
        const text = Buffer.concat(parts);
        try {
          const parsed = JSON.parse(text.toString('utf8'));
          if (answer.statusCode === 200) add(operation, parsed.ConsumedCapacity);
          else if (writes.has(operation)) {
            const name = `${operation}: ${String(parsed.__type).split('#').pop()}${parsed.CancellationReasons ? ` (${parsed.CancellationReasons.map((reason: { Code: string }) => reason.Code).join(',')})` : ''}`;
            counts.refusedWrites[name] = (counts.refusedWrites[name] ?? 0) + 1;
            counts.refusedWriteUnits += parsed.CancellationReasons ? 2 * parsed.CancellationReasons.length : 1;
          }
        } catch {
          // not JSON: nothing to count
        }
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        outgoing.end(text);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    upstream.end(body);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    target: (url: string) => (target = new URL(url)),
    /** What was counted so far (a copy). */
    counts: (): CapacityCounts => structuredClone(counts),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What was counted between two readings. */
export function capacityBetween(before: CapacityCounts, after: CapacityCounts): CapacityCounts {
  const difference = (later: Record<string, number>, earlier: Record<string, number>) =>
    Object.fromEntries(Object.entries(later).map(([name, count]) => [name, count - (earlier[name] ?? 0)]).filter(([, count]) => count));
  return {
    readUnits: after.readUnits - before.readUnits,
    writeUnits: after.writeUnits - before.writeUnits,
    indexWriteUnits: after.indexWriteUnits - before.indexWriteUnits,
    requests: difference(after.requests, before.requests),
    refusedWrites: difference(after.refusedWrites, before.refusedWrites),
    refusedWriteUnits: after.refusedWriteUnits - before.refusedWriteUnits,
  };
}
