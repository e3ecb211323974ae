import { describe, expect, it } from 'vitest';
import { parseQuarter } from '#shared/domain/period.ts';
import {
  DEFAULT_REGISTRY,
  parseRegistry,
  programmeCovers,
  programmeQuarterNumber,
  RegistryError,
  targetFor,
} from '#shared/domain/registry.ts';

const shenzhen = { code: '440300', name: '深圳市', province: '广东省', batchYear: 2022 };

describe('city registry', () => {
  it('ships twelve cities whose programmes cover the demo periods 2023Q1…2024Q3', () => {
    expect(DEFAULT_REGISTRY).toHaveLength(12);
    for (const city of DEFAULT_REGISTRY) {
      expect(city.code).toMatch(/^\d{6}$/);
      expect(programmeCovers(city, parseQuarter('2023Q1'))).toBe(true);
      expect(programmeCovers(city, parseQuarter('2024Q3'))).toBe(true);
    }
  });

  it('defaults the programme to twelve quarters from Q1 of the batch year', () => {
    const [city] = parseRegistry([shenzhen]);
    expect(city?.programmeStart).toBe('2022Q1');
    expect(city?.programmeQuarters).toBe(12);
    expect(programmeQuarterNumber(city!, parseQuarter('2022Q1'))).toBe(1);
    expect(programmeQuarterNumber(city!, parseQuarter('2024Q4'))).toBe(12);
    expect(programmeQuarterNumber(city!, parseQuarter('2025Q1'))).toBeUndefined();
  });

  it('uses a city override before the catalogue default target', () => {
    const [city] = parseRegistry([{ ...shenzhen, targets: { A02: 12, D01: 35 } }]);
    expect(targetFor(city!, 'A02')).toBe(12);
    expect(targetFor(city!, 'D01')).toBe(35);
    expect(targetFor(city!, 'A03')).toBe(30);
    expect(targetFor(city!, 'B01')).toBeUndefined();
  });

  it('keeps a baseline: the year before the programme and the growth indicators’ yearly values', () => {
    const [city] = parseRegistry([{ ...shenzhen, baseline: { year: 2021, values: { D01: 52000, C04: 0 } } }]);
    expect(city?.baseline).toEqual({ year: 2021, values: { D01: 52000, C04: 0 } });
    expect(parseRegistry([shenzhen])[0]).not.toHaveProperty('baseline');
  });

  it.each([
    [[{ ...shenzhen, code: '4403' }], /code 应为 6 位/],
    [[{ ...shenzhen, batchYear: 'soon' }], /batchYear/],
    [[{ ...shenzhen, targets: { B01: 5 } }], /targets\.B01/],
    [[{ ...shenzhen, programmeStart: '2022-01' }], /programmeStart/],
    [[shenzhen, shenzhen], /重复/],
    [{ cities: [] }, /JSON 数组/],
    [[{ ...shenzhen, baseline: 2021 }], /baseline 应为对象/],
    [
      [{ ...shenzhen, baseline: { year: 2022, values: {} } }],
      /baseline\.year 应为项目开始（2022Q1）之前的年份/,
    ],
    [
      [{ ...shenzhen, baseline: { year: 2021, values: { A02: 3 } } }],
      /baseline\.values\.A02 不是年均增幅目标指标（应为 C04、D01、D02、D04 之一）/,
    ],
    [[{ ...shenzhen, baseline: { year: 2021, values: { D01: '5万' } } }], /baseline\.values\.D01 应为非负数/],
    [[{ ...shenzhen, baseline: { year: 2021 } }], /baseline\.values 应为对象/],
  ])('rejects a malformed registry with a message naming the problem (%#)', (json, message) => {
    expect(() => parseRegistry(json, 'registry.json')).toThrow(RegistryError);
    expect(() => parseRegistry(json, 'registry.json')).toThrow(message);
  });
});
