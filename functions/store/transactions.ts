// Writes that go together: one TransactWriteItems, and the reasons DynamoDB gives when one of
// its conditions fails, so a caller can say which rule stopped it.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from './clients.ts';
import type { TransactItem } from './table.ts';

/** A condition of the item at `index` failed: the transaction wrote nothing. */
export class ConditionFailed extends Error {
  override name = 'ConditionFailed';
  readonly index: number;
  constructor(index: number) {
    super(`condition of item ${index} failed`);
    this.index = index;
  }
}

export async function writeTogether(items: TransactItem[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await documents.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      if ((error as Error).name !== 'TransactionCanceledException') throw error;
      const reasons: { Code?: string }[] = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      const failed = reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
      if (failed >= 0) throw new ConditionFailed(failed);
      // Another transaction held one of these items: nothing was written, so the same write may go again.
      if (!reasons.some((reason) => reason.Code === 'TransactionConflict') || attempt >= 8) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/** Reads, decides and writes again while another writer got in first (bounded: then the conflict is reported). */
export async function retryOn<T>(conflict: abstract new (...args: never[]) => Error, attempt: () => Promise<T>, tries = 25): Promise<T> {
  for (let tried = 1; ; tried++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof conflict) || tried >= tries) throw error;
      // Writers that collided spread out, so each round lets at least one through.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * Math.min(tried, 5)));
    }
  }
}
