import { describe, expect, it } from 'vitest';
import { decideRedeem, decideReverse, decideStamp, takeOldestFirst } from '../../../shared/domain/counter';
import type { Lot } from '../../../shared/domain/ledger';

const coffee = { id: 'coffee', name: { bg: 'Кафе', ru: 'Кофе', en: 'Coffee' }, size: 10, rewardId: 'free-drink' };
const ids = () => {
  let n = 0;
  return () => `id-${++n}`;
};
const lot = (entryId: string, remaining: number, createdAt: number, asset = 'stamps:coffee'): Lot => ({ entryId, asset, remaining, createdAt, expiresAt: null });

describe('decideStamp', () => {
  it('given 9 stamps, when 1 more is given, then the card converts into one free drink', () => {
    const { entries, rewardsEarned } = decideStamp(coffee, [lot('a', 9, 1)], 1, 2, ids());
    expect(rewardsEarned).toBe(1);
    expect(entries.map((e) => [e.asset, e.delta, e.kind])).toEqual([
      ['stamps:coffee', 1, 'earn'],
      ['stamps:coffee', -10, 'convert'],
      ['reward:free-drink', 1, 'earn'],
    ]);
    expect(entries[1]!.uses).toEqual([
      { lotId: 'a', amount: 9 },
      { lotId: 'id-1', amount: 1 },
    ]);
  });

  it('given an empty card, when 25 stamps are given, then two rewards and 5 stamps remain', () => {
    const { entries, rewardsEarned } = decideStamp(coffee, [], 25, 1, ids());
    expect(rewardsEarned).toBe(2);
    expect(entries.reduce((sum, e) => (e.asset === 'stamps:coffee' ? sum + e.delta : sum), 0)).toBe(5);
  });
});

describe('decideRedeem', () => {
  it('uses the oldest reward first', () => {
    const result = decideRedeem('free-drink', [lot('new', 1, 20, 'reward:free-drink'), lot('old', 1, 10, 'reward:free-drink')], ids());
    expect(result.ok && result.value[0]!.uses).toEqual([{ lotId: 'old', amount: 1 }]);
  });

  it('refuses when the wallet is empty', () => {
    expect(decideRedeem('free-drink', [], ids())).toEqual({ ok: false, error: { code: 'reward.not_available', params: { rewardId: 'free-drink' } } });
  });
});

describe('decideReverse', () => {
  it('undoes a filling stamp newest entry first: reward back, stamps restored, own stamp removed', () => {
    const operation = [
      { id: 'e', asset: 'stamps:coffee', delta: 1, kind: 'earn', uses: [], reversedBy: null },
      { id: 'c', asset: 'stamps:coffee', delta: -10, kind: 'convert', uses: [{ lotId: 'a', amount: 9 }, { lotId: 'e', amount: 1 }], reversedBy: null },
      { id: 'r', asset: 'reward:free-drink', delta: 1, kind: 'earn', uses: [], reversedBy: null },
    ];
    const lots = new Map([
      ['a', lot('a', 0, 1)],
      ['e', lot('e', 0, 2)],
      ['r', lot('r', 1, 2, 'reward:free-drink')],
    ]);
    const result = decideReverse(operation, lots, 'mistake', ids());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.map((e) => [e.reverses, e.delta, e.uses ?? e.restores])).toEqual([
      ['r', -1, [{ lotId: 'r', amount: 1 }]],
      ['c', 10, [{ lotId: 'a', amount: 9 }, { lotId: 'e', amount: 1 }]],
      ['e', -1, [{ lotId: 'e', amount: 1 }]],
    ]);
  });

  it('refuses when the reward the operation made was already used', () => {
    const operation = [{ id: 'r', asset: 'reward:free-drink', delta: 1, kind: 'earn', uses: [], reversedBy: null }];
    expect(decideReverse(operation, new Map([['r', lot('r', 0, 1, 'reward:free-drink')]]), 'x', ids())).toEqual({
      ok: false,
      error: { code: 'ledger.reward_already_used' },
    });
  });
});

describe('takeOldestFirst', () => {
  it('takes across lots oldest first and says when there is not enough', () => {
    expect(takeOldestFirst([lot('b', 3, 2), lot('a', 2, 1)], 4)).toEqual([
      { lotId: 'a', amount: 2 },
      { lotId: 'b', amount: 2 },
    ]);
    expect(takeOldestFirst([lot('a', 2, 1)], 3)).toBeNull();
  });
});
