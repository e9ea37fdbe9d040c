// Who can reach the local host. It is for one machine: the API listens on 127.0.0.1 unless HOST
// says otherwise. Its local sign-in lets anyone become any demo user, so on a network it is off
// unless PUENTE_LOCAL_SIGN_IN=on says so too. DynamoDB Local and the Step Functions endpoint have
// no authentication at all and stay on 127.0.0.1 whatever HOST says.
import { isIPv4 } from 'node:net';

export interface Exposure {
  /** The address the API listens on. */
  host: string;
  /** Only this machine can reach the API. */
  loopbackOnly: boolean;
  /** POST /auth/local/token answers. */
  localSignIn: boolean;
  /** Printed at start. */
  warnings: string[];
}

export function exposure(settings: { HOST?: string; PUENTE_LOCAL_SIGN_IN?: string }): Exposure {
  const host = settings.HOST?.trim() || '127.0.0.1';
  if (isLoopback(host)) return { host, loopbackOnly: true, localSignIn: true, warnings: [] };
  const localSignIn = settings.PUENTE_LOCAL_SIGN_IN === 'on';
  const reach = `HOST=${host}: the API is reachable from other machines.`;
  return {
    host,
    loopbackOnly: false,
    localSignIn,
    warnings: [
      localSignIn
        ? `WARNING: ${reach} Local sign-in is ON (PUENTE_LOCAL_SIGN_IN=on): anyone who can reach it can sign in as any demo user, coordinator included, and read every case.`
        : `WARNING: ${reach} Local sign-in is off; set PUENTE_LOCAL_SIGN_IN=on as well to allow it (anyone who can reach it could then sign in as any demo user).`,
    ],
  };
}

export function isLoopback(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost' || name.endsWith('.localhost') || name === '::1') return true;
  const v4 = name.startsWith('::ffff:') ? name.slice('::ffff:'.length) : name;
  return isIPv4(v4) && v4.startsWith('127.');
}

/**
 * Whether a request's Host header names this machine. A host listening on loopback alone answers
 * only those: a web page elsewhere that gets a browser to send requests here through a name that
 * resolves to 127.0.0.1 (DNS rebinding) is refused, so it cannot sign in and read cases.
 */
export function addressedToThisMachine(hostHeader: string | undefined): boolean {
  if (hostHeader === undefined) return true; // HTTP/1.0 sends none; a browser always does
  const name = /^(\[[^\]]*\]|[^:]*)(:\d+)?$/.exec(hostHeader.trim())?.[1];
  return name !== undefined && isLoopback(name);
}
