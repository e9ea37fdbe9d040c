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
  // A transaction's condition on another item (a consent version, a case still open) is its own action.
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
};

/** What sealing asks of the master key: a new wrapped data key per record, and unwrapping one. */
export const masterKeyActions = ['kms:GenerateDataKey', 'kms:Decrypt'];

/** What the bulletin signing key allows: signing (with its public key, for the kid), or publishing the public key alone. */
export const signingKeyActions = { sign: ['kms:Sign', 'kms:GetPublicKey'], publish: ['kms:GetPublicKey'] } as const;

export class Data extends Construct {
  readonly key: kms.Key;
  /** Wraps each case's and tip's own data key: only the functions that seal or open a person's data may use it. */
  readonly masterKey: kms.Key;
  /** Signs indicator bulletins (ES256): the private key never leaves KMS; peers verify with its public key. */
  readonly signingKey: kms.Key;
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
    this.masterKey = new kms.Key(this, 'RecordKeys', {
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      description: "Wraps each Puente case's and tip's own data key (envelope encryption); deleting a record's wrapped key erases it",
    });
    // Asymmetric keys do not rotate in KMS: a new key means peers register the new public key.
    this.signingKey = new kms.Key(this, 'BulletinSigning', {
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
      description: "Signs Puente's indicator bulletins (ES256) for the regional exchange",
    });
    this.table = new dynamodb.TableV2(this, 'Records', {
      partitionKey: { name: table.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: table.sortKey, type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(this.key),
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: table.ttlAttribute,
      globalSecondaryIndexes: table.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.INCLUDE,
        nonKeyAttributes: [...index.projection],
      })),
    });
  }

  /** Lets `fn` seal and open a person's data: new data keys and unwrapping them, under the master key it is told of. */
  bindMasterKey(fn: lambda.Function): void {
    this.masterKey.grant(fn, ...masterKeyActions);
    fn.addEnvironment('PUENTE_MASTER_KEY_ARN', this.masterKey.keyArn);
  }

  /** Lets `fn` sign bulletins, or only read the public key it publishes, with the key it is told of. */
  bindSigningKey(fn: lambda.Function, use: keyof typeof signingKeyActions): void {
    this.signingKey.grant(fn, ...signingKeyActions[use]);
    fn.addEnvironment('PUENTE_SIGNING_KEY_ARN', this.signingKey.keyArn);
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
