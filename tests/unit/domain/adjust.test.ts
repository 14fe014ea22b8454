import { describe, expect, it } from 'vitest';
import { decideAdjust } from '../../../shared/domain/adjust';
import type { Lot } from '../../../shared/domain/ledger';

const coffee = { id: 'coffee', name: { bg: 'Кафе', ru: 'Кофе', en: 'Coffee' }, size: 10, rewardId: 'free-drink' };
const program = { stampCards: [coffee], rewardIds: ['free-drink', 'croissant'], points: true };
const ids = () => {
  let n = 0;
  return () => `id-${++n}`;
};
const lot = (entryId: string, remaining: number, createdAt: number, asset = 'points'): Lot => ({ entryId, asset, remaining, createdAt, expiresAt: null });
const reason = 'Paper card moved over';

describe('decideAdjust', () => {
  it('given 40 points, when a manager adds 25, then one new lot of kind adjust carries the reason', () => {
    const decided = decideAdjust(program, [lot('a', 40, 1)], { asset: 'points', change: 25, reason }, 5, ids());
    expect(decided).toEqual({
      ok: true,
      value: { entries: [{ id: 'id-1', asset: 'points', delta: 25, kind: 'adjust', rule: null, explanation: { key: 'ledger.adjusted', params: { reason } } }], rewardsEarned: 0 },
    });
  });

  it('given lots of 30 then 20 points, when 35 are removed, then the oldest lot empties first', () => {
    const decided = decideAdjust(program, [lot('new', 20, 9), lot('old', 30, 1)], { asset: 'points', change: -35, reason }, 10, ids());
    expect(decided.ok && decided.value.entries).toEqual([
      expect.objectContaining({ delta: -35, kind: 'adjust', uses: [{ lotId: 'old', amount: 30 }, { lotId: 'new', amount: 5 }] }),
    ]);
  });

  it('given 15 points, when 16 are removed, then it is refused with the balance there is, and nothing is written', () => {
    expect(decideAdjust(program, [lot('a', 15, 1)], { asset: 'points', change: -16, reason }, 2, ids())).toEqual({
      ok: false,
      error: { code: 'ledger.adjust_exceeds_balance', params: { asset: 'points', balance: 15 } },
    });
  });

  it('given 8 stamps, when 5 are added, then the full card turns into a free drink and 3 stamps remain', () => {
    const decided = decideAdjust(program, [lot('a', 8, 1, 'stamps:coffee')], { asset: 'stamps:coffee', change: 5, reason }, 2, ids());
    expect(decided.ok && decided.value.rewardsEarned).toBe(1);
    expect(decided.ok && decided.value.entries.map((e) => [e.asset, e.delta, e.kind])).toEqual([
      ['stamps:coffee', 5, 'adjust'],
      ['stamps:coffee', -10, 'convert'],
      ['reward:free-drink', 1, 'earn'],
    ]);
  });

  it('given a program, when the asset is not one of its cards, rewards or (when on) points, then it is refused', () => {
    for (const asset of ['stamps:tea', 'reward:yacht']) {
      expect(decideAdjust(program, [], { asset, change: 1, reason }, 1, ids())).toEqual({ ok: false, error: { code: 'ledger.asset_unknown', params: { asset } } });
    }
    expect(decideAdjust({ ...program, points: false }, [], { asset: 'points', change: 1, reason }, 1, ids())).toMatchObject({ ok: false, error: { code: 'ledger.asset_unknown' } });
  });
});
