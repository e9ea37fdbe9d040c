// Reaching a webhook's receiver: its name resolved, every address it resolves to checked
// (domain/addresses.ts), and the request sent to the checked address only (pinned, so a second
// lookup cannot rebind it elsewhere). Redirects are not followed; the answer's body is not read;
// the whole attempt has a time limit (policy.ts).
import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { resolvedRefusal, urlRefusal, type TargetRules } from '../domain/addresses.ts';
import { webhookPolicy } from '../domain/policy.ts';
import type { AttemptResult } from '../domain/webhooks.ts';

/** The deployment's rules: loopback receivers only where the host says so (the local host sets PUENTE_WEBHOOK_LOOPBACK=allow). */
export const targetRules = (): TargetRules => ({ loopbackAllowed: process.env.PUENTE_WEBHOOK_LOOPBACK === 'allow' });

/** The address to send to, or why the target may not be reached. */
export async function resolveTarget(url: string, rules = targetRules()): Promise<{ address: string; family: number } | { refused: string }> {
  const refused = urlRefusal(url, rules);
  if (refused) return { refused };
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    return { refused: `does not resolve (${host})` };
  }
  // One refused address refuses the name: which one a connection would take is not ours to pick.
  for (const { address } of addresses) {
    const why = resolvedRefusal(url, address, rules);
    if (why) return { refused: `resolves to an address that ${why}` };
  }
  return addresses[0] ?? { refused: `does not resolve (${host})` };
}

/** POSTs the body to the receiver; the answer's status, or why there was none. */
export async function sendToReceiver(url: string, headers: Record<string, string>, body: string): Promise<AttemptResult> {
  const target = await resolveTarget(url);
  if ('refused' in target) return { error: `target refused: ${target.refused}` };
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (error: null, addresses: { address: string; family: number }[]) => void)(null, [target]);
    else callback(null, target.address, target.family);
  };
  const send = new URL(url).protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const limit = webhookPolicy.attemptTimeoutSeconds * 1000;
    const outgoing = send(
      url,
      { method: 'POST', lookup: pinned, headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Puente-Webhooks/1' } },
      (answer) => {
        // The status is the answer: its body is not read (a receiver cannot hold the worker by trickling one).
        clearTimeout(timer);
        resolve({ status: answer.statusCode });
        answer.destroy();
      },
    );
    // The whole attempt, connection to status line, within the limit.
    const timer = setTimeout(() => outgoing.destroy(Object.assign(new Error(`no answer within ${webhookPolicy.attemptTimeoutSeconds} s`), { code: 'TIMEOUT' })), limit);
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ error: error.code ?? error.message });
    });
    outgoing.end(body);
  });
}
