/** The `ipstats` command line: one module per command under `commands/`. */
import { Command, CommanderError } from 'commander';
import { AssessmentConfigError } from '#shared/assessment/config.ts';
import { AssessmentRequestError } from '#shared/assessment/errors.ts';
import { UserError } from '#shared/auth/users.ts';
import { RecipientsError } from '#shared/domain/contacts.ts';
import { ConfigError } from '#shared/domain/errors.ts';
import { InvalidPeriodError } from '#shared/domain/period.ts';
import { RegistryError } from '#shared/domain/registry.ts';
import { LockRequestError } from '#shared/ingest/locks.ts';
import packageJson from '../package.json' with { type: 'json' };
import { CHINESE_HELP, translateCommanderMessage } from './commanderMessages.ts';
import { registerAssess } from './commands/assess.ts';
import { registerDemo } from './commands/demo.ts';
import { registerLocks } from './commands/locks.ts';
import { registerOutbox } from './commands/outbox.ts';
import { registerReports } from './commands/reports.ts';
import { registerRollup } from './commands/rollup.ts';
import { registerRun } from './commands/run.ts';
import { registerServe } from './commands/serve.ts';
import { registerTemplate } from './commands/template.ts';
import { registerUpload } from './commands/upload.ts';
import { registerUsers } from './commands/users.ts';
import { registerValidate } from './commands/validate.ts';
import { EXIT, UsageError } from './errors.ts';
import { type CliIo, processIo } from './io.ts';

/** What every command gets: where to print, how to report its exit code, and the clock. */
export interface CommandContext {
  io: CliIo;
  exit(code: number): void;
  /** Now (the system clock in `ipstats`; a fixed time in tests). */
  now(): Date;
}

export function buildProgram(context: CommandContext): Command {
  const program = new Command('ipstats').description(
    '知识产权运营服务体系建设 统计报送：校验、入库、汇总（本机嵌入式栈或 AWS）',
  );
  program.version(packageJson.version, '-V, --version', '显示版本号');
  for (const register of [
    registerDemo,
    registerRun,
    registerValidate,
    registerTemplate,
    registerUpload,
    registerRollup,
    registerAssess,
    registerLocks,
    registerReports,
    registerServe,
    registerUsers,
    registerOutbox,
  ]) {
    register(program, context);
  }
  for (const command of [program, ...allCommands(program)]) {
    command
      .configureOutput({
        writeOut: context.io.out,
        writeErr: context.io.err,
        outputError: (text, write) => write(translateCommanderMessage(text)),
      })
      .configureHelp(CHINESE_HELP)
      .helpOption('-h, --help', '显示帮助')
      .showHelpAfterError('（使用 --help 查看用法）')
      .exitOverride();
    if (command.commands.length > 0) command.helpCommand('help [命令]', '显示命令的帮助');
  }
  return program;
}

/** Runs the CLI and returns its exit code (the bin script passes it to the process). */
export async function runCli(
  argv: readonly string[],
  io: CliIo = processIo,
  now: () => Date = () => new Date(),
): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram({
    io,
    exit: (code) => {
      exitCode = code;
    },
    now,
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end by "throwing" with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (isUsageProblem(error)) {
      io.err(`错误：${(error as Error).message}\n`);
      return EXIT.usage;
    }
    io.err(`系统错误：${describe(error)}\n`);
    return EXIT.failure;
  }
}

function isUsageProblem(error: unknown): boolean {
  return (
    error instanceof UsageError ||
    error instanceof InvalidPeriodError ||
    error instanceof RegistryError ||
    error instanceof RecipientsError ||
    error instanceof ConfigError ||
    error instanceof LockRequestError ||
    error instanceof UserError ||
    error instanceof AssessmentConfigError ||
    error instanceof AssessmentRequestError
  );
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `（${error.cause.message}）` : '';
  return `${error.message}${cause}`;
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((child) => [child, ...allCommands(child)]);
}
