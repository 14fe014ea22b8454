import { homedir, platform } from 'node:os';
import { join } from 'node:path';

/** Where Electron's app.getPath('userData') would put our data, so both modes share one folder. */
export function defaultDataDir(): string {
  const home = homedir();
  switch (platform()) {
    case 'win32':
      return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Loyal Till');
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Loyal Till');
    default:
      return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Loyal Till');
  }
}
