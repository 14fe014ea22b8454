import { useCallback, useEffect, useState } from 'react';
import type { SyncStatusView } from '../../../shared/contract';
import type { AppError } from '../../../shared/errors';
import type { Till } from '../transport/client';
import { useT } from '../i18n';

/** One line in the status bar, whatever the language: the whole text is in the tooltip. */
const compact = { display: 'inline-block', verticalAlign: 'middle', margin: '0 8px', maxWidth: '16em', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontSize: '14px', opacity: 0.85 } as const;

/** Sync with HQ in the status bar: online or not, events waiting, last sync, last error, "sync now"; on a till on its own, only that it is on its own. */
export function SyncStatus({ till }: { till: Till }) {
  const t = useT();
  const [status, setStatus] = useState<SyncStatusView | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const reply = await till.call('sync.status', {});
    setStatus(reply.ok ? reply.value : null);
  }, [till]);
  useEffect(() => {
    void load();
    return till.onEvent((event) => {
      if (event.type === 'sync.status') void load();
    });
  }, [till, load]);

  if (!status) return null;
  // A till on its own has no HQ to be online to: it says so, instead of a network light that means nothing here.
  if (!status.enrolled) {
    return (
      <span className="pill muted" data-testid="sync-standalone" title={t.t('sync.status.standaloneHint')}>
        {t.t('sync.status.standalone')}
      </span>
    );
  }
  const syncNow = async () => {
    setBusy(true);
    const reply = await till.call('sync.now', {});
    setBusy(false);
    if (reply.ok) setStatus(reply.value);
  };
  const detail = [
    status.waiting > 0 ? t.t('sync.status.waiting', { count: status.waiting }) : null,
    status.lastSyncAt !== null ? t.t('sync.status.lastSync', { time: t.dateTime(status.lastSyncAt) }) : t.t('sync.status.never'),
  ].filter((s): s is string => s !== null);
  const error = status.lastError ? t.error({ code: status.lastError as AppError['code'] }) : null;
  return (
    <span className="sync-status" data-testid="sync-status">
      <span className={status.online ? 'pill ok' : 'pill warn'} data-testid="sync-online" title={detail.join(' · ')}>
        {status.online ? t.t('sync.status.online') : t.t('sync.status.offline')}
      </span>
      <span className="sync-detail" data-testid="sync-detail" title={[...detail, ...(error ? [error] : [])].join(' · ')} style={compact}>
        {detail.join(' · ')}
        {error ? <span className="sync-error" data-testid="sync-error"> · {error}</span> : null}
      </span>
      <button type="button" className="lang" onClick={() => void syncNow()} disabled={busy} data-testid="sync-now">
        {t.t('sync.now')}
      </button>
    </span>
  );
}
