/**
 * The files real producers write (test/fixtures/producers), uploaded to the embedded stack: the
 * real ingest handler reads each quirk as the parser does and tells the city the same in its
 * results JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedStack, startEmbeddedStack } from '#embedded/stack.ts';
import type { ValidationReport } from '#shared/domain/validation.ts';
import { PRODUCER_FIXTURES } from '../fixtures/producers/corpus.ts';

describe('files real producers write, through the ingest function on the embedded stack', () => {
  let stack: EmbeddedStack;

  beforeAll(async () => {
    stack = await startEmbeddedStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it.each(
    PRODUCER_FIXTURES.map((fixture, i) => ({ ...fixture, city: ['440300', '330100', '510100'][i % 3] })),
  )('$name', async (fixture) => {
    // Prepare
    const key = `uploads/${fixture.city}/2024Q3/${fixture.fileName}`;

    // Act
    const result = await stack.upload(key, fixture.bytes(), { eventTime: new Date('2024-10-08T02:00:00Z') });

    // Assess
    const uploadId = result.uploads[0]?.uploadId ?? '';
    const report = (await stack.objects.getJson(
      `results/${fixture.city}/2024Q3/${uploadId}.json`,
    )) as ValidationReport;
    expect(report.status).toBe(fixture.status);
    expect(report.issues.filter((issue) => issue.severity === 'error')).toEqual(
      fixture.issues.map((issue) => expect.objectContaining(issue)),
    );
    expect(report.ignoredSheets).toEqual(fixture.ignored);
    if (fixture.agencies && fixture.status !== 'rejected')
      expect(report.sheets).toEqual([
        expect.objectContaining({ kind: 'agencies', status: 'accepted', rows: fixture.agencies.length }),
      ]);
  });
});
