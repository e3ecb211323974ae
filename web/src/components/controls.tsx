/** Controls shared by pages: a download button that carries the token, and the period chooser. */
import { useState } from 'preact/hooks';
import type { ApiError } from '../api.ts';
import { periodName } from '../format.ts';
import { toApiError } from '../load.ts';
import { download } from '../transfer.ts';
import { ErrorMessage } from './common.tsx';

export function DownloadButton({ path, fileName, label }: { path: string; fileName: string; label: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await download(path, fileName);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="download">
      <button type="button" class="link-button" onClick={start} disabled={busy} aria-busy={busy}>
        {busy ? `${label}（下载中…）` : label}
      </button>
      {error ? <ErrorMessage error={error} /> : null}
    </span>
  );
}

export function PeriodSelect({
  periods,
  value,
  onChange,
  id = 'period',
}: {
  periods: readonly string[];
  value: string;
  onChange: (period: string) => void;
  id?: string;
}) {
  return (
    <span class="field-inline">
      <label for={id}>报告期</label>
      <select id={id} value={value} onChange={(event) => onChange((event.target as HTMLSelectElement).value)}>
        {periods.map((period) => (
          <option key={period} value={period}>
            {period}（{periodName(period)}）
          </option>
        ))}
      </select>
    </span>
  );
}
