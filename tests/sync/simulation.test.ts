import { describe, expect, it } from 'vitest';
import { useTestHq } from './support';
import { runSimulation } from './simulation';

const world = useTestHq();

/**
 * The simulation is 200 terminals in 20 stores: `npx tsx tests/sync/simulate.ts` runs it
 * at full size (minutes on 2 cores). The suite runs the same code at 24 terminals in 4 stores.
 */
describe('a chain of tills going on and off line', () => {
  it('ends with every event at HQ once, every double spend a conflict, and every till holding HQ’s balances', async () => {
    const report = await runSimulation(world.hq, { terminals: 24, stores: 4, rounds: 12, seed: 5, doubleRedemptions: 4 });
    expect(report.terminalsWaiting).toBe(0);
    expect(report.eventsAtHq).toBe(report.eventsPushed);
    expect(report.deliberate).toBe(4);
    expect(report.missedConflicts).toBe(0);
    expect(report.conflictsAtHq).toBeGreaterThanOrEqual(report.deliberate);
    expect(report.negativeWithoutConflict).toBe(0);
    expect(report.mismatches).toEqual([]);
    expect(report.verifyProblems).toBe(0);
    expect(report.lookups).toBeGreaterThan(0);
  }, 600_000);
});
