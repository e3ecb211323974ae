/** Where `run`/`demo` stop sending uploads concurrently so that a notification run sees what arrived before it. */
import { describe, expect, it } from 'vitest';
import { cityGroups, segmentsBetween } from '#cli/pipeline.ts';

const at = (iso: string) => ({ eventTime: new Date(iso) });

describe('cityGroups', () => {
  it("keeps a city's quarters in one group in folder order, so that each is current before the next is checked", () => {
    // Prepare: the order of `ipstats run`'s folder (by path).
    const uploads = [
      'uploads/330100/2024Q1/01-杭州.xlsx',
      'uploads/330100/2024Q2/01-杭州.xlsx',
      'uploads/330100/2024Q2/02-杭州-更正.xlsx',
      'uploads/440300/2024Q1/01-深圳.xlsx',
      'uploads/notes.txt',
    ].map((key) => ({ key }));

    // Act
    const groups = cityGroups(uploads, [0, 1, 2, 3, 4]);

    // Assess
    expect(groups).toEqual([[0, 1, 2], [3], [4]]);
  });
});

describe('segmentsBetween', () => {
  it('keeps all uploads together when no notification run falls between them', () => {
    // Prepare
    const uploads = [at('2024-10-02T01:00:00Z'), at('2024-10-02T02:00:00Z'), at('2024-10-03T01:00:00Z')];

    // Act
    const segments = segmentsBetween(uploads, [new Date('2024-10-08T01:00:00Z')]);

    // Assess
    expect(segments).toEqual([[0, 1, 2]]);
  });

  it('starts a new segment at the first upload received after a run, however many runs it passes', () => {
    // Prepare
    const uploads = [
      at('2024-10-02T01:00:00Z'),
      at('2024-10-09T01:00:00Z'),
      at('2024-10-10T01:00:00Z'),
      at('2024-10-20T01:00:00Z'),
    ];
    const runs = ['2024-10-08T01:00:00Z', '2024-10-13T01:00:00Z', '2024-10-16T01:00:00Z'].map(
      (iso) => new Date(iso),
    );

    // Act
    const segments = segmentsBetween(uploads, runs);

    // Assess
    expect(segments).toEqual([[0], [1, 2], [3]]);
  });

  it('cuts in folder order like a one-at-a-time loop: an earlier upload after a later one stays with it', () => {
    // Prepare: the folder lists a file received after the run before one received before it.
    const uploads = [at('2024-10-09T01:00:00Z'), at('2024-10-02T01:00:00Z')];

    // Act
    const segments = segmentsBetween(uploads, [new Date('2024-10-08T01:00:00Z')]);

    // Assess
    expect(segments).toEqual([[0, 1]]);
  });

  it('returns no segment for no uploads', () => {
    expect(segmentsBetween([], [new Date('2024-10-08T01:00:00Z')])).toEqual([]);
  });
});
