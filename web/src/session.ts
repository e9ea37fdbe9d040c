// Who is signed in on this device, kept sealed in the vault. The API takes ID tokens (Cognito's on
// AWS, the local issuer's on one machine); they expire (1 hour on Cognito and locally alike). On
// AWS the app renews with the refresh token; where it cannot, it asks to sign in again, and what
// the user typed stays in the vault meanwhile.
import type { DeploymentConfig } from './api.ts';
import { remove, seal, unseal } from './vault.ts';

export interface Session {
  /** The token's subject: whose drafts and outbox items are whose. */
  userId: string;
  username: string;
  role: string;
  organisationId: string;
  token: string;
  /** When the token expires, by this device's clock (its lifetime counted from when it arrived, so a wrong clock does not matter). */
  expiresAt: number;
  /** Cognito only: renews the ID token without a new sign-in. */
  refreshToken?: string;
}

const SESSION = 'session';

function claimsOf(token: string): Record<string, any> {
  const bytes = Uint8Array.from(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')), (char) => char.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

export function sessionFromIdToken(token: string, refreshToken?: string): Session {
  const claims = claimsOf(token);
  const groups: string[] = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'] : [];
  const lifetime = typeof claims.exp === 'number' && typeof claims.iat === 'number' ? (claims.exp - claims.iat) * 1000 : 3_600_000;
  return {
    userId: claims.sub,
    username: claims['cognito:username'] ?? claims.sub,
    role: groups[0] ?? '',
    organisationId: claims['custom:org'] ?? '',
    token,
    expiresAt: Date.now() + lifetime,
    refreshToken,
  };
}

export const expired = (session: Session, marginMs = 0) => Date.now() + marginMs >= session.expiresAt;

export async function loadSession(): Promise<Session | undefined> {
  return unseal<Session>(SESSION).catch(() => undefined);
}

export async function saveSession(session: Session | undefined): Promise<void> {
  if (session) await seal(SESSION, session.userId, session);
  else await remove(SESSION);
}

export async function signInLocally(username: string): Promise<Session> {
  const response = await fetch('/auth/local/token', { method: 'POST', body: JSON.stringify({ username }) });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error?.message ?? response.statusText);
  return sessionFromIdToken(body.token);
}

const base64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** Cognito's hosted sign-in, authorization code with PKCE: no secret lives in the browser. */
export async function startCognitoSignIn(config: DeploymentConfig): Promise<void> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(48)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  // The route the user was on comes back with them (the redirect URI is fixed, so it rides in session storage).
  sessionStorage.setItem('puente:pkce', JSON.stringify({ verifier, state, hash: location.hash }));
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

async function tokenRequest(config: DeploymentConfig, parameters: Record<string, string>): Promise<{ id_token: string; refresh_token?: string }> {
  const response = await fetch(`${config.signIn.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: config.signIn.clientId, ...parameters }),
  });
  if (!response.ok) throw new Error(`sign-in refused (${response.status})`);
  return response.json();
}

/** Back from the hosted sign-in with `?code=`: exchanges it for tokens; undefined when not returning. */
export async function finishCognitoSignIn(config: DeploymentConfig): Promise<Session | undefined> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const pending = JSON.parse(sessionStorage.getItem('puente:pkce') ?? 'null') as { verifier: string; state: string; hash: string } | null;
  if (!code || !pending || params.get('state') !== pending.state) return undefined;
  sessionStorage.removeItem('puente:pkce');
  const tokens = await tokenRequest(config, { grant_type: 'authorization_code', code, redirect_uri: `${location.origin}/`, code_verifier: pending.verifier });
  history.replaceState(null, '', `/${pending.hash}`);
  return sessionFromIdToken(tokens.id_token, tokens.refresh_token);
}

let renewing: Promise<Session | undefined> | undefined;

/** A new ID token from the refresh token, or undefined where there is none (local host) or it is refused. One renewal at a time. */
export function renewSession(config: DeploymentConfig | undefined, session: Session): Promise<Session | undefined> {
  renewing ??= renew(config, session).finally(() => (renewing = undefined));
  return renewing;
}

async function renew(config: DeploymentConfig | undefined, session: Session): Promise<Session | undefined> {
  if (!config || !session.refreshToken) return undefined;
  try {
    const tokens = await tokenRequest(config, { grant_type: 'refresh_token', refresh_token: session.refreshToken });
    const renewed = sessionFromIdToken(tokens.id_token, tokens.refresh_token ?? session.refreshToken);
    return renewed.userId === session.userId ? renewed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Ends the Cognito session too (its hosted UI's /logout), so the next person on this device
 * must sign in with their own account. Offline the redirect cannot happen; the device's copy is
 * gone anyway and the hosted UI's own session lapses within the hour.
 */
export function endCognitoSession(config: DeploymentConfig | undefined): void {
  if (!config || !navigator.onLine) return;
  const query = new URLSearchParams({ client_id: config.signIn.clientId, logout_uri: `${location.origin}/` });
  location.assign(`${config.signIn.url}/logout?${query}`);
}
