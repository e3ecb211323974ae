/** `ipstats users add|list|remove`: the local users of `ipstats serve` (scrypt hashes in the state directory). */
import type { Command } from 'commander';
import { hashPassword, passwordProblem } from '#shared/auth/passwords.ts';
import { usernameProblem } from '#shared/auth/users.ts';
import { chinaTimeText } from '#shared/domain/chinaTime.ts';
import { identityProblem, isRole, ROLE_LABELS, ROLES } from '#shared/domain/identity.ts';
import { UsageError } from '../errors.ts';
import { DEFAULT_STATE_DIRECTORY } from '../options.ts';
import type { CommandContext } from '../program.ts';
import { createUsersFile, usersFileOf } from '../serve/usersFile.ts';
import { formatTable } from './shared.ts';

interface AddOptions {
  state: string;
  role: string;
  city?: string;
  province?: string;
  password?: string;
  passwordStdin?: boolean;
  temporary?: boolean;
}

export function registerUsers(program: Command, { io, now }: CommandContext): void {
  const users = program
    .command('users')
    .description('本机用户（ipstats serve 的登录账号）：添加、列出、删除');

  users
    .command('add')
    .description('添加用户（同名用户被替换）；密码以 scrypt 散列保存')
    .argument('<USERNAME>', '用户名')
    .requiredOption('--role <ROLE>', `角色：${ROLES.join(' | ')}`)
    .option('--city <CODE>', '城市代码（角色 city）')
    .option('--province <CODE>', '省级代码，如 440000（角色 province）')
    .option('--password-stdin', '从标准输入读取密码（推荐）')
    .option(
      '--password <PASSWORD>',
      '密码（会留在命令历史中，建议改用 --password-stdin 或环境变量 IPSTATS_PASSWORD）',
    )
    .option('--temporary', '初始密码：用户首次登录时须设置自己的新密码')
    .option('--state <DIR>', '状态目录', DEFAULT_STATE_DIRECTORY)
    .action(async (username: string, options: AddOptions) => {
      const nameProblem = usernameProblem(username);
      if (nameProblem) throw new UsageError(nameProblem);
      if (!isRole(options.role))
        throw new UsageError(`角色应为 ${ROLES.join('、')} 之一（实际为 ${options.role}）`);
      const identity = {
        username,
        role: options.role,
        ...(options.role === 'city' && options.city ? { city: options.city } : {}),
        ...(options.role === 'province' && options.province ? { province: options.province } : {}),
      };
      const problem = identityProblem(identity);
      if (problem) throw new UsageError(problem);
      const password = options.passwordStdin
        ? await readStdin()
        : (options.password ?? process.env.IPSTATS_PASSWORD ?? '');
      if (!password)
        throw new UsageError('请用 --password-stdin、--password 或环境变量 IPSTATS_PASSWORD 提供密码');
      const weak = passwordProblem(password);
      if (weak) throw new UsageError(weak);
      await createUsersFile(usersFileOf(options.state)).put({
        ...identity,
        passwordHash: await hashPassword(password),
        createdAt: now().toISOString(),
        ...(options.temporary ? { mustChangePassword: true } : {}),
      });
      io.out(
        `已添加用户 ${username}（${ROLE_LABELS[identity.role]}${(identity.city ?? identity.province) ? ` ${identity.city ?? identity.province}` : ''}）${options.temporary ? '，首次登录须设置新密码' : ''}\n`,
      );
    });

  users
    .command('list')
    .description('列出用户')
    .option('--state <DIR>', '状态目录', DEFAULT_STATE_DIRECTORY)
    .action(async (options: { state: string }) => {
      const list = await createUsersFile(usersFileOf(options.state)).list();
      if (list.length === 0) {
        io.out('没有用户（用 ipstats users add 添加，或 ipstats serve --demo 载入演示用户）\n');
        return;
      }
      io.out(
        formatTable([
          ['用户名', '角色', '城市/省', '创建时间（北京时间）', ''],
          ...list.map((user) => [
            user.username,
            user.role,
            user.city ?? user.province ?? '',
            chinaTimeText(user.createdAt),
            [user.demo ? '演示' : '', user.mustChangePassword ? '初始密码，首次登录须修改' : '']
              .filter(Boolean)
              .join('；'),
          ]),
        ]),
      );
    });

  users
    .command('remove')
    .description('删除用户')
    .argument('<USERNAME>', '用户名')
    .option('--state <DIR>', '状态目录', DEFAULT_STATE_DIRECTORY)
    .action(async (username: string, options: { state: string }) => {
      const removed = await createUsersFile(usersFileOf(options.state)).remove(username);
      if (!removed) throw new UsageError(`没有用户 ${username}`);
      io.out(`已删除用户 ${username}\n`);
    });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
