import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestTerminal, tapKey } from '../../support/terminal';
import { verifyBalances } from '../../../electron/db/stores/ledger';

type Step = { kind: 'stamp'; count: number } | { kind: 'redeem' } | { kind: 'reverse'; pick: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 12 }).map((count) => ({ kind: 'stamp' as const, count })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'redeem' as const }) },
  { weight: 2, arbitrary: fc.nat(50).map((pick) => ({ kind: 'reverse' as const, pick })) },
);

describe('the ledger under any sequence of stamps, redemptions and reversals', () => {
  it('keeps materialised balances equal to the ledger recomputed, never below zero', () => {
    const t = startTestTerminal();
    const manager = t.loginAs('manager');
    let n = 0;
    try {
      fc.assert(
        fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
          const customer = t.must('customer.enroll', { name: `P ${n}`, phone: `0877${String(++n).padStart(6, '0')}`, language: 'en' }, manager);
          const customerId = customer.customer.id;
          const operations: string[] = [];
          let expectedStamps = 0;
          let expectedRewards = 0;
          // What undoing already-used stamps or rewards left owing (issue 6): the next earnings repay it first.
          let owedStamps = 0;
          let owedRewards = 0;
          // Owed net of what is held: a deficit may stand beside a lot it may not take from (settleDeficits), the balance is the truth.
          const owed = (asset: string) =>
            Math.max(0, -((t.terminal.db.prepare('SELECT COALESCE(SUM(amount), 0) AS n FROM balances WHERE customer_id = ? AND asset = ?').get(customerId, asset) as { n: number }).n));
          for (const s of steps) {
            if (s.kind === 'stamp') {
              const r = t.must('stamp.add', { customerId, count: s.count, visitId: 'visit-prop', idempotencyKey: tapKey() }, manager);
              operations.push(r.operationId);
              const repaid = Math.min(owedStamps, s.count);
              owedStamps -= repaid;
              const earned = Math.floor((expectedStamps + s.count - repaid) / 10);
              expectedStamps = (expectedStamps + s.count - repaid) % 10;
              const rewardsRepaid = Math.min(owedRewards, earned);
              owedRewards -= rewardsRepaid;
              expectedRewards += earned - rewardsRepaid;
            } else if (s.kind === 'redeem') {
              const r = t.call('reward.redeem', { customerId, rewardId: 'free-drink', visitId: 'visit-prop', idempotencyKey: tapKey() }, manager);
              expect(r.ok).toBe(expectedRewards > 0);
              if (r.ok) {
                operations.push(r.value.operationId);
                expectedRewards--;
              }
            } else if (operations.length > 0) {
              const target = operations[s.pick % operations.length]!;
              const r = t.call('ledger.reverse', { operationId: target, reason: 'property', visitId: 'visit-prop', idempotencyKey: tapKey() }, manager);
              if (r.ok) {
                const view = r.value.view;
                expectedStamps = view.stampCards[0]!.filled;
                expectedRewards = view.rewards.length;
                owedStamps = owed('stamps:coffee');
                owedRewards = owed('reward:free-drink');
              }
            }
            const view = t.must('customer.get', { customerId }, manager);
            expect(view.stampCards[0]!.filled).toBe(expectedStamps);
            expect(view.rewards.length).toBe(expectedRewards);
            expect(expectedStamps).toBeGreaterThanOrEqual(0);
            expect(expectedStamps).toBeLessThan(10);
          }
          expect(verifyBalances(t.terminal.db)).toEqual([]);
          // A balance is below zero only by what the customer owes: balance = open lots - deficits.
          const off = t.terminal.db
            .prepare(
              `SELECT b.customer_id, b.asset, b.amount,
                      (SELECT COALESCE(SUM(remaining), 0) FROM lots l WHERE l.customer_id = b.customer_id AND l.asset = b.asset) AS held,
                      (SELECT COALESCE(SUM(outstanding), 0) FROM ledger_deficits d WHERE d.customer_id = b.customer_id AND d.asset = b.asset) AS owed
               FROM balances b WHERE b.amount <> held - owed`,
            )
            .all();
          expect(off).toEqual([]);
        }),
        { numRuns: 60 },
      );
    } finally {
      t.close();
    }
  });
});
