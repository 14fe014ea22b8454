import { describe, expect, it } from 'vitest';
import { createChain, enrolledTerminal, useTestHq } from './support';

const world = useTestHq();

const name = (text: string) => ({ bg: text, ru: text, en: text });

describe('staff and catalogue published at HQ', () => {
  it('reach the tills of every store: the new barista logs in with her PIN, and the menu is HQ’s', async () => {
    const chain = await createChain(world.hq, 2);
    const sofia = await enrolledTerminal(world.hq, chain.stores[0]!);
    const plovdiv = await enrolledTerminal(world.hq, chain.stores[1]!);
    try {
      const maria = await world.hq.admin.saveStaff({ organisationId: chain.organisationId, name: 'Мария Георгиева', role: 'barista', pin: '4826' });
      await world.hq.admin.publishCatalogue({
        organisationId: chain.organisationId,
        document: {
          categories: [{ id: 'coffee', name: name('Кафе'), position: 0 }],
          items: [{ id: 'flat-white', categoryId: 'coffee', name: name('Флат уайт'), priceMinor: 420, barcode: null, position: 0 }],
          modifiers: [],
        },
      });
      for (const till of [sofia, plovdiv]) {
        await till.sync();
        expect(till.must('staff.list', {}).find((s) => s.id === maria.id)).toMatchObject({ name: 'Мария Георгиева', role: 'barista' });
        expect(till.call('staff.login', { staffId: maria.id, pin: '4826' }).ok).toBe(true);
        expect(till.call('staff.login', { staffId: maria.id, pin: '1111' }).ok).toBe(false);
        const menu = till.must('catalogue.get', {}, till.cashier);
        expect(menu.items.map((i) => [i.id, i.priceMinor])).toEqual([['flat-white', 420]]);
      }

      // She leaves: HQ takes her off every till, and her PIN no longer opens one.
      await world.hq.admin.saveStaff({ organisationId: chain.organisationId, id: maria.id, name: 'Мария Георгиева', role: 'barista', active: false });
      for (const till of [sofia, plovdiv]) {
        await till.sync();
        expect(till.must('staff.list', {}).some((s) => s.id === maria.id)).toBe(false);
        expect(till.call('staff.login', { staffId: maria.id, pin: '4826' }).ok).toBe(false);
      }
    } finally {
      sofia.close();
      plovdiv.close();
    }
  }, 120_000);
});
