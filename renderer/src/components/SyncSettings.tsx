import { useCallback, useEffect, useState } from 'react';
import type { SyncStatusView } from '../../../shared/contract';
import type { AppError } from '../../../shared/errors';
import type { Till } from '../transport/client';
import { useT } from '../i18n';

/** Managers: connect this till to HQ with a one-time code from HQ admin, and see what it is connected to. */
export function SyncSettings({ till }: { till: Till }) {
  const t = useT();
  const [status, setStatus] = useState<SyncStatusView | null>(null);
  const [url, setUrl] = useState('https://');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const reply = await till.call('sync.status', {});
    if (reply.ok) setStatus(reply.value);
  }, [till]);
  useEffect(() => {
    void load();
  }, [load]);

  const enrol = async () => {
    setBusy(true);
    const reply = await till.call('sync.enrol', { url: url.trim(), code: code.trim(), ...(name.trim() ? { name: name.trim() } : {}) });
    setBusy(false);
    if (!reply.ok) return setError(reply.error);
    setError(null);
    setCode('');
    setStatus(reply.value);
  };

  const connected = status?.enrolled && !status.revoked;
  return (
    <section className="settings panel" data-testid="sync-settings">
      <h2>{t.t('sync.settings.title')}</h2>
      {connected ? (
        <p className="notice ok" data-testid="sync-enrolled">
          {t.t('sync.settings.enrolled', { url: status.hqUrl ?? '', store: status.storeId ?? '' })}
        </p>
      ) : (
        <>
          {status?.revoked ? <p className="notice error">{t.t('sync.settings.revoked')}</p> : <p>{t.t('sync.settings.intro')}</p>}
          {error ? (
            <p className="error" role="alert" data-testid="sync-enrol-error">
              {t.error(error)}
            </p>
          ) : null}
          <div className="row">
            <label>
              {t.t('sync.settings.url')}
              <input value={url} onChange={(e) => setUrl(e.target.value)} inputMode="url" data-testid="sync-url" />
            </label>
            <label>
              {t.t('sync.settings.code')}
              <input value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" data-testid="sync-code" />
            </label>
            <label>
              {t.t('sync.settings.name')}
              <input value={name} onChange={(e) => setName(e.target.value)} data-testid="sync-name" />
            </label>
          </div>
          <div className="row">
            <button type="button" className="big primary" disabled={busy || code.trim().length < 6} onClick={() => void enrol()} data-testid="sync-enrol">
              {t.t('sync.settings.enrol')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
