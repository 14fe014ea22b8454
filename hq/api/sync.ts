import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { enrolRequestSchema, feedCursorSchema, MAX_FEED_PAGE, MAX_PUSH_BYTES } from '../../shared/sync/wire';
import { issueAllowance } from '../allowance';
import type { HqDeps } from '../deps';
import { HqError } from '../errors';
import { customerByCode, customerById, readFeedJson } from '../sync/feed';
import { checkBatch, storeBatch } from '../sync/push';
import { authenticate, enrol, touchTerminal, type TerminalIdentity } from '../tenancy';

/** The terminal-facing sync API, /v1/* (shared/sync/wire.ts). */
export function registerSyncRoutes(app: FastifyInstance, deps: HqDeps): void {
  const who = async (req: FastifyRequest): Promise<TerminalIdentity> => authenticate(deps, req.headers.authorization);

  app.post('/v1/enrol', async (req) => {
    const parsed = enrolRequestSchema.safeParse(req.body);
    if (!parsed.success) throw new HqError('sync.enrol_code_invalid', { field: parsed.error.issues[0]?.path.join('.') ?? '' });
    return enrol(deps, parsed.data);
  });

  // bodyLimit: a batch over MAX_PUSH_BYTES is refused while it is read (413), before it is parsed.
  app.post('/v1/push', { bodyLimit: MAX_PUSH_BYTES }, async (req) => {
    const terminal = await who(req);
    return storeBatch(deps, terminal, checkBatch(req.body, terminal));
  });

  app.get('/v1/feed', async (req, reply) => {
    const terminal = await who(req);
    const q = req.query as { cursor?: string; limit?: string };
    const cursor = q.cursor ?? '0';
    if (!feedCursorSchema.safeParse(cursor).success) throw new HqError('sync.batch_invalid', { field: 'cursor' });
    const limit = q.limit === undefined ? MAX_FEED_PAGE : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new HqError('sync.batch_invalid', { field: 'limit' });
    await touchTerminal(deps, terminal.terminalId);
    // As bytes: a string reply is measured for Content-Length and then encoded again on write, two
    // passes over a page that is hundreds of kilobytes of mostly Cyrillic text.
    return reply.type('application/json; charset=utf-8').send(Buffer.from(await readFeedJson(deps, terminal, cursor, limit)));
  });

  app.get('/v1/customers/by-code/:code', async (req) => {
    const terminal = await who(req);
    const { code } = req.params as { code: string };
    if (code.length === 0 || code.length > 64) throw new HqError('sync.not_found');
    return customerByCode(deps, terminal, code);
  });

  app.get('/v1/customers/by-id/:id', async (req) => {
    const terminal = await who(req);
    const { id } = req.params as { id: string };
    if (!z.uuid().safeParse(id).success) throw new HqError('sync.not_found');
    return customerById(deps, terminal, id);
  });

  app.get('/v1/allowance', async (req) => {
    const terminal = await who(req);
    await touchTerminal(deps, terminal.terminalId);
    return issueAllowance(deps, terminal);
  });
}
