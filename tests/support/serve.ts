import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execSync } from 'node:child_process';

// import.meta.url, not __dirname: the bench (tsx, ES modules) loads this file too.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The renderer must be built for browser mode; `npm test` builds it, a lone vitest run may not have. */
export function ensureRendererBuilt(): void {
  if (!existsSync(join(root, 'renderer/dist/index.html'))) execSync('npm run build:renderer --silent', { cwd: root, stdio: 'inherit' });
}

export interface Served {
  url: string;
  dataDir: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `npm run serve -- --port 0 --data DIR`, as a user would run it, on a fresh data folder. */
export async function serveTerminal(options: { dataDir?: string } = {}): Promise<Served> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'loyal-till-e2e-'));
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'electron/serve.ts'), '--port', '0', '--data', dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Loyal Till serving on (http:\/\/\S+)/.exec(out);
      if (m) ok(m[1]!);
    });
    child.on('exit', (code) => fail(new Error(`serve exited with ${code}: ${out}`)));
  });
  return {
    url,
    dataDir,
    child,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
