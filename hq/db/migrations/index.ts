import * as m001 from './001_initial';
import * as m002 from './002_feed_event_refs';
import * as m003 from './003_staff_catalogue';
import * as m004 from './004_velocity_flags';
import * as m005 from './005_ledger_entry_from_event';
import * as m006 from './006_state_only_operations';
import * as m007 from './007_feed_batch_rows';

/** HQ's migrations in order; version = position + 1. Shipped migrations are never edited. */
export const migrations: readonly { name: string; up: string }[] = [m001, m002, m003, m004, m005, m006, m007];
