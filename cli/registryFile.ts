/** `--registry FILE`: a city registry JSON given on the command line. */
import { readFile } from 'node:fs/promises';
import { parseRecipientsText, parseRegistryText } from '#shared/adapters/registryStore.ts';
import type { NotificationRecipients } from '#shared/domain/contacts.ts';
import { type City, DEFAULT_REGISTRY } from '#shared/domain/registry.ts';
import { UsageError } from './errors.ts';

export async function readRegistryFile(file: string): Promise<City[]> {
  const text = await readFile(file, 'utf8').catch((cause: unknown) => {
    throw new UsageError(`无法读取城市名录 ${file}`, { cause });
  });
  return parseRegistryText(text, file);
}

/** The registry of a `--registry` option, or the built-in one when the option is absent. */
export async function registryOrDefault(file: string | undefined): Promise<readonly City[]> {
  return file ? readRegistryFile(file) : DEFAULT_REGISTRY;
}

/** `--recipients FILE`: the analysts' and provinces' addresses. */
export async function readRecipientsFile(file: string): Promise<NotificationRecipients> {
  const text = await readFile(file, 'utf8').catch((cause: unknown) => {
    throw new UsageError(`无法读取收件人配置 ${file}`, { cause });
  });
  return parseRecipientsText(text, file);
}
