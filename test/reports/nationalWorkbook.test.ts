import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { INDICATORS } from '#shared/catalogue/indicators.ts';
import { CHART_PIXEL_RATIO } from '#shared/reports/charts/renderChart.ts';
import { writeNationalWorkbook } from '#shared/reports/nationalWorkbook.ts';
import {
  aCity,
  aModel,
  aNationalRollup,
  anEnterprise,
  aQualityEntry,
  growthTarget,
  programmeTarget,
} from './rollupBuilder.ts';
import {
  allValues,
  columnOf,
  NATIONAL_SHEETS,
  readWorkbook,
  rowStartingWith,
  rowValues,
  sheet,
} from './workbookReader.ts';

const GREEN = 'FFC6EFCE';
const AMBER = 'FFFFEB9C';
const RED = 'FFFFC7CE';

async function render(rollup = aNationalRollup()) {
  return readWorkbook(await writeNationalWorkbook(rollup));
}

describe('national workbook', () => {
  it('has the nine fixed sheets in order', async () => {
    const workbook = await render();

    expect(workbook.worksheets.map((worksheet) => worksheet.name)).toEqual(NATIONAL_SHEETS);
  });

  it('opens every sheet with a title and the data-as-of and generated times in China time', async () => {
    // Prepare: data as of 02:00 UTC on the 10th, generated 02:00 UTC on the 16th.
    const workbook = await render(aNationalRollup());

    for (const worksheet of workbook.worksheets) {
      expect(String(worksheet.getCell('A1').value)).toContain('2024Q3');
      expect(worksheet.getCell('A1').font?.bold).toBe(true);
      expect(worksheet.getCell('A2').value).toBe(
        '数据截至 2024-10-10 10:00（北京时间） / 生成时间 2024-10-16 10:00（北京时间）',
      );
    }
  });

  it('freezes the header rows and filters a table on every sheet, printed landscape fitted to the width (the widest across pages)', async () => {
    const workbook = await render();
    const frozenRows: Record<string, number> = {
      概览: 2,
      需关注: 2,
      省份汇总: 3,
      城市指标: 4,
      目标完成: 4,
      同比增长: 4,
      典型企业: 3,
      典型模式: 3,
      填报情况: 3,
      数据质量: 3,
      说明: 2,
    };

    for (const worksheet of workbook.worksheets) {
      expect(worksheet.views[0]).toMatchObject({ state: 'frozen', ySplit: frozenRows[worksheet.name] });
      expect(worksheet.autoFilter, worksheet.name).toBeTruthy();
      expect(worksheet.pageSetup).toMatchObject(
        ['目标完成', '城市指标', '典型企业'].includes(worksheet.name)
          ? { orientation: 'landscape', fitToPage: false, scale: 80 }
          : { orientation: 'landscape', fitToPage: true, fitToWidth: 1 },
      );
    }
    expect(sheet(workbook, '城市指标').autoFilter).toBe('A4:AI8');
  });

  it('lists one row per city and one column per catalogue indicator with its unit, then national total and median rows', async () => {
    const rollup = aNationalRollup();
    rollup.national.A06 = { ...rollup.national.A06!, value: 1234.5 };
    rollup.median.A06 = 45.25;
    const workbook = await render(rollup);
    const cities = sheet(workbook, '城市指标');

    expect(rowValues(cities, 4).slice(0, 6)).toEqual([
      '城市代码',
      '城市名称',
      '省份',
      '填报状态',
      'A01 产业知识产权联盟数（个）',
      'A02 产业规划类专利导航项目数（个）',
    ]);
    expect(rowValues(cities, 4)).toHaveLength(4 + INDICATORS.length);
    // Printed across A3 pages by indicator class, the city columns at the left of each page.
    expect([...new Set(rowValues(cities, 3))]).toEqual([
      '城市',
      '指标 A01–A06',
      '指标 B01–B11',
      '指标 C01–C04',
      '指标 D01–D06',
      '指标 E01–E04',
    ]);
    expect(cities.pageSetup).toMatchObject({ paperSize: 8, printTitlesColumn: 'A:D' });
    expect(rowValues(cities, 4).at(-1)).toBe('E04 当地企业营业收入平均增幅（%）');
    expect([5, 6, 7, 8].map((row) => cities.getCell(row, 1).value)).toEqual([
      '330100',
      '440300',
      '510100',
      '610100',
    ]);
    const a06 = columnOf(cities, 4, 'A06 知识产权服务业营业收入（万元）');
    expect(rowStartingWith(cities, '全国合计').getCell(a06).value).toBe(1234.5);
    expect(rowStartingWith(cities, '全国中位数').getCell(a06).value).toBe(45.25);
  });

  it('formats 万元 with two decimals, counts as whole numbers and rates with one decimal under a % header', async () => {
    const workbook = await render();
    const cities = sheet(workbook, '城市指标');

    expect(cities.getCell(5, columnOf(cities, 4, 'A06 知识产权服务业营业收入（万元）')).numFmt).toBe(
      '#,##0.00',
    );
    expect(cities.getCell(5, columnOf(cities, 4, 'B01 专利申请量（件）')).numFmt).toBe('#,##0');
    expect(cities.getCell(5, columnOf(cities, 4, 'E04 当地企业营业收入平均增幅（%）')).numFmt).toBe('0.0');
    const targets = sheet(workbook, '目标完成');
    expect(targets.getCell(5, columnOf(targets, 4, '完成率（%）')).numFmt).toBe('0.0');
  });

  it('colours target status cells: green for 达标 and 进度正常, amber for 滞后, red for 严重滞后 and 未达标', async () => {
    // Prepare: one city per status of A02, and a growth target that is missed.
    const statuses = ['达标', '进度正常', '滞后', '严重滞后'] as const;
    const cities = statuses.map((status, index) => {
      const city = aCity(`11010${index}`, `城市${index}`, { seed: index });
      city.targets.A02 = programmeTarget(index, 10, status);
      city.targets.D01 = growthTarget(index === 3 ? 5 : 40, 30, index === 3 ? '未达标' : '达标');
      return city;
    });
    const workbook = await render(aNationalRollup({ cities }));
    const targets = sheet(workbook, '目标完成');
    const a02Status = columnOf(targets, 4, '状态');

    const fills = [5, 6, 7, 8].map((row) => [
      targets.getCell(row, a02Status).value,
      (targets.getCell(row, a02Status).fill as ExcelJS.FillPattern).fgColor?.argb,
    ]);
    expect(fills).toEqual([
      ['达标', GREEN],
      ['进度正常', GREEN],
      ['滞后', AMBER],
      ['严重滞后', RED],
    ]);
    const d01Row = rowValues(targets, 3);
    const d01Group = d01Row.indexOf('D01 知识产权质押融资金额') + 1;
    // 本年累计, 上年同期累计, 同比增长, 目标增幅, 状态.
    const d01Status = d01Group + 4;
    expect(targets.getCell(4, d01Status).value).toBe('状态');
    expect(targets.getCell(8, d01Status).value).toBe('未达标');
    expect((targets.getCell(8, d01Status).fill as ExcelJS.FillPattern).fgColor?.argb).toBe(RED);
  });

  it('shows each target with value, target, attainment and status, then the score and rank', async () => {
    const city = aCity('440300', '深圳市', { score: 87.5, rank: 3 });
    city.targets.A02 = programmeTarget(8, 12, '进度正常', 66.67);
    const workbook = await render(aNationalRollup({ cities: [city] }));
    const targets = sheet(workbook, '目标完成');

    // Merged group labels read back in every cell of the merge.
    expect(rowValues(targets, 3).slice(0, 4)).toEqual([
      '城市',
      '城市',
      '城市',
      'A02 产业规划类专利导航项目数',
    ]);
    expect(targets.getCell('A3').isMerged).toBe(true);
    expect(rowValues(targets, 4).slice(0, 8)).toEqual([
      '城市代码',
      '城市名称',
      '填报状态',
      '累计值（个）',
      '应完成进度（个）',
      '目标值（个）',
      '完成率（%）',
      '状态',
    ]);
    expect(rowValues(targets, 5).slice(0, 8)).toEqual([
      '440300',
      '深圳市',
      '按时',
      8,
      9,
      12,
      66.67,
      '进度正常',
    ]);
    expect(rowValues(targets, 5).slice(-2)).toEqual([87.5, 3]);
  });

  it('shows YTD, last year and growth for C04, D01, D02 and D04, and the agency growth', async () => {
    const city = aCity('440300', '深圳市');
    city.indicators.D01 = { value: 100, ytd: 300, lastYearYtd: 200, growth: 50 };
    city.agencyGrowth = { value: 12.5, localAverage: 8, status: '达标' };
    const workbook = await render(aNationalRollup({ cities: [city] }));
    const growth = sheet(workbook, '同比增长');

    const groups = [...new Set(rowValues(growth, 3))];
    expect(groups).toEqual([
      '城市',
      'C04 知识产权交易许可金额（万元）',
      'D01 知识产权质押融资金额（万元）',
      'D02 知识产权质押次数（笔）',
      'D04 知识产权保险保障金额（万元）',
      '运营机构营收增幅',
    ]);
    const row = rowValues(growth, 5);
    expect(row.slice(5, 8)).toEqual([300, 200, 50]);
    expect(row.slice(-3)).toEqual([12.5, 8, '达标']);
  });

  it('lists the national top 20 enterprises, the typical models by category and every warning', async () => {
    const enterprises = Array.from({ length: 20 }, (_, index) =>
      anEnterprise({
        rank: index + 1,
        uscc: `91440300MA5EX${String(index).padStart(5, '0')}`,
        name: `企业${index + 1}`,
      }),
    );
    const models = [
      aModel({ category: '质押融资', title: '质押案例' }),
      aModel({ category: '专利导航', title: '导航案例' }),
    ];
    const warnings = Array.from({ length: 250 }, (_, index) => aQualityEntry({ row: index + 5 }));
    const workbook = await render(
      aNationalRollup({ typicalEnterprises: enterprises, typicalModels: models, dataQuality: warnings }),
    );

    const top = sheet(workbook, '典型企业');
    expect(top.getCell('A4').value).toBe(1);
    expect(top.getCell('B23').value).toBe('企业20');
    expect(top.getCell('A24').value).toBeNull();
    expect(rowValues(top, 3)).toContain('亮点');
    const typical = sheet(workbook, '典型模式');
    expect([typical.getCell('B4').value, typical.getCell('B5').value]).toEqual(['导航案例', '质押案例']);
    const quality = sheet(workbook, '数据质量');
    expect(quality.getCell(3 + 250, columnOf(quality, 3, '行')).value).toBe(254);
    expect(quality.getCell(4 + 250, 1).value).toBeNull();
  });

  it('lists the submission status of every city in words', async () => {
    const workbook = await render();
    const submissions = sheet(workbook, '填报情况');
    const state = columnOf(submissions, 3, '填报状态');

    expect(
      [4, 5, 6, 7].map((row) => [submissions.getCell(row, 1).value, submissions.getCell(row, state).value]),
    ).toEqual([
      ['330100', '按时'],
      ['440300', '按时'],
      ['510100', '迟报'],
      ['610100', '未报送'],
    ]);
    expect(submissions.getCell(5, columnOf(submissions, 3, '当前上传时间（北京时间）')).value).toEqual(
      new Date('2024-10-10T10:00:00.000Z'),
    );
  });

  it('names the file and upload time of each warning on 数据质量, the upload id only in the JSON', async () => {
    const rollup = aNationalRollup();
    rollup.lineage.uploads = [
      {
        uploadId: '20241009T020000Z-440300',
        city: '440300',
        cityName: '深圳市',
        period: '2024Q3',
        fileName: '深圳市2024年第三季度.xlsx',
        uploadedAt: '2024-10-09T02:00:00.000Z',
        status: 'accepted_with_warnings',
        sheets: ['核心指标'],
      },
    ];
    const workbook = await render(rollup);
    const quality = sheet(workbook, '数据质量');

    const shenzhen = rowStartingWith(quality, '440300');
    expect(shenzhen.getCell(columnOf(quality, 3, '文件名')).value).toBe('深圳市2024年第三季度.xlsx');
    expect(shenzhen.getCell(columnOf(quality, 3, '上传时间（北京时间）')).value).toEqual(
      new Date('2024-10-09T10:00:00.000Z'),
    );
    expect(rowValues(quality, 3)).not.toContain('上传编号');
    expect(JSON.stringify(allValues(workbook).数据质量)).not.toContain('20241009T020000Z');
  });

  it('marks each verification warning 已说明 or 待说明 on 数据质量, with the city’s explanation', async () => {
    const rollup = aNationalRollup({
      dataQuality: [
        aQualityEntry({
          city: '440300',
          explanationStatus: 'explained',
          explanation: '新增两家机构，已核实',
        }),
        aQualityEntry({ city: '330100', cityName: '杭州市', explanationStatus: 'pending' }),
        aQualityEntry({ city: '510100', cityName: '成都市', code: 'INFO_CITY_NAME_MISMATCH' }),
      ],
    });

    const quality = sheet(await render(rollup), '数据质量');

    const state = columnOf(quality, 3, '核实状态');
    const text = columnOf(quality, 3, '核实说明');
    expect(
      ['440300', '330100', '510100'].map((city) => {
        const row = rowStartingWith(quality, city);
        return [row.getCell(state).value ?? null, row.getCell(text).value ?? null];
      }),
    ).toEqual([
      ['已说明', '新增两家机构，已核实'],
      ['待说明', null],
      [null, null],
    ]);
  });

  it('explains the indicators, targets in force and the lineage in 说明', async () => {
    const rollup = aNationalRollup();
    rollup.lineage.locks = [{ period: '2024Q3', city: '*', lockedAt: '2024-10-20T01:00:00.000Z' }];
    rollup.lineage.uploads = [
      {
        uploadId: '20241009T020000Z-330100',
        city: '330100',
        cityName: '杭州市',
        period: '2024Q3',
        fileName: '杭州2024Q3.xlsx',
        uploadedAt: '2024-10-09T02:00:00.000Z',
        status: 'partially_accepted',
        sheets: ['核心指标', '重点企业'],
      },
    ];
    const workbook = await render(rollup);
    const notes = sheet(workbook, '说明');

    expect(rowValues(notes, rowStartingWith(notes, 'B07').number).slice(0, 3)).toEqual([
      'B07',
      '高价值专利组合数',
      '个',
    ]);
    expect(rowStartingWith(notes, '指标目录版本').getCell(2).value).toBe('2019-70.1');
    expect(rowStartingWith(notes, '数据截至').getCell(2).value).toBe('2024-10-10 10:00（北京时间）');
    // Uploads by city, file, time and state; their ids stay in the JSON.
    const uploads = rowStartingWith(notes, '使用的上传').number + 2;
    expect(rowValues(notes, uploads + 1)).toEqual([
      '330100',
      '杭州市',
      '2024Q3',
      '杭州2024Q3.xlsx',
      new Date('2024-10-09T10:00:00.000Z'),
      '部分通过；使用：核心指标、重点企业',
    ]);
    expect(JSON.stringify(allValues(workbook).说明)).not.toContain('20241009T020000Z-330100');
    expect(rowStartingWith(notes, '2024Q3').getCell(2).value).toBe('全部城市');
    const targets = rowStartingWith(notes, '440300');
    expect(targets.getCell(3).value).toBe(10);
  });

  it('writes each default target on one line of 概览, over two columns, beside the cities meeting it', async () => {
    const rollup = aNationalRollup();
    rollup.targetsMet.C02 = { met: 2, onTrack: 1, total: 3 };
    const overview = sheet(await render(rollup), '概览');

    // The second C02 row of 概览: the first is the indicator table's.
    const heading = rowStartingWith(overview, '绩效目标达成城市数（已报送城市）').number;
    const c02 = overview.getRow(
      Array.from({ length: 20 }, (_, index) => heading + index).find(
        (number) => overview.getRow(number).getCell(1).value === 'C02',
      )!,
    );
    expect(rowValues(overview, c02.number).slice(3)).toEqual([
      '项目期末累计 ≥ 1000 家',
      '项目期末累计 ≥ 1000 家',
      2,
      1,
      3,
    ]);
    expect(c02.getCell(4).isMerged && c02.getCell(5).master.address).toBe(c02.getCell(4).address);
    expect(c02.getCell(4).alignment?.wrapText).toBeFalsy();
    const header = rowValues(overview, heading + 1);
    expect(header).toEqual([
      '目标代码',
      '目标名称',
      '单位',
      '默认目标',
      '默认目标',
      '达标城市数',
      '进度正常城市数',
      '考核城市数',
    ]);
  });

  it('puts the four charts under the 概览 tables as PNG pictures, each on a page of its own', async () => {
    const workbook = await render();
    const overview = sheet(workbook, '概览');

    const images = overview.getImages();
    expect(images).toHaveLength(4);
    for (const image of images) {
      const medium = workbook.getImage(Number(image.imageId));
      expect(medium.extension).toBe('png');
      const png = Buffer.from(medium.buffer as unknown as Uint8Array);
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      // Drawn at twice the size it is shown at, so that it prints sharp.
      expect(png.readUInt32BE(16) % CHART_PIXEL_RATIO).toBe(0);
      expect(image.range.tl.nativeCol).toBe(0);
    }
    const rows = images.map((image) => image.range.tl.nativeRow);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(rows[0]).toBeGreaterThan(rowStartingWith(overview, 'E04').number);
  });

  it('writes text from uploads as text even when it looks like a formula', async () => {
    const rollup = aNationalRollup({
      typicalEnterprises: [
        anEnterprise({ name: '=HYPERLINK("http://evil.example","点击")', recommendReason: '+1+1' }),
      ],
      typicalModels: [aModel({ practice: '-2+3', title: '@SUM(A1)' })],
      dataQuality: [aQualityEntry({ message: '=1+1', value: '=A1' })],
    });
    const workbook = await render(rollup);

    const cells = [
      sheet(workbook, '典型企业').getCell(4, 2),
      sheet(workbook, '典型企业').getCell(4, columnOf(sheet(workbook, '典型企业'), 3, '推荐理由')),
      sheet(workbook, '典型模式').getCell(4, 2),
      sheet(workbook, '典型模式').getCell(4, columnOf(sheet(workbook, '典型模式'), 3, '主要做法')),
      sheet(workbook, '数据质量').getCell(4, columnOf(sheet(workbook, '数据质量'), 3, '说明')),
      sheet(workbook, '数据质量').getCell(4, columnOf(sheet(workbook, '数据质量'), 3, '值')),
    ];
    expect(cells.map((cell) => [cell.type, cell.value])).toEqual([
      [ExcelJS.ValueType.String, '=HYPERLINK("http://evil.example","点击")'],
      [ExcelJS.ValueType.String, '+1+1'],
      [ExcelJS.ValueType.String, '@SUM(A1)'],
      [ExcelJS.ValueType.String, '-2+3'],
      [ExcelJS.ValueType.String, '=1+1'],
      [ExcelJS.ValueType.String, '=A1'],
    ]);
  });

  it('renders the same roll-up to the same cells and images twice', async () => {
    const first = await render();
    const second = await render();

    expect(allValues(second)).toEqual(allValues(first));
    const images = (workbook: ExcelJS.Workbook) =>
      sheet(workbook, '概览')
        .getImages()
        .map((image) =>
          Buffer.from(workbook.getImage(Number(image.imageId)).buffer as unknown as Uint8Array).toString(
            'base64',
          ),
        );
    expect(images(second)).toEqual(images(first));
  });
});
