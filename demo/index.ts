/** The synthetic demo data set (`ipstats demo`, `npm start`, the end-to-end tests and benchmarks). */

export { DEMO_CITY_WITHOUT_CONTACTS, demoRecipients, withDemoContacts } from './contacts.ts';
export {
  DEMO_PERIODS,
  DEMO_SEED,
  type DemoContent,
  type DemoDataset,
  type DemoOptions,
  type DemoReport,
  type DemoScenario,
  type DemoScenarioId,
  generateDemoDataset,
  REJECTED_ENTERPRISE_INDEX,
} from './dataset.ts';
export { generateEnterpriseSheet } from './enterpriseSheet.ts';
export { type WrittenDemoFile, writeDemoFolder } from './folder.ts';
export type { DemoCityProfile, DemoFormat } from './profiles.ts';
export { type DemoUpload, demoUploadsOf, generateDemoUploads } from './uploads.ts';
