/**
 * A chart-raster worker thread (`chartThreads.ts` starts them): answers each SVG with its PNG
 * (`serveRequests`). The WebAssembly module and the font come in `workerData`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serveRequests } from '../../workerPool.ts';
import { type RasterAssets, rasteriseSvg, startRaster } from './raster.ts';

const assets = workerData as RasterAssets;
if (parentPort) serveRequests((svg: string) => rasteriseSvg(svg, assets), startRaster(assets.wasm));
