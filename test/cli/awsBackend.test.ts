/**
 * The `--aws` code path without AWS: a small HTTP server plays CloudFormation (DescribeStacks)
 * and Lambda (Invoke → the real roll-up handler), while the bucket and table are the embedded
 * stack's, reached through AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_DYNAMODB as on AWS.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, openAwsBackend } from '#cli/backend.ts';
import { type EmbeddedStack, LOCAL_BUCKET, LOCAL_TABLE, startEmbeddedStack } from '#embedded/stack.ts';
import { coreWorkbook } from './support/uploadFiles.ts';

const OUTPUTS: Record<string, Record<string, string>> = {
  IpstatsStateful: { DataBucketName: LOCAL_BUCKET, TableName: LOCAL_TABLE },
  IpstatsStateless: { IngestFunctionName: 'ipstats-ingest', RollupFunctionName: 'ipstats-rollup' },
};

function describeStacksXml(stackName: string): string {
  const outputs = Object.entries(OUTPUTS[stackName] ?? {})
    .map(
      ([key, value]) => `<member><OutputKey>${key}</OutputKey><OutputValue>${value}</OutputValue></member>`,
    )
    .join('');
  return `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member>
<StackName>${stackName}</StackName><StackId>arn:aws:cloudformation:us-east-1:000000000000:stack/${stackName}/1</StackId>
<CreationTime>2024-01-01T00:00:00Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus><Outputs>${outputs}</Outputs>
</member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></DescribeStacksResponse>`;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('the deployed-stack backend (--aws)', () => {
  let stack: EmbeddedStack;
  let fakeAws: Server;
  const invoked: string[] = [];
  let backend: Backend;

  beforeAll(async () => {
    stack = await startEmbeddedStack();
    fakeAws = createServer(async (request, response) => {
      const body = await bodyOf(request);
      const invocation = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(request.url ?? '');
      if (invocation) {
        invoked.push(decodeURIComponent(invocation[1] ?? ''));
        const result = await stack.rollup(JSON.parse(body));
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
        return;
      }
      const stackName = new URLSearchParams(body).get('StackName') ?? '';
      response.writeHead(200, { 'content-type': 'text/xml' }).end(describeStacksXml(stackName));
    });
    await new Promise<void>((resolve) => fakeAws.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(fakeAws.address() as AddressInfo).port}`;
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_CLOUDFORMATION: endpoint,
      AWS_ENDPOINT_URL_LAMBDA: endpoint,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
    backend = await openAwsBackend('us-east-1');
  });

  afterAll(async () => {
    await backend?.close();
    fakeAws?.closeAllConnections();
    await new Promise((resolve) => fakeAws?.close(resolve));
    await stack?.stop();
  });

  it('finds the bucket and table from the CloudFormation outputs', () => {
    expect(backend.description).toBe(`AWS（桶 ${LOCAL_BUCKET}，表 ${LOCAL_TABLE}）`);
  });

  it('puts an upload and waits for the record the ingest function writes', async () => {
    const key = 'uploads/440300/2024Q3/深圳 2024Q3.xlsx';

    const record = await backend.upload(
      { key, city: '440300', period: '2024Q3', fileName: '深圳 2024Q3.xlsx' },
      await coreWorkbook('440300', '2024Q3'),
    );

    expect(record.key).toBe(key);
    expect(record.status).toMatch(/^accepted/);
    expect(record.reportKey).toMatch(/^results\/440300\/2024Q3\/.+\.json$/);
  });

  it('invokes the roll-up function by name and returns its per-period summaries', async () => {
    const periods = await backend.rollup(['2024Q3']);

    expect(invoked).toEqual(['ipstats-rollup']);
    expect(periods.map((period) => [period.period, period.completeness.reported])).toEqual([['2024Q3', 1]]);
  });
});
