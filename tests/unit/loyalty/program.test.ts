import { describe, expect, it } from 'vitest';
import {
  bakeryTemplate,
  boutiqueTemplate,
  cafeTemplate,
  demoCafeProgram,
  explainIssue,
  toCounterProgram,
  validateProgram,
  type ProgramInput,
} from '../../../shared/loyalty';

describe('program templates', () => {
  it.each([
    ['café', cafeTemplate()],
    ['bakery', bakeryTemplate()],
    ['boutique', boutiqueTemplate()],
  ] as const)('the %s template is a valid program', (_name, doc) => {
    const r = validateProgram(doc);
    expect(r.ok ? [] : r.error).toEqual([]);
  });

  it('ships the demo café the app opens on: EUR, the coffee card of 10 that fills into a free drink', () => {
    const demo = demoCafeProgram();
    expect(toCounterProgram(demo)).toEqual({
      version: 1,
      name: 'Demo café',
      stampCards: [{ id: 'coffee', name: { bg: 'Кафе', ru: 'Кофе', en: 'Coffee' }, size: 10, rewardId: 'free-drink', categories: ['coffee'] }],
      rewards: expect.arrayContaining([
        { id: 'free-drink', name: { bg: 'Безплатна напитка', ru: 'Бесплатный напиток', en: 'Free drink' }, freeItemCategories: ['coffee'] },
      ]),
    });
    expect(demo.currency).toBe('EUR');
    expect(demo.expiry.enabled).toBe(false);
  });
});

describe('program validation', () => {
  const withFreeCroissantAtZero = (): ProgramInput => {
    const doc = cafeTemplate();
    return { ...doc, rewards: (doc.rewards ?? []).map((r) => (r.id === 'croissant' ? { ...r, cost: { asset: 'points' as const, amount: 0 } } : r)) };
  };

  it('says which reward costs nothing, in each language', () => {
    const r = validateProgram(withFreeCroissantAtZero());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((i) => i.path)).toEqual(['rewards.1.cost.amount']);
    expect(explainIssue(r.error[0]!, 'en')).toBe('Reward “Free croissant” costs 0 points.');
    expect(explainIssue(r.error[0]!, 'bg')).toBe('Наградата „Безплатен кроасан“ струва 0 точки.');
    expect(explainIssue(r.error[0]!, 'ru')).toBe('Награда «Бесплатный круассан» стоит 0 баллов.');
  });

  it('finds broken references, bad sizes, unordered tiers and unknown zones', () => {
    const cafe = cafeTemplate();
    const boutique = boutiqueTemplate();
    const doc: ProgramInput = {
      ...cafe,
      timeZone: 'Europe/Atlantis',
      stampCards: [{ id: 'coffee', name: { bg: 'Кафе', ru: 'Кофе', en: 'Coffee' }, size: 1, earn: { per: 'visit' }, rewardId: 'no-such-reward' }],
      tiers: { ...boutique.tiers!, levels: [...boutique.tiers!.levels].reverse() },
    };
    const r = validateProgram(doc);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const en = r.error.map((i) => explainIssue(i, 'en'));
    expect(en).toEqual(
      expect.arrayContaining([
        'Unknown time zone “Europe/Atlantis”.',
        'Card “Coffee” has 1 stamps: use 2 to 100.',
        'There is no reward “no-such-reward”.',
        'Tier “Silver” must need more than “Gold”.',
      ]),
    );
  });

  it('reports a malformed document by path instead of throwing', () => {
    const r = validateProgram({ schema: 1, version: 0, name: 'x', currency: 'USD', timeZone: 'Europe/Sofia' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((i) => i.path).sort()).toEqual(['currency', 'version']);
    expect(r.error.every((i) => i.key === 'loyalty.issue.shape')).toBe(true);
  });
});
