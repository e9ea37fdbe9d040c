// Earlier versions kept the session, drafts and outbox in plaintext localStorage. On the first
// start of this version they move into the sealed vault (an interview waiting there is still
// sent, by its author) and the plaintext is deleted.
import { draftId } from './form-runner.tsx';
import type { OutboxItem } from './outbox.ts';
import { sessionFromIdToken, saveSession } from './session.ts';
import { seal } from './vault.ts';

interface LegacySubmission {
  path: string;
  body: OutboxItem['body'];
  key: string;
  queuedAt: string;
}

export async function moveLegacyStorage(): Promise<void> {
  const names = Object.keys(localStorage).filter((name) => name.startsWith('puente:') && name !== 'puente:language');
  if (names.length === 0) return;
  const legacy = JSON.parse(localStorage.getItem('puente:session') ?? 'null') as { username: string; token: string } | null;
  const session = legacy ? sessionFromIdToken(legacy.token) : undefined;
  if (session) {
    const queued = JSON.parse(localStorage.getItem('puente:outbox') ?? '[]') as LegacySubmission[];
    for (const item of queued) {
      const record: OutboxItem = { id: item.key, owner: session.userId, ownerName: session.username, path: item.path, formId: item.body?.formId ?? '', body: item.body, queuedAt: item.queuedAt, state: 'waiting' };
      await seal(`outbox:${item.key}`, session.userId, record);
    }
    // Drafts were keyed `puente:draft:<form>:<username>` (and `decision:<task>`, `organisation:new`, shared).
    for (const name of names.filter((candidate) => candidate.startsWith('puente:draft:'))) {
      const key = name.slice('puente:draft:'.length).replace(new RegExp(`:${session.username}$`), '');
      await seal(draftId(session.userId, key), session.userId, JSON.parse(localStorage.getItem(name)!));
    }
    await saveSession(session);
  }
  for (const name of names) localStorage.removeItem(name);
}
