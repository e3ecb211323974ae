/**
 * The AWS SDK clients, built in one place. With `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL_DYNAMODB`
 * set they talk to s3rver and dynalite: path-style addressing (no bucket subdomains on
 * 127.0.0.1), checksums only when required (s3rver does not understand the default CRC32
 * trailers), and s3rver's own credentials (it checks signatures against its built-in account).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface ClientOptions {
  region?: string;
  s3Endpoint?: string;
  dynamoEndpoint?: string;
}

export interface AwsClients {
  s3: S3Client;
  dynamo: DynamoDBClient;
  documents: DynamoDBDocumentClient;
}

const LOCAL_REGION = 'us-east-1';
const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export function createS3Client(options: ClientOptions = {}): S3Client {
  const local = Boolean(options.s3Endpoint);
  return new S3Client({
    ...regionAndCredentials(options.region, local),
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 60_000 }),
    ...(local
      ? {
          endpoint: options.s3Endpoint,
          forcePathStyle: true,
          requestChecksumCalculation: 'WHEN_REQUIRED' as const,
          responseChecksumValidation: 'WHEN_REQUIRED' as const,
        }
      : {}),
  });
}

export function createDynamoClients(options: ClientOptions = {}): Pick<AwsClients, 'dynamo' | 'documents'> {
  const local = Boolean(options.dynamoEndpoint);
  const dynamo = new DynamoDBClient({
    ...regionAndCredentials(options.region, local),
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 30_000 }),
    ...(local ? { endpoint: options.dynamoEndpoint } : {}),
  });
  const documents = DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { dynamo, documents };
}

/** `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL_DYNAMODB`: set when "AWS" is s3rver and dynalite. */
export function endpointsFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): Pick<ClientOptions, 's3Endpoint' | 'dynamoEndpoint'> {
  const s3Endpoint = env.AWS_ENDPOINT_URL_S3?.trim();
  const dynamoEndpoint = env.AWS_ENDPOINT_URL_DYNAMODB?.trim();
  return { ...(s3Endpoint ? { s3Endpoint } : {}), ...(dynamoEndpoint ? { dynamoEndpoint } : {}) };
}

export function createAwsClients(options: ClientOptions = {}): AwsClients {
  return { s3: createS3Client(options), ...createDynamoClients(options) };
}

export function destroyAwsClients(clients: AwsClients): void {
  clients.documents.destroy();
  clients.dynamo.destroy();
  clients.s3.destroy();
}

function regionAndCredentials(region: string | undefined, local: boolean) {
  return {
    ...(region ? { region } : local ? { region: LOCAL_REGION } : {}),
    ...(local ? { credentials: LOCAL_CREDENTIALS } : {}),
  };
}
