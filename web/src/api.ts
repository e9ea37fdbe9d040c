// The web app's only way to the platform: the HTTP API, with the signed-in user's ID token.
import type { Language } from '../../forms/engine/types.ts';
import { t, type Word } from './i18n.ts';
import type { Session } from './session.ts';
import { keepPublic, keptPublic } from './vault.ts';

/** Deployed beside the app on AWS (API and sign-in addresses); absent on the local host. */
export interface DeploymentConfig {
  apiUrl: string;
  signIn: { url: string; clientId: string };
}

let apiBase = '';

/** The deployment's config as fetched now, kept for next time; undefined where there is none (the local host). */
async function fetchConfig(): Promise<DeploymentConfig | undefined> {
  const response = await fetch('/config.json');
  if (!response.ok || !response.headers.get('content-type')?.includes('json')) throw new Error(`config.json: ${response.status}`);
  const body = (await response.json()) as Partial<DeploymentConfig>;
  const config = body.apiUrl && body.signIn ? (body as DeploymentConfig) : undefined;
  await keepPublic('config', config ?? {});
  return config;
}

/**
 * The deployment's config: the copy kept on the device when there is one (the app opens at once,
 * offline or on a slow line) and a fresh one fetched meanwhile for next time; fetched first only
 * on the first visit.
 */
export async function loadConfig(): Promise<DeploymentConfig | undefined> {
  const kept = await keptPublic<Partial<DeploymentConfig>>('config').catch(() => undefined);
  const config = kept ? (kept.apiUrl && kept.signIn ? (kept as DeploymentConfig) : undefined) : await fetchConfig().catch(() => undefined);
  if (kept) void fetchConfig().catch(() => undefined);
  if (config) apiBase = config.apiUrl.replace(/\/$/, '');
  return config;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code?: string;
  readonly fields?: Record<string, string>;
  /** Where a refused file is at fault (an XLSForm's sheet, row and column). */
  readonly at?: { sheet?: string; row?: number; column?: string };
  constructor(status: number, message: string, code?: string, fields?: Record<string, string>, at?: ApiError['at']) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.at = at;
  }
}

const byStatus: Record<number, Word> = { 401: 'error.unauthorized', 403: 'error.forbidden', 404: 'error.notFound', 409: 'error.conflict', 412: 'error.conflict', 413: 'error.tooLarge' };

/** What a refusal means, in the user's language: by its status where that says it; the server's own words otherwise. */
export function explain(status: number | undefined, message: string | undefined, withFields: boolean, language: Language): string {
  if (status === undefined) return t('error.network', language);
  if (status >= 500 || status === 429 || status === 408) return t('error.server', language);
  if (withFields) return t('error.invalid', language);
  return status in byStatus ? t(byStatus[status], language) : (message ?? String(status));
}

export function describeError(failure: unknown, language: Language): string {
  return failure instanceof ApiError ? explain(failure.status, failure.message, Boolean(failure.fields), language) : t('error.network', language);
}

/** Told when the API refuses the token (expired or revoked), so the app can renew it or ask to sign in again. */
export const sessionRefused = new EventTarget();

/** Told whether the API could be reached: the "no connection" banner follows what requests find, not only `navigator.onLine`. */
export const reachability = new EventTarget();

/** Calls the API; a body is sent as JSON, a file (Blob) as it is, with its own type. */
export async function call<T = any>(session: Session, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let response: Response;
  const file = body instanceof Blob;
  try {
    response = await fetch(`${apiBase}${path}`, {
      method,
      headers: { authorization: `Bearer ${session.token}`, ...(body === undefined ? {} : { 'content-type': file ? body.type : 'application/json' }), ...headers },
      body: body === undefined ? undefined : file ? body : JSON.stringify(body),
    });
  } catch (failure) {
    reachability.dispatchEvent(new Event('unreachable'));
    throw failure;
  }
  reachability.dispatchEvent(new Event('reached'));
  const text = await response.text();
  let parsed: any;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined; // not JSON (a proxy's error page): the status says enough
  }
  if (response.status === 401) sessionRefused.dispatchEvent(new CustomEvent('refused', { detail: session.userId }));
  if (!response.ok) {
    const at = parsed?.error?.sheet ? { sheet: parsed.error.sheet, row: parsed.error.row, column: parsed.error.column } : undefined;
    throw new ApiError(response.status, parsed?.error?.message ?? parsed?.message ?? response.statusText, parsed?.error?.code, parsed?.error?.fields, at);
  }
  return parsed as T;
}

/**
 * A published form: the copy kept on the device when there is one (an interview opens at once,
 * offline or on a slow line), refreshed meanwhile for the next interview; from the API otherwise.
 * A form never changes under an interview in progress: a new version is used from the next one.
 */
export async function publishedForm<T>(session: Session, formId: string): Promise<T> {
  const fetched = freshForm<T>(session, formId);
  const kept = await keptPublic<T>(`form:${formId}`).catch(() => undefined);
  if (kept) {
    fetched.catch(() => undefined);
    return kept;
  }
  return fetched;
}

/**
 * A CSV export as one file, page after page (`Link: <…>; rel="next"`): each page repeats the header
 * row, kept once. Also how many people the release left out (`x-suppressed`).
 */
export async function downloadCsv(session: Session, path: string): Promise<{ csv: string; suppressed: number }> {
  let csv = '';
  let suppressed = 0;
  for (let next: string | undefined = path; next; ) {
    const response: Response = await fetch(`${apiBase}${next}`, { headers: { authorization: `Bearer ${session.token}` } });
    if (response.status === 401) sessionRefused.dispatchEvent(new CustomEvent('refused', { detail: session.userId }));
    if (!response.ok) {
      const parsed = await response.json().catch(() => undefined);
      throw new ApiError(response.status, parsed?.error?.message ?? response.statusText, parsed?.error?.code, parsed?.error?.fields);
    }
    const text = (await response.text()).replace(/^\uFEFF/, '');
    // The header row (HTCDS names, no quotes or line breaks) ends at the first CRLF.
    csv += csv ? text.slice(text.indexOf('\r\n') + 2) : `\uFEFF${text}`;
    suppressed += Number(response.headers.get('x-suppressed') ?? 0);
    next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
  }
  return { csv, suppressed };
}

const fetching = new Map<string, Promise<unknown>>();

/** One request per form at a time: the page and the offline copy wait on the same one (a slow line carries it once). */
function freshForm<T>(session: Session, formId: string): Promise<T> {
  const key = `${session.userId}:${formId}`;
  let pending = fetching.get(key) as Promise<T> | undefined;
  if (!pending) {
    pending = call<T>(session, 'GET', `/forms/${formId}`)
      .then(async (form) => {
        await keepPublic(`form:${formId}`, form);
        return form;
      })
      .finally(() => fetching.delete(key));
    fetching.set(key, pending);
  }
  return pending;
}

/** A file from the API (a CSV download), saved by the browser under the name the API gives. */
export async function download(session: Session, path: string, fallbackName: string): Promise<void> {
  const response = await fetch(`${apiBase}${path}`, { headers: { authorization: `Bearer ${session.token}` } });
  if (!response.ok) throw new ApiError(response.status, response.statusText);
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(await response.blob()), download: name });
  link.click();
  // Released once the browser has taken the file.
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}
