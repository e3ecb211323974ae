/**
 * The HTTP API and who may call it: a Cognito user pool (no self sign-up; one group per role;
 * the custom attributes `city` and `province` that only administrators write), its app client for
 * the portal, and an API Gateway HTTP API whose routes under `/api/` need a Cognito ID token
 * (JWT authorizer: issuer, audience, expiry, signature) except `POST /api/session` and
 * `POST /api/session/new-password` (a first sign-in's new password), which sign in through the
 * same user pool. The API function is an `IpstatsFunction`; its rights are granted
 * in `access.ts`.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ROLES } from '#shared/domain/identity.ts';
import type { IpstatsFunction } from './ipstatsFunction.ts';

/** The routes without a token: sign-in, and the new password of a first sign-in. */
const SIGN_IN_PATHS: readonly string[] = ['/api/session', '/api/session/new-password'];

/** Requests per second (and burst) for the whole API: a few hundred cities and analysts. */
export const API_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;
/** ID tokens live one hour; the portal signs in again after that. */
export const TOKEN_VALIDITY = Duration.hours(1);

export interface ApiProps {
  function: IpstatsFunction;
  logRetention: logs.RetentionDays;
}

export class Api extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        city: new cognito.StringAttribute({ minLen: 6, maxLen: 6, mutable: true }),
        province: new cognito.StringAttribute({ minLen: 6, maxLen: 6, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA (TOTP) is optional so that a city clerk can sign in through the API without an authenticator app; analysts and provinces are expected to enrol, and the pool can be switched to required MFA once every user has a device.',
    });
    for (const role of ROLES) {
      new cognito.CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `ipstats role ${role}`,
      });
    }
    // Users read their attributes; only administrators (AdminUpdateUserAttributes) write city/province.
    const readable = new cognito.ClientAttributes()
      .withStandardAttributes({ email: true, emailVerified: true })
      .withCustomAttributes('city', 'province');
    this.client = this.userPool.addClient('PortalClient', {
      authFlows: { userPassword: true, userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      idTokenValidity: TOKEN_VALIDITY,
      accessTokenValidity: TOKEN_VALIDITY,
      refreshTokenValidity: Duration.hours(8),
      readAttributes: readable,
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }),
    });

    const authorizer = new HttpJwtAuthorizer(
      'CognitoAuthorizer',
      `https://cognito-idp.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/${this.userPool.userPoolId}`,
      { jwtAudience: [this.client.userPoolClientId], identitySource: ['$request.header.Authorization'] },
    );
    const integration = new HttpLambdaIntegration('ApiIntegration', props.function.function, {
      payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
    });
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'ipstats API (portal back end)',
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
    });
    for (const path of SIGN_IN_PATHS)
      this.httpApi.addRoutes({
        path,
        methods: [apigw.HttpMethod.POST],
        integration,
        authorizer: new apigw.HttpNoneAuthorizer(),
      });
    this.httpApi.addRoutes({ path: '/api/{proxy+}', methods: [apigw.HttpMethod.ANY], integration });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.jsonWithStandardFields({
          caller: false,
          httpMethod: true,
          ip: true,
          protocol: true,
          requestTime: true,
          resourcePath: true,
          responseLength: true,
          status: true,
          user: true,
        }),
      },
    });

    for (const route of this.httpApi.node.findAll().filter((child) => child instanceof apigw.HttpRoute)) {
      if (SIGN_IN_PATHS.includes((route as apigw.HttpRoute).path ?? ''))
        Validations.of(route).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'The sign-in routes cannot require a token: they are where tokens come from. They only call Cognito InitiateAuth (user name and password) and RespondToAuthChallenge (the new password of a first sign-in, with the session Cognito issued for it); failures are audited, and Cognito locks out repeated failures.',
        });
    }
  }

  /** `https://{id}.execute-api.{region}.{suffix}` (the stage is `$default`). */
  get endpointDomain(): string {
    return `${this.httpApi.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
  }
}
