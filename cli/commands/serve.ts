/** `ipstats serve [--port 8080] [--state DIR] [--demo]`: the API and the portal on this machine. */
import { access, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { chinaTimeLabel } from '#shared/domain/chinaTime.ts';
import { DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { UsageError } from '../errors.ts';
import { DEFAULT_STATE_DIRECTORY, instantArgument } from '../options.ts';
import type { loadIntoStack } from '../pipeline.ts';
import type { CommandContext } from '../program.ts';
import { demoPassword, ensureDemoUsers } from '../serve/demoUsers.ts';
import { createUsersFile, usersFileOf } from '../serve/usersFile.ts';
import { demoPipelineInput } from './demo.ts';

const DEMO_MARKER = 'demo-loaded.json';

export interface ServeCommandOptions {
  port: number;
  host: string;
  state: string;
  demo?: boolean;
  now?: Date;
}

/** A clock that starts at `start` when the server starts and runs on at the system's pace. */
export function clockFrom(start: Date, system: () => number = Date.now): () => Date {
  const offset = start.getTime() - system();
  return () => new Date(system() + offset);
}

export function registerServe(program: Command, { io }: CommandContext): void {
  program
    .command('serve')
    .description(
      '在本机运行 HTTP API 与门户：嵌入式栈持续运行（上传即校验入库，数据保存在状态目录），API 位于 /api/，门户静态文件来自 web/dist',
    )
    .addOption(new Option('--port <PORT>', '端口（0 为任选空闲端口）').default(8080).argParser(portArgument))
    .option('--host <HOST>', '监听地址（演示用户只能在本机回环地址上使用）', '127.0.0.1')
    .option('--state <DIR>', '状态目录（数据、用户、令牌密钥）', DEFAULT_STATE_DIRECTORY)
    .option(
      '--demo',
      '载入演示数据集（首次，约需一两分钟）和演示用户 city-{代码}、province-{代码}、analyst（密码 demo1234，或环境变量 IPSTATS_DEMO_PASSWORD）',
    )
    .option(
      '--now <ISO-8601>',
      '服务器时钟从这一时刻起走（决定可上传的报告期、截止倒计时和是否迟报；用于演示和测试），默认当前时间',
      instantArgument,
    )
    .addHelpText(
      'after',
      '\n示例：\n  ipstats serve --demo\n  curl -s -X POST http://127.0.0.1:8080/api/session -H \'content-type: application/json\' \\\n    -d \'{"username":"city-440300","password":"demo1234"}\'\n',
    )
    .action(async (options: ServeCommandOptions) => {
      // The server (Hono), the embedded stack and the SDK load with the command, not with every start.
      const { defaultIngestThreads, isLoopback, startServer } = await import('../serve/server.ts');
      if (options.demo && !isLoopback(options.host))
        throw new UsageError(
          `演示用户只能在本机回环地址上使用：--demo 不能与 --host ${options.host} 同时使用`,
        );
      const state = resolve(options.state);
      const running = await startServer({
        stateDirectory: state,
        host: options.host,
        port: options.port,
        // Uploads that arrive together (the demo's 163, a province's cities before a deadline)
        // are validated beside the API instead of queueing behind each other on its thread.
        ingestThreads: defaultIngestThreads(),
        ...(options.now ? { clock: clockFrom(options.now) } : {}),
        ...(options.demo
          ? { registry: DEFAULT_REGISTRY, prepare: (stack) => loadDemo(stack, state, io) }
          : {}),
      });
      io.out(`ipstats 已启动：${running.url}/（API：${running.url}/api/，状态目录 ${state}）\n`);
      if (options.now) io.out(`服务器时钟从 ${chinaTimeLabel(options.now)} 起走\n`);
      io.out('按 Ctrl-C 停止\n');
      await new Promise<void>((done) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          io.out('正在停止…\n');
          void running.close().finally(done);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}

async function loadDemo(
  stack: Parameters<typeof loadIntoStack>[0],
  state: string,
  io: CommandContext['io'],
): Promise<void> {
  const marker = join(state, DEMO_MARKER);
  const demo = await demoPipelineInput();
  const loaded = await access(marker).then(
    () => true,
    () => false,
  );
  if (!loaded) {
    io.out(`载入演示数据集（${demo.uploads.length} 个上传，逐个校验入库后汇总）…\n`);
    const { loadIntoStack } = await import('../pipeline.ts');
    await loadIntoStack(stack, { ...demo, io });
    await writeFile(
      marker,
      `${JSON.stringify({ loadedAt: new Date().toISOString(), uploads: demo.uploads.length })}\n`,
    );
  }
  const users = await ensureDemoUsers(createUsersFile(usersFileOf(state)), demo.registry, demoPassword());
  io.out(
    `演示用户（密码 ${process.env.IPSTATS_DEMO_PASSWORD ? '见 IPSTATS_DEMO_PASSWORD' : 'demo1234'}）：${users.map((user) => user.username).join('、')}\n`,
  );
}

function portArgument(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError(`端口应为 0 到 65535 的整数（实际为 ${text}）`);
  return port;
}
