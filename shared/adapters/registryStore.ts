/**
 * The city registry kept in the bucket (`config/registry.json` by default). Absent means the
 * built-in twelve pilot cities; present but invalid stops the run with the problem named, since
 * validating uploads against a guessed registry would reject or accept the wrong cities.
 */
import {
  NO_RECIPIENTS,
  type NotificationRecipients,
  parseRecipients,
  RecipientsError,
} from '../domain/contacts.ts';
import { type City, DEFAULT_REGISTRY, parseRegistry, RegistryError } from '../domain/registry.ts';
import { ObjectNotFoundError, type ObjectStore } from '../ports.ts';

export async function loadRegistry(objects: ObjectStore, key: string): Promise<readonly City[]> {
  let text: string;
  try {
    text = await objects.getText(key);
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return DEFAULT_REGISTRY;
    throw error;
  }
  return parseRegistryText(text, key);
}

export async function saveRegistry(
  objects: ObjectStore,
  key: string,
  registry: readonly City[],
): Promise<void> {
  await objects.put(key, `${JSON.stringify(registry, null, 2)}\n`, 'application/json; charset=utf-8');
}

/** Parses registry JSON text (from the bucket or a `--registry` file). */
export function parseRegistryText(text: string, source: string): City[] {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    throw new RegistryError(`${source}: 城市名录不是有效的 JSON`, { cause });
  }
  return parseRegistry(json, source);
}

/** The analysts' and provinces' addresses (`config/recipients.json`); absent means nobody. */
export async function loadRecipients(objects: ObjectStore, key: string): Promise<NotificationRecipients> {
  let text: string;
  try {
    text = await objects.getText(key);
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return NO_RECIPIENTS;
    throw error;
  }
  return parseRecipientsText(text, key);
}

export async function saveRecipients(
  objects: ObjectStore,
  key: string,
  recipients: NotificationRecipients,
): Promise<void> {
  await objects.put(key, `${JSON.stringify(recipients, null, 2)}\n`, 'application/json; charset=utf-8');
}

export function parseRecipientsText(text: string, source: string): NotificationRecipients {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    throw new RecipientsError(`${source}: 收件人配置不是有效的 JSON`, { cause });
  }
  return parseRecipients(json, source);
}
