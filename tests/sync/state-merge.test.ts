import { describe, expect, it } from 'vitest';
import { mergeForeignChanges } from '../../electron/sync/state-merge';
import { emptyTier, newCustomerState, type CustomerState, type StateChange, type TierState } from '../../shared/loyalty/state';

/**
 * Issue 5: another store's state changes folded into the state a till holds. Given the state here,
 * when the other store's changes arrive, then the state and what was applied here (for a reversal
 * made here later).
 */
const tiers = ['silver', 'gold', 'platinum'];
const given = (extra: Partial<CustomerState> = {}): CustomerState => newCustomerState('c-1', 0, extra);
const tier = (tierId: string | null, reviewDay: number | null = null, vip: TierState['vip'] = null): TierState => ({ ...emptyTier, tierId, reviewDay, vip });
const when = (state: CustomerState, changes: StateChange[]) => mergeForeignChanges(state, changes, tiers);

describe('folding another store’s loyalty state changes into this till’s (issue 5)', () => {
  it('applies changes as made where this store still has what the other started from', () => {
    const state = given({ marks: { birthday: '2025' }, counters: { visits: 4 } });
    const changes: StateChange[] = [
      { type: 'visit.add', visit: { id: 'v-9', day: 100, spend: 450 } },
      { type: 'counter.add', name: 'visits', delta: 1 },
      { type: 'mark.set', key: 'birthday', from: '2025', to: '2026' },
      { type: 'tier.set', from: tier(null), to: tier('gold', 130) },
      { type: 'referral.set', from: { referrerId: 'r', status: 'pending' }, to: { referrerId: 'r', status: 'rewarded' } },
    ];
    const then = when({ ...state, referral: { referrerId: 'r', status: 'pending' } }, changes);
    expect(then.state).toMatchObject({
      visits: [{ id: 'v-9', day: 100, spend: 450 }],
      counters: { visits: 5 },
      marks: { birthday: '2026' },
      tier: tier('gold', 130),
      referral: { referrerId: 'r', status: 'rewarded' },
    });
    expect(then.applied).toEqual(changes);
  });

  it('keeps the birthday given when both stores gave it offline the same year, and records nothing to undo here', () => {
    const state = given({ marks: { birthday: '2026' } });
    const then = when(state, [{ type: 'mark.set', key: 'birthday', from: null, to: '2026' }]);
    expect(then.state.marks).toEqual({ birthday: '2026' });
    expect(then.applied).toEqual([]);
  });

  it('takes the later year where this store still had an older one the other never saw, and keeps a later one it has', () => {
    expect(when(given({ marks: { birthday: '2025' } }), [{ type: 'mark.set', key: 'birthday', from: null, to: '2026' }]).state.marks).toEqual({ birthday: '2026' });
    const late = when(given({ marks: { birthday: '2027' } }), [{ type: 'mark.set', key: 'birthday', from: '2025', to: '2026' }]);
    expect(late.state.marks).toEqual({ birthday: '2027' });
    expect(late.applied).toEqual([]);
  });

  it('undoes a mark only where it still holds the value the undone operation set', () => {
    // The other store undid its 2026 gift; here the mark is the later gift this store gave since.
    expect(when(given({ marks: { birthday: '2027' } }), [{ type: 'mark.set', key: 'birthday', from: '2026', to: null }]).state.marks).toEqual({ birthday: '2027' });
    const undone = when(given({ marks: { birthday: '2026' } }), [{ type: 'mark.set', key: 'birthday', from: '2026', to: '2025' }]);
    expect(undone.state.marks).toEqual({ birthday: '2025' });
    expect(undone.applied).toEqual([{ type: 'mark.set', key: 'birthday', from: '2026', to: '2025' }]);
  });

  it('counts a visit once by its id, and removes only a visit it holds', () => {
    const state = given({ visits: [{ id: 'v-1', day: 99, spend: 0 }] });
    const then = when(state, [
      { type: 'visit.add', visit: { id: 'v-1', day: 99, spend: 0 } },
      { type: 'visit.remove', visit: { id: 'v-7', day: 90, spend: 0 } },
    ]);
    expect(then.state.visits).toEqual([{ id: 'v-1', day: 99, spend: 0 }]);
    expect(then.applied).toEqual([]);
  });

  it('adds counters, never taking a lifetime counter below zero, and records the amount it really moved', () => {
    const then = when(given({ counters: { visits: 1, 'day:100:stamps': 2 } }), [
      { type: 'counter.add', name: 'visits', delta: -3 },
      { type: 'counter.add', name: 'day:100:stamps', delta: 3 },
    ]);
    expect(then.state.counters).toEqual({ 'day:100:stamps': 5 });
    expect(then.applied).toEqual([
      { type: 'counter.add', name: 'visits', delta: -1 },
      { type: 'counter.add', name: 'day:100:stamps', delta: 3 },
    ]);
  });

  it('keeps the higher tier when both stores moved it, and takes an upgrade made elsewhere with its review day', () => {
    // This store already moved her to platinum; the other store's gold does not lower her.
    const kept = when(given({ tier: tier('platinum', 140) }), [{ type: 'tier.set', from: tier('silver', 120), to: tier('gold', 130) }]);
    expect(kept.state.tier).toEqual(tier('platinum', 140));
    expect(kept.applied).toEqual([]);
    // This store had her at silver with another review day: gold reached elsewhere counts here at once.
    const raised = when(given({ tier: tier('silver', 125) }), [{ type: 'tier.set', from: tier(null), to: tier('gold', 130) }]);
    expect(raised.state.tier).toEqual(tier('gold', 130));
    expect(raised.applied).toEqual([{ type: 'tier.set', from: tier('silver', 125), to: tier('gold', 130) }]);
  });

  it('takes paid VIP status bought elsewhere, keeping the later end when both have one', () => {
    const vip = { tierId: 'platinum', untilDay: 465 };
    expect(when(given({ tier: tier('silver', 125) }), [{ type: 'tier.set', from: tier('silver', 120), to: tier('silver', 120, vip) }]).state.tier).toEqual(tier('silver', 125, vip));
    const later = { tierId: 'platinum', untilDay: 500 };
    expect(when(given({ tier: tier('silver', 125, later) }), [{ type: 'tier.set', from: tier('silver', 120), to: tier('silver', 120, vip) }]).state.tier).toEqual(tier('silver', 125, later));
  });

  it('never rewards a referral twice: a rewarded referral stays rewarded when the other store only saw it pending', () => {
    const state = given({ referral: { referrerId: 'r', status: 'rewarded' } });
    const then = when(state, [{ type: 'referral.set', from: null, to: { referrerId: 'r', status: 'pending' } }]);
    expect(then.state.referral).toEqual({ referrerId: 'r', status: 'rewarded' });
    expect(when(given(), [{ type: 'referral.set', from: null, to: { referrerId: 'r', status: 'pending' } }]).state.referral).toEqual({ referrerId: 'r', status: 'pending' });
  });

  it('leaves pruning to this store’s own housekeeping', () => {
    const state = given({ visits: [{ id: 'v-1', day: 10, spend: 0 }], counters: { 'day:10:stamps': 1 } });
    const then = when(state, [
      { type: 'visits.prune', beforeDay: 50 },
      { type: 'counters.prune', beforeDay: 50 },
    ]);
    expect(then.state).toEqual(state);
    expect(then.applied).toEqual([]);
  });
});
