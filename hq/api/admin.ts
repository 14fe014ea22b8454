import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HqAdmin } from '../admin';
import type { HqDeps } from '../deps';
import { HqError } from '../errors';
import { createStore } from '../tenancy';

interface AdminOptions {
  adminPassword?: string;
  adminDist?: string;
}

const SESSION_MS = 12 * 60 * 60 * 1000;

function hashPassword(password: string, salt = randomBytes(16).toString('hex')): string {
  return `scrypt:${salt}:${scryptSync(password, salt, 32).toString('hex')}`;
}

function passwordMatches(password: string, stored: string): boolean {
  const [, salt, hash] = stored.split(':');
  if (!salt || !hash) return false;
  const given = scryptSync(password, salt, 32);
  const held = Buffer.from(hash, 'hex');
  return given.length === held.length && timingSafeEqual(given, held);
}

/**
 * The admin password's hash: from the option or HQ_ADMIN_PASSWORD when given (and then kept), else
 * the one stored at first start, else a new one, made now and logged once.
 */
async function adminPasswordHash(deps: HqDeps, given: string | undefined): Promise<string> {
  if (given) return hashPassword(given);
  const [row] = await deps.sql.query<{ value: string }>("SELECT value FROM settings WHERE key = 'admin_password'");
  if (row) return row.value;
  const password = randomBytes(9).toString('base64url');
  const hash = hashPassword(password);
  const [kept] = await deps.sql.query<{ value: string }>(
    "INSERT INTO settings (key, value) VALUES ('admin_password', $1) ON CONFLICT (key) DO UPDATE SET value = settings.value RETURNING value",
    [hash],
  );
  if (kept?.value === hash) deps.log(`Loyal Till HQ admin password (shown once, set HQ_ADMIN_PASSWORD to choose one): ${password}`);
  return kept?.value ?? hash;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

/** /admin (the built React UI) and /admin/api/* (its JSON API, behind the admin password). */
export async function registerAdminRoutes(app: FastifyInstance, deps: HqDeps, admin: HqAdmin, options: AdminOptions): Promise<void> {
  const hash = await adminPasswordHash(deps, options.adminPassword ?? process.env['HQ_ADMIN_PASSWORD']);
  const sessions = new Map<string, number>();

  const requireAdmin = (req: FastifyRequest): void => {
    const m = /^Bearer ([A-Za-z0-9_-]{20,})$/.exec(req.headers.authorization ?? '');
    const until = m ? sessions.get(m[1]!) : undefined;
    if (until === undefined || until < deps.now()) throw new HqError('admin.unauthorized');
  };
  const body = (req: FastifyRequest): Record<string, unknown> => {
    if (typeof req.body !== 'object' || req.body === null) throw new HqError('admin.invalid', { field: 'body' });
    return req.body as Record<string, unknown>;
  };
  const str = (v: unknown, field: string): string => {
    if (typeof v !== 'string') throw new HqError('admin.invalid', { field });
    return v;
  };

  app.post('/admin/api/login', async (req) => {
    const password = str(body(req)['password'], 'password');
    if (!passwordMatches(password, hash)) throw new HqError('admin.unauthorized');
    const token = randomBytes(24).toString('base64url');
    sessions.set(token, deps.now() + SESSION_MS);
    return { token };
  });

  app.get('/admin/api/organisations', async (req) => {
    requireAdmin(req);
    return admin.listOrganisations();
  });
  app.post('/admin/api/organisations', async (req) => {
    requireAdmin(req);
    const b = body(req);
    const policy = b['conflictPolicy'];
    return admin.createOrganisation({ name: str(b['name'], 'name'), conflictPolicy: policy === 'carry_negative' ? 'carry_negative' : 'write_off' });
  });
  app.get('/admin/api/organisations/:org/stores', async (req) => {
    requireAdmin(req);
    return admin.listStores((req.params as { org: string }).org);
  });
  app.post('/admin/api/organisations/:org/stores', async (req) => {
    requireAdmin(req);
    const b = body(req);
    const currency = str(b['currency'], 'currency');
    if (currency !== 'EUR' && currency !== 'BGN' && currency !== 'RUB') throw new HqError('admin.invalid', { field: 'currency' });
    return createStore(deps, { organisationId: (req.params as { org: string }).org, name: str(b['name'], 'name'), currency, timeZone: str(b['timeZone'], 'timeZone') });
  });
  app.post('/admin/api/stores/:store/enrol-codes', async (req) => {
    requireAdmin(req);
    return admin.createEnrolCode({ storeId: (req.params as { store: string }).store });
  });
  app.post('/admin/api/terminals/:terminal/revoke', async (req) => {
    requireAdmin(req);
    await admin.revokeTerminal((req.params as { terminal: string }).terminal);
    return { ok: true };
  });
  app.get('/admin/api/organisations/:org/programs', async (req) => {
    requireAdmin(req);
    return admin.listPrograms((req.params as { org: string }).org);
  });
  app.post('/admin/api/organisations/:org/programs', async (req) => {
    requireAdmin(req);
    return admin.publishProgram({ organisationId: (req.params as { org: string }).org, document: body(req)['document'] });
  });
  app.get('/admin/api/organisations/:org/staff', async (req) => {
    requireAdmin(req);
    return admin.listStaff((req.params as { org: string }).org);
  });
  // A new member (no id) or a change; `pin` is hashed at once and never stored or sent on as text.
  app.post('/admin/api/organisations/:org/staff', async (req) => {
    requireAdmin(req);
    const b = body(req);
    const role = str(b['role'], 'role');
    if (role !== 'cashier' && role !== 'barista' && role !== 'manager') throw new HqError('admin.invalid', { field: 'role' });
    const opt = (k: string) => (b[k] === undefined || b[k] === null || b[k] === '' ? undefined : str(b[k], k));
    const active = b['active'];
    if (active !== undefined && typeof active !== 'boolean') throw new HqError('admin.invalid', { field: 'active' });
    const id = opt('id');
    const pin = opt('pin');
    const pinHash = opt('pinHash');
    return admin.saveStaff({
      organisationId: (req.params as { org: string }).org,
      name: str(b['name'], 'name'),
      role,
      ...(id !== undefined ? { id } : {}),
      ...(pin !== undefined ? { pin } : {}),
      ...(pinHash !== undefined ? { pinHash } : {}),
      ...(active !== undefined ? { active } : {}),
    });
  });
  app.get('/admin/api/organisations/:org/catalogue', async (req) => {
    requireAdmin(req);
    return (await admin.currentCatalogue((req.params as { org: string }).org)) ?? { version: 0, publishedAt: null, document: null };
  });
  app.post('/admin/api/organisations/:org/catalogue', async (req) => {
    requireAdmin(req);
    return admin.publishCatalogue({ organisationId: (req.params as { org: string }).org, document: body(req)['document'] });
  });
  app.get('/admin/api/organisations/:org/customers', async (req) => {
    requireAdmin(req);
    return admin.findCustomers((req.params as { org: string }).org, String((req.query as { q?: string }).q ?? ''));
  });
  app.get('/admin/api/organisations/:org/conflicts', async (req) => {
    requireAdmin(req);
    const open = (req.query as { open?: string }).open;
    return admin.listConflicts((req.params as { org: string }).org, open === undefined ? {} : { open: open === 'true' });
  });
  app.post('/admin/api/conflicts/:conflict/resolve', async (req) => {
    requireAdmin(req);
    const b = body(req);
    const resolution = str(b['resolution'], 'resolution');
    if (resolution !== 'write_off' && resolution !== 'carry_negative' && resolution !== 'reviewed') throw new HqError('admin.invalid', { field: 'resolution' });
    await admin.resolveConflict({ conflictId: (req.params as { conflict: string }).conflict, resolution, managerName: str(b['managerName'], 'managerName') });
    return { ok: true };
  });
  app.get('/admin/api/organisations/:org/summary', async (req) => {
    requireAdmin(req);
    return admin.summary((req.params as { org: string }).org);
  });

  const dist = resolve(options.adminDist ?? 'hq/admin/dist');
  const sendFile = (path: string) => ({ type: contentTypes[extname(path)] ?? 'application/octet-stream', data: readFileSync(path) });
  app.get('/admin', async (_req, reply) => reply.redirect('/admin/'));
  app.get('/admin/*', async (req, reply) => {
    const rest = (req.params as { '*': string })['*'] || 'index.html';
    const path = normalize(join(dist, rest));
    const file = path.startsWith(dist) && existsSync(path) && statSync(path).isFile() ? path : join(dist, 'index.html');
    if (!existsSync(file)) return reply.status(404).type('text/plain; charset=utf-8').send('The admin UI is not built: npm run build:hq-admin');
    const { type, data } = sendFile(file);
    return reply.type(type).header('cache-control', 'no-cache').send(data);
  });
}
