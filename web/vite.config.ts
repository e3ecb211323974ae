/** The portal's build: `npm run build:web` writes web/dist, which `ipstats serve` and CloudFront serve. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The initial bundle must stay under 150 KB gzipped: ECharts is a separate, lazily loaded chunk.
    chunkSizeWarningLimit: 1200,
  },
});
