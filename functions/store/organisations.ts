// Organisations: shelters (capacity, who they accept), asylum authorities, child-protection
// offices, liaison units, labour inspectorates, screening teams, the coordination.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Refusal } from '../domain/refusal.ts';
import { documents, queryEveryPage, tableName } from './clients.ts';
import { organisationIndexKeys, organisationKey, organisationsPartition, withoutKeys, type TransactItem } from './table.ts';
import type { Organisation, OrganisationType } from '../domain/organisations.ts';

const key = organisationKey;

export class OrganisationExists extends Refusal {
  constructor(id: string) {
    super(409, 'ALREADY_EXISTS', `An organisation ${id} exists already; use PUT to change it`, { id: 'already taken by another organisation' });
  }
}

export class OrganisationChanged extends Refusal {
  constructor(id: string, currentVersion: number) {
    super(412, 'PRECONDITION_FAILED', `${id} changed since it was read: it is at version ${currentVersion} now; read it again and redo your change`, { 'If-Match': `now ${currentVersion}` });
  }
}

export class NotAShelter extends Refusal {
  constructor(id: string) {
    super(409, 'NOT_A_SHELTER', `${id} is not a shelter: it has no beds to count`);
  }
}

export class BedsOverCapacity extends Refusal {
  constructor(capacity: number) {
    super(400, 'BEDS_OVER_CAPACITY', `A shelter with ${capacity} beds cannot have more free; a coordinator changes the capacity`, { bedsFree: `at most ${capacity}` });
  }
}

const itemOf = (organisation: Organisation) => ({
  ...key(organisation.id),
  ...organisation,
  ...organisationIndexKeys(organisation),
});

export async function createOrganisation(organisation: Omit<Organisation, 'version'>): Promise<void> {
  try {
    await documents.send(new PutCommand({ TableName: tableName(), Item: itemOf({ ...organisation, version: 1 }), ConditionExpression: 'attribute_not_exists(pk)' }));
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') throw new OrganisationExists(organisation.id);
    throw error;
  }
}

/**
 * Replaces an organisation; undefined when there is none. With `expectedVersion` (the caller's
 * If-Match) only if nothing changed it since it was read, so a form filled in before beds were taken
 * cannot give them back. Without, the write wins, but still never over a change made while it runs.
 */
export async function replaceOrganisation(organisation: Omit<Organisation, 'version'>, expectedVersion?: number): Promise<number | undefined> {
  for (let attempt = 1; ; attempt++) {
    const current = await getOrganisation(organisation.id, true);
    if (!current) return undefined;
    const { version } = current;
    if (expectedVersion !== undefined && expectedVersion !== version) throw new OrganisationChanged(organisation.id, version);
    try {
      await documents.send(
        new PutCommand({
          TableName: tableName(),
          Item: itemOf({ ...organisation, version: version + 1 }),
          // Items written before versions existed have none.
          ConditionExpression: version ? 'version = :version' : 'attribute_exists(pk) AND attribute_not_exists(version)',
          ExpressionAttributeValues: version ? { ':version': version } : undefined,
        }),
      );
      return version + 1;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      if (expectedVersion !== undefined || attempt === 3) throw new OrganisationChanged(organisation.id, (await getOrganisation(organisation.id, true))?.version ?? 0);
    }
  }
}

/** `consistent` when the read decides a write (a version compared): never a stale copy. */
export async function getOrganisation(id: string, consistent = false): Promise<Organisation | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: tableName(), Key: key(id), ConsistentRead: consistent }));
  return Item ? strip(Item) : undefined;
}

export async function listOrganisations(type?: OrganisationType): Promise<Organisation[]> {
  const items = await queryEveryPage({
    IndexName: type ? 'board' : 'recent',
    KeyConditionExpression: type ? 'boardPk = :pk' : 'recentPk = :pk',
    ExpressionAttributeValues: { ':pk': organisationsPartition(type) },
  });
  return items.map(strip);
}

/**
 * Sets a shelter's count of free beds, only at the version it was read at: a placement that took a
 * bed since bumped the version, so a count made before it is refused (412) instead of giving the
 * bed back. Undefined when there is no such organisation.
 */
export async function setBedsFree(id: string, bedsFree: number, readAt: number, updatedAt: string): Promise<number | undefined> {
  try {
    const { Attributes } = await documents.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key(id),
        UpdateExpression: 'SET shelter.bedsFree = :beds, updatedAt = :now ADD version :one',
        // Items written before versions existed have none (version 0).
        ConditionExpression: `${readAt ? 'version = :version' : 'attribute_exists(pk) AND attribute_not_exists(version)'} AND shelter.#capacity >= :beds`,
        ExpressionAttributeNames: { '#capacity': 'capacity' },
        ExpressionAttributeValues: { ':beds': bedsFree, ':now': updatedAt, ':one': 1, ...(readAt ? { ':version': readAt } : {}) },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Attributes!.version as number;
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    const current = await getOrganisation(id, true);
    if (!current) return undefined;
    if (current.version !== readAt) throw new OrganisationChanged(id, current.version);
    if (!current.shelter) throw new NotAShelter(id);
    throw new BedsOverCapacity(current.shelter.capacity);
  }
}

/** Takes one bed, only if one is free: goes in the same transaction as the acceptance. */
export function takeBed(shelterId: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: key(shelterId),
      UpdateExpression: 'SET shelter.bedsFree = shelter.bedsFree - :one ADD version :one',
      ConditionExpression: 'shelter.bedsFree >= :one',
      ExpressionAttributeValues: { ':one': 1 },
    },
  };
}

function strip(item: Record<string, any>): Organisation {
  const organisation = withoutKeys(item);
  return { ...organisation, version: organisation.version ?? 0 } as Organisation;
}
