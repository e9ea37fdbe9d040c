// Organisations: shelters (capacity, who they accept), asylum authorities, child-protection
// offices, liaison units, labour inspectorates, screening teams, the coordination.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documents, queryEveryPage, tableName } from './clients.ts';
import type { TransactItem } from './tasks.ts';

export const organisationTypes = ['shelter', 'asylum', 'child-protection', 'liaison', 'labour-inspectorate', 'screening', 'coordination'] as const;
export type OrganisationType = (typeof organisationTypes)[number];

export interface Organisation {
  id: string;
  name: string;
  type: OrganisationType;
  country: string;
  /** Distance rank used for "nearest first" (lower is nearer to the coalition's intake points). */
  distanceRank: number;
  shelter?: {
    capacity: number;
    bedsFree: number;
    sexes: ('woman' | 'man' | 'transgender_nonconforming' | 'undisclosed')[];
    ageMin: number;
    ageMax: number;
    acceptsChildren: boolean;
    languages: string[];
  };
  updatedAt: string;
}

const key = (id: string) => ({ pk: `ORG#${id}`, sk: 'ORG' });

export async function putOrganisation(organisation: Organisation, mustExist: boolean | undefined): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...key(organisation.id), ...organisation, boardPk: `ORGS#${organisation.type}`, boardSk: organisation.id, recentPk: 'ORGS', recentSk: organisation.id },
      ConditionExpression: mustExist === undefined ? undefined : mustExist ? 'attribute_exists(pk)' : 'attribute_not_exists(pk)',
    }),
  );
}

export async function getOrganisation(id: string): Promise<Organisation | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: tableName(), Key: key(id) }));
  return Item ? strip(Item) : undefined;
}

export async function listOrganisations(type?: OrganisationType): Promise<Organisation[]> {
  const items = await queryEveryPage({
    IndexName: type ? 'board' : 'recent',
    KeyConditionExpression: type ? 'boardPk = :pk' : 'recentPk = :pk',
    ExpressionAttributeValues: { ':pk': type ? `ORGS#${type}` : 'ORGS' },
  });
  return items.map(strip);
}

/** Takes one bed, only if one is free: goes in the same transaction as the acceptance. */
export function takeBed(shelterId: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: key(shelterId),
      UpdateExpression: 'SET shelter.bedsFree = shelter.bedsFree - :one',
      ConditionExpression: 'shelter.bedsFree >= :one',
      ExpressionAttributeValues: { ':one': 1 },
    },
  };
}

function strip(item: Record<string, any>): Organisation {
  const { pk: _pk, sk: _sk, boardPk: _b, boardSk: _bs, recentPk: _r, recentSk: _rs, ...organisation } = item;
  return organisation as Organisation;
}
