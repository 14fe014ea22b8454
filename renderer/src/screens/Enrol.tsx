import { useState, type FormEvent } from 'react';
import type { CustomerView } from '../../../shared/contract';
import type { AppError } from '../../../shared/errors';
import { locales, type Locale } from '../../../shared/i18n';
import type { Till } from '../transport/client';
import { useT } from '../i18n';

interface Props {
  till: Till;
  card: string;
  onCard(code: string): void;
  onDone(view: CustomerView): void;
  onOpenExisting(customerId: string): void;
  onCancel(): void;
}

/** Name, phone, scan the card, enrol: under 20 seconds. Optional fields stay out of the way. */
export function Enrol({ till, card, onCard, onDone, onOpenExisting, onCancel }: Props) {
  const t = useT();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [birthday, setBirthday] = useState('');
  const [email, setEmail] = useState('');
  const [consent, setConsent] = useState(false);
  const [language, setLanguage] = useState<Locale>(t.locale);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const reply = await till.call('customer.enroll', {
      name,
      phone,
      language,
      marketingConsent: consent,
      ...(birthday ? { birthday } : {}),
      ...(email ? { email } : {}),
      ...(card ? { cardCode: card } : {}),
    });
    setBusy(false);
    if (reply.ok) onDone(reply.value);
    else setError(reply.error);
  };

  const existing = error?.code === 'customer.phone_taken' ? String(error.params?.existingCustomerId ?? '') : '';
  return (
    <form className="enrol panel" onSubmit={(e) => void submit(e)} data-testid="enrol">
      <h2>{t.t('enrol.title')}</h2>
      <label>
        {t.t('enrol.name')}
        <input name="name" value={name} onChange={(e) => setName(e.target.value)} required autoFocus autoComplete="off" />
      </label>
      <label>
        {t.t('enrol.phone')}
        <input name="phone" type="tel" inputMode="tel" value={phone} onChange={(e) => setPhone(e.target.value)} required autoComplete="off" />
      </label>
      <label>
        {t.t('enrol.card')}
        <input name="card" value={card} onChange={(e) => onCard(e.target.value)} placeholder={t.t('enrol.card.scan')} autoComplete="off" />
      </label>
      <div className="row">
        <label>
          {t.t('enrol.birthday')}
          <input name="birthday" type="date" value={birthday} onChange={(e) => setBirthday(e.target.value)} />
        </label>
        <label>
          {t.t('enrol.email')}
          <input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
        </label>
      </div>
      <label className="check">
        <input name="consent" type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />
        {t.t('enrol.consent')}
      </label>
      <div className="row languages-choice" role="group" aria-label={t.t('enrol.language')}>
        {locales.map((l) => (
          <button key={l} type="button" className={l === language ? 'choice active' : 'choice'} onClick={() => setLanguage(l)}>
            {t.t(`language.${l}`)}
          </button>
        ))}
      </div>
      {error ? (
        <p className="error" role="alert">
          {t.error(error)}{' '}
          {existing ? (
            <button type="button" className="link" onClick={() => onOpenExisting(existing)}>
              {t.t('enrol.open.existing', { name: String(error.params?.name ?? '') })}
            </button>
          ) : null}
        </p>
      ) : null}
      <div className="row actions">
        <button type="button" className="big secondary" onClick={onCancel}>
          {t.t('enrol.cancel')}
        </button>
        <button type="submit" className="big primary" disabled={busy}>
          {t.t('enrol.save')}
        </button>
      </div>
    </form>
  );
}
