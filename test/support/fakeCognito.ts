/**
 * Cognito's user-pool sign-in API over HTTP, as far as the portal uses it: `InitiateAuth`
 * (USER_PASSWORD_AUTH) and `RespondToAuthChallenge` (NEW_PASSWORD_REQUIRED), in Cognito's JSON
 * protocol (`X-Amz-Target`, `__type` errors). The real SDK client talks to it, so the adapter is
 * tested through the SDK's serialisation and error mapping rather than a mocked `send`. There is no
 * local Cognito to run instead. ID tokens are unsigned: API Gateway verifies signatures, not the adapter.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCognitoUser {
  password: string;
  /** Created by an administrator with a temporary password (FORCE_CHANGE_PASSWORD). */
  temporary: boolean;
  /** The ID token's claims besides `cognito:username` (groups, custom attributes). */
  claims: Record<string, unknown>;
}

export interface FakeCognito {
  endpoint: string;
  users: Map<string, FakeCognitoUser>;
  /** Expires every open challenge session, as Cognito does after 3 minutes. */
  expireSessions(): void;
  stop(): Promise<void>;
}

/** The user pool's policy of `infra/constructs/api.ts`: 12 characters, upper, lower, digit, symbol. */
function meetsPolicy(password: string): boolean {
  return (
    password.length >= 12 &&
    /[a-z]/.test(password) &&
    /[A-Z]/.test(password) &&
    /\d/.test(password) &&
    /[^A-Za-z0-9]/.test(password)
  );
}

class CognitoFault extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

async function bodyOf(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

function idToken(username: string, user: FakeCognitoUser): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ 'cognito:username': username, ...user.claims })}.`;
}

export async function startFakeCognito(users: Record<string, FakeCognitoUser>): Promise<FakeCognito> {
  const state = new Map(Object.entries(users));
  const sessions = new Map<string, string>();
  const authenticated = (username: string, user: FakeCognitoUser) => ({
    AuthenticationResult: { IdToken: idToken(username, user), ExpiresIn: 3600, TokenType: 'Bearer' },
  });
  const operations: Record<string, (input: Record<string, unknown>) => unknown> = {
    InitiateAuth(input) {
      const parameters = input.AuthParameters as { USERNAME: string; PASSWORD: string };
      const user = state.get(parameters.USERNAME);
      if (!user || user.password !== parameters.PASSWORD)
        throw new CognitoFault('NotAuthorizedException', 'Incorrect username or password.');
      if (!user.temporary) return authenticated(parameters.USERNAME, user);
      const session = randomBytes(48).toString('base64');
      sessions.set(session, parameters.USERNAME);
      return {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: session,
        ChallengeParameters: { USER_ID_FOR_SRP: parameters.USERNAME, requiredAttributes: '[]' },
      };
    },
    RespondToAuthChallenge(input) {
      const responses = input.ChallengeResponses as { USERNAME: string; NEW_PASSWORD: string };
      const username = sessions.get(String(input.Session));
      if (input.ChallengeName !== 'NEW_PASSWORD_REQUIRED' || username !== responses.USERNAME)
        throw new CognitoFault('NotAuthorizedException', 'Invalid session for the user, session is expired.');
      if (!meetsPolicy(responses.NEW_PASSWORD))
        throw new CognitoFault(
          'InvalidPasswordException',
          'Password does not conform to policy: Password must have uppercase characters',
        );
      const user = state.get(username) as FakeCognitoUser;
      sessions.delete(String(input.Session));
      user.password = responses.NEW_PASSWORD;
      user.temporary = false;
      return authenticated(username, user);
    },
  };
  const server: Server = createServer(async (request, response) => {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    try {
      const handle = operations[operation];
      if (!handle) throw new CognitoFault('InvalidParameterException', `unsupported operation ${operation}`);
      const output = handle(await bodyOf(request));
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(output));
    } catch (error) {
      const fault =
        error instanceof CognitoFault ? error : new CognitoFault('InternalErrorException', String(error));
      response
        .writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': fault.type })
        .end(JSON.stringify({ __type: fault.type, message: fault.message }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    users: state,
    expireSessions: () => sessions.clear(),
    stop: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
