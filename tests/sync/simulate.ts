/**
 * The simulation at the full size: `npx tsx tests/sync/simulate.ts [terminals stores rounds seed doubles]`
 * (default 200 terminals in 20 stores). HQ is PGlite in process, or PG_TEST_URL's PostgreSQL.
 * Prints the report as JSON and exits non-zero if any end condition fails.
 */
import { startTestHq } from './support';
import { runSimulation } from './simulation';

const [terminals = 200, stores = 20, rounds = 12, seed = 1, doubles = 20] = process.argv.slice(2).map(Number);
const hq = await startTestHq();
try {
  const report = await runSimulation(hq, { terminals, stores, rounds, seed, doubleRedemptions: doubles });
  process.stdout.write(`${JSON.stringify({ ...report, mismatches: report.mismatches.slice(0, 20), memoryMb: Math.round(process.memoryUsage().rss / 2 ** 20) }, null, 2)}\n`);
  const good =
    report.terminalsWaiting === 0 &&
    report.eventsAtHq === report.eventsPushed &&
    report.missedConflicts === 0 &&
    report.negativeWithoutConflict === 0 &&
    report.mismatches.length === 0 &&
    report.verifyProblems === 0;
  process.exitCode = good ? 0 : 1;
} finally {
  await hq.close();
}
