import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { digestWhileReading } from '#shared/parsing/contentDigest.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('hashing an upload while it is parsed', () => {
  it('passes the content through unchanged and hashes and keeps it', async () => {
    const content = Buffer.from('城市代码,440300\n'.repeat(1000));
    const digesting = digestWhileReading(Readable.from([content.subarray(0, 100), content.subarray(100)]));

    const read = await readAll(digesting.body);
    const digest = await digesting.finish({ drain: true });

    expect(read).toEqual(content);
    expect(digest).toEqual({ sha256: sha256(content), size: content.length });
  });

  it('reads what the parser left unread to finish the hash', async () => {
    const content = Buffer.alloc(200_000, 7);
    const digesting = digestWhileReading(Readable.from([content.subarray(0, 1000), content.subarray(1000)]));
    const reader = digesting.body[Symbol.asyncIterator]();
    await reader.next();

    const digest = await digesting.finish({ drain: true });

    expect(digest?.sha256).toBe(sha256(content));
  });

  it('gives no digest when the content is abandoned unread', async () => {
    const source = new PassThrough();
    source.write(Buffer.alloc(10));
    const digesting = digestWhileReading(source);

    const digest = await digesting.finish({ drain: false });

    expect(digest).toBeUndefined();
    expect(source.destroyed).toBe(true);
  });

  it('rethrows a failure of the source stream rather than treating the file as bad', async () => {
    const source = new PassThrough();
    const digesting = digestWhileReading(source);
    source.write(Buffer.from('partial'));
    source.destroy(new Error('connection reset'));

    await expect(readAll(digesting.body)).rejects.toThrow();
    await expect(digesting.finish({ drain: true })).rejects.toThrow('connection reset');
  });
});
