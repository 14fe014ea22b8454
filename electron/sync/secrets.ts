import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the terminal keeps its HQ secret. Not in SQLite: a copied database (a backup, a support
 * export) must not carry the credential with it.
 */
export interface SecretStore {
  get(): string | null;
  set(secret: string): void;
  clear(): void;
  /** 'os' when an OS keychain protects it (Electron safeStorage), 'file' for a 0600 file. */
  readonly kind: 'os' | 'file';
}

/** What Electron's safeStorage offers; main.ts passes it in, so nothing here imports electron. */
export interface OsCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

const FILE = 'hq-credential';

function writePrivate(file: string, data: string | Buffer): void {
  const temp = `${file}.tmp`;
  writeFileSync(temp, data, { mode: 0o600 });
  // mode is masked by umask on creation; chmod makes it exact.
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

/** A 0600 file in the data folder: readable only by the till's own OS user. */
export function createFileSecretStore(dataDir: string): SecretStore {
  const file = join(dataDir, FILE);
  return {
    kind: 'file',
    get: () => (existsSync(file) ? readFileSync(file, 'utf8').trim() || null : null),
    set: (secret) => writePrivate(file, secret),
    clear: () => rmSync(file, { force: true }),
  };
}

/**
 * Encrypted by the OS (DPAPI on Windows, the keyring on Linux) through Electron's safeStorage when
 * it is available, otherwise the 0600 file.
 */
export function createOsSecretStore(dataDir: string, cipher: OsCipher): SecretStore {
  if (!cipher.isEncryptionAvailable()) return createFileSecretStore(dataDir);
  const file = join(dataDir, `${FILE}.enc`);
  return {
    kind: 'os',
    get: () => (existsSync(file) ? cipher.decryptString(readFileSync(file)) || null : null),
    set: (secret) => writePrivate(file, cipher.encryptString(secret)),
    clear: () => rmSync(file, { force: true }),
  };
}
