// The regional exchange as stored: peers (their country, name and public signing key) and the
// bulletins imported from them, each kept with its compact JWS so it can be verified again.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Bulletin, Peer } from '../domain/bulletin.ts';
import { documents, queryEveryPage, tableName } from './clients.ts';
import { bulletinKey, bulletinsOfMonth, PEER_PREFIX, peerKey, REGION } from './table.ts';

const inRegion = (prefix: string) => queryEveryPage({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': REGION, ':prefix': prefix }, ConsistentRead: true });

/** Registers a peer, or its new key (the last registration stands). */
export async function savePeer(peer: Peer, registeredBy: string, at: string): Promise<void> {
  await documents.send(new PutCommand({ TableName: tableName(), Item: { ...peerKey(peer.country), ...peer, registeredBy, registeredAt: at } }));
}

export async function peers(): Promise<Peer[]> {
  return (await inRegion(PEER_PREFIX)).map(({ country, name, kid, jwk }) => ({ country, name, kid, jwk }));
}

/** Keeps a verified bulletin; a later one for the same country and month replaces it. */
export async function saveBulletin(bulletin: Bulletin, jws: string, importedBy: string, at: string): Promise<void> {
  await documents.send(
    new PutCommand({ TableName: tableName(), Item: { ...bulletinKey(bulletin.period, bulletin.country), country: bulletin.country, period: bulletin.period, bulletin, jws, importedBy, importedAt: at } }),
  );
}

/** Every imported bulletin of a month, one per country. */
export async function bulletinsOf(period: string): Promise<Bulletin[]> {
  return (await inRegion(bulletinsOfMonth(period))).map((item) => item.bulletin as Bulletin);
}

/** This deployment in the region: PUENTE_COUNTRY (ISO 3166-1 alpha-2) and PUENTE_DEPLOYMENT_NAME, from configuration. */
export function thisDeployment(settings: NodeJS.ProcessEnv = process.env): { country: string; name: string } {
  const country = settings.PUENTE_COUNTRY ?? '';
  if (!/^[A-Z]{2}$/.test(country)) throw new Error('PUENTE_COUNTRY must name this deployment\'s country (two capital letters, e.g. GT)');
  return { country, name: settings.PUENTE_DEPLOYMENT_NAME || `Puente ${country}` };
}
