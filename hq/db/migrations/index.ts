import * as m001 from './001_initial';

/** HQ's migrations in order; version = position + 1. Shipped migrations are never edited. */
export const migrations: readonly { name: string; up: string }[] = [m001];
