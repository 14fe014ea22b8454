import type { z } from 'zod';
import { err, ok, type Result } from '../../shared/result';
import type { AppError } from '../../shared/errors';
import { WIRE_VERSION, type CustomerSnapshot, type EnrolResponse, type PushRequest, type PushResponse, type SignedAllowance } from '../../shared/sync/wire';
import {
  customerSnapshotSchema,
  enrolResponseSchema,
  errorAnswerSchema,
  feedPageSchema,
  pushResponseSchema,
  signedAllowanceSchema,
  type ParsedFeedPage,
} from '../../shared/sync/schemas';
import { isSyncErrorCode } from '../../shared/sync/errors';

/** Where HQ is and who this terminal is to it. */
export interface HqConnection {
  url: string;
  terminalId: string;
  secret: string;
}

export type HqReply<T> = Promise<Result<T, AppError>>;

/**
 * The port to HQ (the wire format in shared/sync/wire.ts). Every answer is checked before it is
 * returned: a malformed one is `sync.batch_invalid`, an unreachable HQ or a 5xx `sync.unavailable`,
 * so the worker never applies half of something it did not understand.
 */
export interface HqClient {
  enrol(url: string, request: { code: string; terminalId: string; name: string }): HqReply<EnrolResponse>;
  push(connection: HqConnection, request: Omit<PushRequest, 'wire' | 'terminalId'>): HqReply<PushResponse>;
  feed(connection: HqConnection, cursor: string, limit: number): HqReply<ParsedFeedPage>;
  customerByCode(connection: HqConnection, code: string): HqReply<CustomerSnapshot>;
  /** A referrer named by a referral claimed at another store (the only id a till asks HQ for). */
  customerById(connection: HqConnection, customerId: string): HqReply<CustomerSnapshot>;
  allowance(connection: HqConnection): HqReply<SignedAllowance>;
}

export interface FetchHqClientOptions {
  fetch?: typeof fetch;
  /** A request that takes longer is abandoned as `sync.unavailable`. */
  timeoutMs?: number;
}

/** The real adapter: JSON over HTTP(S) with the built-in fetch. */
export function createFetchHqClient(options: FetchHqClientOptions = {}): HqClient {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function request<T>(
    base: string,
    path: string,
    init: { method: 'GET' | 'POST'; body?: unknown; connection?: HqConnection; retry?: boolean },
    schema: z.ZodType<T>,
  ): HqReply<T> {
    let url: URL;
    try {
      url = new URL(path, base.endsWith('/') ? base : `${base}/`);
    } catch {
      return err({ code: 'input.invalid', params: { field: 'url' } });
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.connection) headers.authorization = `Bearer ${init.connection.terminalId}.${init.connection.secret}`;
    let status = 0;
    let text = '';
    const body = init.body !== undefined ? JSON.stringify(init.body) : undefined;
    // One more try after a connection-level failure (a kept-alive connection that died while idle):
    // every request but enrolment is idempotent at HQ, so asking twice is safe.
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await doFetch(url, { method: init.method, headers, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(timeoutMs) });
        status = response.status;
        text = await response.text();
        break;
      } catch {
        if (attempt >= 1 || init.retry === false) return err({ code: 'sync.unavailable' });
      }
    }
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      return err({ code: status >= 500 ? 'sync.unavailable' : 'sync.batch_invalid', params: { status } });
    }
    if (status >= 400 || (typeof answer === 'object' && answer !== null && (answer as { ok?: unknown }).ok === false)) {
      const refusal = errorAnswerSchema.safeParse(answer);
      if (status >= 500) return err({ code: 'sync.unavailable', params: { status } });
      if (refusal.success && isSyncErrorCode(refusal.data.error.code)) {
        const { code, params } = refusal.data.error;
        return err(params && Object.keys(params).length > 0 ? { code, params } : { code });
      }
      return err({ code: status === 401 ? 'sync.unauthorized' : status === 403 ? 'sync.forbidden' : status === 404 ? 'sync.not_found' : 'sync.batch_invalid', params: { status } });
    }
    // HQ may wrap a value as {ok: true, value}; accept both shapes.
    const value = typeof answer === 'object' && answer !== null && (answer as { ok?: unknown }).ok === true && 'value' in answer ? (answer as { value: unknown }).value : answer;
    const parsed = schema.safeParse(value);
    if (!parsed.success) return err({ code: 'sync.batch_invalid', params: { status } });
    return ok(parsed.data);
  }

  return {
    enrol: (url, r) =>
      request(url, 'v1/enrol', { method: 'POST', retry: false, body: { wire: WIRE_VERSION, code: r.code, terminalId: r.terminalId, name: r.name } }, enrolResponseSchema),
    push: (c, r) => request(c.url, 'v1/push', { method: 'POST', connection: c, body: { wire: WIRE_VERSION, terminalId: c.terminalId, ...r } }, pushResponseSchema),
    feed: (c, cursor, limit) =>
      request(c.url, `v1/feed?cursor=${encodeURIComponent(cursor)}&limit=${Math.trunc(limit)}`, { method: 'GET', connection: c }, feedPageSchema),
    customerByCode: (c, code) => request(c.url, `v1/customers/by-code/${encodeURIComponent(code)}`, { method: 'GET', connection: c }, customerSnapshotSchema),
    customerById: (c, id) => request(c.url, `v1/customers/by-id/${encodeURIComponent(id)}`, { method: 'GET', connection: c }, customerSnapshotSchema),
    allowance: (c) => request(c.url, 'v1/allowance', { method: 'GET', connection: c }, signedAllowanceSchema),
  };
}
