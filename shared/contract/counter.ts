import { z } from 'zod';
import { command, returns } from './command';
import { everyone, type Role } from './roles';
import { locales } from '../i18n/locale';
import type {
  CustomerSummary,
  CustomerView,
  HistoryEntryView,
  RedeemResult,
  ReverseResult,
  StaffSession,
  StaffSummary,
  StampResult,
  StoreInfo,
} from './views';

export const id = z.uuid();
/** Made by the client per tap, so a double tap or a retried request acts once. */
export const idempotencyKey = z.string().min(8).max(64);
export const pin = z.string().regex(/^\d{4,8}$/);
const language = z.enum(locales);
const cashierOrManager: readonly Role[] = ['cashier', 'manager'];

/** The counter flow: staff, customers, stamps, rewards, reversals. */
export const counterCommands = {
  'system.info': command({
    summary: 'Store, currency, time zone and the program in force.',
    input: z.object({}).strict(),
    access: 'public',
    returns: returns<StoreInfo>(),
  }),
  'staff.list': command({
    summary: 'Staff who can log in on this terminal (names and roles only).',
    input: z.object({}).strict(),
    access: 'public',
    returns: returns<StaffSummary[]>(),
  }),
  'staff.login': command({
    summary: 'Log in with a staff PIN. Five wrong PINs lock that login for five minutes.',
    input: z.object({ staffId: id, pin }).strict(),
    access: 'public',
    returns: returns<StaffSession>(),
  }),
  'staff.me': command({
    summary: 'Who this session belongs to (after a page reload).',
    input: z.object({}).strict(),
    access: everyone,
    returns: returns<StaffSession['staff']>(),
  }),
  'staff.logout': command({
    summary: 'End this session.',
    input: z.object({}).strict(),
    access: everyone,
    returns: returns<null>(),
  }),
  'staff.setLanguage': command({
    summary: "Set the logged-in staff member's UI language (remembered).",
    input: z.object({ language }).strict(),
    access: everyone,
    returns: returns<null>(),
  }),
  'customer.identify': command({
    summary: 'Find the customer of a scanned card code (barcode, QR, magnetic stripe or RFID payload).',
    input: z.object({ code: z.string().min(1).max(200) }).strict(),
    access: everyone,
    returns: returns<CustomerView>(),
  }),
  'customer.search': command({
    summary: 'Find customers by phone number (any format) or by name.',
    input: z.object({ query: z.string().trim().min(2).max(100) }).strict(),
    access: everyone,
    returns: returns<CustomerSummary[]>(),
  }),
  'customer.get': command({
    summary: "A customer's card: stamps and rewards.",
    input: z.object({ customerId: id }).strict(),
    access: everyone,
    returns: returns<CustomerView>(),
  }),
  'customer.history': command({
    summary: "A customer's ledger, newest first: who, when, why.",
    input: z.object({ customerId: id, limit: z.int().min(1).max(200).default(50) }).strict(),
    access: everyone,
    returns: returns<HistoryEntryView[]>(),
  }),
  'customer.enroll': command({
    summary: 'Enrol a new customer, optionally linking a scanned card.',
    input: z
      .object({
        name: z.string().trim().min(1).max(100),
        phone: z.string().trim().min(6).max(25),
        birthday: z.iso.date().optional(),
        email: z.email().optional(),
        marketingConsent: z.boolean().default(false),
        language,
        cardCode: z.string().min(1).max(200).optional(),
        /** Who referred them: the referrer's card code (scanned) or phone number. */
        referredBy: z.string().trim().min(1).max(200).optional(),
      })
      .strict(),
    access: everyone,
    returns: returns<CustomerView>(),
  }),
  'card.link': command({
    summary: 'Link a new or pre-printed card to a customer.',
    input: z.object({ customerId: id, code: z.string().min(1).max(200) }).strict(),
    access: everyone,
    returns: returns<CustomerView>(),
  }),
  'stamp.add': command({
    summary: 'Give stamps (+1, or +N for a group order); a full card turns into a reward.',
    input: z
      .object({
        customerId: id,
        cardId: z.string().min(1).max(50).optional(),
        count: z.int().min(1).max(50),
        visitId: idempotencyKey,
        idempotencyKey,
      })
      .strict(),
    access: cashierOrManager,
    returns: returns<StampResult>(),
  }),
  'reward.redeem': command({
    summary: 'Redeem one reward from the customer’s wallet.',
    input: z
      .object({ customerId: id, rewardId: z.string().min(1).max(50), visitId: idempotencyKey, idempotencyKey })
      .strict(),
    access: everyone,
    returns: returns<RedeemResult>(),
  }),
  'ledger.reverse': command({
    summary:
      'Undo a stamp or redemption with a compensating entry. Older than the current visit needs a manager (or a manager PIN).',
    input: z
      .object({
        operationId: id,
        reason: z.string().trim().min(3).max(200),
        visitId: idempotencyKey.optional(),
        managerPin: pin.optional(),
        idempotencyKey,
      })
      .strict(),
    access: everyone,
    returns: returns<ReverseResult>(),
  }),
} as const;

