/**
 * Lambda: the HTTP API behind API Gateway (HTTP API, payload 2.0) with the Cognito JWT authorizer.
 * The same Hono app as `ipstats serve`; here identities come from the authorizer's claims, sign-in
 * goes through Cognito, uploads are presigned for the data bucket, downloads are short-lived
 * links, and roll-ups are started asynchronously on the roll-up function.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Context } from 'aws-lambda';
import { handle } from 'hono/aws-lambda';
import { createCognitoClient, createCognitoSignIn } from '#shared/adapters/cognito.ts';
import { runtime } from '#shared/adapters/runtime.ts';
import { createS3DownloadLinks, createS3UploadPresigner } from '#shared/adapters/s3Presigner.ts';
import { createApi } from '#shared/api/app.ts';
import { authorizerAuthentication } from '#shared/api/authorizerIdentity.ts';
import { ConfigError } from '#shared/domain/errors.ts';

type LambdaHandler = ReturnType<typeof handle>;
let app: LambdaHandler | undefined;

export interface ApiFunctionConfig {
  userPoolClientId: string;
  rollupFunctionName: string;
}

export function readApiFunctionConfig(env: NodeJS.ProcessEnv = process.env): ApiFunctionConfig {
  const read = (name: string) => {
    const value = env[name]?.trim();
    if (!value) throw new ConfigError(`缺少环境变量 ${name}`);
    return value;
  };
  return { userPoolClientId: read('USER_POOL_CLIENT_ID'), rollupFunctionName: read('ROLLUP_FUNCTION_NAME') };
}

function build(): LambdaHandler {
  const { config, clients, objects, uploads, locks, audit, telemetry, registry } = runtime();
  const api = readApiFunctionConfig();
  const lambda = new LambdaClient(config.region ? { region: config.region } : {});
  return handle(
    createApi({
      objects,
      uploads,
      locks,
      audit,
      registry,
      authenticate: authorizerAuthentication,
      signIn: createCognitoSignIn({
        client: createCognitoClient(config.region),
        clientId: api.userPoolClientId,
        audit,
      }),
      presigner: createS3UploadPresigner(clients.s3, config.dataBucket),
      downloads: createS3DownloadLinks(clients.s3, config.dataBucket),
      rollups: {
        async run(periods, requestedBy) {
          await lambda.send(
            new InvokeCommand({
              FunctionName: api.rollupFunctionName,
              InvocationType: 'Event',
              Payload: Buffer.from(JSON.stringify({ periods, requestedBy })),
            }),
          );
          return { state: 'started' };
        },
      },
      deadlineDays: config.deadlineDays,
      maxUploadBytes: config.maxUploadBytes,
      sourceOf: (env) =>
        (env as { event?: { requestContext?: { http?: { sourceIp?: string } } } }).event?.requestContext?.http
          ?.sourceIp ?? 'unknown',
      log: telemetry.logger,
    }),
  );
}

export async function handler(event: Parameters<LambdaHandler>[0], context: Context) {
  app ??= build();
  runtime().telemetry.startInvocation(context);
  return app(event, context);
}
