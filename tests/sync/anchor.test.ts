import { describe, expect, it } from 'vitest';
import { tapKey } from '../support/terminal';
import { createChain, enrolledTerminal, useTestHq } from './support';

const world = useTestHq();

describe('the audit anchor at HQ', () => {
  it('reaches HQ with the rest of the outbox when a shift closes, and HQ stores it once', async () => {
    const chain = await createChain(world.hq, 1);
    const till = await enrolledTerminal(world.hq, chain.stores[0]!);
    try {
      till.must('shift.open', { floatMinor: 0, idempotencyKey: tapKey() }, till.manager);
      const z = till.must('shift.close', { counted: {}, idempotencyKey: tapKey() }, till.manager);
      const anchor = till.terminal.db.prepare("SELECT payload FROM outbox WHERE type = 'audit.anchored'").get() as { payload: string };
      expect(JSON.parse(anchor.payload)).toMatchObject({ zNumber: z.shift.zNumber, records: z.audit!.records, headHash: z.audit!.headHash });
      // A batch with an event HQ could not take is refused whole: all acknowledged means it was stored.
      expect((await till.sync()).waiting).toBe(0);
      const outbox = (till.terminal.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
      expect(await world.hq.admin.eventCount(chain.organisationId)).toBe(outbox);
      await till.sync();
      expect(await world.hq.admin.eventCount(chain.organisationId)).toBe(outbox);
    } finally {
      till.close();
    }
  });
});
