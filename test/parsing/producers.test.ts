/**
 * The files real producers write (test/fixtures/producers), through the real parser: each quirk
 * is read as Excel reads it, or told apart with a message that says what to do.
 */
import { describe, expect, it } from 'vitest';
import { PRODUCER_FIXTURES } from '../fixtures/producers/corpus.ts';
import { parse, recordsOf } from './builders.ts';

describe('files real producers write, through the parser', () => {
  it.each(PRODUCER_FIXTURES)('$name ($producer)', async (fixture) => {
    // Prepare
    const bytes = fixture.bytes();

    // Act
    const upload = await parse(bytes, fixture.fileName, { chunkBytes: 64 });

    // Assess
    expect(upload.issues).toEqual(
      fixture.issues.map((issue) =>
        expect.objectContaining({ severity: 'error', sheet: expect.any(String), ...issue }),
      ),
    );
    if (fixture.agencies) expect(recordsOf(upload, 'agencies')).toEqual(fixture.agencies);
    expect(upload.ignoredSheets).toEqual(fixture.ignored);
  });
});
