import { useEffect, useState } from 'react';
import type { ProgramVersion, SimulationResult } from '../../../shared/contract';
import { explain, explainIssue, formatMoney, type Program, type ProgramIssue } from '../../../shared/loyalty';
import type { Till } from '../transport/client';
import { useT } from '../i18n';
import { parseMoney } from '../money';

/** Managers: edit the program as a document, see what is wrong in plain words, try a sale, publish. */
export function ProgramEditor({ till }: { till: Till }) {
  const t = useT();
  const [current, setCurrent] = useState<ProgramVersion | null>(null);
  const [templates, setTemplates] = useState<{ id: string; document: Program }[]>([]);
  const [text, setText] = useState('');
  const [issues, setIssues] = useState<ProgramIssue[] | null>(null);
  const [parseError, setParseError] = useState(false);
  const [simulation, setSimulation] = useState<SimulationResult | null>(null);
  const [published, setPublished] = useState<number | null>(null);
  const [stamps, setStamps] = useState('0');
  const [category, setCategory] = useState('coffee');
  const [price, setPrice] = useState('3.40');
  const [quantity, setQuantity] = useState('1');
  const [points, setPoints] = useState('0');
  const [birthday, setBirthday] = useState('');
  const [firstName, setFirstName] = useState('');
  const [tierId, setTierId] = useState('');

  useEffect(() => {
    void till.call('program.get', {}).then((r) => {
      if (!r.ok) return;
      setCurrent(r.value);
      setText(JSON.stringify(r.value.document, null, 2));
    });
    void till.call('program.templates', {}).then((r) => r.ok && setTemplates(r.value));
  }, [till]);

  const document = (): unknown => {
    try {
      setParseError(false);
      return JSON.parse(text);
    } catch {
      setParseError(true);
      return null;
    }
  };
  const program = (): Program | null => {
    try {
      return JSON.parse(text) as Program;
    } catch {
      return null;
    }
  };

  const validate = async () => {
    const doc = document();
    if (doc === null) return;
    const reply = await till.call('program.validate', { document: doc });
    if (reply.ok) setIssues(reply.value.issues);
  };

  const simulate = async () => {
    const doc = document();
    if (doc === null) return;
    const firstCard = program()?.stampCards[0]?.id ?? 'coffee';
    const reply = await till.call('program.simulate', {
      document: doc,
      customer: {
        stamps: { [firstCard]: Number(stamps) || 0 },
        points: Math.max(0, Math.floor(Number(points) || 0)),
        ...(/^\d{4}-\d{2}-\d{2}$/.test(birthday.trim()) ? { birthday: birthday.trim() } : {}),
        ...(firstName.trim() ? { firstName: firstName.trim() } : {}),
        ...(tierId ? { tierId } : {}),
      },
      sale: { lines: [{ itemId: 'simulated', category, quantity: Number(quantity) || 1, unitPrice: parseMoney(price) ?? 0 }] },
    });
    if (!reply.ok) return;
    setIssues(reply.value.issues);
    setSimulation(reply.value.result);
  };

  const publish = async () => {
    const doc = document();
    if (doc === null) return;
    const reply = await till.call('program.publish', { document: doc });
    if (!reply.ok) return;
    setIssues(reply.value.issues);
    setPublished(reply.value.version);
  };

  const p = program();
  return (
    <section className="settings panel" data-testid="program">
      <h2>
        {t.t('program.title')} {current ? `· v${current.version}` : ''}
      </h2>
      <div className="row">
        {templates.map((tpl) => (
          <button key={tpl.id} type="button" className="secondary" onClick={() => setText(JSON.stringify(tpl.document, null, 2))}>
            {t.t(`program.template.${tpl.id}`)}
          </button>
        ))}
      </div>
      <textarea className="program-text" value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} data-testid="program-text" />
      {parseError ? <p className="error">{t.t('program.notJson')}</p> : null}
      {issues !== null ? (
        issues.length === 0 ? (
          <p className="notice ok" data-testid="program-valid">
            {t.t('program.valid')}
          </p>
        ) : (
          <ul className="notice error" data-testid="program-issues">
            {issues.map((i, n) => (
              <li key={n}>{explainIssue(i, t.locale)}</li>
            ))}
          </ul>
        )
      ) : null}
      <div className="row">
        <label>
          {t.t('program.sim.stamps')}
          <input inputMode="numeric" value={stamps} onChange={(e) => setStamps(e.target.value)} />
        </label>
        <label>
          {t.t('program.sim.category')}
          <input value={category} onChange={(e) => setCategory(e.target.value)} />
        </label>
        <label>
          {t.t('program.sim.price')}
          <input inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} />
        </label>
        <label>
          {t.t('program.sim.quantity')}
          <input inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} />
        </label>
      </div>
      <div className="row">
        <label>
          {t.t('program.sim.points')}
          <input inputMode="numeric" value={points} onChange={(e) => setPoints(e.target.value)} data-testid="sim-points" />
        </label>
        <label>
          {t.t('program.sim.birthday')}
          <input value={birthday} onChange={(e) => setBirthday(e.target.value)} placeholder="1990-03-20" data-testid="sim-birthday" />
        </label>
        <label>
          {t.t('program.sim.firstName')}
          <input value={firstName} onChange={(e) => setFirstName(e.target.value)} data-testid="sim-first-name" />
        </label>
        {p?.tiers ? (
          <label>
            {t.t('program.sim.tier')}
            <select value={tierId} onChange={(e) => setTierId(e.target.value)} data-testid="sim-tier">
              <option value="">{t.t('program.sim.noTier')}</option>
              {p.tiers.levels.map((l) => (
                <option key={l.id} value={l.id}>
                  {t.text(l.name)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      <div className="row">
        <button type="button" className="big secondary" onClick={() => void validate()} data-testid="program-validate">
          {t.t('program.validate')}
        </button>
        <button type="button" className="big secondary" onClick={() => void simulate()} data-testid="program-simulate">
          {t.t('program.simulate')}
        </button>
        <button type="button" className="big primary" onClick={() => void publish()} data-testid="program-publish">
          {t.t('program.publish')}
        </button>
      </div>
      {published !== null ? <p className="notice ok">{t.t('program.published', { version: published })}</p> : null}
      {simulation && p ? (
        <ul className="history" data-testid="simulation">
          {simulation.entries.map((e, i) => (
            <li key={i}>
              <span className={e.delta > 0 ? 'delta plus' : 'delta minus'}>{e.delta > 0 ? `+${e.delta}` : e.delta}</span>
              <span className="why">{explain(p, e.explanation, t.locale)}</span>
            </li>
          ))}
          {simulation.explanations.slice(simulation.entries.length).map((e, i) => (
            <li key={`note-${i}`}>
              <span className="delta">·</span>
              <span className="why">{explain(p, e, t.locale)}</span>
            </li>
          ))}
          {simulation.flags.map((f, i) => (
            <li key={`flag-${i}`} className="error">
              <span className="delta">!</span>
              <span className="why">{explain(p, f.explanation, t.locale)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {simulation && p && simulation.rewardsOffered.length > 0 ? (
        <div data-testid="simulation-offers">
          <h3>{t.t('program.sim.offers')}</h3>
          <ul>
            {simulation.rewardsOffered.map((o) => {
              const reward = p.rewards.find((r) => r.id === o.rewardId);
              return (
                <li key={o.rewardId}>
                  {reward ? t.text(reward.name) : o.rewardId}
                  {o.discount !== null ? ` (−${formatMoney(o.discount, p.currency, t.locale)})` : ''}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
      {simulation && p && simulation.receiptExtras.length > 0 ? (
        <div data-testid="simulation-receipt">
          <h3>{t.t('program.sim.receipt')}</h3>
          <ul>
            {simulation.receiptExtras.map((x, i) => (
              <li key={i}>{explain(p, x.explanation, t.locale)}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
