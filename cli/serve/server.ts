/**
 * `ipstats serve`: the embedded stack kept running on a state directory (S3 events keep flowing to
 * the ingest handler, data survives restarts), the HTTP API (shared/api) and the portal's static
 * files (`web/dist`, with index.html for every other path), on one loopback port.
 */

import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { defaultChartThreads, type EmbeddedStack, startEmbeddedStack } from '#embedded/stack.ts';
import { DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_REGISTRY_KEY } from '#shared/adapters/config.ts';
import { createDynamoNotificationLog } from '#shared/adapters/dynamoNotificationLog.ts';
import { loadRegistry } from '#shared/adapters/registryStore.ts';
import { createS3UploadPresigner } from '#shared/adapters/s3Presigner.ts';
import { createApi } from '#shared/api/app.ts';
import { bearerAuthentication } from '#shared/api/bearer.ts';
import type { ApiDeps } from '#shared/api/deps.ts';
import { cachedRegistry } from '#shared/api/registryCache.ts';
import { createLocalSignIn } from '#shared/auth/localSignIn.ts';
import { createSignInLimiter } from '#shared/auth/rateLimit.ts';
import { createTokenService, DEFAULT_TOKEN_TTL_SECONDS } from '#shared/auth/tokens.ts';
import type { City } from '#shared/domain/registry.ts';
import type { AuditTrail } from '#shared/ports.ts';
import { createUsersFile, tokenSecretOf, usersFileOf } from './usersFile.ts';

// The command sizes the server's ingest threads; the module loads with the command, not with --help.
export { defaultIngestThreads } from '#embedded/ingestThreads.ts';

/** `web/dist` of the project: found from this module upwards, from the sources and from the CLI bundle (dist/cli). */
export const DEFAULT_WEB_ROOT = join(projectRoot(fileURLToPath(import.meta.url)), 'web', 'dist');

function projectRoot(from: string): string {
  let directory = dirname(from);
  while (!existsSync(join(directory, 'package.json')) && dirname(directory) !== directory)
    directory = dirname(directory);
  return directory;
}

export interface ServeOptions {
  stateDirectory: string;
  host: string;
  port: number;
  /** Runs once the stack is up, before requests are served (the demo loader). */
  prepare?: (stack: EmbeddedStack, audit: AuditTrail) => Promise<void>;
  registry?: readonly City[];
  webRoot?: string;
  tokenTtlSeconds?: number;
  maxUploadBytes?: number;
  deadlineDays?: number;
  /** The server's clock (`--now`): upload times, deadlines and roll-ups; default the system clock. */
  clock?: () => Date;
  /** Worker threads that validate uploads beside the server's (none: on the main thread). */
  ingestThreads?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  stack: EmbeddedStack;
  close(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  let handle: ((request: Request, env: unknown) => Response | Promise<Response>) | undefined;
  const server = createAdaptorServer({
    fetch: (request: Request, env: unknown) =>
      handle ? handle(request, env) : new Response('正在启动，请稍候', { status: 503 }),
    hostname: options.host,
  }) as Server;
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host, () => done());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${shownHost}:${port}`;
  const closeServer = () =>
    new Promise<void>((done) => {
      server.closeAllConnections?.();
      server.close(() => done());
    });

  let stack: EmbeddedStack;
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  try {
    stack = await startEmbeddedStack({
      directory: resolve(options.stateDirectory),
      corsOrigins: [url, `http://localhost:${port}`, `http://127.0.0.1:${port}`],
      maxUploadBytes,
      chartThreads: defaultChartThreads(),
      ...(options.ingestThreads ? { ingestThreads: options.ingestThreads } : {}),
      ...(options.registry ? { registry: options.registry } : {}),
      ...(options.deadlineDays === undefined ? {} : { deadlineDays: options.deadlineDays }),
      ...(options.clock ? { clock: options.clock } : {}),
    });
  } catch (error) {
    await closeServer();
    throw error;
  }
  try {
    const audit = stack.audit;
    await options.prepare?.(stack, audit);
    const tokens = createTokenService({
      secret: await tokenSecretOf(options.stateDirectory),
      ttlSeconds: options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
    });
    const deps: ApiDeps = {
      objects: stack.objects,
      uploads: stack.uploads,
      locks: stack.locks,
      audit,
      notifications: createDynamoNotificationLog({
        client: stack.clients.documents,
        tableName: stack.tableName,
      }),
      registry: cachedRegistry(() => loadRegistry(stack.objects, DEFAULT_REGISTRY_KEY), 5_000),
      authenticate: bearerAuthentication(tokens),
      signIn: createLocalSignIn({
        users: createUsersFile(usersFileOf(options.stateDirectory)),
        tokens,
        limiter: createSignInLimiter(),
        audit,
        allowDemoUsers: isLoopback(options.host),
      }),
      presigner: createS3UploadPresigner(stack.clients.s3, stack.bucket),
      downloads: { mode: 'inline', url: async () => '' },
      rollups: {
        async run(periods) {
          const result = await stack.rollup({
            periods: [...periods],
            ...(options.clock ? { now: options.clock().toISOString() } : {}),
          });
          return { state: 'completed', results: result.periods };
        },
      },
      deadlineDays: options.deadlineDays ?? 15,
      ...(options.clock ? { now: options.clock } : {}),
      maxUploadBytes,
      sourceOf: (env) => (env as { incoming?: IncomingMessage }).incoming?.socket.remoteAddress ?? 'unknown',
      log: {
        error: (message, ...extra) => process.stderr.write(`${message} ${extra.map(describe).join(' ')}\n`),
      },
    };
    const app = new Hono();
    app.route('/', createApi(deps));
    app.get('*', staticFiles(options.webRoot ?? DEFAULT_WEB_ROOT));
    handle = (request, env) => app.fetch(request, env);
  } catch (error) {
    await stack.stop().catch(() => undefined);
    await closeServer();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    stack,
    close: () => {
      closing ??= (async () => {
        await closeServer();
        await stack.stop();
      })();
      return closing;
    },
  };
}

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** The portal's files, and index.html for any other path (client-side routes). */
function staticFiles(root: string) {
  const base = resolve(root);
  return async (c: { req: { path: string } }) => {
    const notBuilt = () =>
      new Response('门户尚未构建：运行 npm run build:web 后重新启动 ipstats serve。API 位于 /api/。\n', {
        status: 404,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      });
    if (!existsSync(base)) return notBuilt();
    let path: string;
    try {
      path = normalize(join(base, decodeURIComponent(c.req.path)));
    } catch {
      path = base;
    }
    const inside = path === base || path.startsWith(base + sep);
    const file =
      inside && (await stat(path).catch(() => undefined))?.isFile() ? path : join(base, 'index.html');
    const body = await readFile(file).catch(() => undefined);
    if (!body) return notBuilt();
    const hashed = /[.-][0-9a-zA-Z_-]{8,}\.(js|css|woff2|png|svg)$/.test(file);
    return new Response(new Uint8Array(body), {
      headers: {
        'Content-Type': STATIC_TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      },
    });
  };
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.stack ?? value.message;
  try {
    return JSON.stringify(value, (_key, inner) =>
      inner instanceof Error ? (inner.stack ?? inner.message) : inner,
    );
  } catch {
    return String(value);
  }
}
