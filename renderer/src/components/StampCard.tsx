import type { StampCardView } from '../../../shared/contract';
import { useT } from '../i18n';
import { CupIcon, GiftIcon } from './Icons';

/** The paper card, drawn: filled and empty stamps, the last one is the reward. */
export function StampCard({ card }: { card: StampCardView }) {
  const t = useT();
  const remaining = card.size - card.filled;
  return (
    <div className="stamp-card" data-testid="stamp-card" data-filled={card.filled} data-size={card.size}>
      <div className="stamp-card-title">
        <span>{t.text(card.name)}</span>
        <span className="stamp-count">
          {card.filled} / {card.size}
        </span>
      </div>
      <div className="stamps" role="img" aria-label={`${card.filled} / ${card.size}`} style={{ gridTemplateColumns: `repeat(${Math.min(card.size, 10)}, 1fr)` }}>
        {Array.from({ length: card.size }, (_, i) => (
          <span key={i} className={`stamp${i < card.filled ? ' filled' : ''}${i === card.size - 1 ? ' goal' : ''}`}>
            {i < card.filled ? <CupIcon /> : i === card.size - 1 ? <GiftIcon /> : null}
          </span>
        ))}
      </div>
      <p className="remaining" data-testid="remaining">
        {t.t('counter.remaining', { count: remaining, reward: t.text(card.rewardName) })}
      </p>
    </div>
  );
}
