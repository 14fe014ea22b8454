// `npm start`: the Electron app where Electron's binary is installed (or can be fetched now);
// otherwise the same terminal in browser mode, so the one documented command always runs
// (offline machines, locked-down installs).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const electronDir = join('node_modules', 'electron');

function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

// Electron 45 fetches its binary on first use rather than at install. Try once, quietly and briefly.
if (!electronBinary() && existsSync(join(electronDir, 'install.js'))) {
  spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'ignore', timeout: 120_000 });
}

const run = (command) => {
  const child = spawn(command, { stdio: 'inherit', shell: true });
  child.on('exit', (code) => process.exit(code ?? 1));
};

if (electronBinary()) {
  run('npx electron-vite build && npx electron .');
} else {
  console.log('Electron is not available on this machine: starting Loyal Till in browser mode instead.');
  run(`npm run serve --silent -- ${process.argv.slice(2).join(' ')}`);
}
