/**
 * `npm run hq [-- --port 8787 --data ./hq-data]`: HQ on PGlite in the data folder, or on the
 * PostgreSQL server in DATABASE_URL. Prints `Loyal Till HQ serving on http://...` when ready.
 */
import { startHq } from './app';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const databaseUrl = process.env['DATABASE_URL'] || undefined;
const hq = await startHq({
  port: Number(arg('port') ?? process.env['PORT'] ?? 8787),
  host: arg('host') ?? process.env['HOST'] ?? '127.0.0.1',
  dataDir: databaseUrl ? undefined : (arg('data') ?? process.env['HQ_DATA'] ?? 'hq-data'),
  databaseUrl,
  log: (...a: unknown[]) => console.log(...a),
});
console.log(`Loyal Till HQ serving on ${hq.url}`);
const stop = () => void hq.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
