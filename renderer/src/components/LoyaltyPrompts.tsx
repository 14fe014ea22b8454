import { useEffect, useState } from 'react';
import type { LoyaltySummaryView } from '../../../shared/contract';
import type { Explanation } from '../../../shared/domain/ledger';
import { explain } from '../../../shared/loyalty';
import type { Till } from '../transport/client';
import { useT } from '../i18n';

interface Props {
  till: Till;
  customerId: string;
  /** Anything that changes when the customer's balances may have changed (the customer view). */
  refresh: unknown;
}

/**
 * What the loyalty engine says about the customer at the counter: birthday and name-day banners,
 * "2 more stamps to a free coffee", "120 points: enough for a croissant", the tier progress bar,
 * lots about to expire and the rewards they can use now. Every line is an engine explanation,
 * translated here with the program's own names.
 */
export function LoyaltyPrompts({ till, customerId, refresh }: Props) {
  const t = useT();
  const [view, setView] = useState<LoyaltySummaryView | null>(null);

  useEffect(() => {
    let live = true;
    void till.call('loyalty.summary', { customerId }).then((r) => {
      if (live && r.ok) setView(r.value);
    });
    return () => {
      live = false;
    };
  }, [till, customerId, refresh]);

  if (!view) return null;
  const { program, summary } = view;
  const say = (e: Explanation): string => explain(program, e, t.locale);
  const tier = summary.tier;
  const tierName = (id: string | null) => {
    const level = program.tiers?.levels.find((l) => l.id === id);
    return level ? t.text(level.name) : null;
  };

  return (
    <div className="loyalty-prompts" data-testid="loyalty-prompts">
      {summary.banners.map((b) => (
        <p key={b.kind} className="banner" data-testid={`banner-${b.kind}`}>
          {say(b.message)}
        </p>
      ))}
      <ul className="prompts">
        {summary.cards
          // The first card is drawn above with its own "n more" line; further cards (lunch ...) are listed.
          .slice(1)
          .map((c) => (
            <li key={c.cardId} data-testid="prompt-card">
              {say(c.message)}
            </li>
          ))}
        {summary.points ? (
          <>
            {summary.points.affordable.length > 0 ? (
              // The dearest reward the balance pays for is the one worth saying.
              <li className="prompt-strong" data-testid="prompt-points">
                {say(summary.points.affordable[summary.points.affordable.length - 1]!.message)}
              </li>
            ) : null}
            {summary.points.next ? (
              // The way to the next reward as a bar: the customer looks, the cashier need not read it out.
              <li data-testid="prompt-points-next" className="points-next">
                {say(summary.points.next.message)}
                <progress max={summary.points.next.cost} value={summary.points.balance} aria-label={say(summary.points.next.message)} data-testid="points-progress" />
              </li>
            ) : null}
          </>
        ) : null}
        {summary.wallet.map((w) => (
          <li key={w.rewardId} data-testid="prompt-wallet">
            {say(w.message)}
          </li>
        ))}
        {summary.expiring.map((x) => (
          <li key={`${x.asset}-${x.expiresAt}`} className="error" data-testid="prompt-expiring">
            {say(x.message)}
          </li>
        ))}
      </ul>
      {tier ? (
        <div className="tier" data-testid="tier">
          <span className="tier-name">{tierName(tier.tierId) ?? '—'}</span>
          <progress max={1} value={tier.progress} aria-label={tier.message ? say(tier.message) : undefined} data-testid="tier-progress" />
          {tier.message ? <span className="muted">{say(tier.message)}</span> : null}
        </div>
      ) : null}
    </div>
  );
}
