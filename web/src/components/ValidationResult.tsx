/** A validation report: the status in words, per-sheet results, and the located issues with filters. */
import { useMemo, useState } from 'preact/hooks';
import { explanationNote, pendingExplanationsText } from '#shared/validation/explanationState.ts';
import { paths, type ValidationReport } from '../api.ts';
import { time, uploadStatusText } from '../format.ts';
import { Notice, Status, TableScroll } from './common.tsx';
import { DownloadButton } from './controls.tsx';

type Issue = ValidationReport['issues'][number];

function location(issue: Issue): string {
  if (issue.cell) return issue.cell;
  if (issue.row !== undefined) return `第 ${issue.row} 行`;
  return '整个文件';
}

function headline(report: ValidationReport): string {
  const { errors, warnings } = report.counts;
  if (report.status === 'rejected')
    return `文件被退回，数据未接收：有 ${errors} 个错误，请按下表改正后重新上传。`;
  if (errors > 0) {
    const rejected = report.sheets
      .filter((sheet) => sheet.status === 'rejected')
      .map((sheet) => `“${sheet.name}”`);
    return `部分工作表已接收；${rejected.join('、') || '有错误的工作表'}有 ${errors} 个错误，未接收，请改正后重新上传。`;
  }
  if (warnings > 0) return `文件已通过校验，数据已接收；有 ${warnings} 个警告，请核对。`;
  return '文件已通过校验，数据已接收。';
}

export function ValidationResult({
  report,
  apiId,
  annotated,
  headingLevel = 2,
}: {
  report: ValidationReport;
  /** The upload's id in the API (for the annotated workbook). */
  apiId: string;
  /** Whether an annotated workbook exists. */
  annotated: boolean;
  headingLevel?: 2 | 3;
}) {
  const [severity, setSeverity] = useState<'all' | 'error' | 'warning'>('all');
  const [sheet, setSheet] = useState('all');
  const issues = report.issues;
  const sheets = useMemo(() => [...new Set(issues.map((issue) => issue.sheet))], [issues]);
  const shown = issues.filter(
    (issue) =>
      (severity === 'all' || issue.severity === severity) && (sheet === 'all' || issue.sheet === sheet),
  );
  const pending = pendingExplanationsText(report);
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const core = report.sheets.find((candidate) => candidate.kind === 'core');
  const coreAccepted = core && core.status !== 'rejected';
  return (
    <div class="result" aria-live="polite">
      <H class="result-title">
        校验结果：
        <Status code={report.status} text={uploadStatusText(report.status)} />
      </H>
      <p class="result-summary">{headline(report)}</p>
      <dl class="facts">
        <dt>文件</dt>
        <dd>{report.file}</dd>
        <dt>报告期</dt>
        <dd>{report.period}</dd>
        <dt>接收时间</dt>
        <dd>
          {time(report.receivedAt)}
          {report.late ? '（迟报）' : ''}
        </dd>
        <dt>错误 / 警告</dt>
        <dd>
          {report.counts.errors} 个 / {report.counts.warnings} 个
        </dd>
      </dl>
      {report.status !== 'rejected' && !coreAccepted ? (
        <Notice tone="warn">本次上传没有被接受的“核心指标”表，本期仍未计为已报送。</Notice>
      ) : null}
      {(report.notes ?? []).map((note) => (
        <Notice key={note} tone="info">
          {note}
        </Notice>
      ))}
      {report.sheets.length > 0 ? (
        <table class="data">
          <caption>各工作表结果</caption>
          <thead>
            <tr>
              <th scope="col">工作表</th>
              <th scope="col">结果</th>
              <th scope="col">数据行数</th>
            </tr>
          </thead>
          <tbody>
            {report.sheets.map((entry) => (
              <tr key={entry.name}>
                <th scope="row">{entry.name}</th>
                <td>
                  <Status code={entry.status} text={uploadStatusText(entry.status)} />
                </td>
                <td class="num">{entry.rows}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {annotated ? (
        <p>
          <DownloadButton
            path={paths.annotated(apiId)}
            fileName={`${report.file.replace(/\.[^.]+$/, '')}-校验批注.xlsx`}
            label="下载标注了问题的工作簿"
          />
          <span class="hint">（问题单元格已标色并附批注）</span>
        </p>
      ) : null}
      {pending ? <Notice tone="info">{pending}已说明的警告在下表中标为“已说明”。</Notice> : null}
      {issues.length > 0 ? (
        <>
          <fieldset class="filters">
            <legend>筛选问题</legend>
            <span class="field-inline">
              <label for="filter-severity">级别</label>
              <select
                id="filter-severity"
                value={severity}
                onChange={(event) =>
                  setSeverity((event.target as HTMLSelectElement).value as typeof severity)
                }
              >
                <option value="all">全部</option>
                <option value="error">错误</option>
                <option value="warning">警告</option>
              </select>
            </span>
            <span class="field-inline">
              <label for="filter-sheet">工作表</label>
              <select
                id="filter-sheet"
                value={sheet}
                onChange={(event) => setSheet((event.target as HTMLSelectElement).value)}
              >
                <option value="all">全部</option>
                {sheets.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </span>
            <span class="hint" role="status">
              显示 {shown.length} / {issues.length} 个问题
            </span>
          </fieldset>
          <TableScroll label="问题清单">
            <table class="data issues">
              <caption>问题清单</caption>
              <thead>
                <tr>
                  <th scope="col">级别</th>
                  <th scope="col">工作表</th>
                  <th scope="col">位置</th>
                  <th scope="col">列</th>
                  <th scope="col">值</th>
                  <th scope="col">问题</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((issue, index) => (
                  <tr key={`${issue.code}-${issue.sheet}-${issue.cell ?? issue.row ?? ''}-${index}`}>
                    <td>
                      <Status
                        code={issue.severity === 'error' ? 'rejected' : 'accepted_with_warnings'}
                        text={issue.severity === 'error' ? '错误' : '警告'}
                      />
                    </td>
                    <td>{issue.sheet}</td>
                    <td>{location(issue)}</td>
                    <td>{issue.column ?? ''}</td>
                    <td class="value">{issue.value ?? ''}</td>
                    <td>
                      {issue.message}
                      {explanationNote(issue) ? <span class="explain">{explanationNote(issue)}</span> : null}
                      <span class="code"> [{issue.code}]</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {report.truncated ? (
            <p class="hint">问题过多，仅列出前 {issues.length} 个；完整清单见标注工作簿。</p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
