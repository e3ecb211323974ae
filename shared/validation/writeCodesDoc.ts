/** Writes docs/validation-codes.md: `node bin/run-ts.js shared/validation/writeCodesDoc.ts`. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderValidationCodesDoc } from './codesDoc.ts';

const target = fileURLToPath(new URL('../../docs/validation-codes.md', import.meta.url));
writeFileSync(target, renderValidationCodesDoc());
console.log(`wrote ${target}`);
