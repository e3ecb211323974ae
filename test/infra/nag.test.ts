import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineIpstats } from '#infra/ipstatsApp.ts';
import { FIXTURE_ENTRIES, newApp, type Synthesized, synthIpstats } from './support/synth.ts';

let synthesized: Synthesized;

beforeAll(() => {
  synthesized = synthIpstats();
});

function violations({ app, ipstats }: Pick<Synthesized, 'app' | 'ipstats'>) {
  return ipstats.nagPacks.flatMap((pack) =>
    pack.validateScope(app).violations.map((violation) => ({
      rule: violation.ruleName,
      resources: violation.violatingResources.map((resource) => resource.constructPath),
    })),
  );
}

describe('cdk-nag (AwsSolutions and Serverless packs)', () => {
  it('reports no violation, error or warning, for the default deployment', () => {
    expect(violations(synthesized)).toEqual([]);
  });

  it('gives every acknowledgement a reason of its own', () => {
    const reasons = synthesized.app.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.values(entry.data as Record<string, string>));

    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(reason.length).toBeGreaterThan(40);
  });

  it('still reports a wildcard nobody acknowledged, and the synth then fails', () => {
    const app = newApp();
    const ipstats = defineIpstats(app, FIXTURE_ENTRIES);
    ipstats.stateless.access.analystRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::some-other-bucket/*'] }),
    );

    expect(violations({ app, ipstats })).toEqual([
      {
        rule: 'AwsSolutions-IAM5[Resource::arn:aws:s3:::some-other-bucket/*]',
        resources: ['IpstatsStateless/Access/AnalystRole/DefaultPolicy/Resource'],
      },
    ]);
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Resource::arn:aws:s3:::some-other-bucket\/\*\]/);
  });
});
