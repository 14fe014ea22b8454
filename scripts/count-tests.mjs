// Prints the line CI reads, from vitest's JSON report: `tests: N passed, N failed`.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const failed = report.numFailedTests + (report.testResults ?? []).filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
console.log(`tests: ${report.numPassedTests} passed, ${failed} failed`);
if (report.numTotalTests === 0) {
  console.error('no test ran');
  process.exit(1);
}
process.exit(failed > 0 ? 1 : 0);
