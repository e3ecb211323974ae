/** `ipstats template`: the template workbook cities fill in (填报模板). */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_DEADLINE_DAYS, parseQuarter, tryParsePeriod } from '#shared/domain/period.ts';
import { type City, findCity, programmeCovers, programmeEnd } from '#shared/domain/registry.ts';
import { UsageError } from '../errors.ts';
import { addCityQuarterOptions, registryOption } from '../options.ts';
import type { CommandContext } from '../program.ts';
import { registryOrDefault } from '../registryFile.ts';

export function registerTemplate(program: Command, { io }: CommandContext): void {
  addCityQuarterOptions(
    program
      .command('template')
      .description('生成填报模板（.xlsx）；指定城市和报告期时预填基本信息、目标值和截止日期')
      .option('--out <FILE>', '保存为（默认 填报模板[-城市代码][-报告期].xlsx）'),
    { required: false },
  )
    .addOption(registryOption())
    .action(async (options: { out?: string; city?: string; period?: string; registry?: string }) => {
      const registry = await registryOrDefault(options.registry);
      const { buildTemplateWorkbook, TemplateError } = await import('#shared/template/buildTemplate.ts');
      const workbook = await buildTemplateWorkbook({
        registry,
        deadlineDays: DEFAULT_DEADLINE_DAYS,
        ...(options.city ? { city: options.city } : {}),
        ...(options.period ? { period: options.period } : {}),
      }).catch((error: unknown) => {
        throw error instanceof TemplateError ? new UsageError(error.message, { cause: error }) : error;
      });
      const file = resolve(
        options.out ?? ['填报模板', options.city, options.period].filter(Boolean).join('-').concat('.xlsx'),
      );
      await writeFile(file, workbook);
      io.out(`已生成模板 ${file}\n`);
      const notice = programmeNotice(registry, options.city, options.period);
      if (notice) io.out(`${notice}\n`);
    });
}

/** A period outside the city's programme: the template is made, but nothing of it counts. */
export function programmeNotice(
  registry: readonly City[],
  cityCode: string | undefined,
  period: string | undefined,
): string | undefined {
  const city = cityCode ? findCity(registry, cityCode) : undefined;
  const quarter = period ? tryParsePeriod(period) : undefined;
  if (!city || quarter?.kind !== 'quarter' || programmeCovers(city, quarter)) return undefined;
  const start = parseQuarter(city.programmeStart).code;
  return `注意：${quarter.code} 不在${city.name}的建设期（${start}–${programmeEnd(city).code}）内，该期无需报送，报送的数据也不计入汇总与考核。`;
}
