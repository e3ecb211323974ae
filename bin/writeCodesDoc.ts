/** Writes docs/validation-codes.md from the issue tables: `npm run codes-doc`. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderValidationCodesDoc } from '#shared/validation/codesDoc.ts';

const target = fileURLToPath(new URL('../docs/validation-codes.md', import.meta.url));
writeFileSync(target, renderValidationCodesDoc());
console.log(`wrote ${target}`);
