import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { flatten, logicalIdOf, roleStatements } from './support/cfn.ts';
import { type Synthesized, synthIpstats } from './support/synth.ts';

const REGISTRY_FILE = fileURLToPath(new URL('./fixtures/registry.json', import.meta.url));
const BUCKET = 'arn:{AWS::Partition}:s3:::ipstats-data-{AWS::AccountId}-{AWS::Region}';

let synthesized: Synthesized;

beforeAll(() => {
  synthesized = synthIpstats(
    {
      'ipstats:registryFile': REGISTRY_FILE,
      'ipstats:alarmEmail': 'ipstats-ops@example.gov.cn',
      'ipstats:uploaderTrust': { samlProvider: 'arn:aws:iam::111122223333:saml-provider/CityIdP' },
    },
    { cloudFormationValidation: true },
  );
});

describe('a deployment with every option set', () => {
  it('passes CloudFormation’s default rules and both cdk-nag packs', () => {
    const assembly = synthesized.app.synth();
    const violations = synthesized.ipstats.nagPacks.flatMap(
      (pack) => pack.validateScope(synthesized.app).violations,
    );

    expect(assembly.stacks.map((stack) => stack.stackName).sort()).toEqual([
      'IpstatsStateful',
      'IpstatsStateless',
    ]);
    expect(violations).toEqual([]);
  });

  it('puts the registry file, byte for byte, at config/registry.json on create and update, and never deletes it', () => {
    const [resource] = Object.values(synthesized.stateless.findResources('Custom::AWS'));
    const call = (phase: 'Create' | 'Update') => JSON.parse(flatten(resource?.Properties[phase]));
    const expected = {
      service: 'S3',
      action: 'putObject',
      parameters: {
        Bucket: 'ipstats-data-{AWS::AccountId}-{AWS::Region}',
        Key: 'config/registry.json',
        Body: readFileSync(REGISTRY_FILE, 'utf8'),
        ContentType: 'application/json; charset=utf-8',
      },
      physicalResourceId: { id: 'config/registry.json' },
    };

    expect(call('Create')).toEqual(expected);
    expect(call('Update')).toEqual(expected);
    expect(resource?.Properties).not.toHaveProperty('Delete');
  });

  it('lets the registry deployment write that one object and its own logs, nothing else', () => {
    const roleId = logicalIdOf(synthesized.stateless, 'AWS::IAM::Role', 'RegistryRole');
    const logGroupId = logicalIdOf(synthesized.stateless, 'AWS::Logs::LogGroup', 'RegistryLogGroup');

    expect(Object.values(roleStatements(synthesized.stateless, roleId))).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [`{${logGroupId}.Arn}`],
      },
      { Effect: 'Allow', Action: ['s3:PutObject'], Resource: [`${BUCKET}/config/registry.json`] },
    ]);
  });

  it('subscribes the alarm e-mail, with undeliverable notifications kept in a queue', () => {
    const [subscription] = Object.values(synthesized.stateless.findResources('AWS::SNS::Subscription'));
    const queueId = logicalIdOf(synthesized.stateless, 'AWS::SQS::Queue', 'MonitoringAlarmEmailDeadLetters');

    expect(subscription?.Properties).toEqual({
      Protocol: 'email',
      Endpoint: 'ipstats-ops@example.gov.cn',
      TopicArn: { Ref: logicalIdOf(synthesized.stateless, 'AWS::SNS::Topic', 'MonitoringAlarmTopic') },
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
    });
  });
});
