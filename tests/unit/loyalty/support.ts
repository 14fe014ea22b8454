import { expect } from 'vitest';
import { evaluate, evolve, newCustomerState, type CustomerState, type EngineInput, type EngineOutput, type LoyaltyEvent, type Program, type Sale } from '../../../shared/loyalty';
import { explain } from '../../../shared/loyalty/explain';
import type { Locale } from '../../../shared/i18n';

export const SOFIA = 'Europe/Sofia';
export const MOSCOW = 'Europe/Moscow';

/** Ids derived from the operation id, so the same input gives the same ids. */
export function idsFor(operationId: string): () => string {
  let n = 0;
  return () => `${operationId}#${++n}`;
}

/** A local wall-clock time in Sofia written as an ISO string with its offset, e.g. '2025-03-15T10:00:00+02:00'. */
export const at = (iso: string): number => Date.parse(iso);

export function customer(extra: Partial<CustomerState> = {}, enrolledAt = at('2024-01-10T10:00:00+02:00')): CustomerState {
  return newCustomerState('cust-1', enrolledAt, extra);
}

let opCounter = 0;
export interface Step {
  output: EngineOutput;
  state: CustomerState;
}

/** Runs one event and applies its output, failing the test on an engine error. */
export function step(program: Program, state: CustomerState, event: LoyaltyEvent, now: number, extra: Partial<EngineInput> = {}): Step {
  const operationId = extra.operationId ?? `op-${++opCounter}`;
  const result = evaluate({ program, state, event, now, timeZone: extra.timeZone ?? program.timeZone, operationId, newId: idsFor(operationId), ...extra });
  if (!result.ok) throw new Error(`engine error ${JSON.stringify(result.error)}`);
  return { output: result.value, state: evolve(state, result.value, now) };
}

export function sale(lines: [itemId: string, category: string, quantity: number, unitPrice: number][], extra: Partial<Sale> = {}): Sale {
  return {
    currency: 'EUR',
    lines: lines.map(([itemId, category, quantity, unitPrice]) => ({ itemId, category, quantity, unitPrice, amount: quantity * unitPrice })),
    discounts: [],
    tenders: [],
    ...extra,
  };
}

/** The explanations of an output in one language. */
export const texts = (program: Program, output: EngineOutput, locale: Locale): string[] => output.explanations.map((e) => explain(program, e, locale));

export function expectTexts(program: Program, output: EngineOutput, expected: Record<Locale, string[]>): void {
  for (const locale of ['bg', 'ru', 'en'] as const) expect(texts(program, output, locale), locale).toEqual(expected[locale]);
}
