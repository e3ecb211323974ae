import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipstatsAt } from './support/cli.ts';

describe('ipstats users', () => {
  let state: string;

  beforeAll(async () => {
    state = await mkdtemp(join(tmpdir(), 'ipstats-users-'));
  });

  afterAll(async () => {
    await rm(state, { recursive: true, force: true });
  });

  it('lists a user with its creation time in China time', async () => {
    const createdAt = new Date('2024-12-31T16:30:00Z');

    const added = await ipstatsAt(
      createdAt,
      'users',
      'add',
      'city-440300',
      '--role',
      'city',
      '--city',
      '440300',
      '--password',
      'correct horse 440300',
      '--state',
      state,
    );
    const listed = await ipstatsAt(createdAt, 'users', 'list', '--state', state);

    expect(added.code, added.stderr).toBe(0);
    expect(listed.stdout).toContain('创建时间（北京时间）');
    expect(listed.stdout).toMatch(/city-440300\s+city\s+440300\s+2025-01-01 00:30/);
  });
});
