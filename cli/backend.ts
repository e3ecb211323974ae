/**
 * The stack a stateful command acts on. Locally: the embedded stack with its state in a directory
 * (`.ipstats/` by default), started for the duration of the command. On AWS: the deployed bucket,
 * table and functions, found through the CloudFormation outputs.
 */
import { resolve } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { defaultChartThreads, startEmbeddedStack } from '#embedded/stack.ts';
import type { AssessedBatch, RolledUpPeriod } from '#functions/rollup.ts';
import { createAwsClients, destroyAwsClients, endpointsFromEnvironment } from '#shared/adapters/clients.ts';
import { DEFAULT_REGISTRY_KEY } from '#shared/adapters/config.ts';
import { createDynamoSubmissionStore } from '#shared/adapters/dynamoSubmissionStore.ts';
import { loadRegistry } from '#shared/adapters/registryStore.ts';
import { createS3ObjectStore } from '#shared/adapters/s3ObjectStore.ts';
import type { City } from '#shared/domain/registry.ts';
import type { UploadRecord } from '#shared/domain/submission.ts';
import type { UploadKey } from '#shared/domain/uploadKey.ts';
import { type ObjectStore, type TablePorts, tablePorts, type UploadLog } from '#shared/ports.ts';
import { UsageError } from './errors.ts';
import { DEFAULT_STATE_DIRECTORY, type TargetOptions } from './options.ts';

export interface Backend extends TablePorts {
  /** Shown to the user: where the command acted. */
  description: string;
  objects: ObjectStore;
  /** Puts an upload and waits until ingest has recorded it; returns the upload record. */
  upload(key: UploadKey & { key: string }, body: Buffer): Promise<UploadRecord>;
  /** The registry in force (the bucket's, or the built-in default). */
  registry(): Promise<readonly City[]>;
  /** Runs the roll-up function for the periods; one summary per period. */
  rollup(periods: readonly string[]): Promise<RolledUpPeriod[]>;
  /** Runs the roll-up function's assessment path (`{ assessments }`) at `now`; one summary per batch and year. */
  assess(assessments: ReadonlyArray<{ batch: number; year: number }>, now?: Date): Promise<AssessedBatch[]>;
  close(): Promise<void>;
}

export const STATEFUL_STACK = 'IpstatsStateful';
export const STATELESS_STACK = 'IpstatsStateless';
const INGEST_WAIT_MS = 120_000;

export async function openBackend(target: TargetOptions): Promise<Backend> {
  return target.aws || target.stack
    ? openAwsBackend(target.region)
    : openLocalBackend(typeof target.local === 'string' ? target.local : DEFAULT_STATE_DIRECTORY);
}

export async function openLocalBackend(directory: string): Promise<Backend> {
  const stack = await startEmbeddedStack({
    directory: resolve(directory),
    chartThreads: defaultChartThreads(),
  });
  return {
    description: `本机嵌入式栈（${stack.directory}）`,
    objects: stack.objects,
    uploads: stack.uploads,
    current: stack.current,
    locks: stack.locks,
    audit: stack.audit,
    async upload(upload, body) {
      const [ingested] = (await stack.upload(upload.key, body)).uploads;
      const record =
        ingested && (await stack.uploads.getUpload(ingested.city, ingested.period, ingested.uploadId));
      if (!record) throw new Error(`没有找到 ${upload.key} 的处理记录`);
      return record;
    },
    registry: () => loadRegistry(stack.objects, DEFAULT_REGISTRY_KEY),
    rollup: async (periods) => (await stack.rollup({ periods: [...periods] })).periods,
    assess: async (assessments, now) =>
      (await stack.rollup({ assessments: [...assessments], ...(now ? { now: now.toISOString() } : {}) }))
        .assessments,
    close: () => stack.stop(),
  };
}

export async function openAwsBackend(region?: string): Promise<Backend> {
  const outputs = await stackOutputs(region);
  const clients = createAwsClients({ ...(region ? { region } : {}), ...endpointsFromEnvironment() });
  const lambda = new LambdaClient(region ? { region } : {});
  const objects = createS3ObjectStore(clients.s3, outputs.DataBucketName);
  const table = tablePorts(
    createDynamoSubmissionStore({ client: clients.documents, tableName: outputs.TableName }),
  );
  const invokeRollup = async (
    request: object,
  ): Promise<{ periods: RolledUpPeriod[]; assessments: AssessedBatch[] }> => {
    const response = await lambda.send(
      new InvokeCommand({
        FunctionName: outputs.RollupFunctionName,
        Payload: Buffer.from(JSON.stringify(request)),
      }),
    );
    const payload = response.Payload ? JSON.parse(Buffer.from(response.Payload).toString('utf8')) : undefined;
    if (response.FunctionError) throw new Error(`汇总函数执行失败：${JSON.stringify(payload)}`);
    return payload as { periods: RolledUpPeriod[]; assessments: AssessedBatch[] };
  };
  return {
    description: `AWS（桶 ${outputs.DataBucketName}，表 ${outputs.TableName}）`,
    objects,
    ...table,
    async upload(upload, body) {
      const put = await clients.s3.send(
        new PutObjectCommand({
          Bucket: outputs.DataBucketName,
          Key: upload.key,
          Body: body,
          ContentLength: body.length,
        }),
      );
      const etag = put.ETag?.replace(/"/g, '');
      const deadline = Date.now() + INGEST_WAIT_MS;
      while (Date.now() < deadline) {
        const record = await latestRecordOf(table.uploads, upload, (candidate) =>
          put.VersionId ? candidate.versionId === put.VersionId : candidate.etag === etag,
        );
        if (record && record.status !== 'received') return record;
        await new Promise((done) => setTimeout(done, 1_000));
      }
      throw new Error(`等待 ${upload.key} 的校验结果超时（${INGEST_WAIT_MS / 1000} 秒）`);
    },
    registry: () => loadRegistry(objects, DEFAULT_REGISTRY_KEY),
    async rollup(periods) {
      return (await invokeRollup({ periods })).periods;
    },
    async assess(assessments, now) {
      return (await invokeRollup({ assessments, ...(now ? { now: now.toISOString() } : {}) })).assessments;
    },
    async close() {
      destroyAwsClients(clients);
      lambda.destroy();
    },
  };
}

interface StackOutputs {
  DataBucketName: string;
  TableName: string;
  IngestFunctionName: string;
  RollupFunctionName: string;
}

async function stackOutputs(region?: string): Promise<StackOutputs> {
  const cloudFormation = new CloudFormationClient(region ? { region } : {});
  try {
    const found: Record<string, string> = {};
    for (const stackName of [STATEFUL_STACK, STATELESS_STACK]) {
      const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
      for (const output of Stacks?.[0]?.Outputs ?? []) {
        if (output.OutputKey && output.OutputValue) found[output.OutputKey] = output.OutputValue;
      }
    }
    const names = ['DataBucketName', 'TableName', 'IngestFunctionName', 'RollupFunctionName'] as const;
    const missing = names.filter((name) => !found[name]);
    if (missing.length > 0)
      throw new UsageError(
        `CloudFormation 栈缺少输出 ${missing.join('、')}：请先部署（见 docs/deployment.md）`,
      );
    return Object.fromEntries(names.map((name) => [name, found[name] as string])) as unknown as StackOutputs;
  } catch (cause) {
    if (cause instanceof UsageError) throw cause;
    throw new Error(`读取 CloudFormation 栈 ${STATEFUL_STACK} / ${STATELESS_STACK} 失败`, { cause });
  } finally {
    cloudFormation.destroy();
  }
}

async function latestRecordOf(
  uploads: UploadLog,
  upload: UploadKey & { key: string },
  matches: (record: UploadRecord) => boolean,
): Promise<UploadRecord | undefined> {
  const records = await uploads.listUploads(upload.city, upload.period);
  return records.filter((record) => record.key === upload.key && matches(record)).at(-1);
}
