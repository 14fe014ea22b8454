import { z } from 'zod';
import { command, returns } from './command';
import { everyone, managers } from './roles';

/** Sync with HQ as the status bar and the manager's settings see it. */
export interface SyncStatusView {
  /** False for a café on its own: nothing to sync, nothing limited. */
  enrolled: boolean;
  online: boolean;
  /** Events recorded here that HQ has not acknowledged yet. */
  waiting: number;
  lastSyncAt: number | null;
  /** An error code (translated by the UI), or null after a good round. */
  lastError: string | null;
  hqUrl: string | null;
  storeId: string | null;
  revoked: boolean;
}

export const syncCommands = {
  'sync.status': command({
    summary: 'Online or offline, last sync, events waiting for HQ, last error.',
    input: z.object({}).strict(),
    access: everyone,
    returns: returns<SyncStatusView>(),
  }),
  'sync.now': command({
    summary: 'Push and pull with HQ now (resets the retry backoff).',
    input: z.object({}).strict(),
    access: everyone,
    returns: returns<SyncStatusView>(),
  }),
  'sync.enrol': command({
    summary: 'Connect this terminal to HQ with a one-time code from HQ admin.',
    input: z
      .object({
        url: z.url({ protocol: /^https?$/ }).max(300),
        code: z.string().trim().min(6).max(64),
        name: z.string().trim().min(1).max(100).optional(),
      })
      .strict(),
    access: managers,
    returns: returns<SyncStatusView>(),
  }),
} as const;
