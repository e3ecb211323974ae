/**
 * Who is calling and what that allows. Roles come from the signed-in identity: Cognito groups and
 * custom attributes on AWS, the local users file with `ipstats serve`. Every route asks these
 * questions and nothing else, so the authorization rules are stated once.
 */

export const ROLES = ['city', 'province', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

export interface Identity {
  username: string;
  role: Role;
  /** The 6-digit city code of a `city` user. */
  city?: string;
  /** The province code (GB/T 2260, `440000`) of a `province` user. */
  province?: string;
}

export const ROLE_LABELS: Record<Role, string> = {
  city: '城市知识产权局',
  province: '省级知识产权、财政部门',
  analyst: '部委分析人员',
};

/** `440300` → `440000`: the province is the first two digits followed by `0000`. */
export function provinceOf(cityCode: string): string {
  return `${cityCode.slice(0, 2)}0000`;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Checks an identity's shape: a city user has a city code, a province user a province code
 * (ending in 0000), an analyst neither. Returns a Chinese message for the first problem.
 */
export function identityProblem(identity: {
  role: unknown;
  city?: string | undefined;
  province?: string | undefined;
}): string | undefined {
  if (!isRole(identity.role)) return `角色应为 ${ROLES.join('、')} 之一`;
  if (identity.role === 'city' && !/^\d{6}$/.test(identity.city ?? '')) return '城市用户需要 6 位城市代码';
  if (identity.role === 'province' && !/^\d{2}0000$/.test(identity.province ?? ''))
    return '省级用户需要省级行政区划代码（如 440000）';
  return undefined;
}

/** A city reads its own city, a province its cities, an analyst every city. */
export function canReadCity(identity: Identity, city: string): boolean {
  switch (identity.role) {
    case 'analyst':
      return true;
    case 'province':
      return identity.province !== undefined && provinceOf(city) === identity.province;
    case 'city':
      return identity.city === city;
  }
}

/** Only a city writes uploads, and only its own (the key is built from its identity). */
export function uploadCityOf(identity: Identity): string | undefined {
  return identity.role === 'city' ? identity.city : undefined;
}

/** Analysts run roll-ups, lock and unlock periods and read the audit trail. */
export function isAnalyst(identity: Identity): boolean {
  return identity.role === 'analyst';
}

/**
 * Which published objects under `reports/` an identity may read, by their key:
 * `reports/cities/{city}/…` as the city rule; `reports/provinces/{province}/…` its province and
 * analysts; anything else (national summaries, assessments, the index) analysts only.
 */
export function canReadReport(identity: Identity, key: string): boolean {
  const parts = key.split('/');
  if (parts[0] !== 'reports' || parts.some((part) => part === '' || part === '..' || part === '.'))
    return false;
  if (identity.role === 'analyst') return true;
  if (parts[1] === 'cities' && parts[2] && parts.length > 3) return canReadCity(identity, parts[2]);
  if (parts[1] === 'provinces' && parts[2] && parts.length > 3)
    return identity.role === 'province' && identity.province === parts[2];
  return false;
}
