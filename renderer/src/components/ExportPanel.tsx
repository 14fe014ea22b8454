import { useState } from 'react';
import type { ExportKind } from '../../../shared/contract';
import type { AppError } from '../../../shared/errors';
import type { Till } from '../transport/client';
import { useT } from '../i18n';
import { dayOfIso, startOfDay } from '../../../shared/loyalty';

const exportKinds = ['customers', 'balances', 'ledger'] as const satisfies readonly ExportKind[];

/**
 * "2026-11-22" -> epoch ms of that day's start in the store's time zone, `after` days later: the
 * ledger's days are the store's, whatever time zone the tablet's clock is set to.
 */
const dayStart = (date: string, timeZone: string, after = 0): number | undefined => (date ? startOfDay(dayOfIso(date) + after, timeZone) : undefined);

/**
 * A manager exports customers, balances or the ledger of a date range. The file comes back in the
 * command's answer and is saved as a download: Electron asks where to save it, a browser puts it in
 * Downloads. The export is in the audit log.
 */
export function ExportPanel({ till, timeZone }: { till: Till; timeZone: string }) {
  const t = useT();
  const [what, setWhat] = useState<ExportKind>('customers');
  const [format, setFormat] = useState<'csv' | 'json'>('csv');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const run = async () => {
    const range = what === 'ledger' ? { from: dayStart(from, timeZone), to: dayStart(to, timeZone, 1) } : {};
    const reply = await till.call('data.export', { what, format, ...range });
    if (!reply.ok) return (setError(reply.error), setDone(null));
    const blob = new Blob([reply.value.content], { type: reply.value.mimeType });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = reply.value.fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setError(null);
    setDone(t.t('export.done', { count: reply.value.rows, file: reply.value.fileName }));
  };

  return (
    <section className="panel export" data-testid="export">
      <h2>{t.t('export.title')}</h2>
      <label>
        {t.t('export.what')}
        <select value={what} onChange={(e) => setWhat(e.target.value as ExportKind)} data-testid="export-what">
          {exportKinds.map((k) => (
            <option key={k} value={k}>
              {t.t(`export.what.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t.t('export.format')}
        <select value={format} onChange={(e) => setFormat(e.target.value as 'csv' | 'json')} data-testid="export-format">
          <option value="csv">CSV (Excel)</option>
          <option value="json">JSON</option>
        </select>
      </label>
      {what === 'ledger' ? (
        <>
          <label>
            {t.t('export.from')}
            <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="export-from" />
          </label>
          <label>
            {t.t('export.to')}
            <input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="export-to" />
          </label>
        </>
      ) : null}
      <button type="button" className="big primary" onClick={() => void run()} data-testid="export-run">
        {t.t('export.download')}
      </button>
      {error ? (
        <p className="notice error" role="alert">
          {t.error(error)}
        </p>
      ) : null}
      {done ? (
        <p className="ok" role="status" data-testid="export-done">
          {done}
        </p>
      ) : null}
    </section>
  );
}
