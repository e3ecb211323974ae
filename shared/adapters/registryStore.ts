/**
 * The configuration kept in the bucket as JSON: the city registry (`config/registry.json` by
 * default) and the notification recipients (`config/recipients.json`). An absent registry means
 * the built-in twelve pilot cities, absent recipients nobody; present but invalid stops the run
 * with the problem named, since validating uploads against a guessed registry would reject or
 * accept the wrong cities.
 */
import {
  NO_RECIPIENTS,
  type NotificationRecipients,
  parseRecipients,
  RecipientsError,
} from '../domain/contacts.ts';
import { type City, DEFAULT_REGISTRY, parseRegistry, RegistryError } from '../domain/registry.ts';
import { ObjectNotFoundError, type ObjectStore } from '../ports.ts';

export function loadRegistry(objects: ObjectStore, key: string): Promise<readonly City[]> {
  return loadConfig(objects, key, DEFAULT_REGISTRY, parseRegistryText);
}

export function saveRegistry(objects: ObjectStore, key: string, registry: readonly City[]): Promise<void> {
  return saveConfig(objects, key, registry);
}

/** Parses registry JSON text (from the bucket or a `--registry` file). */
export function parseRegistryText(text: string, source: string): City[] {
  return parseRegistry(
    parseConfigJson(text, () => new RegistryError(`${source}: 城市名录不是有效的 JSON`)),
    source,
  );
}

/** The analysts' and provinces' addresses (`config/recipients.json`); absent means nobody. */
export function loadRecipients(objects: ObjectStore, key: string): Promise<NotificationRecipients> {
  return loadConfig(objects, key, NO_RECIPIENTS, parseRecipientsText);
}

export function saveRecipients(
  objects: ObjectStore,
  key: string,
  recipients: NotificationRecipients,
): Promise<void> {
  return saveConfig(objects, key, recipients);
}

/** Parses recipients JSON text (from the bucket or a `--recipients` file). */
export function parseRecipientsText(text: string, source: string): NotificationRecipients {
  return parseRecipients(
    parseConfigJson(text, () => new RecipientsError(`${source}: 收件人配置不是有效的 JSON`)),
    source,
  );
}

async function loadConfig<T>(
  objects: ObjectStore,
  key: string,
  absent: T,
  parse: (text: string, source: string) => T,
): Promise<T> {
  let text: string;
  try {
    text = await objects.getText(key);
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return absent;
    throw error;
  }
  return parse(text, key);
}

async function saveConfig(objects: ObjectStore, key: string, value: unknown): Promise<void> {
  await objects.put(key, `${JSON.stringify(value, null, 2)}\n`, 'application/json; charset=utf-8');
}

function parseConfigJson(text: string, invalid: () => Error): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    const error = invalid();
    error.cause = cause;
    throw error;
  }
}
