// Every workflow task handler records its step: entered, then succeeded or failed, with the
// execution, state, attempt, timing and a redacted summary. A middleware, so no handler forgets.
// The outcome is recorded once per invocation (its request id), so a redelivery does not double it.
import middy from '@middy/core';
import { recordOutcome, recordStep } from '../store/timeline.ts';
import type { RecordKind } from '../domain/records.ts';
import type { EventType } from '../domain/webhooks.ts';

/** What every task's Payload carries (see workflows/*.asl.json). */
export interface TaskEvent {
  kind: RecordKind;
  recordId: string;
  execution: string;
  state: string;
  attempt: number;
}

export function workflowTask<Event extends TaskEvent, Result>(
  handle: (event: Event) => Promise<Result>,
  /** A summary safe to keep on the timeline: counts and codes, never answers or names. */
  summarise: (result: Result) => Record<string, unknown> = () => ({}),
  /** The event the task's success announces, if any (written with its step: docs/webhooks.md). */
  announce: (event: Event, result: Result) => EventType | undefined = () => undefined,
) {
  // Per request: the local host runs many invocations of one handler at once in one process.
  const started = new WeakMap<object, { at: number; entered: Promise<void> }>();
  const elapsed = (request: object) => Date.now() - (started.get(request)?.at ?? Date.now());
  const where = (event: Event) => ({ state: event.state, executionId: event.execution, attempt: Number(event.attempt ?? 0) + 1 });
  return middy<Event, Result>()
    .use({
      before: async (request) => {
        // Written while the handler runs, and awaited before the outcome: one round trip less.
        const entered = recordStep(request.event.kind, request.event.recordId, { event: 'entered', ...where(request.event) });
        entered.catch(() => {}); // awaited in after/onError; this only keeps it from going unhandled meanwhile
        started.set(request, { at: Date.now(), entered });
      },
      after: async (request) => {
        await started.get(request)?.entered;
        await recordOutcome(request.event.kind, request.event.recordId, request.context.awsRequestId, {
          event: 'succeeded',
          ...where(request.event),
          durationMs: elapsed(request),
          summary: summarise(request.response as Result),
          announces: announce(request.event, request.response as Result),
        });
      },
      onError: async (request) => {
        const error = request.error as Error;
        await started.get(request)?.entered.catch(() => {});
        await recordOutcome(request.event.kind, request.event.recordId, request.context.awsRequestId, {
          event: 'failed',
          ...where(request.event),
          durationMs: elapsed(request),
          error: error.name,
        }).catch(() => {});
        // Rethrown as is: the ASL's Retry and Catch match on its name.
      },
    })
    .handler(handle);
}
