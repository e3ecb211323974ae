/**
 * exceljs' streaming WorkbookWriter plus pictures anchored on a sheet. exceljs 4.4 only anchors
 * images in the in-memory Workbook; the report workbooks stream (large sheets), so this class
 * writes the three parts a picture needs itself: the drawing part and its relationships, the
 * sheet's `<drawing>` element with its relationship, and the drawing's content type. It leans on
 * a few private members of exceljs' stream writer, all named in the two interfaces below; the
 * report tests read every chart back with exceljs, so an upgrade that breaks this fails there.
 * The writer is imported from its own module (see exceljsWriter.d.ts) to keep the bundle small.
 */
import type ExcelJS from 'exceljs';
import WorkbookWriter from 'exceljs/lib/stream/xlsx/workbook-writer.js';

/** Top-left cell (1-based) and size in pixels; the picture keeps its size when cells resize. */
export interface ImagePlacement {
  column: number;
  row: number;
  width: number;
  height: number;
  /** Alternative text (shown by screen readers and when the image cannot be drawn). */
  description: string;
}

interface StreamWorkbookInternals {
  zip: { append(source: string, data: { name: string }): void };
}

interface StreamWorksheetInternals {
  _sheetRelsWriter: { addRelationship(relationship: { Target: string; Type: string }): string };
  _writeLegacyData(): void;
  _writeRowBreaks(): void;
  _write(text: string): void;
}

/** The last row index OOXML allows (0-based): a column break runs down the whole sheet. */
const LAST_ROW_INDEX = 1048575;

const CONTENT_TYPES = '[Content_Types].xml';
const DRAWING_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const DRAWING_RELATIONSHIP = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
const IMAGE_RELATIONSHIP = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/image';
const EMU_PER_PIXEL = 9525;

export class ImageWorkbookWriter extends WorkbookWriter {
  private readonly drawingNames: string[] = [];

  /** Anchors PNG pictures on `sheet`; call once per sheet, before the sheet is committed. */
  placeImages(
    sheet: ExcelJS.Worksheet,
    images: ReadonlyArray<{ png: Buffer; placement: ImagePlacement }>,
  ): void {
    if (images.length === 0) return;
    const drawingName = `drawing${this.drawingNames.length + 1}`;
    this.drawingNames.push(drawingName);
    // exceljs declares its own `Buffer` type; a Node Buffer is what it reads.
    const mediaNames = images.map(
      ({ png }) =>
        `image${this.addImage({ buffer: png as unknown as ExcelJS.Image['buffer'], extension: 'png' })}.png`,
    );

    const zip = (this as unknown as StreamWorkbookInternals).zip;
    zip.append(drawingXml(images.map(({ placement }) => placement)), {
      name: `xl/drawings/${drawingName}.xml`,
    });
    zip.append(
      relationshipsXml(
        mediaNames.map((media) => ({ type: IMAGE_RELATIONSHIP, target: `../media/${media}` })),
      ),
      {
        name: `xl/drawings/_rels/${drawingName}.xml.rels`,
      },
    );

    // `<drawing>` belongs right before `<legacyDrawing>`, the last element exceljs writes.
    const writer = sheet as unknown as StreamWorksheetInternals;
    const relationshipId = writer._sheetRelsWriter.addRelationship({
      Target: `../drawings/${drawingName}.xml`,
      Type: DRAWING_RELATIONSHIP,
    });
    const writeLegacyData = writer._writeLegacyData.bind(writer);
    writer._writeLegacyData = () => {
      writer._write(`<drawing r:id="${relationshipId}"/>`);
      writeLegacyData();
    };
  }

  /**
   * Manual column breaks after the given columns (1-based): exceljs writes row breaks only. The
   * `<colBreaks>` element follows `<rowBreaks>`, before the drawing; call before the sheet is
   * committed.
   */
  placeColumnBreaks(sheet: ExcelJS.Worksheet, breaksAfter: readonly number[]): void {
    if (breaksAfter.length === 0) return;
    const breaks = breaksAfter.map((column) => `<brk id="${column}" max="${LAST_ROW_INDEX}" man="1"/>`);
    const writer = sheet as unknown as StreamWorksheetInternals;
    const writeRowBreaks = writer._writeRowBreaks.bind(writer);
    writer._writeRowBreaks = () => {
      writeRowBreaks();
      writer._write(
        `<colBreaks count="${breaks.length}" manualBreakCount="${breaks.length}">${breaks.join('')}</colBreaks>`,
      );
    };
  }

  override async addContentTypes(): Promise<void> {
    const zip = (this as unknown as StreamWorkbookInternals).zip;
    const append = zip.append;
    const overrides = this.drawingNames
      .map((name) => `<Override PartName="/xl/drawings/${name}.xml" ContentType="${DRAWING_CONTENT_TYPE}"/>`)
      .join('');
    zip.append = (source, data) =>
      append.call(
        zip,
        data.name === CONTENT_TYPES ? source.replace('</Types>', `${overrides}</Types>`) : source,
        data,
      );
    try {
      await super.addContentTypes();
    } finally {
      zip.append = append;
    }
  }
}

function drawingXml(placements: readonly ImagePlacement[]): string {
  const anchors = placements.map((placement, index) => {
    const cx = Math.round(placement.width * EMU_PER_PIXEL);
    const cy = Math.round(placement.height * EMU_PER_PIXEL);
    return (
      '<xdr:oneCellAnchor>' +
      `<xdr:from><xdr:col>${placement.column - 1}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${placement.row - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
      `<xdr:ext cx="${cx}" cy="${cy}"/>` +
      '<xdr:pic>' +
      `<xdr:nvPicPr><xdr:cNvPr id="${index + 2}" name="Picture ${index + 1}" descr="${escapeXml(placement.description)}"/>` +
      '<xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>' +
      `<xdr:blipFill><a:blip r:embed="rId${index + 1}"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>` +
      `<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>` +
      '</xdr:pic><xdr:clientData/></xdr:oneCellAnchor>'
    );
  });
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"' +
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"' +
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `${anchors.join('')}</xdr:wsDr>`
  );
}

function relationshipsXml(relationships: ReadonlyArray<{ type: string; target: string }>): string {
  const items = relationships.map(
    ({ type, target }, index) => `<Relationship Id="rId${index + 1}" Type="${type}" Target="${target}"/>`,
  );
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items.join('')}</Relationships>`
  );
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
