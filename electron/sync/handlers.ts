import type { CoreDeps } from '../core/context';
import type { Handler } from '../core/handlers';
import type { syncCommands } from '../../shared/contract/sync';
import { ok } from '../../shared/result';
import { getSetting } from '../db/stores/settings';

type SyncCommand = keyof typeof syncCommands;

/** `sync.*`: the status bar's indicator and button, and the manager's enrolment. */
export function syncHandlers(deps: CoreDeps): { [K in SyncCommand]: Handler<K> } {
  return {
    'sync.status': () => ok(deps.sync.status()),
    'sync.now': async () => ok(await deps.sync.syncNow()),
    'sync.enrol': (input) =>
      deps.sync.enrol({ url: input.url, code: input.code, name: input.name ?? getSetting(deps.db, 'store.name') ?? deps.terminalId }),
  };
}
