/** Renders a report workbook through the streaming writer into one Buffer. */
import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { ImageWorkbookWriter } from './imageWorkbookWriter.ts';

export async function renderWorkbook(
  generatedAt: string,
  build: (workbook: ImageWorkbookWriter) => void,
): Promise<Buffer> {
  const output = new PassThrough();
  const bytes = buffer(output);
  const workbook = new ImageWorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'ipstats';
  workbook.lastModifiedBy = 'ipstats';
  workbook.created = new Date(generatedAt);
  workbook.modified = new Date(generatedAt);
  build(workbook);
  await workbook.commit();
  return bytes;
}
