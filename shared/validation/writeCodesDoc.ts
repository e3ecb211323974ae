/**
 * Writes docs/validation-codes.md, formatted by the project's formatter so that `biome check`
 * stays clean: `node bin/run-ts.js shared/validation/writeCodesDoc.ts`.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderValidationCodesDoc } from './codesDoc.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const target = fileURLToPath(new URL('../../docs/validation-codes.md', import.meta.url));
writeFileSync(target, renderValidationCodesDoc());
execFileSync(`${root}node_modules/.bin/biome`, ['format', '--write', target], {
  cwd: root,
  stdio: 'inherit',
});
console.log(`wrote ${target}`);
