/** Rows a reader kept in the parsed sheets (no row sink was given), handed on as if streamed. */
import type { ParsedUpload, RowSink } from './types.ts';

export function replayKeptRows(parsed: ParsedUpload, sink: RowSink): void {
  for (const sheet of parsed.sheets) for (const row of sheet.rows) sink(sheet, row);
}
