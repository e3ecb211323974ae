/**
 * The artefacts Lambda would run: the real handlers bundled by the synth (esbuild, ES module,
 * minified, source map; the AWS SDK left to the runtime). Each bundle is loaded by plain Node in a
 * child process, with the project's node_modules standing in for the runtime's SDK, only the
 * environment the stack gives it plus endpoints of a local s3rver and dynalite, and must ingest a
 * city workbook and roll up its period (drawing the national workbook's charts from the files in
 * the rollup asset's `chart-assets/`).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provideRuntimeModules } from '#bench/bundles.ts';
import { generateDemoUploads } from '#demo/index.ts';
import { ensureTable, startDynalite } from '#embedded/dynamo.ts';
import { objectCreatedEvent } from '#embedded/s3Events.ts';
import { startS3rver } from '#embedded/s3rver.ts';
import { DEFAULT_ENTRIES } from '#infra/ipstatsApp.ts';
import { type AwsClients, createAwsClients, destroyAwsClients } from '#shared/adapters/clients.ts';
import { logicalIdOf } from './support/cfn.ts';
import { synthIpstats } from './support/synth.ts';

const run = promisify(execFile);
const BUCKET = 'ipstats-data-bundle-test';
const TABLE = 'ipstats-bundle-test';

interface Bundle {
  directory: string;
  code: string;
  map: { sources: string[]; sourcesContent?: unknown; mappings: string };
}

const bundles: Partial<Record<'ingest' | 'rollup', Bundle>> = {};
const local: {
  s3Endpoint: string;
  dynamoEndpoint: string;
  directory: string;
  clients?: AwsClients;
  close(): Promise<void>;
} = {
  s3Endpoint: '',
  dynamoEndpoint: '',
  directory: '',
  close: async () => {},
};

beforeAll(async () => {
  const { app, stateless } = synthIpstats({}, { entries: DEFAULT_ENTRIES });
  const assembly = app.synth();
  const functions = stateless.findResources('AWS::Lambda::Function');
  for (const name of ['ingest', 'rollup'] as const) {
    const id = logicalIdOf(
      stateless,
      'AWS::Lambda::Function',
      name === 'ingest' ? 'IngestFunction' : 'RollupFunction',
    );
    // The code's S3 key is `{asset hash}.zip`; the synth staged the bundle in `asset.{hash}`.
    const hash = String(functions[id]?.Properties.Code.S3Key).replace(/\.zip$/, '');
    const directory = join(assembly.directory, `asset.${hash}`);
    await provideRuntimeModules(directory);
    bundles[name] = {
      directory,
      code: readFileSync(join(directory, 'index.mjs'), 'utf8'),
      map: JSON.parse(readFileSync(join(directory, 'index.mjs.map'), 'utf8')),
    };
  }

  local.directory = mkdtempSync(join(tmpdir(), 'ipstats-bundle-'));
  const s3rver = await startS3rver({ directory: local.directory, buckets: [BUCKET] });
  const dynalite = await startDynalite();
  local.s3Endpoint = s3rver.endpoint;
  local.dynamoEndpoint = dynalite.endpoint;
  local.close = async () => {
    destroyAwsClients(clients);
    await s3rver.close();
    await dynalite.close();
    rmSync(local.directory, { recursive: true, force: true });
  };
  const clients = createAwsClients({ s3Endpoint: s3rver.endpoint, dynamoEndpoint: dynalite.endpoint });
  local.clients = clients;
  await ensureTable(clients.dynamo, TABLE);
});

afterAll(async () => {
  await local.close();
});

/** Runs `handler(event)` of a bundle in a fresh Node process and returns its JSON result. */
async function invoke(bundle: Bundle, event: unknown): Promise<unknown> {
  const script = `
    const { handler } = await import(${JSON.stringify(pathToFileURL(join(bundle.directory, 'index.mjs')).href)});
    const result = await handler(JSON.parse(process.env.TEST_EVENT));
    process.stdout.write('\\n@@RESULT@@' + JSON.stringify(result));
  `;
  const { stdout } = await run(
    process.execPath,
    ['--enable-source-maps', '--input-type=module', '-e', script],
    {
      env: {
        PATH: process.env.PATH,
        DATA_BUCKET: BUCKET,
        TABLE_NAME: TABLE,
        LOG_LEVEL: 'ERROR',
        AWS_REGION: 'cn-north-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_ENDPOINT_URL_S3: local.s3Endpoint,
        AWS_ENDPOINT_URL_DYNAMODB: local.dynamoEndpoint,
        TEST_EVENT: JSON.stringify(event),
      },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout.slice(stdout.lastIndexOf('@@RESULT@@') + '@@RESULT@@'.length));
}

describe.each(['ingest', 'rollup'] as const)('the %s bundle', (name) => {
  it('is one ES module that defines require for its CommonJS dependencies', () => {
    expect(bundle(name).code.split('\n')[0]).toBe(
      "import { createRequire as ipstatsCreateRequire } from 'node:module'; const require = ipstatsCreateRequire(import.meta.url);",
    );
    expect(bundle(name).code).toMatch(/export\s*\{\s*\w+ as handler\s*\}/);
  });

  it('imports nothing but Node built-ins, and requires the AWS SDK the runtime provides', async () => {
    // esbuild reads the bundle's static and dynamic imports and lists those it would leave external.
    const { metafile } = await esbuild.build({
      entryPoints: [join(bundle(name).directory, 'index.mjs')],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
    });
    const external = Object.values(metafile.outputs).flatMap((output) =>
      output.imports.filter((imported) => imported.external).map((imported) => imported.path),
    );
    const required = [...bundle(name).code.matchAll(/\("(@aws-sdk\/[a-z0-9-]+)"\)/g)].map(
      (match) => match[1],
    );

    expect(external.filter((specifier) => !isBuiltin(specifier))).toEqual([]);
    expect(bundle(name).code).not.toMatch(/from\s*"@aws-sdk\//);
    expect(new Set(required)).toEqual(
      new Set([
        '@aws-sdk/client-dynamodb',
        '@aws-sdk/client-s3',
        '@aws-sdk/client-sesv2',
        '@aws-sdk/client-sqs',
        '@aws-sdk/lib-dynamodb',
      ]),
    );
  });

  it('is minified: the handler module’s own helper names are gone', () => {
    // Helpers of the handlers' own modules: an unminified bundle keeps their names.
    const helper = name === 'ingest' ? 'uploadEventsFromS3Event' : 'requestedPeriods';

    expect(bundle(name).code).not.toContain(helper);
  });

  it('carries the chart files beside the code only when it draws charts, not as base64 inside it', () => {
    const { directory, code } = bundle(name);
    const files = readdirSync(directory).filter((file) => file !== 'node_modules');

    if (name === 'rollup') {
      expect(files.sort()).toEqual(['chart-assets', 'index.mjs', 'index.mjs.map']);
      expect(readdirSync(join(directory, 'chart-assets')).sort()).toEqual([
        'NotoSansSC-charts.ttf',
        'resvg.wasm',
      ]);
      expect(readFileSync(join(directory, 'chart-assets', 'resvg.wasm')).subarray(0, 4)).toEqual(
        Buffer.from([0x00, 0x61, 0x73, 0x6d]),
      );
    } else expect(files.sort()).toEqual(['index.mjs', 'index.mjs.map']);
    // No long base64 run (the WebAssembly module and the font were 3.3 MB strings each).
    expect(code).not.toMatch(/[A-Za-z0-9+/]{100000}/);
    expect(code.length).toBeLessThan(1.5 * 1024 * 1024);
  });

  it('links a source map that names the TypeScript sources but does not embed them', () => {
    const { code, map } = bundle(name);

    expect(code.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map')).toBe(true);
    expect(map.sources.some((source) => source.endsWith(`functions/${name}.ts`))).toBe(true);
    expect(map.sourcesContent).toBeUndefined();
    expect(map.mappings.length).toBeGreaterThan(0);
  });
});

describe('the bundles at work against local S3 and DynamoDB', () => {
  it('ingest accepts a city workbook, then the roll-up publishes the period', async () => {
    const [upload] = (await generateDemoUploads({ periods: ['2024Q3'], enterprisesPerCity: 3 })).filter(
      (candidate) => candidate.fileName.endsWith('.xlsx') && candidate.expectedStatus === 'accepted',
    );
    if (!upload) throw new Error('the demo data set has no accepted workbook for 2024Q3');
    const key = `uploads/${upload.city}/${upload.period}/${upload.fileName}`;
    const stored = await local.clients!.s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: upload.body }),
    );
    const event = objectCreatedEvent(
      {
        bucket: BUCKET,
        key,
        size: upload.body.length,
        eTag: String(stored.ETag).replace(/"/g, ''),
        eventTime: upload.uploadedAt,
        sequencer: '0062E7A1B2C3D4E5F6',
      },
      { region: 'cn-north-1', principalId: 'BUNDLETEST', configurationId: 'ipstats-ingest' },
    );

    const ingested = (await invoke(bundle('ingest'), event)) as {
      uploads: Array<{ status: string; city: string }>;
    };
    const rolledUp = (await invoke(bundle('rollup'), { period: '2024Q3' })) as {
      periods: Array<{ period: string; reportKeys: string[] }>;
    };

    expect(ingested.uploads).toEqual([expect.objectContaining({ city: upload.city, status: 'accepted' })]);
    expect(rolledUp.periods.map((period) => period.period)).toEqual(['2024Q3']);
    expect(rolledUp.periods[0]?.reportKeys).toContain('reports/national/2024Q3/national-summary-2024Q3.xlsx');
    expect(rolledUp.periods[0]?.reportKeys).toContain(
      `reports/cities/${upload.city}/2024Q3/city-summary-${upload.city}-2024Q3.xlsx`,
    );
  });
});

function bundle(name: 'ingest' | 'rollup'): Bundle {
  const found = bundles[name];
  if (!found || !existsSync(found.directory)) throw new Error(`no ${name} bundle`);
  return found;
}
