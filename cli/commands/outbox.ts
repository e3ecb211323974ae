/**
 * `ipstats outbox list|show`: the messages the local stack wrote instead of sending them
 * (`.ipstats/outbox/` of the local stack, `OUT/outbox/` of `run` and `demo`), read back as a mail
 * client reads them.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { AddressObject, ParsedMail } from 'mailparser';
import { chinaTimeText } from '#shared/domain/chinaTime.ts';
import { UsageError } from '../errors.ts';
import { DEFAULT_STATE_DIRECTORY } from '../options.ts';
import type { CommandContext } from '../program.ts';
import { formatTable } from './shared.ts';

const DEFAULT_OUTBOX = join(DEFAULT_STATE_DIRECTORY, 'outbox');

/** The mail parser loads with the command, not with every `ipstats` start. */
async function parseMessage(path: string): Promise<ParsedMail> {
  const { simpleParser } = await import('mailparser');
  return simpleParser(await readFile(path));
}

const KIND_WORDS: Record<string, string> = {
  upload_result: '上传结果',
  reminder: '截止提醒',
  digest: '报送情况',
  rollup: '汇总发布',
  assessment: '绩效评价发布',
};

export function registerOutbox(program: Command, { io }: CommandContext): void {
  const outbox = program
    .command('outbox')
    .description(
      `本机发件箱：本机栈写出的通知邮件（.eml，默认 ${DEFAULT_OUTBOX}/；run 与 demo 写到 输出目录/outbox/）`,
    );

  outbox
    .command('list')
    .description('按时间列出发件箱中的邮件')
    .argument('[DIR]', '发件箱目录', DEFAULT_OUTBOX)
    .option('--kind <KIND>', '只列出一类：upload_result、reminder、digest、rollup、assessment')
    .action(async (directory: string, options: { kind?: string }) => {
      const names = await messageFiles(directory);
      const rows: string[][] = [];
      for (const name of names) {
        const mail = await parseMessage(join(directory, name));
        const kind = headerText(mail.headers.get('x-ipstats-kind'));
        if (options.kind && kind !== options.kind) continue;
        rows.push([
          mail.date ? chinaTimeText(mail.date.toISOString()) : '—',
          KIND_WORDS[kind] ?? kind,
          addresses(mail.to),
          mail.subject ?? '',
          headerText(mail.headers.get('x-ipstats-message')),
        ]);
      }
      if (rows.length === 0) {
        io.out(`${directory} 中没有邮件\n`);
        return;
      }
      io.out(formatTable([['时间（北京时间）', '类型', '收件人', '主题', '编号'], ...rows]));
      io.out(`共 ${rows.length} 封（ipstats outbox show 编号 查看内容）\n`);
    });

  outbox
    .command('show')
    .description('显示一封邮件：信头与正文（纯文本，--html 显示 HTML 正文）')
    .argument('<ID>', '邮件编号（如 reminder.330100.2024Q3.d7）或文件名')
    .argument('[DIR]', '发件箱目录', DEFAULT_OUTBOX)
    .option('--html', '显示 HTML 正文')
    .action(async (id: string, directory: string, options: { html?: boolean }) => {
      const names = await messageFiles(directory);
      const name = names.find(
        (candidate) => candidate === id || candidate.slice(candidate.indexOf('-') + 1) === `${id}.eml`,
      );
      if (!name) throw new UsageError(`发件箱 ${directory} 中没有邮件 ${id}（ipstats outbox list 查看编号）`);
      const mail = await parseMessage(join(directory, name));
      io.out(
        [
          `发件人：${addresses(mail.from)}`,
          `收件人：${addresses(mail.to)}`,
          `主题：${mail.subject ?? ''}`,
          `时间：${mail.date ? `${chinaTimeText(mail.date.toISOString())}（北京时间）` : '—'}`,
          `Message-ID：${mail.messageId ?? ''}`,
          `文件：${join(directory, name)}`,
          '',
          options.html ? String(mail.html || '') : (mail.text ?? ''),
        ].join('\n'),
      );
      io.out('\n');
    });
}

async function messageFiles(directory: string): Promise<string[]> {
  const names = await readdir(directory).catch((cause: unknown) => {
    throw new UsageError(`无法读取发件箱 ${directory}（先运行 ipstats demo、run 或 upload）`, { cause });
  });
  return names.filter((name) => name.endsWith('.eml')).sort();
}

function addresses(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return '';
  return [value]
    .flat()
    .flatMap((object) => object.value)
    .map((address) => (address.name ? `${address.name} <${address.address ?? ''}>` : (address.address ?? '')))
    .join('，');
}

function headerText(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined ? '' : String(value);
}
