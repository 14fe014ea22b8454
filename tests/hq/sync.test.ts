import { createPublicKey, verify } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalGrant, MAX_PUSH_EVENTS, type SignedAllowance } from '../../shared/sync/wire';
import { backends, chain, FakeTerminal, newId, openHq, programDocument, type TestHq } from './support';

describe.each(backends)('HQ sync on $name', (backend) => {
  let hq: TestHq;
  beforeAll(async () => {
    hq = await openHq(backend);
  }, 180_000);
  afterAll(async () => hq?.destroy(), 180_000);

  describe('enrolment', () => {
    it('turns a one-time code into a credential, and refuses the code a second time', async () => {
      const { organisationId, storeIds } = await chain(hq, 1);
      const { code } = await hq.admin.createEnrolCode({ storeId: storeIds[0]! });
      const t = new FakeTerminal(hq.url);
      const first = await t.enrol(code);
      expect(first.status).toBe(200);
      expect(t.enrolment).toMatchObject({ organisationId, storeId: storeIds[0], terminalId: t.id });
      expect(t.enrolment!.secret.length).toBeGreaterThanOrEqual(40);

      const other = new FakeTerminal(hq.url);
      const again = await other.enrol(code);
      expect(again.status).toBe(400);
      expect(again.body).toEqual({ ok: false, error: { code: 'sync.enrol_code_invalid', params: {} } });
      expect((await other.feed()).status).toBe(401);
    });

    it('refuses an expired code and an unknown one', async () => {
      const { storeIds } = await chain(hq, 1);
      const { code } = await hq.admin.createEnrolCode({ storeId: storeIds[0]!, ttlMs: -1 });
      expect((await new FakeTerminal(hq.url).enrol(code)).status).toBe(400);
      expect((await new FakeTerminal(hq.url).enrol('ABCD-EFGH-JKLM')).status).toBe(400);
    });

    it('refuses requests without a credential or with a wrong secret', async () => {
      const { storeIds } = await chain(hq, 1);
      const t = await FakeTerminal.enrolled(hq, storeIds[0]!);
      t.secret = t.secret.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
      expect((await t.feed()).status).toBe(401);
      expect((await t.request('GET', '/v1/feed', undefined, false)).status).toBe(401);
    });
  });

  describe('push', () => {
    it('stores each event once and acknowledges the highest contiguous seq; a repeated batch changes nothing', async () => {
      const { organisationId, storeIds } = await chain(hq, 1);
      const t = await FakeTerminal.enrolled(hq, storeIds[0]!);
      const customer = newId();
      const batch = [t.enrolCustomer(customer), t.linkCard(customer, 'LT-1001'), t.ledger(customer, 'stamp.add', [['stamps:coffee', 3]])];
      const first = await t.push(batch);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ ackSeq: 3, stored: 3, conflicts: 0 });
      const again = await t.push(batch);
      expect(again.body).toEqual({ ackSeq: 3, stored: 0, conflicts: 0 });
      // A batch overlapping the acknowledged part: only the new events are stored.
      const more = [...batch.slice(1), t.ledger(customer, 'stamp.add', [['stamps:coffee', 2]])];
      expect((await t.push(more)).body).toEqual({ ackSeq: 4, stored: 1, conflicts: 0 });
      expect(await hq.admin.eventCount(organisationId)).toBe(4);
      expect(await hq.admin.customerBalances(organisationId, customer)).toEqual({ 'stamps:coffee': 5 });
    });

    it('stores a batch once when the connection is cut after HQ committed, before the ack was read', async () => {
      const { organisationId, storeIds } = await chain(hq, 1);
      const t = await FakeTerminal.enrolled(hq, storeIds[0]!);
      const customer = newId();
      const batch = [t.enrolCustomer(customer), t.ledger(customer, 'stamp.add', [['stamps:coffee', 1]])];
      const body = JSON.stringify({ wire: 1, terminalId: t.id, sentAt: Date.now(), events: batch });
      const { hostname: host, port } = new URL(hq.url);
      // Send the request whole, then close the socket without reading a byte of the answer.
      await new Promise<void>((done, fail) => {
        const socket = connect(Number(port), host, () => {
          socket.write(
            `POST /v1/push HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nAuthorization: ${t.authorization}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
            () => {
              socket.destroy();
              done();
            },
          );
        });
        socket.on('error', fail);
      });
      // The terminal never saw an ack, so it sends the batch again until it gets one.
      let answer = await t.push(batch);
      for (let i = 0; i < 50 && answer.body.stored === undefined; i++) answer = await t.push(batch);
      expect(answer.status).toBe(200);
      expect(answer.body.ackSeq).toBe(2);
      expect(await hq.admin.eventCount(organisationId)).toBe(2);
      expect(await hq.admin.customerBalances(organisationId, customer)).toEqual({ 'stamps:coffee': 1 });
    });

    it('refuses a whole batch with one malformed event, and stores none of it', async () => {
      const { organisationId, storeIds } = await chain(hq, 1);
      const t = await FakeTerminal.enrolled(hq, storeIds[0]!);
      const customer = newId();
      const good = t.enrolCustomer(customer);
      const bad = t.ledger(customer, 'stamp.add', [['stamps:coffee', 1]]);
      (bad.payload['entries'] as { delta: unknown }[])[0]!.delta = 'one';
      const r = await t.push([good, bad]);
      expect(r.status).toBe(400);
      expect(r.body.error?.code).toBe('sync.batch_invalid');
      expect(r.body.error?.params['seq']).toBe(2);
      expect(await hq.admin.eventCount(organisationId)).toBe(0);
      expect(await hq.admin.customerBalances(organisationId, customer)).toEqual({});
      // Ledger entries must be the pushing terminal's own.
      t.seq = 0;
      const forged = [t.enrolCustomer(customer), t.ledger(customer, 'stamp.add', [['stamps:coffee', 1]])];
      (forged[1]!.payload['entries'] as { terminalId: string }[])[0]!.terminalId = newId();
      expect((await t.push(forged)).status).toBe(400);
      expect(await hq.admin.eventCount(organisationId)).toBe(0);
    });

    it('refuses a batch over the event limit or the byte limit with 413', async () => {
      const { organisationId, storeIds } = await chain(hq, 1);
      const t = await FakeTerminal.enrolled(hq, storeIds[0]!);
      const customer = newId();
      const tooMany = Array.from({ length: MAX_PUSH_EVENTS + 1 }, () => t.ledger(customer, 'stamp.add', [['stamps:coffee', 1]]));
      const r = await t.push(tooMany);
      expect(r.status).toBe(413);
      expect(r.body.error?.code).toBe('sync.batch_too_large');
      t.seq = 0;
      const huge = t.enrolCustomer(customer, 'x'.repeat(200));
      (huge.payload as Record<string, unknown>)['padding'] = 'я'.repeat(2_200_000);
      const big = await t.push([huge]);
      expect(big.status).toBe(413);
      expect(big.body.error?.code).toBe('sync.batch_too_large');
      expect(await hq.admin.eventCount(organisationId)).toBe(0);
    });

    it('refuses a batch that skips ahead of the acknowledged seq (409), and one that reuses a held seq with another event', async () => {
      const { organisationId, storeIds } = await chain(hq, 1);
      const t = await FakeTerminal.enrolled(hq, storeIds[0]!);
      const customer = newId();
      expect((await t.push([t.enrolCustomer(customer)])).status).toBe(200);
      t.seq = 5;
      const gap = await t.push([t.ledger(customer, 'stamp.add', [['stamps:coffee', 1]])]);
      expect(gap.status).toBe(409);
      expect(gap.body.error).toEqual({ code: 'sync.sequence_gap', params: { ackSeq: 1 } });
      t.seq = 0;
      const reused = await t.push([t.ledger(customer, 'stamp.add', [['stamps:coffee', 1]])]);
      expect(reused.status).toBe(400);
      expect(await hq.admin.eventCount(organisationId)).toBe(1);
    });

    it('refuses a whole batch that reuses an event id or a ledger entry id already stored, and stores none of it', async () => {
      const { organisationId, storeIds } = await chain(hq, 1);
      const t = await FakeTerminal.enrolled(hq, storeIds[0]!);
      const customer = newId();
      const enrolled = t.enrolCustomer(customer);
      const stamp = t.ledger(customer, 'stamp.add', [['stamps:coffee', 1]]);
      expect((await t.push([enrolled, stamp])).status).toBe(200);
      // A new seq carrying an event id HQ already holds
      const fine = t.ledger(customer, 'stamp.add', [['stamps:coffee', 1]]);
      const sameId = { ...t.ledger(customer, 'stamp.add', [['stamps:coffee', 1]]), id: stamp.id };
      const first = await t.push([fine, sameId]);
      expect(first.status).toBe(400);
      expect(first.body.error).toMatchObject({ code: 'sync.batch_invalid', params: { field: 'id', reason: 'event_id_reused' } });
      // A new event whose ledger entry reuses a stored entry's id
      t.seq = 2;
      const again = t.ledger(customer, 'stamp.add', [['stamps:coffee', 1]]);
      const entries = again.payload['entries'] as { id: string }[];
      entries[0]!.id = (stamp.payload['entries'] as { id: string }[])[0]!.id;
      const second = await t.push([again]);
      expect(second.status).toBe(400);
      expect(second.body.error).toMatchObject({ code: 'sync.batch_invalid', params: { field: 'payload.entries.id', reason: 'entry_id_reused' } });
      expect(await hq.admin.eventCount(organisationId)).toBe(2);
      expect(await hq.admin.customerBalances(organisationId, customer)).toEqual({ 'stamps:coffee': 1 });
    });
  });

  describe('tenancy', () => {
    it("refuses a terminal pushing another terminal's events, and keeps each organisation's feed to itself", async () => {
      const a = await chain(hq, 1);
      const b = await chain(hq, 1);
      const ta = await FakeTerminal.enrolled(hq, a.storeIds[0]!);
      const tb = await FakeTerminal.enrolled(hq, b.storeIds[0]!);
      const tb2 = await FakeTerminal.enrolled(hq, b.storeIds[0]!);
      const customer = newId();
      // ta, authenticated as itself, claims tb's terminal id (organisation B).
      const r = await ta.request('POST', '/v1/push', { wire: 1, terminalId: tb.id, sentAt: Date.now(), events: [tb.enrolCustomer(customer)] });
      expect(r.status).toBe(403);
      expect(await hq.admin.eventCount(b.organisationId)).toBe(0);
      expect(await hq.admin.eventCount(a.organisationId)).toBe(0);

      tb.seq = 0;
      await tb.push([tb.enrolCustomer(customer), tb.linkCard(customer, 'B-CARD-1')]);
      await hq.admin.publishProgram({ organisationId: b.organisationId, document: programDocument('B') });
      const seenByB = await tb2.drainFeed();
      expect(seenByB.items.map((i) => i.kind).sort()).toEqual(['customer', 'program']);
      const seenByA = await ta.drainFeed();
      expect(seenByA.items).toEqual([]);
      // Nor can A find B's customer by card.
      expect((await ta.request('GET', '/v1/customers/by-code/B-CARD-1')).status).toBe(404);
      expect((await tb2.request('GET', '/v1/customers/by-code/B-CARD-1')).status).toBe(200);
    });

    it('refuses a revoked terminal (401) and nothing it sends is stored', async () => {
      const { organisationId, storeIds } = await chain(hq, 1);
      const t = await FakeTerminal.enrolled(hq, storeIds[0]!);
      await hq.admin.revokeTerminal(t.id);
      const r = await t.push([t.enrolCustomer()]);
      expect(r.status).toBe(401);
      expect(r.body.error?.code).toBe('sync.unauthorized');
      expect((await t.feed()).status).toBe(401);
      expect((await t.request('GET', '/v1/allowance')).status).toBe(401);
      expect(await hq.admin.eventCount(organisationId)).toBe(0);
    });
  });

  describe('offline allowance', () => {
    it('is signed with the key given at enrolment, follows the policy and expires', async () => {
      const { organisationId, storeIds } = await chain(hq, 1);
      await hq.admin.setAllowancePolicy({ organisationId, perCustomerPerDay: { rewards: 2, points: 300 }, total: { rewards: 40, points: 9000 }, ttlMs: 3_600_000 });
      const t = await FakeTerminal.enrolled(hq, storeIds[0]!);
      const r = await t.request('GET', '/v1/allowance');
      expect(r.status).toBe(200);
      const allowance = r.body as SignedAllowance;
      expect(allowance.grant).toMatchObject({ terminalId: t.id, perCustomerPerDay: { rewards: 2, points: 300 }, total: { rewards: 40, points: 9000 } });
      expect(allowance.grant.expiresAt - allowance.grant.issuedAt).toBe(3_600_000);
      const key = createPublicKey({ key: Buffer.from(t.enrolment!.allowanceKey, 'base64'), format: 'der', type: 'spki' });
      const signature = Buffer.from(allowance.signature, 'base64');
      expect(verify(null, Buffer.from(canonicalGrant(allowance.grant)), key, signature)).toBe(true);
      const widened = { ...allowance.grant, total: { rewards: 4000, points: 9000 } };
      expect(verify(null, Buffer.from(canonicalGrant(widened)), key, signature)).toBe(false);
    });
  });
});
