/** Deterministic detail records for storage tests (varied enough that compression is honest). */
import type { EnterpriseRecord } from '#shared/domain/records.ts';
import { USCC_ALPHABET, usccCheckCharacter } from '#shared/domain/uscc.ts';

const INDUSTRIES = ['新一代信息技术', '高端装备制造', '生物医药', '新材料', '新能源汽车', '节能环保'];
const SIZES = ['大型', '中型', '小型', '微型'];

/** A pseudo-random but reproducible sequence in [0, 1). */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

export function someEnterprises(count: number, seed = 7): EnterpriseRecord[] {
  const next = sequence(seed);
  return Array.from({ length: count }, (_, index) => {
    let body = '91440300';
    for (let i = 0; i < 9; i++) body += USCC_ALPHABET.charAt(Math.floor(next() * USCC_ALPHABET.length));
    return {
      name: `深圳市第${index + 1}号${INDUSTRIES[index % INDUSTRIES.length]}科技有限公司`,
      uscc: body + usccCheckCharacter(body),
      industry: INDUSTRIES[Math.floor(next() * INDUSTRIES.length)],
      size: SIZES[Math.floor(next() * SIZES.length)],
      validInventionPatents: Math.floor(next() * 500),
      inventionGrants: Math.floor(next() * 60),
      pctApplications: Math.floor(next() * 20),
      madridRegistrations: Math.floor(next() * 5),
      licensingIncome: Math.round(next() * 1_000_000) / 100,
      pledgeFinancing: Math.round(next() * 500_000) / 100,
      insuranceCoverage: Math.round(next() * 100_000) / 100,
      certified: next() < 0.5,
      underCustody: next() < 0.3,
      recommended: next() < 0.1,
    };
  });
}
