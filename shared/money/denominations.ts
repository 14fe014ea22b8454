/**
 * Notes and coins in circulation, in minor units, largest first: what a manager counts at close.
 * EUR as issued by the ECB; BGN as issued by the Bulgarian National Bank; RUB as issued by the
 * Bank of Russia (kopeck coins below 1 rouble are rare in tills and left out).
 */
export const currencies = ['EUR', 'BGN', 'RUB'] as const;
export type Currency = (typeof currencies)[number];

export const denominations: Record<Currency, readonly number[]> = {
  EUR: [50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
  BGN: [10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
  RUB: [500000, 200000, 100000, 50000, 20000, 10000, 5000, 1000, 500, 200, 100],
};

/** The total of a count by denomination; unknown denominations or negative counts give null. */
export function countTotal(currency: Currency, counted: Readonly<Record<string, number>>): number | null {
  const allowed = new Set(denominations[currency]);
  let total = 0;
  for (const [value, count] of Object.entries(counted)) {
    const minor = Number(value);
    if (!allowed.has(minor) || !Number.isInteger(count) || count < 0) return null;
    total += minor * count;
  }
  return total;
}
