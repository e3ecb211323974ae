/**
 * A chart-raster worker thread (`chartThreads.ts` starts them): receives `{ id, svg }`, answers
 * `{ id, png }` or `{ id, error }`. The WebAssembly module and the font come in `workerData`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type RasterAssets, rasteriseSvg, startRaster } from './raster.ts';

export interface RasterRequest {
  id: number;
  svg: string;
}

export type RasterReply = { id: number; png: Uint8Array } | { id: number; error: string };

const assets = workerData as RasterAssets;
const port = parentPort;
if (port) {
  const ready = startRaster(assets.wasm);
  port.on('message', (request: RasterRequest) => {
    ready
      .then(() => rasteriseSvg(request.svg, assets))
      .then(
        (png) => port.postMessage({ id: request.id, png } satisfies RasterReply),
        (error: unknown) =>
          port.postMessage({
            id: request.id,
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          } satisfies RasterReply),
      );
  });
}
