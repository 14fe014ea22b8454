import { prepared } from '../db/connection';
import type { CoreDeps, Actor } from './context';
import { recordEvent } from './record';
import { err, ok, type Result } from '../../shared/result';
import type { AppError } from '../../shared/errors';
import type { CustomerSummary, CustomerView, HistoryEntryView, StampCardView, RewardView } from '../../shared/contract/views';
import type { ParsedInputOf } from '../../shared/contract';
import { classifyCode } from '../../shared/codes/classify';
import { maskPhone, normalisePhone, reverseDigits, searchableName } from '../../shared/domain/phone';
import { stampAsset } from '../../shared/domain/ledger';
import type { CustomerRecord } from '../../shared/domain/events';
import { localText, type CounterProgram } from '../../shared/domain/program';
import type { Locale } from '../../shared/i18n/locale';
import { balances, history as ledgerHistory } from '../db/stores/ledger';
import { explain, type ReferralClaim } from '../../shared/loyalty';
import { categoryNames } from '../db/stores/catalogue';
import { effectsOf, readState, recordEngineRun, runEngine } from './operations';

interface CustomerRow {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  birthday: string | null;
  language: Locale;
  marketing_consent: number;
  enrolled_at: number;
}

/** A scanned code -> the card code as stored, or the reason it is not a loyalty card. */
export function loyaltyCode(raw: string): Result<string, AppError> {
  const scanned = classifyCode(raw);
  if (!scanned.ok) return scanned;
  if (scanned.value.kind === 'product') return err({ code: 'code.product_barcode', params: { code: scanned.value.gtin } });
  return ok(scanned.value.code);
}

export function identify(deps: CoreDeps, raw: string): Result<CustomerView, AppError> {
  const code = loyaltyCode(raw);
  if (!code.ok) return code;
  const card = prepared(deps.db, 'SELECT customer_id, blocked FROM cards WHERE code = ?').get(code.value) as
    | { customer_id: string; blocked: number }
    | undefined;
  if (!card) return err({ code: 'customer.card_unknown', params: { code: code.value } });
  return customerView(deps, card.customer_id);
}

export function search(deps: CoreDeps, query: string): CustomerSummary[] {
  const digits = query.replace(/\D/g, '');
  const looksLikePhone = digits.length >= 3 && /^[\d\s+\-()]+$/.test(query.trim());
  let rows: { id: string; name: string; phone: string | null }[];
  if (looksLikePhone) {
    // The end of the number is what a customer says ("...456"), and what is left after a prefix the
    // cashier may or may not type: search by the reversed digits, an indexed prefix range.
    const normalised = normalisePhone(query, deps.country);
    const tail = reverseDigits(normalised && digits.length >= 9 ? normalised : digits);
    rows = prepared(deps.db, 'SELECT id, name, phone FROM customers WHERE phone_rev >= ? AND phone_rev < ? ORDER BY name LIMIT 20')
      .all(tail, `${tail}:`) as typeof rows;
  } else {
    const name = searchableName(query).replace(/[\\%_]/g, (c) => `\\${c}`);
    rows = prepared(deps.db, 
        `SELECT id, name, phone FROM customers WHERE name_search LIKE ? ESCAPE '\\'
         ORDER BY (name_search LIKE ? ESCAPE '\\') DESC, name LIMIT 20`,
      )
      .all(`%${name}%`, `${name}%`) as typeof rows;
  }
  const firstCard = prepared(deps.db, 'SELECT code FROM cards WHERE customer_id = ? AND blocked = 0 ORDER BY linked_at LIMIT 1');
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    phoneMasked: r.phone ? maskPhone(r.phone) : null,
    cardCode: (firstCard.get(r.id) as { code: string } | undefined)?.code ?? null,
  }));
}

export function customerView(deps: CoreDeps, customerId: string): Result<CustomerView, AppError> {
  const { db } = deps;
  const row = prepared(db, 'SELECT * FROM customers WHERE id = ?').get(customerId) as CustomerRow | undefined;
  if (!row) return err({ code: 'customer.not_found' });
  const cards = (prepared(db, 'SELECT code FROM cards WHERE customer_id = ? AND blocked = 0 ORDER BY linked_at').all(customerId) as { code: string }[]).map(
    (c) => c.code,
  );
  const program = deps.program();
  const held = balances(db, customerId);
  const stampCards: StampCardView[] = program.stampCards.map((card) => ({
    cardId: card.id,
    name: card.name,
    size: card.size,
    // Below zero while the customer owes stamps (a refund of stamps already used, issue 6): the card shows none.
    filled: Math.max(0, held.get(stampAsset(card.id)) ?? 0),
    rewardId: card.rewardId,
    rewardName: rewardName(program, card.rewardId),
  }));
  const rewardLots = prepared(db, 
      `SELECT entry_id, asset, remaining, created_at FROM lots
       WHERE customer_id = ? AND asset >= 'reward:' AND asset < 'reward;' AND remaining > 0 ORDER BY created_at, entry_id`,
    )
    .all(customerId) as { entry_id: string; asset: string; remaining: number; created_at: number }[];
  const rewards: RewardView[] = rewardLots.flatMap((lot) => {
    const rewardId = lot.asset.slice('reward:'.length);
    return Array.from({ length: lot.remaining }, () => ({
      lotId: lot.entry_id,
      rewardId,
      name: rewardName(program, rewardId),
      earnedAt: lot.created_at,
    }));
  });
  return ok({
    customer: {
      id: row.id,
      name: row.name,
      phoneMasked: row.phone ? maskPhone(row.phone) : null,
      cardCode: cards[0] ?? null,
      email: row.email,
      birthday: row.birthday,
      language: row.language,
      marketingConsent: row.marketing_consent === 1,
      enrolledAt: row.enrolled_at,
      cards,
    },
    stampCards,
    rewards,
  });
}

function rewardName(program: CounterProgram, rewardId: string) {
  return program.rewards.find((r) => r.id === rewardId)?.name ?? { bg: rewardId, ru: rewardId, en: rewardId };
}

export function enroll(deps: CoreDeps, actor: Actor, input: ParsedInputOf<'customer.enroll'>): Result<CustomerView, AppError> {
  const { db, clock, ids } = deps;
  const phone = normalisePhone(input.phone, deps.country);
  if (!phone) return err({ code: 'input.invalid', params: { field: 'phone' } });
  let cardCode: string | null = null;
  if (input.cardCode !== undefined) {
    const code = loyaltyCode(input.cardCode);
    if (!code.ok) return code;
    cardCode = code.value;
  }
  const now = clock.now();
  const customer: CustomerRecord = {
    id: ids.newId(),
    name: input.name,
    phone,
    email: input.email ?? null,
    birthday: input.birthday ?? null,
    language: input.language,
    marketingConsent: input.marketingConsent,
    marketingConsentAt: input.marketingConsent ? now : null,
    enrolledAt: now,
    enrolledBy: actor.staffId,
  };
  const result = db.transaction((): Result<null, AppError> => {
    const existing = prepared(db, 'SELECT id, name FROM customers WHERE phone = ?').get(phone) as { id: string; name: string } | undefined;
    if (existing) return err({ code: 'customer.phone_taken', params: { existingCustomerId: existing.id, name: existing.name } });
    if (cardCode !== null && prepared(db, 'SELECT 1 FROM cards WHERE code = ?').get(cardCode)) {
      return err({ code: 'customer.card_taken', params: { code: cardCode } });
    }
    // Checked before anything is written: a refused enrolment leaves no customer behind.
    if (input.referredBy !== undefined && !findReferrer(deps, input.referredBy)) return err({ code: 'customer.referrer_unknown' });
    prepared(db, 
      `INSERT INTO customers (id, name, name_search, phone, phone_rev, email, birthday, language, marketing_consent,
                              marketing_consent_at, enrolled_at, enrolled_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      customer.id,
      customer.name,
      searchableName(customer.name),
      phone,
      reverseDigits(phone),
      customer.email,
      customer.birthday,
      customer.language,
      customer.marketingConsent ? 1 : 0,
      customer.marketingConsentAt,
      now,
      actor.staffId,
    );
    recordEvent(deps, { type: 'customer.enrolled', customer });
    if (cardCode !== null) insertCard(deps, customer.id, cardCode, now);
    return enrolLoyalty(deps, actor, customer.id, phone, input.referredBy);
  })();
  if (!result.ok) return result;
  deps.log.info('customer enrolled', { customerId: customer.id, staffId: actor.staffId });
  return customerView(deps, customer.id);
}

export function linkCard(deps: CoreDeps, customerId: string, raw: string): Result<CustomerView, AppError> {
  const code = loyaltyCode(raw);
  if (!code.ok) return code;
  const { db } = deps;
  const result = db.transaction((): Result<null, AppError> => {
    if (!prepared(db, 'SELECT 1 FROM customers WHERE id = ?').get(customerId)) return err({ code: 'customer.not_found' });
    const owner = prepared(db, 'SELECT customer_id FROM cards WHERE code = ?').get(code.value) as { customer_id: string } | undefined;
    if (owner && owner.customer_id !== customerId) return err({ code: 'customer.card_taken', params: { code: code.value } });
    if (!owner) insertCard(deps, customerId, code.value, deps.clock.now());
    return ok(null);
  })();
  if (!result.ok) return result;
  return customerView(deps, customerId);
}

/** The customer a new customer names as referrer (their card code or phone), if this till holds them. */
export function findReferrer(deps: CoreDeps, referredBy: string): { id: string; phone: string | null } | undefined {
  const { db } = deps;
  const code = loyaltyCode(referredBy);
  const byCard = code.ok ? (prepared(db, 'SELECT customer_id FROM cards WHERE code = ? AND blocked = 0').get(code.value) as { customer_id: string } | undefined) : undefined;
  const byPhone = byCard ? undefined : normalisePhone(referredBy, deps.country);
  return byCard
    ? (prepared(db, 'SELECT id, phone FROM customers WHERE id = ?').get(byCard.customer_id) as { id: string; phone: string | null } | undefined)
    : byPhone
      ? (prepared(db, 'SELECT id, phone FROM customers WHERE phone = ?').get(byPhone) as { id: string; phone: string | null } | undefined)
      : undefined;
}

/**
 * The engine's 'enrol' event, in the enrolment's transaction: the welcome bonus, and a referral
 * claim that pays both sides after the new customer's first qualifying purchase.
 */
function enrolLoyalty(deps: CoreDeps, actor: Actor, customerId: string, phone: string, referredBy: string | undefined): Result<null, AppError> {
  const { db } = deps;
  let referral: ReferralClaim | null = null;
  if (referredBy !== undefined) {
    const referrer = findReferrer(deps, referredBy);
    if (!referrer) return err({ code: 'customer.referrer_unknown' });
    const phoneAlreadyReferred = prepared(db, "SELECT 1 FROM loyalty_state s JOIN customers c ON c.id = s.customer_id WHERE c.phone = ? AND c.id <> ? AND s.referral IS NOT NULL").get(phone, customerId) !== undefined;
    referral = { referrerId: referrer.id, referrerPhone: referrer.phone, phoneAlreadyReferred };
  }
  const { document: program } = deps.programDocument();
  const state = readState(deps, customerId, program, deps.clock.now());
  if (!state) return err({ code: 'customer.not_found' });
  const operationId = deps.ids.newId();
  const out = runEngine(deps, state, { type: 'enrol', referral }, { operationId, staffId: actor.staffId });
  if (!out.ok) return out;
  // A referral claimed without a welcome bonus is an operation too: the store of the first purchase needs it.
  recordEngineRun(deps, { customerId, command: 'customer.enroll', visitId: null, reason: null, staffId: actor.staffId, planned: out.value.entries, operationId, engine: effectsOf(state, out.value) });
  return ok(null);
}

function insertCard(deps: CoreDeps, customerId: string, code: string, now: number): void {
  prepared(deps.db, 'INSERT INTO cards (code, customer_id, linked_at) VALUES (?, ?, ?)').run(code, customerId, now);
  recordEvent(deps, { type: 'card.linked', customerId, code, linkedAt: now });
}

/** The ledger in the reader's language: names of cards and rewards are filled into the explanation. */
export function customerHistory(deps: CoreDeps, actor: Actor, customerId: string, limit: number): Result<HistoryEntryView[], AppError> {
  if (!prepared(deps.db, 'SELECT 1 FROM customers WHERE id = ?').get(customerId)) return err({ code: 'customer.not_found' });
  const program = deps.program();
  const { document } = deps.programDocument();
  const categories = categoryNames(deps.db);
  return ok(
    ledgerHistory(deps.db, customerId, limit).map((row) => {
      const params = { ...row.explanation.params };
      if (typeof params.cardId === 'string') {
        const card = program.stampCards.find((c) => c.id === params.cardId);
        params.card = card ? localText(card.name, actor.language) : params.cardId;
      }
      if (typeof params.rewardId === 'string') params.reward = localText(rewardName(program, params.rewardId), actor.language);
      // Money, multipliers, dates and the catalogue's category names, as the receipt and the counter say them.
      const text = explain(document, row.explanation, actor.language, { categories });
      return { ...row, explanation: { key: row.explanation.key, params }, text };
    }),
  );
}

