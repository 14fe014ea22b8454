import { z } from 'zod';
import { command, returns } from './command';
import { everyone, managers } from './roles';
import type { CustomerSummary as LoyaltySummary, Program, ProgramIssue, RewardOffer, VelocityFlag, ReceiptExtra } from '../loyalty';
import type { Explanation } from '../domain/ledger';

export interface ProgramVersion {
  version: number;
  publishedAt: number;
  document: Program;
}

/** A day a customer went above a velocity limit (flagged, never blocked), for a manager to look at. */
export interface VelocityFlagView {
  id: string;
  operationId: string;
  customerId: string;
  customerName: string;
  ruleId: string;
  metric: string;
  count: number;
  max: number;
  /** The store's local day number (days since 1970-01-01). */
  day: number;
  staffId: string | null;
  staffName: string | null;
  createdAt: number;
}

export interface SimulationResult {
  entries: { asset: string; delta: number; kind: string; explanation: Explanation }[];
  explanations: Explanation[];
  rewardsOffered: RewardOffer[];
  flags: VelocityFlag[];
  receiptExtras: ReceiptExtra[];
}

/** What the counter shows about one customer, with the program that names its rewards, cards and tiers. */
export interface LoyaltySummaryView {
  programVersion: number;
  program: Program;
  summary: LoyaltySummary;
}

const summaryLine = z.object({ itemId: z.string().min(1).max(50), category: z.string().min(1).max(50), quantity: z.int().min(1).max(99), unitPrice: z.int().min(0).max(10_000_000) }).strict();

/** The program as data: read it, start from a template, validate, simulate, publish a new version. */
export const programCommands = {
  'program.get': command({
    summary: 'The program in force, with its version.',
    input: z.object({}).strict(),
    access: everyone,
    returns: returns<ProgramVersion>(),
  }),
  'program.templates': command({
    summary: 'The shipped templates (café, bakery, boutique) to start a program from.',
    input: z.object({}).strict(),
    access: managers,
    returns: returns<{ id: string; document: Program }[]>(),
  }),
  'program.validate': command({
    summary: 'Check a program document; every problem comes back as a translatable issue.',
    input: z.object({ document: z.unknown() }).strict(),
    access: managers,
    returns: returns<{ valid: boolean; issues: ProgramIssue[] }>(),
  }),
  'program.simulate': command({
    summary: 'What a sale would earn and why under a program, before publishing it.',
    input: z
      .object({
        document: z.unknown(),
        customer: z
          .object({
            stamps: z.record(z.string(), z.int().min(0).max(1000)).default({}),
            points: z.int().min(0).max(10_000_000).default(0),
            birthday: z.iso.date().optional(),
            /** For name days. */
            firstName: z.string().trim().min(1).max(50).optional(),
            /** The tier the customer holds now (its multiplier applies to this sale). */
            tierId: z.string().min(1).max(64).optional(),
            enrolledDaysAgo: z.int().min(0).max(36_500).default(365),
          })
          .strict(),
        sale: z
          .object({
            lines: z
              .array(z.object({ itemId: z.string().min(1).max(50), category: z.string().min(1).max(50), quantity: z.int().min(1).max(99), unitPrice: z.int().min(0).max(10_000_000) }).strict())
              .min(1)
              .max(50),
          })
          .strict(),
      })
      .strict(),
    access: managers,
    returns: returns<{ valid: boolean; issues: ProgramIssue[]; result: SimulationResult | null }>(),
  }),
  'loyalty.summary': command({
    summary:
      "A customer's loyalty at the counter: stamps to the next reward, what the points balance affords, tier progress, birthday and name-day banners, expiring lots, and rewards that apply to the current sale.",
    input: z.object({ customerId: z.string().min(1).max(64), lines: z.array(summaryLine).max(50).default([]) }).strict(),
    access: everyone,
    returns: returns<LoyaltySummaryView>(),
  }),
  'loyalty.flags': command({
    summary: 'Velocity flags of the last days (a customer above a per-day limit, and who served them), newest first; all customers or one.',
    input: z.object({ days: z.int().min(1).max(366).default(7), customerId: z.string().min(1).max(64).optional() }).strict(),
    access: managers,
    returns: returns<VelocityFlagView[]>(),
  }),
  'program.publish': command({
    summary: 'Publish a program document as the next version; sales from now on use it.',
    input: z.object({ document: z.unknown() }).strict(),
    access: managers,
    returns: returns<{ valid: boolean; issues: ProgramIssue[]; version: number | null }>(),
  }),
} as const;
