/**
 * `npm run build:charts`: the two binary files the chart renderer reads
 * (`shared/adapters/chartAssets.ts`), written into `shared/reports/charts/generated/`:
 * - `NotoSansSC-charts.ttf`: Noto Sans SC Regular (from @expo-google-fonts/noto-sans-sc, OFL) cut
 *   down with harfbuzz's subsetter (subset-font, WebAssembly) to ASCII, the 7,000-odd characters
 *   and symbols of GB 2312, and every character of the catalogue and the city registry: about
 *   2.4 MB instead of 10 MB;
 * - `resvg.wasm`: the resvg WebAssembly module (@resvg/resvg-wasm), the rasteriser that turns the
 *   charts' SVG into PNG on any CPU (the Lambda runs on arm64) without a native binary.
 * The bundles that draw charts copy the folder beside them (`chart-assets/`: infra/bundling.ts,
 * bin/nodeBundle.mjs). The outputs are not committed (see .gitignore); `npm install` runs this
 * through `prepare`.
 */
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import subsetFont from 'subset-font';
import { CHART_ASSET_FILES } from '../shared/adapters/chartAssets.ts';
import { INDICATORS } from '../shared/catalogue/indicators.ts';
import { CASE_CATEGORIES } from '../shared/catalogue/sheets.ts';
import { DEFAULT_REGISTRY } from '../shared/domain/registry.ts';

const require = createRequire(import.meta.url);
const OUT = join(import.meta.dirname, '..', 'shared', 'reports', 'charts', 'generated');
const FONT = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
const WASM = require.resolve('@resvg/resvg-wasm/index_bg.wasm');
const EXTRA = '（）、，。：；“”‘’《》〈〉【】—…·％≥≤×−→←↑↓①②③④⑤年月日季度第一二三四';

/** Every character of GB 2312 (rows 0xA1–0xF7, columns 0xA1–0xFE). */
function gb2312(): string {
  let text = '';
  for (let high = 0xa1; high <= 0xf7; high++)
    for (let low = 0xa1; low <= 0xfe; low++) {
      const char = iconv.decode(Buffer.from([high, low]), 'gb2312');
      if (char.length === 1 && char !== '\ufffd') text += char;
    }
  return text;
}

function ascii(): string {
  let text = '';
  for (let code = 0x20; code < 0x7f; code++) text += String.fromCharCode(code);
  return text;
}

const dataText = [
  ...INDICATORS.flatMap((definition) => [definition.name, definition.unit]),
  ...CASE_CATEGORIES,
  ...DEFAULT_REGISTRY.flatMap((city) => [city.name, city.province]),
].join('');

const characters = [...new Set(ascii() + gb2312() + EXTRA + dataText)].join('');
const font = await subsetFont(await readFile(FONT), characters, { targetFormat: 'truetype' });
// The folder holds nothing else: bundles copy all of it.
await rm(OUT, { recursive: true, force: true });
await mkdir(OUT, { recursive: true });
await writeFile(join(OUT, CHART_ASSET_FILES.font), font);
await copyFile(WASM, join(OUT, CHART_ASSET_FILES.wasm));
console.log(
  `chart assets: font ${(font.length / 1e6).toFixed(1)} MB (${[...characters].length} characters), resvg ${((await readFile(WASM)).length / 1e6).toFixed(1)} MB → ${OUT}`,
);
