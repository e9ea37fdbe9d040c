// Imported forms (XLSForms) and their submissions (layout in table.ts). A form's versions are
// items that never change; its head names the current one, and a new version is written only over
// the head read, so two racing imports never take the same number. Submissions are sealed: on a
// case under the case's key (erasing the case shreds them), otherwise under a key of their own.
import { randomBytes } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { FormDefinition } from '../../forms/engine/types.ts';
import { forms } from '../../forms/registry.ts';
import type { FormSubmissionPlan } from '../domain/form-submission.ts';
import { limits } from '../domain/policy.ts';
import { Refusal } from '../domain/refusal.ts';
import type { Submission } from '../domain/records.ts';
import { formVersionRef } from '../domain/webhooks.ts';
import { documents, queryEveryPage, tableName } from './clients.ts';
import { eventItems } from './events.ts';
import { batchGet, claimedEarlier, claimItem, decodeCursor, encodeCursor, keyOf, type Page } from './records.ts';
import { openItem, recordKeys, sealItem } from './sealing.ts';
import {
  FOLLOWUP_PREFIX,
  followUpKey,
  formHeadKey,
  formSubmissionEntryKey,
  formSubmissionKey,
  formSubmissionsPk,
  formVersionKey,
  FORMS,
  VERSION_PREFIX,
  withoutKeys,
} from './table.ts';
import { stepItem, writeChained } from './timeline.ts';
import { ConditionFailed, retryOn, writeTogether } from './transactions.ts';

export interface ImportedFormHead {
  id: string;
  version: number;
  title: FormDefinition['title'];
}

/** The current version of every imported form. */
export async function importedForms(): Promise<ImportedFormHead[]> {
  const items = await queryEveryPage({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': FORMS } });
  return items.map((item) => ({ id: item.formId, version: item.current, title: item.title }));
}

/** An imported form's version (the current one without `version`); undefined if there is none. */
export async function importedForm(formId: string, version?: number): Promise<FormDefinition | undefined> {
  if (version !== undefined) {
    const { Item } = await documents.send(new GetCommand({ TableName: tableName(), Key: formVersionKey(formId, version) }));
    return Item ? (JSON.parse(Item.definition) as FormDefinition) : undefined;
  }
  const { Items } = await documents.send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': formVersionKey(formId, 1).pk }, ScanIndexForward: false, Limit: 1 }),
  );
  return Items?.[0] ? (JSON.parse(Items[0].definition) as FormDefinition) : undefined;
}

/** A published form's version (the current one without `version`): Puente's own, else an imported one. */
export async function publishedForm(formId: string, version?: number): Promise<FormDefinition | undefined> {
  return forms.get(formId) ? forms.get(formId, version) : importedForm(formId, version);
}

export async function importedVersions(formId: string): Promise<number[]> {
  const items = await queryEveryPage({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :version)',
    ExpressionAttributeValues: { ':pk': formVersionKey(formId, 1).pk, ':version': VERSION_PREFIX },
    ProjectionExpression: 'sk',
  });
  return items.map((item) => Number(String(item.sk).slice(VERSION_PREFIX.length)));
}

class VersionTaken extends Error {
  override name = 'VersionTaken';
}

/**
 * Publishes the form as the next version of its id, with its `form.published` event, in one
 * transaction written only over the head read: a racing import takes the number after.
 */
export async function publishForm(form: FormDefinition, importedBy: string): Promise<FormDefinition> {
  return retryOn(VersionTaken, async () => {
    const { Item: head } = await documents.send(new GetCommand({ TableName: tableName(), Key: formHeadKey(form.id), ConsistentRead: true }));
    const previous = head?.current as number | undefined;
    const published = { ...form, version: (previous ?? 0) + 1 };
    const definition = JSON.stringify(published);
    if (Buffer.byteLength(definition) > limits.formDefinitionBytes) {
      throw new Refusal(400, 'XLSFORM_TOO_LARGE', `The form is larger than ${limits.formDefinitionBytes / 1024} KiB once read; split it into smaller forms`);
    }
    const at = new Date().toISOString();
    try {
      await writeTogether([
        {
          Put: {
            TableName: tableName(),
            Item: { ...formHeadKey(form.id), formId: form.id, current: published.version, title: published.title, updatedAt: at },
            // `current` is one of DynamoDB's reserved words: named through a placeholder.
            ...(previous === undefined
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: '#current = :previous', ExpressionAttributeNames: { '#current': 'current' }, ExpressionAttributeValues: { ':previous': previous } }),
          },
        },
        { Put: { TableName: tableName(), Item: { ...formVersionKey(form.id, published.version), definition, importedBy, publishedAt: at }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ...eventItems('form', formVersionRef(form.id, published.version), [{ type: 'form.published' }], at),
      ]);
    } catch (error) {
      if (error instanceof ConditionFailed) throw new VersionTaken();
      throw error;
    }
    return published;
  });
}

/** Submission ids: random, no order, no personal data. */
export const newSubmissionId = () => `s-${randomBytes(10).toString('hex')}`;

/** A stored submission of an imported form, opened. */
export type FormSubmission = FormSubmissionPlan['submission'];

/**
 * Writes a submission with its idempotency claim (and, on a case, its timeline step) in one
 * transaction; a retry with the same key and body gets the first one's id and writes nothing.
 */
export async function saveFormSubmission({ submission, claim, step }: FormSubmissionPlan): Promise<{ submissionId: string; created: boolean }> {
  const { submissionId: id, submittedAt: at, formId, caseId } = submission;
  const entry = { Put: { TableName: tableName(), Item: { ...formSubmissionEntryKey(formId, at, id), submissionId: id, ...(caseId ? { caseId } : {}) } } };
  try {
    if (caseId) {
      const key = await keyOf('case', caseId);
      const item = sealItem(key, { ...followUpKey(caseId, at, id), ...submission }, ['answers']);
      await writeChained('case', caseId, { others: [claimItem(claim, id, at), { Put: { TableName: tableName(), Item: item } }, entry], entries: [stepItem('case', caseId, step!, at)] });
    } else {
      const itemKey = formSubmissionKey(id);
      const { keyItem, key } = await (await recordKeys()).newRecordKey(itemKey.pk, at);
      const item = sealItem(key, { ...itemKey, ...submission }, ['answers']);
      await writeTogether([claimItem(claim, id, at), { Put: { TableName: tableName(), Item: keyItem as unknown as Record<string, unknown>, ConditionExpression: 'attribute_not_exists(pk)' } }, { Put: { TableName: tableName(), Item: item } }, entry]);
    }
    return { submissionId: id, created: true };
  } catch (error) {
    if (!(error instanceof ConditionFailed) || error.index !== 0) throw error;
    return { submissionId: await claimedEarlier(claim, error), created: false };
  }
}

/** A case's follow-up submissions, newest last; their answers only when `open` (the caller may see them). */
export async function followUpsOf(caseId: string, open: boolean): Promise<(Omit<FormSubmission, 'answers'> & { answers?: Submission['answers'] })[]> {
  const items = await queryEveryPage({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :followUp)', ExpressionAttributeValues: { ':pk': followUpKey(caseId, '', '').pk, ':followUp': FOLLOWUP_PREFIX } });
  const key = open && items.length ? await keyOf('case', caseId) : undefined;
  return items.map(({ sealed, ...clear }) => withoutKeys(key ? openItem(key, { ...clear, sealed } as never) : clear) as FormSubmission);
}

/**
 * A page of a form's submissions, oldest first, each opened with its own key (a case's or its own);
 * those whose key was shredded (the case was erased) are counted, not shown.
 */
export async function formSubmissionsPage(formId: string, limit: number, cursor?: string): Promise<Page<FormSubmission> & { erased: number }> {
  const pk = formSubmissionsPk(formId);
  const page = await documents.send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, Limit: limit, ExclusiveStartKey: decodeCursor(cursor, 'table', { name: 'pk', value: pk }) }),
  );
  const where = (page.Items ?? []).map((entry) => {
    const [at] = String(entry.sk).split('#');
    return entry.caseId ? followUpKey(entry.caseId, at, entry.submissionId) : formSubmissionKey(entry.submissionId);
  });
  const items = await batchGet(where);
  const keys = await recordKeys();
  const opened = await Promise.all(
    items.map(async (item) => {
      const key = await keys.readRecordKey(item.pk);
      return key ? (withoutKeys(openItem(key, item as never)) as FormSubmission) : undefined;
    }),
  );
  const kept = opened.filter((submission): submission is FormSubmission => submission !== undefined).sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  return { items: kept, erased: opened.length - kept.length, cursor: encodeCursor(page.LastEvaluatedKey) };
}
