/**
 * The ipstats CDK app: both stacks, wired, with the cdk-nag rule packs checking every resource at
 * synth (violations stop the synth; acknowledgements sit next to their resources with reasons).
 * `infra/app.ts` runs it for the CDK CLI; tests call it with their own context.
 */
import { fileURLToPath } from 'node:url';
import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { type InfraConfig, readInfraConfig } from './config.ts';
import { STACK_NAMES } from './names.ts';
import { StatefulStack } from './stacks/statefulStack.ts';
import { StatelessStack } from './stacks/statelessStack.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const DEFAULT_ENTRIES = {
  ingest: fileURLToPath(new URL('../functions/ingest.ts', import.meta.url)),
  rollup: fileURLToPath(new URL('../functions/rollup.ts', import.meta.url)),
  notify: fileURLToPath(new URL('../functions/notify.ts', import.meta.url)),
  api: fileURLToPath(new URL('../functions/api.ts', import.meta.url)),
  reportWorker: fileURLToPath(new URL('../functions/reportWorker.ts', import.meta.url)),
};

export interface IpstatsApp {
  config: InfraConfig;
  stateful: StatefulStack;
  stateless: StatelessStack;
  nagPacks: [AwsSolutionsChecks, ServerlessChecks];
}

/** Stacks are environment-agnostic (no account or region at synth): synth needs no credentials. */
export function defineIpstats(app: App, entries = DEFAULT_ENTRIES): IpstatsApp {
  const config = readInfraConfig(app.node, PROJECT_ROOT);
  Tags.of(app).add('project', 'ipstats');

  const stateful = new StatefulStack(app, STACK_NAMES.stateful, {
    description: 'ipstats data: the versioned data bucket, its access logs and the DynamoDB table (retained)',
    terminationProtection: true,
    portalOrigins: config.portalOrigins,
  });
  const stateless = new StatelessStack(app, STACK_NAMES.stateless, {
    description:
      'ipstats functions, API, sign-in, portal, upload notifications, roll-up schedule, roles and alarms',
    config,
    entries,
    projectRoot: PROJECT_ROOT,
  });
  stateless.addStackDependency(stateful, 'functions and roles name the bucket and the table');

  const nagPacks: IpstatsApp['nagPacks'] = [new AwsSolutionsChecks(app), new ServerlessChecks(app)];
  Validations.of(app).addPlugins(...nagPacks);
  return { config, stateful, stateless, nagPacks };
}
