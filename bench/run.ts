/**
 * `npm run bench [-- area ...]`: runs each area's benchmark, merges the figures into
 * bench-results.json ({name, value, unit} per figure) and rewrites docs/benchmarks.md with the
 * machine it ran on. Areas not run keep their previous figures.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import type { BenchFigure } from './figures';

interface Area {
  title: string;
  notes: string;
  run(): Promise<BenchFigure[]>;
}

/** Every benchmark module, by area name. Add an area here. */
const areas: Record<string, () => Promise<Area>> = {
  counter: () => import('./counter'),
  scan: () => import('./scan'),
  sales: () => import('./sales'),
  engine: () => import('./engine'),
  sync: () => import('./sync'),
  hq: () => import('./hq'),
};

/** A figure as stored in bench-results.json: {name, value, unit}, plus which area measured it and when. */
type StoredFigure = BenchFigure & { area: string; measuredAt: string };

const resultsFile = 'bench-results.json';
const previous: StoredFigure[] = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as StoredFigure[]) : [];

const chosen = process.argv.slice(2).filter((a) => !a.startsWith('-'));
// `--render-only` rewrites docs/benchmarks.md from bench-results.json without measuring anything.
const names = process.argv.includes('--render-only') ? [] : chosen.length > 0 ? chosen : Object.keys(areas);
const figures = new Map(previous.map((f) => [f.name, f]));

for (const name of names) {
  const load = areas[name];
  if (!load) throw new Error(`unknown bench area ${name}; known: ${Object.keys(areas).join(', ')}`);
  const area = await load();
  process.stderr.write(`bench: ${name} ...\n`);
  const measuredAt = new Date().toISOString();
  for (const f of await area.run()) {
    figures.set(f.name, { ...f, area: name, measuredAt });
    process.stdout.write(`${f.name}\t${f.value} ${f.unit}\n`);
  }
}

const all = [...figures.values()];
writeFileSync(resultsFile, `${JSON.stringify(all, null, 2)}\n`);

/**
 * The note under each heading describes the run that measured the figures (its size, database,
 * load), so an area that was not run this time keeps the note it was written with: rendering it
 * from today's defaults would describe a run that never happened.
 */
function previousNotes(): Map<string, string> {
  const notes = new Map<string, string>();
  if (!existsSync('docs/benchmarks.md')) return notes;
  for (const section of readFileSync('docs/benchmarks.md', 'utf8').split('\n## ').slice(1)) {
    const [title, , note] = section.split('\n');
    if (title && note) notes.set(title, note);
  }
  return notes;
}
const keptNotes = previousNotes();

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, ${platform()} ${release()}, Node ${process.version}`;
const lines = [
  '# Benchmarks',
  '',
  'Written by `npm run bench` (do not edit by hand; the same figures are in bench-results.json).',
  '',
  `Machine of the last run: ${machine}.`,
  '',
];
for (const [name, load] of Object.entries(areas)) {
  const own = all.filter((f) => f.area === name);
  if (own.length === 0) continue;
  const area = await load();
  const note = names.includes(name) ? `${area.notes} Measured ${own[0]!.measuredAt}.` : (keptNotes.get(area.title) ?? `${area.notes} Measured ${own[0]!.measuredAt}.`);
  lines.push(`## ${area.title}`, '', note, '', '| figure | value |', '| --- | --- |');
  for (const f of own) lines.push(`| \`${f.name}\` | ${f.value} ${f.unit} |`);
  lines.push('');
}
writeFileSync('docs/benchmarks.md', `${lines.join('\n')}\n`);
