/** The API on AWS: HTTP API with the Cognito JWT authorizer, the user pool, the API function and its rights, the portal. */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { logicalIdOf, roleStatements } from './support/cfn.ts';
import { synthIpstats } from './support/synth.ts';

let stateless: Template;
let stateful: Template;

beforeAll(() => {
  ({ stateless, stateful } = synthIpstats());
});

const resourcesOf = (type: string) =>
  Object.values(stateless.findResources(type)).map((resource) => resource.Properties);

describe('sign-in (Cognito)', () => {
  it('has a user pool without self sign-up, with city and province attributes and a strong password policy', () => {
    stateless.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Schema: Match.arrayWith([
        Match.objectLike({
          Name: 'city',
          AttributeDataType: 'String',
          StringAttributeConstraints: { MinLength: '6', MaxLength: '6' },
        }),
        Match.objectLike({ Name: 'province', AttributeDataType: 'String' }),
      ]),
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
      DeletionProtection: 'ACTIVE',
    });
  });

  it('has one group per role', () => {
    expect(
      resourcesOf('AWS::Cognito::UserPoolGroup')
        .map((group) => group.GroupName)
        .sort(),
    ).toEqual(['analyst', 'city', 'province']);
  });

  it('gives the portal a public client whose users cannot write their own city or province', () => {
    const [client] = resourcesOf('AWS::Cognito::UserPoolClient');

    expect(client).toMatchObject({
      GenerateSecret: false,
      PreventUserExistenceErrors: 'ENABLED',
      ExplicitAuthFlows: expect.arrayContaining(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH']),
      IdTokenValidity: 60,
    });
    expect(client?.WriteAttributes).toEqual(['email']);
    expect(client?.ReadAttributes).toEqual(expect.arrayContaining(['custom:city', 'custom:province']));
  });
});

describe('the HTTP API', () => {
  it('checks Cognito ID tokens on every /api route but the sign-in', () => {
    const [authorizer] = resourcesOf('AWS::ApiGatewayV2::Authorizer');
    const routes = Object.fromEntries(
      resourcesOf('AWS::ApiGatewayV2::Route').map((route) => [route.RouteKey, route]),
    );

    expect(authorizer).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
    expect(Object.keys(routes).sort()).toEqual([
      'ANY /api/{proxy+}',
      'POST /api/session',
      'POST /api/session/new-password',
    ]);
    expect(routes['ANY /api/{proxy+}']?.AuthorizationType).toBe('JWT');
    expect(routes['POST /api/session']?.AuthorizationType).toBe('NONE');
    expect(routes['POST /api/session/new-password']?.AuthorizationType).toBe('NONE');
  });

  it('throttles the stage and logs every request', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('runs the API function through the project function construct, with what it needs to reach', () => {
    const id = logicalIdOf(stateless, 'AWS::Lambda::Function', 'ApiFunction');
    const fn = stateless.findResources('AWS::Lambda::Function')[id]!.Properties;

    expect(fn).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 29,
    });
    expect(Object.keys(fn.Environment.Variables)).toEqual(
      expect.arrayContaining([
        'DATA_BUCKET',
        'TABLE_NAME',
        'USER_POOL_CLIENT_ID',
        'ROLLUP_FUNCTION_NAME',
        'MAX_UPLOAD_BYTES',
      ]),
    );
  });

  it('lets the API role sign uploads, read results and reports, and write only locks and audit entries', () => {
    const role = logicalIdOf(stateless, 'AWS::IAM::Role', 'ApiRole');
    const statements = roleStatements(stateless, role);

    expect(Object.keys(statements).sort()).toEqual(
      expect.arrayContaining([
        'ListBucketForNotFound',
        'PresignUploads',
        'ReadConfig',
        'ReadResultsAndReports',
        'ReadUploadLogLocksAndAudit',
        'StartRollups',
        'WriteLocksAndAudit',
      ]),
    );
    expect(statements.PresignUploads?.Action).toEqual(['s3:PutObject']);
    expect(statements.WriteLocksAndAudit).toMatchObject({
      Action: ['dynamodb:DeleteItem', 'dynamodb:PutItem'],
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['LOCK', 'AUDIT#*'] } },
    });
  });
});

describe('the portal', () => {
  it('serves a private bucket through CloudFront with origin access control and /api/* on the same origin', () => {
    const [distribution] = resourcesOf('AWS::CloudFront::Distribution');
    const config = distribution?.DistributionConfig;

    expect(resourcesOf('AWS::CloudFront::OriginAccessControl')).toHaveLength(1);
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.CacheBehaviors).toEqual([
      expect.objectContaining({
        PathPattern: '/api/*',
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: expect.arrayContaining(['POST', 'PUT', 'DELETE']),
      }),
    ]);
    expect(config.CustomErrorResponses).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html' }),
      ]),
    );
  });

  it('lets the portal post uploads to the data bucket (CORS) and read the ETag', () => {
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: Match.anyValue(),
      CorsConfiguration: {
        CorsRules: [
          {
            AllowedOrigins: ['https://*.cloudfront.net'],
            AllowedMethods: ['POST', 'GET'],
            AllowedHeaders: ['*'],
            ExposedHeaders: ['ETag'],
            MaxAge: 3000,
          },
        ],
      },
    });
  });
});
