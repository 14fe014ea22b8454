import { describe, expect, it } from 'vitest';
import { applyRewardDiscount, priceOrder, settleTenders } from '../../../shared/domain/sale';
import fc from 'fast-check';
import { demoCatalogue, demoProgram } from '../../../electron/app/demo';

const catalogue = { ...demoCatalogue, currency: 'EUR' };

describe('pricing an order', () => {
  it('adds modifiers, earns a stamp per coffee, and none for pastry', () => {
    const priced = priceOrder(catalogue, demoProgram, [
      { itemId: 'cappuccino', quantity: 2, modifierIds: ['oat-milk'] },
      { itemId: 'croissant', quantity: 1, modifierIds: [] },
    ], []);
    expect(priced.ok && priced.value).toMatchObject({ subtotalMinor: 2 * 380 + 250, discountMinor: 0, totalMinor: 1010, stamps: [{ cardId: 'coffee', count: 2 }] });
  });

  it('makes the dearest qualifying drink free with a free-drink reward, and that drink earns no stamp', () => {
    const priced = priceOrder(catalogue, demoProgram, [
      { itemId: 'espresso', quantity: 1, modifierIds: [] },
      { itemId: 'latte', quantity: 1, modifierIds: ['extra-shot'] },
    ], ['free-drink']);
    expect(priced.ok && priced.value).toMatchObject({ discountMinor: 420, totalMinor: 220, rewards: [{ rewardId: 'free-drink', lineNo: 2, discountMinor: 420 }], stamps: [{ cardId: 'coffee', count: 1 }] });
  });

  it("takes the tier's discount per line off what a reward left, so lines and total agree", () => {
    const silver = { tierId: 'silver', name: { bg: 'Сребро', ru: 'Серебро', en: 'Silver' }, percent: 5 };
    const priced = priceOrder(catalogue, demoProgram, [
      { itemId: 'latte', quantity: 2, modifierIds: [] },
      { itemId: 'croissant', quantity: 1, modifierIds: [] },
    ], ['free-drink'], silver);
    // Latte line: 7.20 - 3.60 free = 3.60, 5 % = 0.18; croissant 2.50, 5 % = 0.125 -> 0.12.
    expect(priced.ok && priced.value).toMatchObject({ subtotalMinor: 970, discountMinor: 360 + 30, totalMinor: 580, tier: { tierId: 'silver', percent: 5, discountMinor: 30 } });
    expect(priced.ok && priced.value.lines.map((l) => l.totalMinor)).toEqual([342, 238]);
  });

  it('refuses a reward that applies to nothing in the order', () => {
    expect(priceOrder(catalogue, demoProgram, [{ itemId: 'croissant', quantity: 1, modifierIds: [] }], ['free-drink'])).toEqual({
      ok: false,
      error: { code: 'sale.reward_not_applicable', params: { rewardId: 'free-drink' } },
    });
  });
});

describe('a reward bought with points', () => {
  it('spreads a discount over the lines so that lines and total agree, never below zero', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ itemId: fc.constantFrom('espresso', 'latte', 'croissant', 'water'), quantity: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 5000 }),
        (lines, amount) => {
          const priced = priceOrder(catalogue, demoProgram, lines.map((l) => ({ ...l, modifierIds: [] })), []);
          if (!priced.ok) throw new Error('priced');
          const after = applyRewardDiscount(priced.value, 'ten-off', amount, null);
          expect(after.lines.reduce((s, l) => s + l.totalMinor, 0)).toBe(after.totalMinor);
          expect(after.totalMinor).toBe(Math.max(0, priced.value.totalMinor - amount));
          expect(after.lines.every((l) => l.totalMinor >= 0)).toBe(true);
        },
      ),
    );
  });

  it('takes a free item off the dearest line of its category', () => {
    const priced = priceOrder(catalogue, demoProgram, [
      { itemId: 'croissant', quantity: 1, modifierIds: [] },
      { itemId: 'banitsa', quantity: 1, modifierIds: [] },
      { itemId: 'latte', quantity: 1, modifierIds: [] },
    ], []);
    const after = priced.ok ? applyRewardDiscount(priced.value, 'croissant', 280, 'pastry') : null;
    expect(after?.lines.map((l) => l.totalMinor)).toEqual([250, 0, 360]);
    expect(after?.rewards).toEqual([{ rewardId: 'croissant', lineNo: 2, discountMinor: 280 }]);
  });
});

describe('tenders', () => {
  it('gives change from cash only, and splits card + cash', () => {
    expect(settleTenders(1010, [{ kind: 'cash', amountMinor: 2000 }])).toEqual({ ok: true, value: { tenders: [{ kind: 'cash', amountMinor: 2000, appliedMinor: 1010 }], changeMinor: 990 } });
    const split = settleTenders(1010, [{ kind: 'card', amountMinor: 500, reference: 'POS-1' }, { kind: 'cash', amountMinor: 600 }]);
    expect(split.ok && split.value).toEqual({ tenders: [{ kind: 'card', amountMinor: 500, reference: 'POS-1', appliedMinor: 500 }, { kind: 'cash', amountMinor: 600, appliedMinor: 510 }], changeMinor: 90 });
  });

  it('refuses a card number typed as the card terminal reference, so no card data is stored', () => {
    expect(settleTenders(1010, [{ kind: 'card', amountMinor: 1010, reference: '4111 1111 1111 1111' }])).toEqual({ ok: false, error: { code: 'sale.card_data_refused', params: { kind: 'card' } } });
    expect(settleTenders(1010, [{ kind: 'card', amountMinor: 1010, reference: '004512' }]).ok).toBe(true);
  });

  it('refuses too little, and a card paying more than is due', () => {
    expect(settleTenders(1010, [{ kind: 'cash', amountMinor: 1000 }])).toEqual({ ok: false, error: { code: 'sale.underpaid', params: { missingMinor: 10 } } });
    expect(settleTenders(1010, [{ kind: 'card', amountMinor: 1100 }])).toEqual({ ok: false, error: { code: 'sale.overpaid', params: { kind: 'card' } } });
  });
});
