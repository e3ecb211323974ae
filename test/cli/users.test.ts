import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUsersFile, usersFileOf } from '#cli/serve/usersFile.ts';
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

  it('adds a user with an initial password, who must choose a new one at the first sign-in', async () => {
    const at = new Date('2024-12-02T02:00:00Z');

    const added = await ipstatsAt(
      at,
      'users',
      'add',
      'province-440000',
      '--role',
      'province',
      '--province',
      '440000',
      '--password',
      'handed over by phone',
      '--temporary',
      '--state',
      state,
    );
    const listed = await ipstatsAt(at, 'users', 'list', '--state', state);

    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain(
      '已添加用户 province-440000（省级知识产权、财政部门 440000），首次登录须设置新密码',
    );
    expect(listed.stdout).toMatch(
      /province-440000\s+province\s+440000\s+2024-12-02 10:00\s+初始密码，首次登录须修改/,
    );
    expect((await createUsersFile(usersFileOf(state)).find('province-440000'))?.mustChangePassword).toBe(
      true,
    );
  });
});
