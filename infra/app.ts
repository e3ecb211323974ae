/** CDK entry point (`cdk.json`): `npx cdk synth --all`, `npx cdk deploy --all -c key=value …`. */
import { App } from 'aws-cdk-lib';
import { InfraConfigError } from './config.ts';
import { defineIpstats } from './ipstatsApp.ts';

const app = new App();
try {
  defineIpstats(app);
} catch (error) {
  if (!(error instanceof InfraConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
