/**
 * Child process for the crash test: stamps as fast as it can until it is killed with SIGKILL, so the
 * kill lands between statements of some transaction.
 */
import { createTerminal } from '../../../electron/app/terminal';
import { silentLogger } from '../../../electron/app/logger';
import { inStoreCardCode } from '../../../shared/codes/ean';

const dataDir = process.argv[2]!;
const terminal = createTerminal({ dataDir, log: silentLogger });
const staff = await terminal.dispatch('staff.list', {}, null);
if (!staff.ok) throw new Error('no staff');
const cashier = (staff.value as { id: string; role: string }[]).find((s) => s.role === 'cashier')!;
const login = await terminal.dispatch('staff.login', { staffId: cashier.id, pin: '1111' }, null);
if (!login.ok) throw new Error('login failed');
const token = (login.value as { token: string }).token;
const customers: string[] = [];
for (let i = 0; i < 5; i++) {
  const enrolled = await terminal.dispatch('customer.enroll', { name: `Crash ${i}`, phone: `08880000${10 + i}`, language: 'en', cardCode: inStoreCardCode(500 + i) }, token);
  if (!enrolled.ok) throw new Error(JSON.stringify(enrolled.error));
  customers.push((enrolled.value as { customer: { id: string } }).customer.id);
}
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  await terminal.dispatch('stamp.add', { customerId: customers[i % 5], count: 1 + (i % 4), visitId: `visit-${i}`, idempotencyKey: `crash-${i}` }, token);
}
