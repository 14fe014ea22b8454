import Fastify, { type FastifyError } from 'fastify';
import { migrate } from './db/migrate';
import { openPg, openPglite, type Sql } from './db/sql';
import { makeDeps } from './deps';
import { createAdmin, type HqAdmin } from './admin';
import { HqError } from './errors';
import { registerSyncRoutes } from './api/sync';
import { registerAdminRoutes } from './api/admin';

export type { HqAdmin, Conflict, StoreView, StoreSummary, TerminalView } from './admin';

export interface HqOptions {
  /** PGlite's data folder; in memory when absent (and no databaseUrl). */
  dataDir?: string;
  /** A real PostgreSQL server (postgres://...), used instead of PGlite. */
  databaseUrl?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  now?: () => number;
  log?: (...a: unknown[]) => void;
  /** The admin UI's password; else HQ_ADMIN_PASSWORD, else one made at first start and logged once. */
  adminPassword?: string;
  /** Where the built admin UI is (hq/admin/dist by default). */
  adminDist?: string;
}

export interface RunningHq {
  url: string;
  admin: HqAdmin;
  close(): Promise<void>;
}

/** Opens the database, migrates it, and serves the sync API (/v1) and the admin (/admin). */
export async function startHq(options: HqOptions = {}): Promise<RunningHq> {
  const log = options.log ?? (() => undefined);
  const now = options.now ?? Date.now;
  const sql: Sql = options.databaseUrl ? openPg(options.databaseUrl) : await openPglite(options.dataDir);
  try {
    await migrate(sql);
  } catch (e) {
    await sql.close();
    throw e;
  }
  const deps = makeDeps(sql, now, log);
  const admin = createAdmin(deps);

  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  app.setErrorHandler((error: FastifyError | HqError, _req, reply) => {
    if (error instanceof HqError) return reply.status(error.status).send({ ok: false, error: { code: error.code, params: error.params } });
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.status(413).send({ ok: false, error: { code: 'sync.batch_too_large', params: {} } });
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send({ ok: false, error: { code: 'sync.batch_invalid', params: { reason: error.code ?? 'bad_request' } } });
    }
    log('hq: internal error', error);
    return reply.status(503).send({ ok: false, error: { code: 'sync.unavailable', params: {} } });
  });
  app.setNotFoundHandler((_req, reply) => reply.status(404).send({ ok: false, error: { code: 'sync.not_found', params: {} } }));
  registerSyncRoutes(app, deps);
  await registerAdminRoutes(app, deps, admin, options);

  const address = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const url = address.replace('[::1]', 'localhost');
  let closed = false;
  return {
    url,
    admin,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await sql.close();
    },
  };
}
