import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { validateProgram, cafeTemplate } from '../../../shared/loyalty';
import { AdminApiError, createApi, type AdminApi, type Conflict, type Customer, type Organisation, type ProgramVersion, type StaffMember, type Store, type Summary } from './api';
import { strings, type Key, type Lang } from './strings';
import { BarChart } from '../../../renderer/src/components/charts/BarChart';

type Tab = 'stores' | 'program' | 'staff' | 'catalogue' | 'customers' | 'conflicts' | 'summary';
type T = (key: Key) => string;

const locales: Record<Lang, string> = { bg: 'bg-BG', ru: 'ru-RU', en: 'en-GB' };

export function App() {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem('hq.lang') as Lang | null) ?? 'bg');
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem('hq.token'));
  const t: T = useCallback((key) => strings[lang][key], [lang]);
  const [api] = useState<AdminApi>(() =>
    createApi(
      () => sessionStorage.getItem('hq.token'),
      () => {
        sessionStorage.removeItem('hq.token');
        setToken(null);
      },
    ),
  );
  useEffect(() => {
    localStorage.setItem('hq.lang', lang);
    document.documentElement.lang = lang;
  }, [lang]);

  const signedIn = (value: string) => {
    sessionStorage.setItem('hq.token', value);
    setToken(value);
  };
  return (
    <div style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 1100, margin: '0 auto', padding: 16 }}>
      <header style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
        <h1 style={{ flex: 1, fontSize: 22 }}>{t('title')}</h1>
        <select aria-label="language" value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
          <option value="bg">Български</option>
          <option value="ru">Русский</option>
          <option value="en">English</option>
        </select>
        {token && (
          <button
            onClick={() => {
              sessionStorage.removeItem('hq.token');
              setToken(null);
            }}
          >
            {t('signOut')}
          </button>
        )}
      </header>
      {token ? <Console api={api} t={t} lang={lang} /> : <Login api={api} t={t} onSignedIn={signedIn} />}
    </div>
  );
}

function Login({ api, t, onSignedIn }: { api: AdminApi; t: T; onSignedIn: (token: string) => void }) {
  const [password, setPassword] = useState('');
  const [failed, setFailed] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onSignedIn((await api.login(password)).token);
    } catch {
      setFailed(true);
    }
  };
  return (
    <form onSubmit={submit} style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
      <label>
        {t('password')} <input type="password" name="password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />
      </label>
      <button type="submit">{t('signIn')}</button>
      {failed && <span role="alert">{t('wrongPassword')}</span>}
    </form>
  );
}

function Console({ api, t, lang }: { api: AdminApi; t: T; lang: Lang }) {
  const [orgs, setOrgs] = useState<Organisation[]>([]);
  const [org, setOrg] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('stores');
  const [error, setError] = useState<string | null>(null);
  const [newOrg, setNewOrg] = useState('');

  const loadOrgs = useCallback(async () => {
    const list = await api.organisations();
    setOrgs(list);
    setOrg((current) => current ?? list[0]?.id ?? null);
  }, [api]);
  useEffect(() => {
    loadOrgs().catch((e: unknown) => setError(String(e)));
  }, [loadOrgs]);

  const guard = useCallback(
    async (fn: () => Promise<void>) => {
      setError(null);
      try {
        await fn();
      } catch (e) {
        setError(e instanceof AdminApiError ? `${e.code} ${JSON.stringify(e.params)}` : String(e));
      }
    },
    [],
  );

  const tabs: [Tab, Key][] = [
    ['stores', 'tabStores'],
    ['program', 'tabProgram'],
    ['staff', 'tabStaff'],
    ['catalogue', 'tabCatalogue'],
    ['customers', 'tabCustomers'],
    ['conflicts', 'tabConflicts'],
    ['summary', 'tabSummary'],
  ];
  return (
    <main>
      <section style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
        <label>
          {t('organisation')}{' '}
          <select aria-label={t('organisation')} value={org ?? ''} onChange={(e) => setOrg(e.target.value)}>
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void guard(async () => {
              const { id } = await api.createOrganisation(newOrg, 'write_off');
              setNewOrg('');
              await loadOrgs();
              setOrg(id);
            });
          }}
        >
          <input aria-label={t('newOrganisation')} placeholder={t('newOrganisation')} value={newOrg} onChange={(e) => setNewOrg(e.target.value)} />
          <button type="submit" disabled={!newOrg.trim()}>
            {t('create')}
          </button>
        </form>
      </section>
      {error && (
        <p role="alert" style={{ color: '#b00020' }}>
          {t('error')}: {error}
        </p>
      )}
      {org && (
        <>
          <nav style={{ display: 'flex', gap: 4, margin: '12px 0', borderBottom: '1px solid #ccc' }}>
            {tabs.map(([id, key]) => (
              <button key={id} role="tab" aria-selected={tab === id} onClick={() => setTab(id)} style={{ fontWeight: tab === id ? 700 : 400 }}>
                {t(key)}
              </button>
            ))}
          </nav>
          {tab === 'stores' && <Stores api={api} t={t} lang={lang} org={org} guard={guard} />}
          {tab === 'program' && <Program api={api} t={t} lang={lang} org={org} guard={guard} />}
          {tab === 'staff' && <Staff api={api} t={t} org={org} guard={guard} />}
          {tab === 'catalogue' && <CatalogueView api={api} t={t} org={org} guard={guard} />}
          {tab === 'customers' && <Customers api={api} t={t} org={org} guard={guard} />}
          {tab === 'conflicts' && <Conflicts api={api} t={t} lang={lang} org={org} guard={guard} />}
          {tab === 'summary' && <SummaryView api={api} t={t} lang={lang} org={org} guard={guard} />}
        </>
      )}
    </main>
  );
}

interface PanelProps {
  api: AdminApi;
  t: T;
  org: string;
  guard: (fn: () => Promise<void>) => Promise<void>;
}

const when = (ms: number | null, lang: Lang, t: T): string => (ms === null ? t('never') : new Date(ms).toLocaleString(locales[lang]));

function Stores({ api, t, lang, org, guard }: PanelProps & { lang: Lang }) {
  const [stores, setStores] = useState<Store[]>([]);
  const [codes, setCodes] = useState<Record<string, { code: string; expiresAt: number }>>({});
  const [form, setForm] = useState({ name: '', currency: 'EUR', timeZone: 'Europe/Sofia' });
  const load = useCallback(() => guard(async () => setStores(await api.stores(org))), [api, org, guard]);
  useEffect(() => void load(), [load]);
  return (
    <section>
      <form
        aria-label={t('newStore')}
        style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center' }}
        onSubmit={(e) => {
          e.preventDefault();
          void guard(async () => {
            await api.createStore(org, form);
            setForm({ ...form, name: '' });
            setStores(await api.stores(org));
          });
        }}
      >
        <strong>{t('newStore')}</strong>
        <input aria-label={t('name')} placeholder={t('name')} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        <select aria-label={t('currency')} value={form.currency} onChange={(e) => setForm({ ...form, currency: e.target.value })}>
          <option>EUR</option>
          <option>BGN</option>
          <option>RUB</option>
        </select>
        <input aria-label={t('timeZone')} value={form.timeZone} onChange={(e) => setForm({ ...form, timeZone: e.target.value })} />
        <button type="submit" disabled={!form.name.trim()}>
          {t('create')}
        </button>
      </form>
      {stores.map((s) => (
        <article key={s.id} data-store={s.name} style={{ border: '1px solid #ddd', borderRadius: 6, padding: 12, margin: '12px 0' }}>
          <h2 style={{ fontSize: 18, margin: 0 }}>
            {s.name} <small>({s.currency}, {s.timeZone})</small>
          </h2>
          <button onClick={() => void guard(async () => setCodes({ ...codes, [s.id]: await api.createEnrolCode(s.id) }))}>{t('makeEnrolCode')}</button>
          {codes[s.id] && (
            <p>
              {t('enrolCode')}: <code data-testid="enrol-code">{codes[s.id]!.code}</code> — {t('codeValidUntil')} {when(codes[s.id]!.expiresAt, lang, t)}
            </p>
          )}
          <h3 style={{ fontSize: 15 }}>{t('terminals')}</h3>
          {s.terminals.length === 0 ? (
            <p>{t('noTerminals')}</p>
          ) : (
            <Table
              head={[t('name'), t('lastSeen'), t('lastPush'), t('heldSeq'), t('clockSkew'), '']}
              rows={s.terminals.map((term) => [
                term.name,
                when(term.lastSeenAt, lang, t),
                when(term.lastPushAt, lang, t),
                String(term.ackSeq),
                term.clockSkewMs === null ? '—' : `${Math.round(term.clockSkewMs / 1000)} s`,
                term.revokedAt !== null ? (
                  t('revoked')
                ) : (
                  <button onClick={() => void guard(async () => (await api.revoke(term.id), setStores(await api.stores(org))))}>{t('revoke')}</button>
                ),
              ])}
            />
          )}
        </article>
      ))}
    </section>
  );
}

function Program({ api, t, lang, org, guard }: PanelProps & { lang: Lang }) {
  const [versions, setVersions] = useState<ProgramVersion[]>([]);
  const [text, setText] = useState('');
  const [issues, setIssues] = useState<string[]>([]);
  const [published, setPublished] = useState<number | null>(null);
  // As the catalogue editor: editable once the latest version is in it, so nothing typed is overwritten.
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    setLoaded(false);
    void guard(async () => {
      const list = await api.programs(org);
      setVersions(list);
      const start = list[0]?.document ?? cafeTemplate({ name: 'Café', currency: 'EUR', timeZone: 'Europe/Sofia', version: 1 });
      setText(JSON.stringify(start, null, 2));
      setLoaded(true);
    });
  }, [api, org, guard]);
  const check = (value: string): unknown => {
    let doc: unknown;
    try {
      doc = JSON.parse(value);
    } catch {
      setIssues([t('invalidJson')]);
      return null;
    }
    // HQ numbers versions itself; check the document as it will be published.
    const next = { ...(doc as Record<string, unknown>), version: (versions[0]?.version ?? 0) + 1 };
    const result = validateProgram(next);
    setIssues(result.ok ? [] : result.error.map((i) => `${i.path || '/'}: ${i.key} ${JSON.stringify(i.params)}`));
    return result.ok ? doc : null;
  };
  return (
    <section>
      <label style={{ display: 'block' }}>
        {t('programEditor')}
        <textarea
          aria-label={t('programEditor')}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            check(e.target.value);
          }}
          readOnly={!loaded}
          rows={20}
          style={{ width: '100%', fontFamily: 'monospace', fontSize: 12 }}
        />
      </label>
      {issues.length > 0 && (
        <div role="alert">
          <strong>{t('programIssues')}</strong>
          <ul>
            {issues.map((i) => (
              <li key={i}>{i}</li>
            ))}
          </ul>
        </div>
      )}
      <button
        disabled={!loaded || issues.length > 0}
        onClick={() => {
          const doc = check(text);
          if (doc === null) return;
          void guard(async () => {
            const { version } = await api.publish(org, doc);
            setPublished(version);
            setVersions(await api.programs(org));
          });
        }}
      >
        {t('publish')}
      </button>
      {published !== null && (
        <p role="status">
          {t('published')} {published}
        </p>
      )}
      <h3>{t('versions')}</h3>
      <ul>
        {versions.map((v) => (
          <li key={v.version}>
            v{v.version} — {when(v.publishedAt, lang, t)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Customers({ api, t, org, guard }: PanelProps) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Customer[] | null>(null);
  const [stores, setStores] = useState<Store[]>([]);
  useEffect(() => void guard(async () => setStores(await api.stores(org))), [api, org, guard]);
  const storeName = (id: string) => stores.find((s) => s.id === id)?.name ?? id;
  return (
    <section>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void guard(async () => setFound(await api.customers(org, q)));
        }}
      >
        <input aria-label={t('search')} placeholder={t('search')} value={q} onChange={(e) => setQ(e.target.value)} style={{ width: 320 }} />
        <button type="submit">{t('find')}</button>
      </form>
      {found !== null &&
        (found.length === 0 ? (
          <p>{t('noCustomers')}</p>
        ) : (
          <Table
            head={[t('name'), 'Tel.', t('homeStore'), t('cards'), t('balances')]}
            rows={found.map((c) => [
              c.name,
              c.phone ?? '—',
              storeName(c.homeStoreId),
              c.cards.map((k) => k.code + (k.blocked ? ' ✕' : '')).join(', '),
              Object.entries(c.balances)
                .map(([a, n]) => `${a}: ${n}`)
                .join(', '),
            ])}
          />
        ))}
    </section>
  );
}

/** The chain's staff: added once here, on every store's tills after their next sync. The PIN is sent once to HQ, which keeps only its hash. */
function Staff({ api, t, org, guard }: PanelProps) {
  const [list, setList] = useState<StaffMember[]>([]);
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffMember['role']>('cashier');
  const [pin, setPin] = useState('');
  const load = useCallback(() => guard(async () => setList(await api.staff(org))), [api, org, guard]);
  useEffect(() => void load(), [load]);
  const add = (e: FormEvent) => {
    e.preventDefault();
    void guard(async () => {
      await api.saveStaff(org, { name, role, pin });
      setName('');
      setPin('');
      setList(await api.staff(org));
    });
  };
  const toggle = (m: StaffMember) =>
    void guard(async () => {
      await api.saveStaff(org, { id: m.id, name: m.name, role: m.role, active: !m.active });
      setList(await api.staff(org));
    });
  return (
    <section>
      <form onSubmit={add} style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        <input aria-label={t('staffName')} placeholder={t('staffName')} value={name} onChange={(e) => setName(e.target.value)} />
        <select aria-label={t('role')} value={role} onChange={(e) => setRole(e.target.value as StaffMember['role'])}>
          {(['cashier', 'barista', 'manager'] as const).map((r) => (
            <option key={r} value={r}>
              {t(`role_${r}`)}
            </option>
          ))}
        </select>
        <input aria-label={t('pin')} placeholder={t('pin')} inputMode="numeric" type="password" value={pin} onChange={(e) => setPin(e.target.value)} />
        <button type="submit" disabled={!name.trim() || !/^\d{4,8}$/.test(pin)}>
          {t('addStaff')}
        </button>
      </form>
      <Table
        head={[t('staffName'), t('role'), t('active'), '']}
        rows={list.map((m) => [
          m.name,
          t(`role_${m.role}`),
          m.active ? '✓' : '—',
          <button key={m.id} onClick={() => toggle(m)}>
            {m.active ? t('deactivate') : t('reactivate')}
          </button>,
        ])}
      />
    </section>
  );
}

/** The chain's catalogue as JSON (a terminal's catalogue.save input), published as a version to every store. */
function CatalogueView({ api, t, org, guard }: PanelProps) {
  const [version, setVersion] = useState(0);
  const [text, setText] = useState('');
  // The editor opens once the published catalogue is in it: text typed before would be overwritten by it.
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    setLoaded(false);
    void guard(async () => {
      const current = await api.catalogue(org);
      setVersion(current.version);
      setText(JSON.stringify(current.document ?? { categories: [], items: [], modifiers: [] }, null, 2));
      setLoaded(true);
    });
  }, [api, org, guard]);
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return (
    <section>
      <p>
        {t('catalogueVersion')}: {version}
      </p>
      <label style={{ display: 'block' }}>
        {t('catalogueEditor')}
        <textarea
          aria-label={t('catalogueEditor')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          readOnly={!loaded}
          rows={20}
          style={{ width: '100%', fontFamily: 'monospace', fontSize: 12 }}
        />
      </label>
      {loaded && parsed === null && <p role="alert">{t('invalidJson')}</p>}
      <button
        disabled={!loaded || parsed === null}
        onClick={() =>
          void guard(async () => {
            const { version: v } = await api.publishCatalogue(org, parsed);
            setVersion(v);
          })
        }
      >
        {t('publishCatalogue')}
      </button>
    </section>
  );
}

function Conflicts({ api, t, lang, org, guard }: PanelProps & { lang: Lang }) {
  const [list, setList] = useState<Conflict[]>([]);
  const [manager, setManager] = useState('');
  const load = useCallback(() => guard(async () => setList(await api.conflicts(org))), [api, org, guard]);
  useEffect(() => void load(), [load]);
  const open = list.filter((c) => c.resolvedAt === null);
  const resolve = (c: Conflict, resolution: 'write_off' | 'carry_negative' | 'reviewed') =>
    void guard(async () => {
      await api.resolve(c.id, resolution, manager);
      setList(await api.conflicts(org));
    });
  return (
    <section>
      <label>
        {t('managerName')} <input aria-label={t('managerName')} value={manager} onChange={(e) => setManager(e.target.value)} />
      </label>
      <h3>
        {t('openConflicts')}: {open.length}
      </h3>
      {list.length === 0 ? (
        <p>{t('noConflicts')}</p>
      ) : (
        <Table
          head={[t('customer'), t('asset'), t('shortfall'), t('balance'), '', '']}
          rows={list.map((c) => [
            c.customerName ?? c.customerId,
            c.kind === 'velocity' ? `${t('velocityFlag')}: ${c.asset} ${c.dayTotal ?? ''}/${c.maxPerDay ?? ''}, ${c.day ?? ''} · ${t('staff')} ${c.staffId ?? '-'}` : c.asset,
            String(c.shortfall),
            String(c.balance),
            when(c.createdAt, lang, t),
            c.resolvedAt === null && c.kind === 'velocity' ? (
              <button disabled={!manager.trim()} onClick={() => resolve(c, 'reviewed')}>
                {t('markReviewed')}
              </button>
            ) : c.resolvedAt === null ? (
              <span style={{ display: 'flex', gap: 4 }}>
                <button disabled={!manager.trim()} onClick={() => resolve(c, 'write_off')}>
                  {t('writeOff')}
                </button>
                <button disabled={!manager.trim()} onClick={() => resolve(c, 'carry_negative')}>
                  {t('carryNegative')}
                </button>
              </span>
            ) : (
              `${t('resolvedAs')}: ${t(`resolution_${c.resolution!}` as Key)} (${c.managerName})`
            ),
          ])}
        />
      )}
    </section>
  );
}

function SummaryView({ api, t, lang, org, guard }: PanelProps & { lang: Lang }) {
  const [rows, setRows] = useState<Summary[]>([]);
  useEffect(() => void guard(async () => setRows(await api.summary(org))), [api, org, guard]);
  const money = (minor: number, currency: string) => new Intl.NumberFormat(locales[lang], { style: 'currency', currency }).format(minor / 100);
  const sum = (f: (s: Summary) => number) => rows.reduce((n, s) => n + f(s), 0);
  // Sales in different currencies are not one picture: a chart per currency.
  const currencies = [...new Set(rows.map((s) => s.currency))].sort();
  return (
    <>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(360px, 1fr))', gap: '0 32px' }}>
        {currencies.map((currency) => (
          <BarChart
            key={currency}
            testId={`chart-sales-${currency}`}
            title={currencies.length > 1 ? `${t('salesTotal')} (${currency})` : t('salesTotal')}
            bars={rows.filter((s) => s.currency === currency).map((s) => ({ key: s.storeId, label: s.name, value: s.salesTotalMinor, display: money(s.salesTotalMinor, s.currency) }))}
          />
        ))}
        <BarChart
          testId="chart-customers"
          title={t('homeCustomers')}
          bars={rows.map((s) => ({ key: s.storeId, label: s.name, value: s.homeCustomers, display: new Intl.NumberFormat(locales[lang]).format(s.homeCustomers) }))}
        />
      </div>
      <Table
      head={[t('store'), t('terminals'), t('homeCustomers'), t('events'), t('sales'), t('salesTotal'), t('openConflicts')]}
      rows={[
        ...rows.map((s) => [s.name, String(s.terminals), String(s.homeCustomers), String(s.events), String(s.sales), money(s.salesTotalMinor, s.currency), String(s.openConflicts)]),
        [t('total'), String(sum((s) => s.terminals)), String(sum((s) => s.homeCustomers)), String(sum((s) => s.events)), String(sum((s) => s.sales)), '', String(sum((s) => s.openConflicts))],
      ]}
      />
    </>
  );
}

function Table({ head, rows }: { head: string[]; rows: ReactNode[][] }) {
  return (
    <table style={{ borderCollapse: 'collapse', width: '100%', margin: '8px 0' }}>
      <thead>
        <tr>
          {head.map((h, i) => (
            <th key={i} style={{ textAlign: 'left', borderBottom: '1px solid #ccc', padding: 4 }}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {r.map((c, j) => (
              <td key={j} style={{ borderBottom: '1px solid #eee', padding: 4 }}>
                {c}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
