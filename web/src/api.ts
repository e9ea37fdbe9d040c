// The web app's only way to the platform: the HTTP API. Submissions carry an idempotency key
// chosen when the draft began; offline, they wait in an outbox and go out, once, when the
// connection is back.
export interface Session {
  username: string;
  role: string;
  organisationId: string;
  token: string;
}

const SESSION = 'puente:session';
const OUTBOX = 'puente:outbox';

export function loadSession(): Session | undefined {
  const raw = localStorage.getItem(SESSION);
  return raw ? (JSON.parse(raw) as Session) : undefined;
}

export function saveSession(session: Session | undefined): void {
  if (session) localStorage.setItem(SESSION, JSON.stringify(session));
  else localStorage.removeItem(SESSION);
}

export async function signInLocally(username: string): Promise<Session> {
  const response = await fetch('/auth/local/token', { method: 'POST', body: JSON.stringify({ username }) });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error?.message ?? 'Sign-in failed');
  const claims = JSON.parse(atob(body.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  return { username, role: claims['cognito:groups'][0], organisationId: claims['custom:org'], token: body.token };
}

export class ApiError extends Error {
  readonly status: number;
  readonly fields?: Record<string, string>;
  constructor(status: number, message: string, fields?: Record<string, string>) {
    super(message);
    this.status = status;
    this.fields = fields;
  }
}

export async function call<T = any>(session: Session, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${session.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new ApiError(response.status, parsed?.error?.message ?? parsed?.message ?? response.statusText, parsed?.error?.fields);
  return parsed as T;
}

export interface QueuedSubmission {
  path: string;
  body: unknown;
  key: string;
  queuedAt: string;
  label: string;
}

export function outbox(): QueuedSubmission[] {
  return JSON.parse(localStorage.getItem(OUTBOX) ?? '[]');
}

function saveOutbox(items: QueuedSubmission[]): void {
  localStorage.setItem(OUTBOX, JSON.stringify(items));
}

/**
 * Submits, or queues when the network is down. A queued submission keeps its key, so however
 * often it is sent, one record results.
 */
export async function submit(session: Session, item: Omit<QueuedSubmission, 'queuedAt'>): Promise<{ id?: string; queued: boolean }> {
  if (!navigator.onLine) {
    saveOutbox([...outbox(), { ...item, queuedAt: new Date().toISOString() }]);
    return { queued: true };
  }
  try {
    const result = await call(session, 'POST', item.path, item.body, { 'idempotency-key': item.key });
    return { id: result.caseId ?? result.tipId, queued: false };
  } catch (error) {
    if (error instanceof ApiError) throw error;
    // The request did not get through (connection dropped): keep it for later.
    saveOutbox([...outbox(), { ...item, queuedAt: new Date().toISOString() }]);
    return { queued: true };
  }
}

/** Sends what waits in the outbox; returns the ids created. Stops at the first network failure. */
export async function flushOutbox(session: Session): Promise<string[]> {
  const created: string[] = [];
  let pending = outbox();
  while (pending.length) {
    const [item] = pending;
    try {
      const result = await call(session, 'POST', item.path, item.body, { 'idempotency-key': item.key });
      created.push(result.caseId ?? result.tipId);
    } catch (error) {
      if (!(error instanceof ApiError)) break;
      // Refused for good (e.g. invalid): drop it so it does not block the rest; the draft remains.
    }
    pending = pending.slice(1);
    saveOutbox(pending);
  }
  return created;
}
