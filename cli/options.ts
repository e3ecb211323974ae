/** Option parsers shared by the commands: bad values are usage errors (exit 2) with a Chinese message. */
import { InvalidArgumentError, Option } from 'commander';
import { tryParsePeriod } from '#shared/domain/period.ts';

export function quarterArgument(text: string): string {
  const period = tryParsePeriod(text);
  if (period?.kind !== 'quarter')
    throw new InvalidArgumentError(`报告期应为季度，如 2024Q3（实际为 ${text}）`);
  return period.code;
}

export function periodArgument(text: string): string {
  const period = tryParsePeriod(text);
  if (!period) throw new InvalidArgumentError(`报告期应为 2024Q3 或 2024（实际为 ${text}）`);
  return period.code;
}

export function cityArgument(text: string): string {
  if (!/^\d{6}$/.test(text.trim()))
    throw new InvalidArgumentError(`城市代码应为 6 位行政区划代码（实际为 ${text}）`);
  return text.trim();
}

export function instantArgument(text: string): Date {
  const at = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(at.getTime())) {
    throw new InvalidArgumentError(`时间应为 ISO-8601，如 2024-10-16T10:00:00+08:00（实际为 ${text}）`);
  }
  return at;
}

export const DEFAULT_STATE_DIRECTORY = '.ipstats';

/** Where stateful commands act: the persistent local embedded stack, or the deployed stacks. */
export interface TargetOptions {
  local?: string | true;
  aws?: boolean;
  /** Same as `aws`. */
  stack?: boolean;
  region?: string;
}

/** `--local [DIR]` | `--aws` (`--stack`) [`--region`] on a stateful command. */
export function addTargetOptions<T extends { addOption(option: Option): T }>(command: T): T {
  return command
    .addOption(new Option('--local [DIR]', `本机嵌入式栈（状态目录，默认 ${DEFAULT_STATE_DIRECTORY}/）`))
    .addOption(
      new Option(
        '--aws',
        '已部署的 AWS 栈（读取 CloudFormation 栈 IpstatsStateful / IpstatsStateless 的输出）',
      ).conflicts('local'),
    )
    .addOption(new Option('--stack', '同 --aws').conflicts('local'))
    .addOption(new Option('--region <REGION>', 'AWS 区域（默认取 AWS 配置）'));
}

/** `--city CODE --period QUARTER` of a command about one city's quarterly submission. */
export function addCityQuarterOptions<T extends { addOption(option: Option): T }>(
  command: T,
  { required }: { required: boolean },
): T {
  const city = new Option('--city <CODE>', '城市代码（6 位）').argParser(cityArgument);
  const period = new Option('--period <PERIOD>', '报告期（季度，如 2024Q3）').argParser(quarterArgument);
  return command
    .addOption(city.makeOptionMandatory(required))
    .addOption(period.makeOptionMandatory(required));
}

/** `--registry FILE` of a command that needs the city registry (default: the built-in one). */
export function registryOption(): Option {
  return new Option('--registry <FILE>', '城市名录 JSON（默认内置的 12 个城市）');
}

/** `--smtp URL`: also send the pipeline's messages to an SMTP server (the outbox keeps a copy). */
export function smtpOption(): Option {
  return new Option(
    '--smtp <URL>',
    '同时通过 SMTP 发送通知邮件（如 smtp://127.0.0.1:2525，smtps://用户:密码@主机:465）；outbox/ 仍保留副本',
  ).argParser(smtpArgument);
}

export function smtpArgument(text: string): string {
  if (!/^smtps?:\/\/[^\s/]+/.test(text.trim()))
    throw new InvalidArgumentError(`SMTP 地址应为 smtp://主机:端口 或 smtps://主机:端口（实际为 ${text}）`);
  return text.trim();
}

/** `--recipients FILE`: the analysts' and provinces' addresses. */
export function recipientsOption(): Option {
  return new Option(
    '--recipients <FILE>',
    '收件人配置 JSON：分析人员与各省的邮件地址（城市联系人在城市名录的 contacts 中）',
  );
}

export function yearArgument(text: string): number {
  if (!/^\d{4}$/.test(text.trim())) throw new InvalidArgumentError(`应为四位年份，如 2023（实际为 ${text}）`);
  return Number(text.trim());
}
