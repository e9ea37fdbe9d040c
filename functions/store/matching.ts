// Duplicate matching in the table (layout in table.ts). The deployment's matching key is a data key
// of its own, wrapped by the master key like a record's and never erased with one. Each case keeps
// its blind profile (HMACs of name tokens, birth year, nationality, gender) sealed under the case's
// own key, and one index item per pair of name tokens, `MATCH#<hmac>`: a Query per entry finds
// the cases sharing it. Erasure deletes the case's index items, so it drops out of matching; its
// profile is shredded with its key. Pairs found and decided are kept on both case records, in
// `duplicates` (case ids, scores, reason words and a status: no names).
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { blindIndex, blindProfile, matchingProfile, type MatchingProfile, type Person } from '../domain/blind-index.ts';
import { followRestriction, planLinkConsent, type LinkedConsent } from '../domain/consent.ts';
import type { DecisionPlan } from '../domain/decision.ts';
import { duplicatesOf, type Candidate, type DuplicateStatus, type PossibleDuplicate } from '../domain/duplicates.ts';
import type { Actor, RecordParts, RecordSummary } from '../domain/records.ts';
import { documents, tableName } from './clients.ts';
import { keyOf, loadRecord } from './records.ts';
import { recordKeys, seal, unseal, type RecordKey } from './sealing.ts';
import { caseIdOfMatch, MATCHING_KEY_RECORD, matchEntryKey, matchingProfileKey, recordKey, type TransactItem } from './table.ts';
import { ConditionFailed, writeTogether } from './transactions.ts';
import { duplicateMatching } from '../domain/policy.ts';

let processKey: Promise<RecordKey> | undefined;

/** The deployment's matching key: made on first use (one writer wins; the others read it), then kept in memory. */
export function matchingKey(): Promise<RecordKey> {
  if (!processKey) {
    processKey = (async () => {
      const keys = await recordKeys();
      const existing = await keys.readRecordKey(MATCHING_KEY_RECORD);
      if (existing) return existing;
      const { keyItem, key } = await keys.newRecordKey(MATCHING_KEY_RECORD);
      try {
        await writeTogether([{ Put: { TableName: tableName(), Item: keyItem as unknown as Record<string, unknown>, ConditionExpression: 'attribute_not_exists(pk)' } }]);
        return key;
      } catch (error) {
        if (!(error instanceof ConditionFailed)) throw error;
        return (await keys.readRecordKey(MATCHING_KEY_RECORD))!;
      }
    })();
    processKey.catch(() => (processKey = undefined));
  }
  return processKey;
}

/** The case's interview changed while it was being indexed: index it again from the current one. */
export class MatchingMoved extends Error {
  override name = 'MatchingMoved';
}

/**
 * The writes that make a case's blind profile and index entries those of `person`, as of the
 * interview `submissionSk` (the first, or a correction): the profile put over the one read (a
 * profile written meanwhile refuses it), entries new to the person put, entries no longer theirs
 * deleted. They go in the transaction of the change they follow.
 */
export async function indexing(caseId: string, createdAt: string, submissionSk: string, person: Person): Promise<{ items: TransactItem[]; blind: MatchingProfile; entries: string[] }> {
  const { secret } = await matchingKey();
  const blind = blindProfile(matchingProfile(person), secret);
  const entries = blindIndex(blind, secret);
  const item = matchingProfileKey(caseId);
  const [{ Item: current }, key] = await Promise.all([
    documents.send(new GetCommand({ TableName: tableName(), Key: item, ConsistentRead: true, ProjectionExpression: 'entries, submissionSk' })),
    keyOf('case', caseId),
  ]);
  const before: string[] = current?.entries ?? [];
  const overRead = !current
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : current.submissionSk
      ? { ConditionExpression: 'submissionSk = :read', ExpressionAttributeValues: { ':read': current.submissionSk } }
      : { ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(submissionSk)' };
  const items: TransactItem[] = [
    { Put: { TableName: tableName(), Item: { ...item, createdAt, submissionSk, entries, sealed: seal(key, { profile: blind }, item) }, ...overRead } },
    ...entries.filter((entry) => !before.includes(entry)).map((entry): TransactItem => ({ Put: { TableName: tableName(), Item: { ...matchEntryKey(entry, caseId) } } })),
    ...before.filter((entry) => !entries.includes(entry)).map((entry): TransactItem => ({ Delete: { TableName: tableName(), Key: matchEntryKey(entry, caseId) } })),
  ];
  return { items, blind, entries };
}

/** Indexes a case from its current interview (MatchingMoved if a correction replaced it meanwhile); written again, it changes nothing. */
export async function indexCase(caseId: string, createdAt: string, submissionSk: string, person: Person): Promise<{ blind: MatchingProfile; entries: string[] }> {
  const { items, blind, entries } = await indexing(caseId, createdAt, submissionSk, person);
  const current: TransactItem = { ConditionCheck: { TableName: tableName(), Key: recordKey('case', caseId), ConditionExpression: 'submissionSk = :sk', ExpressionAttributeValues: { ':sk': submissionSk } } };
  try {
    await writeTogether([current, ...items]);
  } catch (error) {
    if (error instanceof ConditionFailed) throw new MatchingMoved();
    throw error;
  }
  return { blind, entries };
}

/** Other cases sharing at least one index entry with these. */
export async function casesSharing(caseId: string, entries: string[]): Promise<string[]> {
  const found = await Promise.all(
    entries.map((entry) =>
      documents.send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': matchEntryKey(entry, caseId).pk }, ProjectionExpression: 'sk', Limit: duplicateMatching.candidatesPerEntry })),
    ),
  );
  return [...new Set(found.flatMap((page) => (page.Items ?? []).map((item) => caseIdOfMatch(item.sk as string))))].filter((id) => id !== caseId);
}

/** The blind profiles of these cases; an erased one (its key gone) has none and is left out. */
export async function profilesOf(caseIds: string[]): Promise<Candidate[]> {
  const keys = await recordKeys();
  const profiles = await Promise.all(
    caseIds.map(async (caseId) => {
      const itemKeys = matchingProfileKey(caseId);
      const [{ Item }, key] = await Promise.all([documents.send(new GetCommand({ TableName: tableName(), Key: itemKeys })), keys.readRecordKey(itemKeys.pk)]);
      return Item && key ? { caseId, createdAt: Item.createdAt as string, profile: unseal(key, Item.sealed, itemKeys).profile as MatchingProfile } : undefined;
    }),
  );
  return profiles.filter((profile) => profile !== undefined);
}

/**
 * Records each pair found on both cases, unless it is there already (a pair decided stays decided),
 * and claims the pair's review where no check has yet: the claim is one conditional write on the
 * record of the lesser id, so of two checks finding the same pair exactly one holds it. Answers the
 * other cases whose pair this case reviews.
 */
export async function proposeDuplicates(caseId: string, matches: PossibleDuplicate[], at: string): Promise<Set<string>> {
  const reviewing = new Set<string>();
  for (const { caseId: other, score, reasons } of matches) {
    const update = (one: string, expression: string, names: Record<string, string>, values: Record<string, unknown>) =>
      documents.send(
        new UpdateCommand({ TableName: tableName(), Key: recordKey('case', one), UpdateExpression: expression, ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeNames: names, ExpressionAttributeValues: values, ReturnValues: 'UPDATED_NEW' }),
      );
    for (const [one, another] of [
      [caseId, other],
      [other, caseId],
    ]) {
      // Two steps: DynamoDB cannot make the map and set an entry of it in one expression.
      await update(one, 'SET #duplicates = if_not_exists(#duplicates, :empty)', { '#duplicates': 'duplicates' }, { ':empty': {} });
      await update(one, 'SET #duplicates.#other = if_not_exists(#duplicates.#other, :pair)', { '#duplicates': 'duplicates', '#other': another }, { ':pair': { score, reasons, status: 'possible', foundAt: at } });
    }
    const [lesser, greater] = [caseId, other].sort();
    const claimed = await update(lesser, 'SET #duplicates.#other.reviewBy = if_not_exists(#duplicates.#other.reviewBy, :me)', { '#duplicates': 'duplicates', '#other': greater }, { ':me': caseId });
    if (claimed.Attributes?.duplicates?.[greater]?.reviewBy === caseId) reviewing.add(other);
  }
  return reviewing;
}

/**
 * The updates that record a coordinator's decision on a pair, on both cases, in the decision's
 * transaction. Linking them (same person) also moves each one's consent version, over the version
 * read, with the consent the link brings it to: a consent change racing the link is refused and
 * goes again over the linked set.
 */
export function pairDecision(caseId: string, otherCaseId: string, status: DuplicateStatus, at: string, consentOf: ReadonlyMap<string, LinkedConsent> = new Map()): TransactItem[] {
  return [
    [caseId, otherCaseId],
    [otherCaseId, caseId],
  ].map(([one, another]) => {
    const linked = consentOf.get(one);
    const expected = linked?.record.consentVersion ?? 0;
    return {
      Update: {
        TableName: tableName(),
        Key: recordKey('case', one),
        UpdateExpression: `SET #duplicates.#other.#status = :status, #duplicates.#other.decidedAt = :at${linked ? `, consentVersion = :next${linked.plan ? ', consent = :consent' : ''}` : ''}`,
        ConditionExpression: `attribute_exists(#duplicates.#other)${linked ? ' AND (consentVersion = :expected OR (attribute_not_exists(consentVersion) AND :expected = :zero))' : ''}`,
        ExpressionAttributeNames: { '#duplicates': 'duplicates', '#other': another, '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':at': at, ...(linked ? { ':next': expected + 1, ':expected': expected, ':zero': 0, ...(linked.plan ? { ':consent': linked.plan.consent } : {}) } : {}) },
      },
    };
  });
}

/** Two cases about to be linked as the same person, and every case already linked to either: the set the link makes. */
export async function casesLinkedBy(pair: { caseId: string; otherCaseId: string }): Promise<RecordParts[]> {
  const both = (await Promise.all([pair.caseId, pair.otherCaseId].map((id) => loadRecord('case', id, { personal: false })))).filter((parts) => parts !== undefined);
  return [...both, ...(await linkedCasesOf(both))];
}

/**
 * The person's cases reachable through links (same person) from these, as each is now, without
 * its personal data; erased ones are passed through but left out. Unbounded on purpose: a set is
 * made one coordinator's decision at a time, and every case of it must follow.
 */
export async function linkedCasesOf(start: Pick<RecordParts, 'record'>[]): Promise<RecordParts[]> {
  const seen = new Set(start.map((parts) => parts.record.id));
  const found: RecordParts[] = [];
  let next = start.flatMap((parts) => duplicatesOf(parts.record).linkedCases);
  while (next.length) {
    const wave = [...new Set(next)].filter((id) => !seen.has(id));
    for (const id of wave) seen.add(id);
    const loaded = (await Promise.all(wave.map((id) => loadRecord('case', id, { personal: false })))).filter((parts) => parts !== undefined);
    found.push(...loaded.filter((parts) => parts.record.stage !== 'erased'));
    next = loaded.flatMap((parts) => duplicatesOf(parts.record).linkedCases);
  }
  return found;
}

/**
 * The person's other cases a decision's consent reaches (one person, one consent): a same-person link
 * brings both sets to the most restrictive; a consent decision's restriction follows the links.
 */
export async function consentAcrossLinks(plan: Exclude<DecisionPlan, { replay: true }>, record: RecordSummary, actor: Actor, now: string): Promise<LinkedConsent[]> {
  if (plan.pair?.status === 'same-person') return planLinkConsent(await casesLinkedBy(plan.pair), [plan.pair.caseId, plan.pair.otherCaseId], actor, now);
  if (plan.consent && record.kind === 'case') return followRestriction(record.id, await linkedCasesOf([{ record }]), { lawEnforcement: plan.consent.consent.lawEnforcement }, actor, now);
  return [];
}

/** What erasing a case deletes of matching: its index entries and its (already unreadable) profile. */
export async function unindexing(caseId: string): Promise<TransactItem[]> {
  const { Item } = await documents.send(new GetCommand({ TableName: tableName(), Key: matchingProfileKey(caseId), ConsistentRead: true, ProjectionExpression: 'entries' }));
  if (!Item) return [];
  return [matchingProfileKey(caseId), ...(Item.entries as string[]).map((entry) => matchEntryKey(entry, caseId))].map((Key) => ({ Delete: { TableName: tableName(), Key } }));
}
