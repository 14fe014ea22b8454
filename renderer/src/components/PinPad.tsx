import { useState } from 'react';
import { useT } from '../i18n';

/** A big numeric pad: PINs are typed with a thumb, never with a keyboard. */
export function PinPad({ onSubmit, busy, label }: { onSubmit(pin: string): void; busy: boolean; label: string }) {
  const t = useT();
  const [pin, setPin] = useState('');
  const press = (digit: string) => setPin((p) => (p.length < 8 ? p + digit : p));
  const submit = () => {
    if (pin.length >= 4) {
      onSubmit(pin);
      setPin('');
    }
  };
  return (
    <div className="pin-pad" aria-label={label}>
      <div className="pin-dots" data-testid="pin-dots">
        {Array.from({ length: Math.max(4, pin.length) }, (_, i) => (
          <span key={i} className={i < pin.length ? 'dot filled' : 'dot'} />
        ))}
      </div>
      <div className="pin-keys">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
          <button key={d} type="button" className="key" onClick={() => press(d)}>
            {d}
          </button>
        ))}
        <button type="button" className="key secondary" onClick={() => setPin('')}>
          {t.t('login.clear')}
        </button>
        <button type="button" className="key" onClick={() => press('0')}>
          0
        </button>
        <button type="button" className="key primary" disabled={busy || pin.length < 4} onClick={submit}>
          {t.t('login.enter')}
        </button>
      </div>
    </div>
  );
}
