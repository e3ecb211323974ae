import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeUploadCsv, writeUploadWorkbook } from '#demo/uploadFiles/writeUpload.ts';
import { parseUpload, UploadReadError } from '#shared/parsing/parseUpload.ts';
import {
  agency,
  codesOf,
  csvText,
  encode,
  issueOf,
  parse,
  recordsOf,
  unzipParts,
  workbook,
  zipOf,
} from './builders.ts';

const validWorkbook = () => writeUploadWorkbook({ agencies: [agency()] });

describe('file-level checks', () => {
  it('rejects an empty file', async () => {
    const upload = await parse(Buffer.alloc(0), '深圳.xlsx');

    expect(upload.issues).toEqual([
      expect.objectContaining({ severity: 'error', code: 'FILE_EMPTY', sheet: '深圳.xlsx' }),
    ]);
    expect(upload.sheets).toEqual([]);
  });

  it('rejects a file whose known size is over the limit without reading it', async () => {
    const body = Readable.from([Buffer.from('never read')]);

    const upload = await parseUpload({ body, fileName: 'big.xlsx', size: 21 * 1024 * 1024 });

    expect(issueOf(upload, 'FILE_TOO_LARGE')).toMatchObject({
      severity: 'error',
      sheet: 'big.xlsx',
      message: '文件大小 21 MB 超过限制 20 MB',
    });
    expect(body.destroyed).toBe(true);
  });

  it('rejects a file that turns out larger than the limit while reading', async () => {
    const csv = writeUploadCsv(
      'agencies',
      Array.from({ length: 50 }, (_, i) => agency({ name: `机构${i}` })),
    );

    const upload = await parse(csv, 'agencies.csv', { limits: { maxBytes: 1000 }, chunkBytes: 256 });

    expect(codesOf(upload)).toEqual(['FILE_TOO_LARGE']);
    expect(upload.sheets).toEqual([]);
  });

  it('reports an OLE compound file whose directory cannot be read as an encrypted workbook or legacy .xls', async () => {
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
    ]);

    const upload = await parse(ole, '深圳.xlsx');

    expect(issueOf(upload, 'FILE_ENCRYPTED').message).toBe(
      '文件是旧版 Office 97-2003 格式（加密的工作簿或 .xls），无法读取：请取消密码后另存为 .xlsx 再上传',
    );
  });

  it('rejects a binary file that is neither xlsx nor text', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(100, 7),
    ]);

    const upload = await parse(png, 'agencies.csv');

    expect(issueOf(upload, 'FILE_UNREADABLE').message).toContain('无法识别的文件格式');
  });

  it('rejects bytes full of control characters even when named .csv', async () => {
    const noise = Buffer.from(Array.from({ length: 400 }, (_, i) => (i * 7) % 32));

    const upload = await parse(noise, 'agencies.csv');

    expect(codesOf(upload)).toEqual(['FILE_UNREADABLE']);
  });

  it('judges the format by content: an xlsx named .csv is read as a workbook', async () => {
    const upload = await parse(await validWorkbook(), 'agencies.csv');

    expect(upload.format).toBe('xlsx');
    expect(recordsOf(upload, 'agencies')).toEqual([agency()]);
  });

  it('judges the format by content: a CSV named .xlsx is read as CSV', async () => {
    const upload = await parse(writeUploadCsv('agencies', [agency()]), 'agencies.xlsx');

    expect(upload.format).toBe('csv');
    expect(recordsOf(upload, 'agencies')).toEqual([agency()]);
  });

  it('rejects a truncated workbook as corrupt', async () => {
    const xlsx = await validWorkbook();

    const upload = await parse(xlsx.subarray(0, xlsx.length - 200), '深圳.xlsx');

    expect(codesOf(upload)).toEqual(['FILE_CORRUPT']);
    expect(upload.issues[0]?.message).toContain('文件已损坏或不完整');
  });

  it('rejects a workbook whose compressed data was damaged', async () => {
    const parts = await unzipParts(await validWorkbook());
    const zip = zipOf(parts);
    const sheetAt = zip.indexOf('xl/worksheets/sheet1.xml') + 'xl/worksheets/sheet1.xml'.length + 20;
    zip[sheetAt] = (zip[sheetAt] ?? 0) ^ 0xff;

    const upload = await parse(zip, '深圳.xlsx');

    expect(codesOf(upload)).toEqual(['FILE_CORRUPT']);
  });

  it('rejects a workbook whose sheet content does not match its checksum, keeping nothing of it', async () => {
    const parts = await unzipParts(await validWorkbook());
    const altered = parts.map((part) =>
      part.name === 'xl/worksheets/sheet1.xml' ? { ...part, crc: 12345 } : part,
    );

    const upload = await parse(zipOf(altered), '深圳.xlsx');

    expect(upload.issues).toEqual([
      expect.objectContaining({ code: 'FILE_CORRUPT', message: expect.stringContaining('校验失败') }),
    ]);
    expect(upload.sheets).toEqual([]);
  });

  it('rejects a workbook whose workbook part is missing as corrupt', async () => {
    const parts = await unzipParts(await validWorkbook());

    const upload = await parse(zipOf(parts.filter((part) => part.name !== 'xl/workbook.xml')), '深圳.xlsx');

    expect(codesOf(upload)).toEqual(['FILE_CORRUPT']);
    expect(issueOf(upload, 'FILE_CORRUPT').message).toContain('workbook.xml');
  });

  it.each([
    [
      'an OpenDocument spreadsheet',
      [
        { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet') },
        { name: 'content.xml', data: Buffer.from('<office:document-content/>') },
      ],
      'OpenDocument 表格 .ods',
    ],
    [
      'a Word document',
      [
        { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
        { name: 'word/document.xml', data: Buffer.from('<w:document/>') },
      ],
      'Word 文档 .docx',
    ],
    ['a zip archive of other files', [{ name: 'readme.txt', data: Buffer.from('hello') }], '压缩包'],
  ])('tells the city that %s is not an Excel workbook', async (_what, parts, named) => {
    const upload = await parse(zipOf(parts), '深圳.xlsx');

    expect(upload.issues).toEqual([
      expect.objectContaining({
        code: 'FILE_UNREADABLE',
        severity: 'error',
        message: `文件不是 Excel 工作簿（${named}）；系统接受的文件类型为 .xlsx（Excel 工作簿）和 .csv（逗号分隔文本），请另存为其中一种`,
      }),
    ]);
    expect(upload.sheets).toEqual([]);
  });

  it('reports a zip with encrypted entries as encrypted', async () => {
    const upload = await parse(
      zipOf([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>'), flags: 0x1 }]),
      '深圳.xlsx',
    );

    expect(codesOf(upload)).toEqual(['FILE_ENCRYPTED']);
  });
});

describe('zip bomb guard', () => {
  it('rejects a workbook with more entries than allowed', async () => {
    const upload = await parse(await validWorkbook(), '深圳.xlsx', { limits: { maxZipEntries: 3 } });

    expect(issueOf(upload, 'ZIP_BOMB').message).toContain('压缩条目');
  });

  it('rejects a workbook whose declared uncompressed size is over the limit', async () => {
    const upload = await parse(await validWorkbook(), '深圳.xlsx', {
      limits: { maxUncompressedBytes: 10_000 },
    });

    expect(codesOf(upload)).toEqual(['ZIP_BOMB']);
  });

  it('rejects a workbook compressed out of proportion', async () => {
    const parts = await unzipParts(await validWorkbook());
    const padded = parts.map((part) =>
      part.name === 'xl/worksheets/sheet1.xml'
        ? { ...part, data: Buffer.concat([part.data, Buffer.alloc(4 * 1024 * 1024, 0x20)]) }
        : part,
    );

    const upload = await parse(zipOf(padded), '深圳.xlsx');

    expect(issueOf(upload, 'ZIP_BOMB').message).toContain('压缩比');
  });

  it('rejects an entry that inflates to more than its header declares', async () => {
    const parts = await unzipParts(await validWorkbook());
    const lying = parts.map((part) =>
      part.name === 'xl/worksheets/sheet1.xml' ? { ...part, declaredSize: 100 } : part,
    );

    const upload = await parse(zipOf(lying), '深圳.xlsx');

    expect(issueOf(upload, 'ZIP_BOMB').message).toContain('超过声明的大小');
  });
});

describe('sheet recognition in a workbook', () => {
  it('reports a workbook without any recognisable sheet, warning about each unknown sheet', async () => {
    const xlsx = await workbook({
      name: 'Sheet1',
      rows: [
        ['姓名', '年龄'],
        ['张三', 30],
      ],
    });

    const upload = await parse(xlsx, '深圳.xlsx');

    expect(upload.issues).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'SHEET_UNKNOWN', sheet: 'Sheet1' }),
      expect.objectContaining({ severity: 'error', code: 'NO_KNOWN_SHEET', sheet: '深圳.xlsx' }),
    ]);
  });
});

describe('reading failures', () => {
  it('throws UploadReadError when the body stream itself fails', async () => {
    const body = new Readable({
      read() {
        this.destroy(new Error('socket reset'));
      },
    });

    await expect(parseUpload({ body, fileName: 'a.csv' })).rejects.toBeInstanceOf(UploadReadError);
  });

  it('reads a CSV delivered in one-byte pieces', async () => {
    const text = csvText([
      ['机构名称', '统一社会信用代码', '本年累计主营业务收入（万元）'],
      ['甲机构', agency().uscc, '1,200.5'],
    ]);

    const upload = await parse(encode(text, 'gb18030'), 'agencies.csv', { chunkBytes: 1 });

    expect(recordsOf(upload, 'agencies')).toEqual([
      { name: '甲机构', uscc: agency().uscc, revenueYtd: 1200.5 },
    ]);
  });
});
