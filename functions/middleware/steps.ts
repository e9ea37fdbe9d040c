// Every workflow task handler records its step: entered, then succeeded or failed, with the
// execution, state, attempt, timing and a redacted summary. A middleware, so no handler forgets.
import middy from '@middy/core';
import { recordStep } from '../store/timeline.ts';
import type { RecordKind } from '../store/records.ts';

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
) {
  let started = 0;
  const where = (event: Event) => ({ state: event.state, executionId: event.execution, attempt: Number(event.attempt ?? 0) + 1 });
  return middy<Event, Result>()
    .use({
      before: async (request) => {
        started = Date.now();
        await recordStep(request.event.kind, request.event.recordId, { event: 'entered', ...where(request.event) });
      },
      after: async (request) => {
        await recordStep(request.event.kind, request.event.recordId, {
          event: 'succeeded',
          ...where(request.event),
          durationMs: Date.now() - started,
          summary: summarise(request.response as Result),
        });
      },
      onError: async (request) => {
        const error = request.error as Error;
        await recordStep(request.event.kind, request.event.recordId, {
          event: 'failed',
          ...where(request.event),
          durationMs: Date.now() - started,
          error: error.name,
        }).catch(() => {});
        // Rethrown as is: the ASL's Retry and Catch match on its name.
      },
    })
    .handler(handle);
}
