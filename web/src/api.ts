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

/** Deployed beside the app on AWS (API and sign-in addresses); absent on the local host. */
export interface DeploymentConfig {
  apiUrl: string;
  signIn: { url: string; clientId: string };
}

let apiBase = '';

export async function loadConfig(): Promise<DeploymentConfig | undefined> {
  try {
    const response = await fetch('/config.json');
    if (!response.ok || !response.headers.get('content-type')?.includes('json')) return undefined;
    const config = (await response.json()) as DeploymentConfig;
    if (!config.apiUrl || !config.signIn) return undefined;
    apiBase = config.apiUrl.replace(/\/$/, '');
    return config;
  } catch {
    return undefined;
  }
}

function sessionFromIdToken(token: string): Session {
  const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  const groups: string[] = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'] : [];
  return { username: claims['cognito:username'] ?? claims.sub, role: groups[0] ?? '', organisationId: claims['custom:org'] ?? '', token };
}

const base64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** Cognito's hosted sign-in, authorization code with PKCE: no secret lives in the browser. */
export async function startCognitoSignIn(config: DeploymentConfig): Promise<void> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(48)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem('puente:pkce', JSON.stringify({ verifier, state }));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.signIn.clientId,
    redirect_uri: `${location.origin}/`,
    scope: 'openid email profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  });
  location.assign(`${config.signIn.url}/oauth2/authorize?${query}`);
}

/** Back from the hosted sign-in with `?code=`: exchanges it for tokens; undefined when not returning. */
export async function finishCognitoSignIn(config: DeploymentConfig): Promise<Session | undefined> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const pending = JSON.parse(sessionStorage.getItem('puente:pkce') ?? 'null') as { verifier: string; state: string } | null;
  if (!code || !pending || params.get('state') !== pending.state) return undefined;
  sessionStorage.removeItem('puente:pkce');
  const response = await fetch(`${config.signIn.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: config.signIn.clientId, code, redirect_uri: `${location.origin}/`, code_verifier: pending.verifier }),
  });
  if (!response.ok) throw new Error('Sign-in failed; try again');
  history.replaceState(null, '', '/');
  return sessionFromIdToken((await response.json()).id_token);
}
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
  return { ...sessionFromIdToken(body.token), username };
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
  const response = await fetch(`${apiBase}${path}`, {
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
