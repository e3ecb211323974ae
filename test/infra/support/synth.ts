/**
 * Builds the ipstats app the way `cdk synth` does (the context of cdk.json, plus overrides) and
 * gives the templates. Synthesise once per test file (in `beforeAll`): it bundles the handlers.
 *
 * CDK's built-in CloudFormation validation (schema and lint rules) takes some ten seconds per
 * synth, so only the test that is about it turns it on; the cdk-nag packs run on every synth.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EXAMPLE_MAIL_FROM } from '#infra/config.ts';
import { defineIpstats, type IpstatsApp } from '#infra/ipstatsApp.ts';

const cdkJson = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../cdk.json', import.meta.url)), 'utf8'),
) as {
  context: Record<string, unknown>;
};

export const FIXTURE_ENTRIES = {
  ingest: fileURLToPath(new URL('../fixtures/handler.ts', import.meta.url)),
  rollup: fileURLToPath(new URL('../fixtures/handler.ts', import.meta.url)),
  notify: fileURLToPath(new URL('../fixtures/handler.ts', import.meta.url)),
  api: fileURLToPath(new URL('../fixtures/handler.ts', import.meta.url)),
  reportWorker: fileURLToPath(new URL('../fixtures/handler.ts', import.meta.url)),
};

export interface Synthesized {
  app: App;
  ipstats: IpstatsApp;
  stateful: Template;
  stateless: Template;
}

export interface SynthOptions {
  entries?: typeof FIXTURE_ENTRIES;
  cloudFormationValidation?: boolean;
}

/** What `npm run synth` adds to cdk.json: the documented example sender (a deployment names its own). */
export const SYNTH_CONTEXT = { 'ipstats:mailFrom': EXAMPLE_MAIL_FROM };

/** A fresh app with cdk.json's context, `npm run synth`'s example sender and `context` on top. */
export function newApp(context: Record<string, unknown> = {}, cloudFormationValidation = false): App {
  return new App({
    context: { ...cdkJson.context, ...SYNTH_CONTEXT, ...context },
    builtinCloudFormationValidation: cloudFormationValidation,
  });
}

export function synthIpstats(context: Record<string, unknown> = {}, options: SynthOptions = {}): Synthesized {
  const app = newApp(context, options.cloudFormationValidation);
  const ipstats = defineIpstats(app, options.entries ?? FIXTURE_ENTRIES);
  return {
    app,
    ipstats,
    stateful: Template.fromStack(ipstats.stateful),
    stateless: Template.fromStack(ipstats.stateless),
  };
}
