/**
 * The headline of a validation report: what happened to the upload and what the city should do,
 * in one sentence. A period counts as reported for a city only once its 核心指标 is accepted, so
 * a rejected or missing 核心指标 is said in words, not left to a status the clerk may misread.
 */
import { sheetDefinition } from '../catalogue/sheets.ts';
import { type SheetSummary, STATUS_TEXT, type UploadStatus } from '../domain/validation.ts';

const CORE = sheetDefinition('core').name;

export function reportHeadline(
  status: UploadStatus,
  sheets: readonly SheetSummary[],
  period: string,
): string {
  const core = sheets.find((sheet) => sheet.kind === 'core');
  const rejected = sheets.filter((sheet) => sheet.kind !== 'info' && sheet.status === 'rejected');
  const rejectedNames = rejected.map((sheet) => `“${sheet.name}”`).join('、');
  const word = STATUS_TEXT[status];
  if (status === 'rejected') {
    return `${word}：本次上传没有任何工作表被接受，此前已接受的数据保持不变；${
      core ? `${CORE}未通过，${period} 尚不计为本市已报送；` : ''
    }请按下列错误修改后重新上传。`;
  }
  const coreRejected = core?.status === 'rejected';
  if (coreRejected) {
    const others = sheets.filter((sheet) => sheet.kind !== 'info' && sheet.status !== 'rejected');
    return `${word}：${CORE}被退回，${period} 尚不计为本市已报送（此前已通过的${CORE}仍然有效）；请改正${CORE}中的错误后重新上传${
      others.length > 0 ? `，已通过的${others.map((sheet) => `“${sheet.name}”`).join('、')}不必重报` : ''
    }。`;
  }
  if (!core) {
    const rest = status === 'partially_accepted' ? `；被退回的${rejectedNames}请修改后重新上传` : '';
    return `${word}：本文件没有${CORE}表，${period} 须在${CORE}通过后才计为本市已报送，如尚未报送请另行上传${CORE}${rest}。`;
  }
  if (status === 'partially_accepted') {
    return `${word}：${CORE}已通过，${period} 计为本市已报送；被退回的${rejectedNames || '部分内容'}请按下列错误修改后重新上传。`;
  }
  if (status === 'accepted_with_warnings')
    return `${word}：数据已接受，请核对下列警告（需要时在备注中说明）。`;
  return `${word}：数据已接受。`;
}
