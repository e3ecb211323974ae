/** Local users (`ipstats users add|list|remove`, `ipstats serve`): identities with password hashes. */
import type { Identity } from '../domain/identity.ts';

export interface LocalUser extends Identity {
  /** `scrypt$…` (auth/passwords.ts). */
  passwordHash: string;
  createdAt: string;
  /** Demo users sign in only while the server listens on loopback. */
  demo?: boolean;
  /** The password is an initial one: the user must choose their own at the next sign-in. */
  mustChangePassword?: boolean;
}

export interface UserDirectory {
  find(username: string): Promise<LocalUser | undefined>;
  list(): Promise<LocalUser[]>;
  /** Adds or replaces the user of that name. */
  put(user: LocalUser): Promise<void>;
  /** False when there was no such user. */
  remove(username: string): Promise<boolean>;
}

export class UserError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserError';
  }
}

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/;

export function usernameProblem(username: string): string | undefined {
  return USERNAME_PATTERN.test(username)
    ? undefined
    : '用户名应为 2–64 个字母、数字或 . _ @ -，以字母或数字开头';
}
