/**
 * The local users of a state directory: `{state}/users.json` (mode 0600), written atomically
 * (temporary file, then rename). Passwords are stored as scrypt hashes only.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type LocalUser, type UserDirectory, UserError } from '#shared/auth/users.ts';
import { identityProblem, isRole } from '#shared/domain/identity.ts';

export const USERS_FILE = 'users.json';
const SECRET_FILE = join('auth', 'token-secret');

export function usersFileOf(stateDirectory: string): string {
  return join(stateDirectory, USERS_FILE);
}

export function createUsersFile(path: string): UserDirectory {
  // One writer at a time within the process.
  let writing: Promise<unknown> = Promise.resolve();
  const load = async (): Promise<LocalUser[]> => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return [];
      throw new UserError(`无法读取用户文件 ${path}`, { cause: error });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new UserError(`用户文件 ${path} 不是有效的 JSON`, { cause });
    }
    const users = (json as { users?: unknown }).users;
    if (!Array.isArray(users)) throw new UserError(`用户文件 ${path} 应为 { "users": [...] }`);
    return users.map((user, index) => checkUser(user, `${path} users[${index}]`));
  };
  const save = async (users: LocalUser[]) => {
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, `${JSON.stringify({ users }, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, path);
    await chmod(path, 0o600).catch(() => undefined);
  };
  const change = <T>(work: (users: LocalUser[]) => Promise<T>): Promise<T> => {
    const result = writing.then(async () => work(await load()));
    writing = result.catch(() => undefined);
    return result;
  };
  return {
    async find(username) {
      return (await load()).find((user) => user.username === username);
    },
    list: load,
    put: (user) =>
      change(async (users) => {
        await save([...users.filter((existing) => existing.username !== user.username), user]);
      }),
    remove: (username) =>
      change(async (users) => {
        const kept = users.filter((user) => user.username !== username);
        if (kept.length === users.length) return false;
        await save(kept);
        return true;
      }),
  };
}

function checkUser(raw: unknown, where: string): LocalUser {
  const user = raw as Partial<LocalUser>;
  const problem =
    typeof user?.username !== 'string' || typeof user.passwordHash !== 'string'
      ? '缺少 username 或 passwordHash'
      : identityProblem({ role: user.role, city: user.city, province: user.province });
  if (problem || !isRole(user.role)) throw new UserError(`${where}：${problem}`);
  return user as LocalUser;
}

/** The token signing secret of a state directory, created on first use (32 random bytes, mode 0600). */
export async function tokenSecretOf(stateDirectory: string): Promise<Uint8Array> {
  const path = join(stateDirectory, SECRET_FILE);
  try {
    const secret = await readFile(path);
    if (secret.length >= 32) return new Uint8Array(secret);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32);
  await writeFile(path, secret, { mode: 0o600 });
  return new Uint8Array(secret);
}
