/**
 * Who receives notifications: the contacts of a city (in the registry), and the analysts' and
 * provinces' addresses (the recipients file, `config/recipients.json`). Addresses are checked
 * when the file is read, so a typo stops the load with its place named instead of bouncing later.
 */

export interface Contact {
  name: string;
  email: string;
}

/** A province's supervising department (省级知识产权、财政部门) and who reads its digest. */
export interface ProvinceRecipients {
  /** GB/T 2260 province code, e.g. `440000`. */
  code: string;
  name: string;
  contacts: Contact[];
}

export interface NotificationRecipients {
  analysts: Contact[];
  provinces: ProvinceRecipients[];
}

export const NO_RECIPIENTS: NotificationRecipients = { analysts: [], provinces: [] };

export class RecipientsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RecipientsError';
  }
}

/**
 * A plain address `local@domain.tld`: ASCII, no spaces, no display name or angle brackets (names
 * are the `name` field), a dot in the domain. Stricter than RFC 5322 on purpose: whatever passes
 * is accepted by SES and by every SMTP server.
 */
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export function isEmailAddress(text: string): boolean {
  return text.length <= 254 && EMAIL.test(text) && !text.includes('..');
}

/** Parses a `contacts` array; `where` names it in errors (e.g. `registry[3].contacts`). */
export function parseContacts(
  raw: unknown,
  where: string,
  fail: (message: string) => Error = (message) => new RecipientsError(message),
): Contact[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw fail(`${where}: 应为联系人数组 [{ "name": "…", "email": "…" }]`);
  return raw.map((entry, index) => {
    const place = `${where}[${index}]`;
    if (typeof entry !== 'object' || entry === null) throw fail(`${place}: 应为 { "name", "email" } 对象`);
    const { name, email } = entry as Record<string, unknown>;
    if (typeof name !== 'string' || name.trim() === '') throw fail(`${place}: 缺少联系人姓名 name`);
    const address = typeof email === 'string' ? email.trim() : '';
    if (!isEmailAddress(address))
      throw fail(`${place}: 电子邮件地址无效："${typeof email === 'string' ? email : String(email ?? '')}"`);
    return { name: name.trim(), email: address };
  });
}

/**
 * Parses the recipients file: `{ "analysts": [contacts], "provinces": [{ "code": "440000",
 * "name": "广东省知识产权局", "contacts": [contacts] }] }`; both lists may be absent.
 */
export function parseRecipients(json: unknown, source = 'recipients'): NotificationRecipients {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new RecipientsError(`${source}: 收件人配置应为 JSON 对象 { "analysts": […], "provinces": […] }`);
  const raw = json as Record<string, unknown>;
  const unknownKeys = Object.keys(raw).filter((key) => key !== 'analysts' && key !== 'provinces');
  if (unknownKeys.length > 0)
    throw new RecipientsError(`${source}: 未知的字段 ${unknownKeys.join('、')}（应为 analysts、provinces）`);
  const analysts = parseContacts(raw.analysts, `${source}.analysts`);
  const rawProvinces = raw.provinces ?? [];
  if (!Array.isArray(rawProvinces)) throw new RecipientsError(`${source}.provinces: 应为数组`);
  const seen = new Set<string>();
  const provinces = rawProvinces.map((entry, index) => {
    const place = `${source}.provinces[${index}]`;
    if (typeof entry !== 'object' || entry === null) throw new RecipientsError(`${place}: 应为对象`);
    const { code, name, contacts } = entry as Record<string, unknown>;
    const text = String(code ?? '');
    if (!/^\d{2}0000$/.test(text))
      throw new RecipientsError(`${place}: code 应为省级行政区划代码（如 440000），实际为 "${text}"`);
    if (seen.has(text)) throw new RecipientsError(`${place}: 省级代码 ${text} 重复`);
    seen.add(text);
    return {
      code: text,
      name: typeof name === 'string' && name.trim() !== '' ? name.trim() : text,
      contacts: parseContacts(contacts, `${place}.contacts`),
    };
  });
  return { analysts, provinces };
}

/** The GB/T 2260 province of a city code: its first two digits and `0000`. */
export function provinceCodeOf(cityCode: string): string {
  return `${cityCode.slice(0, 2)}0000`;
}
