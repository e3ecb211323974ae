/**
 * Hashes an upload while the parser reads it (one pass over the stream), and tells a broken
 * source stream (S3, a file) apart from a broken file.
 */
import { createHash } from 'node:crypto';
import { pipeline, type Readable, Transform } from 'node:stream';

export interface ContentDigest {
  sha256: string;
  size: number;
}

export interface DigestingStream {
  /** What the parser reads: the source, unchanged. */
  body: Readable;
  /**
   * After the parser is done: reads whatever it left (when `drain`), and returns the digest, or
   * undefined when the content was not read to the end. Rejects with the source's error if the
   * source itself failed (a system failure, not a bad file).
   */
  finish(options: { drain: boolean }): Promise<ContentDigest | undefined>;
}

export function digestWhileReading(source: Readable): DigestingStream {
  const hash = createHash('sha256');
  let size = 0;
  let sourceError: Error | undefined;

  const tee = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const ended = new Promise<boolean>((resolve) => {
    tee.once('end', () => resolve(true));
    tee.once('close', () => resolve(tee.readableEnded));
  });
  source.once('error', (error: Error & { code?: string }) => {
    // When the parser (or finish) abandons the body, pipeline closes the source prematurely: not a failure.
    if (tee.destroyed && error.code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    sourceError = error;
  });
  // pipeline destroys the source if the parser destroys `tee`, releasing the connection.
  pipeline(source, tee, () => {});

  return {
    body: tee,
    async finish({ drain }) {
      if (!tee.readableEnded && !tee.destroyed) {
        if (drain) tee.resume();
        else tee.destroy();
      }
      const complete = await ended;
      if (sourceError) throw sourceError;
      if (!complete) return undefined;
      return { sha256: hash.digest('hex'), size };
    },
  };
}
