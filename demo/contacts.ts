/**
 * The demo's mail recipients: a statistics liaison for every city but one (重庆市渝北区 has none,
 * to show that such a city is listed rather than an error), the analysts, and each province's
 * supervising department. Addresses are under example.org (RFC 2606), so nothing can be delivered.
 */
import { type NotificationRecipients, provinceCodeOf } from '#shared/domain/contacts.ts';
import type { City } from '#shared/domain/registry.ts';

/** The demo city without a contact. */
export const DEMO_CITY_WITHOUT_CONTACTS = '500112';

export function withDemoContacts(registry: readonly City[]): City[] {
  return registry.map((city) => ({
    ...city,
    contacts:
      city.code === DEMO_CITY_WITHOUT_CONTACTS
        ? []
        : [{ name: `${city.name}知识产权局 统计联络员`, email: `stats-${city.code}@example.org` }],
  }));
}

export function demoRecipients(registry: readonly City[]): NotificationRecipients {
  const provinces = new Map<string, string>();
  for (const city of registry)
    provinces.set(provinceCodeOf(city.code), city.province || provinceCodeOf(city.code));
  return {
    analysts: [{ name: '运营服务体系统计分析组', email: 'analysts@example.org' }],
    provinces: [...provinces].map(([code, name]) => ({
      code,
      name: `${name}知识产权局`,
      contacts: [{ name: `${name}知识产权局 运营处`, email: `province-${code}@example.org` }],
    })),
  };
}
