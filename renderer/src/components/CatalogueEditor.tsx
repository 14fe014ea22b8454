import { useEffect, useState } from 'react';
import type { Catalogue, Category, Item, Modifier } from '../../../shared/domain/catalogue';
import type { LocalText } from '../../../shared/domain/program';
import type { AppError } from '../../../shared/errors';
import type { Till } from '../transport/client';
import { useT } from '../i18n';
import { parseMoney } from '../money';

type Draft = Omit<Catalogue, 'currency'>;
const languages = ['bg', 'ru', 'en'] as const;
const blank = (): LocalText => ({ bg: '', ru: '', en: '' });
/** A code made from the English name, as the contract wants: lower case, digits and dashes. */
const codeOf = (text: string, taken: readonly string[]) => {
  const base = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'item';
  let code = base;
  for (let n = 2; taken.includes(code); n++) code = `${base}-${n}`;
  return code;
};

/**
 * A manager edits what the till sells: categories, items with prices and barcodes, modifiers. Saving
 * replaces the catalogue; an item left out goes off sale but stays in past sales.
 */
export function CatalogueEditor({ till }: { till: Till }) {
  const t = useT();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [currency, setCurrency] = useState('EUR');
  const [prices, setPrices] = useState<Record<string, string>>({});
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState(false);

  const load = (c: Catalogue) => {
    setCurrency(c.currency);
    setDraft({ categories: c.categories, items: c.items, modifiers: c.modifiers });
    const money = (minor: number) => (minor / 100).toFixed(2);
    setPrices(Object.fromEntries([...c.items.map((i) => [`item:${i.id}`, money(i.priceMinor)]), ...c.modifiers.map((m) => [`modifier:${m.id}`, money(m.priceMinor)])]));
  };
  useEffect(() => {
    void till.call('catalogue.get', {}).then((r) => (r.ok ? load(r.value) : setError(r.error)));
  }, [till]);
  if (!draft) return null;

  const edit = (next: Partial<Draft>) => {
    setDraft({ ...draft, ...next });
    setSaved(false);
  };
  const setItem = (id: string, patch: Partial<Item>) => edit({ items: draft.items.map((i) => (i.id === id ? { ...i, ...patch } : i)) });
  const setCategory = (id: string, patch: Partial<Category>) => edit({ categories: draft.categories.map((c) => (c.id === id ? { ...c, ...patch } : c)) });
  const setModifier = (id: string, patch: Partial<Modifier>) => edit({ modifiers: draft.modifiers.map((m) => (m.id === id ? { ...m, ...patch } : m)) });
  const names = (name: LocalText, set: (name: LocalText) => void, testId: string) =>
    languages.map((l) => (
      <input key={l} value={name[l]} onChange={(e) => set({ ...name, [l]: e.target.value })} placeholder={t.t(`catalogue.name.${l}`)} aria-label={t.t(`catalogue.name.${l}`)} data-testid={`${testId}-name-${l}`} />
    ));

  const save = async () => {
    const priceOf = (key: string) => parseMoney(prices[key] ?? '');
    const bad = [...draft.items.map((i) => `item:${i.id}`), ...draft.modifiers.map((m) => `modifier:${m.id}`)].find((k) => priceOf(k) === null);
    if (bad) return setError({ code: 'input.invalid', params: { field: bad } });
    const reply = await till.call('catalogue.save', {
      categories: draft.categories,
      items: draft.items.map((i) => ({ ...i, priceMinor: priceOf(`item:${i.id}`)!, barcode: i.barcode?.trim() ? i.barcode.trim() : null })),
      modifiers: draft.modifiers.map((m) => ({ ...m, priceMinor: priceOf(`modifier:${m.id}`)! })),
    });
    if (!reply.ok) return setError(reply.error);
    load(reply.value);
    setError(null);
    setSaved(true);
  };

  return (
    <section className="panel catalogue" data-testid="catalogue-editor">
      <h2>{t.t('catalogue.title')}</h2>
      {error ? (
        <p className="notice error" role="alert">
          {t.error(error)}
        </p>
      ) : null}
      <h3>{t.t('catalogue.categories')}</h3>
      {draft.categories.map((c) => (
        <div className="row" key={c.id}>
          <code>{c.id}</code>
          {names(c.name, (name) => setCategory(c.id, { name }), `category-${c.id}`)}
          <button type="button" className="small secondary" onClick={() => edit({ categories: draft.categories.filter((x) => x.id !== c.id), items: draft.items.filter((i) => i.categoryId !== c.id) })}>
            {t.t('catalogue.remove')}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="secondary"
        onClick={() => edit({ categories: [...draft.categories, { id: codeOf(`category-${draft.categories.length + 1}`, draft.categories.map((c) => c.id)), name: blank(), position: draft.categories.length + 1 }] })}
        data-testid="add-category"
      >
        {t.t('catalogue.add')}
      </button>

      <h3>{t.t('catalogue.items')}</h3>
      {draft.items.map((i) => (
        <div className="row" key={i.id} data-testid={`catalogue-item-${i.id}`}>
          <code>{i.id}</code>
          {names(i.name, (name) => setItem(i.id, { name }), `item-${i.id}`)}
          <select value={i.categoryId} onChange={(e) => setItem(i.id, { categoryId: e.target.value })} aria-label={t.t('catalogue.category')}>
            {draft.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {t.text(c.name) || c.id}
              </option>
            ))}
          </select>
          <label>
            {t.t('catalogue.price')} ({currency})
            <input inputMode="decimal" value={prices[`item:${i.id}`] ?? ''} onChange={(e) => setPrices({ ...prices, [`item:${i.id}`]: e.target.value })} data-testid={`item-${i.id}-price`} />
          </label>
          <input value={i.barcode ?? ''} onChange={(e) => setItem(i.id, { barcode: e.target.value.replace(/\D/g, '') || null })} placeholder={t.t('catalogue.barcode')} aria-label={t.t('catalogue.barcode')} />
          <button type="button" className="small secondary" onClick={() => edit({ items: draft.items.filter((x) => x.id !== i.id) })}>
            {t.t('catalogue.remove')}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="secondary"
        disabled={draft.categories.length === 0}
        onClick={() => {
          const id = codeOf(`item-${draft.items.length + 1}`, draft.items.map((x) => x.id));
          setPrices({ ...prices, [`item:${id}`]: '0.00' });
          edit({ items: [...draft.items, { id, categoryId: draft.categories[0]!.id, name: blank(), priceMinor: 0, barcode: null, position: draft.items.length + 1 }] });
        }}
        data-testid="add-item"
      >
        {t.t('catalogue.add')}
      </button>

      <h3>{t.t('catalogue.modifiers')}</h3>
      {draft.modifiers.map((m) => (
        <div className="row" key={m.id}>
          <code>{m.id}</code>
          {names(m.name, (name) => setModifier(m.id, { name }), `modifier-${m.id}`)}
          <label>
            {t.t('catalogue.price')} ({currency})
            <input inputMode="decimal" value={prices[`modifier:${m.id}`] ?? ''} onChange={(e) => setPrices({ ...prices, [`modifier:${m.id}`]: e.target.value })} />
          </label>
          <button type="button" className="small secondary" onClick={() => edit({ modifiers: draft.modifiers.filter((x) => x.id !== m.id) })}>
            {t.t('catalogue.remove')}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="secondary"
        onClick={() => {
          const id = codeOf(`modifier-${draft.modifiers.length + 1}`, draft.modifiers.map((x) => x.id));
          setPrices({ ...prices, [`modifier:${id}`]: '0.00' });
          edit({ modifiers: [...draft.modifiers, { id, name: blank(), priceMinor: 0 }] });
        }}
      >
        {t.t('catalogue.add')}
      </button>

      <div className="row">
        <button type="button" className="big primary" onClick={() => void save()} data-testid="save-catalogue">
          {t.t('catalogue.save')}
        </button>
        {saved ? (
          <p className="ok" role="status">
            {t.t('catalogue.saved')}
          </p>
        ) : null}
      </div>
    </section>
  );
}
