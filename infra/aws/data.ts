// The data: the customer-managed key and the one table, with the indexes of the system description.
// A function reaches the table only through bindTable, which grants and names it together.
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { Grants, TableDescription } from '../../system/description.ts';
import { acknowledge } from './nag-suppressions.ts';

export type TableAccess = NonNullable<Grants['table']>[number];

/**
 * Table actions by grant: those functions/store calls, no more (a transaction needs the action of
 * each of its items). No Scan anywhere: request paths use Query and GetItem.
 */
export const tableActions: Record<TableAccess, readonly string[]> = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
};

const recordOnBoard = ['id', 'stage', 'createdAt', 'updatedAt', 'overdueTasks', 'triage', 'assessment', 'outcome', 'consent', 'milestones'];
const organisation = ['id', 'name', 'type', 'country', 'distanceRank', 'shelter', 'updatedAt', 'version'];

/**
 * What each index copies besides the keys: only the attributes read from its queries in
 * functions/store. The board and metrics read record summaries, organisation lists whole
 * organisations; the inbox reads task briefs, and links only their keys; the overdue sweep reads a
 * task's identity and, for a decision its workflow has not been told yet, the token and what to
 * send (`resume`), both removed once sent. Answers, ages and stored decisions stay in the table.
 */
export const indexProjections: Record<string, readonly string[]> = {
  board: [...new Set([...recordOnBoard, ...organisation])],
  recent: [...new Set([...recordOnBoard, ...organisation])],
  inbox: ['taskId', 'parentId', 'parentKind', 'kind', 'status', 'assigneeRole', 'createdAt', 'dueAt', 'brief'],
  due: ['taskId', 'parentId', 'parentKind', 'kind', 'dueAt', 'resume', 'token'],
};

export class Data extends Construct {
  readonly key: kms.Key;
  readonly table: dynamodb.TableV2;
  private readonly nameEnv: string;

  constructor(scope: Construct, id: string, { table }: { table: TableDescription }) {
    super(scope, id);
    this.nameEnv = table.nameEnv;
    this.key = new kms.Key(this, 'Key', {
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      description: 'Encrypts survivor records in the Puente table, workflow histories, logs, dead letters and the alarm topic',
    });
    // Every log group of the stack is encrypted with this key: CloudWatch Logs must be allowed to use it.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        principals: [new iam.ServicePrincipal(`logs.${Stack.of(this).region}.amazonaws.com`)],
        resources: ['*'],
      }),
    );
    this.table = new dynamodb.TableV2(this, 'Records', {
      partitionKey: { name: table.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: table.sortKey, type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(this.key),
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: table.indexes.map((index) => {
        const projected = indexProjections[index.name];
        if (!projected) throw new Error(`index ${index.name} has no projection in infra/aws/data.ts`);
        return {
          indexName: index.name,
          partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
          sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
          projectionType: dynamodb.ProjectionType.INCLUDE,
          nonKeyAttributes: [...projected],
        };
      }),
    });
  }

  /** Lets `fn` read and/or write the table (and use its key accordingly), and tells it the table's name. */
  bindTable(fn: lambda.Function, access: readonly TableAccess[]): void {
    if (!access.length) return;
    this.table.grant(fn, ...new Set(access.flatMap((grant) => tableActions[grant])));
    if (access.includes('write')) {
      this.key.grantEncryptDecrypt(fn);
      acknowledge.dataKeyFamilies(fn.role!);
    } else {
      this.key.grantDecrypt(fn);
    }
    acknowledge.tableIndexes(fn.role!, this.table);
    fn.addEnvironment(this.nameEnv, this.table.tableName);
  }
}
