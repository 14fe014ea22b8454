/** One measured figure, as written to bench-results.json and docs/benchmarks.md. */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}
