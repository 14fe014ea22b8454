/**
 * The only bridge between the sandboxed renderer and the main process: one function per contract
 * command, each on its own channel, plus a subscription to events. `satisfies` makes the compiler
 * list any command missing here. Nothing else of ipcRenderer is exposed.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CommandName, TillCommands } from '../shared/contract';
import type { TillEvent } from '../shared/contract/events';

const call =
  <K extends CommandName>(name: K) =>
  (input: unknown, token: string | null) =>
    ipcRenderer.invoke(`till:${name}`, input, token);

const commands = {
  'system.info': call('system.info'),
  'staff.list': call('staff.list'),
  'staff.login': call('staff.login'),
  'staff.me': call('staff.me'),
  'staff.logout': call('staff.logout'),
  'staff.setLanguage': call('staff.setLanguage'),
  'customer.identify': call('customer.identify'),
  'customer.search': call('customer.search'),
  'customer.get': call('customer.get'),
  'customer.history': call('customer.history'),
  'customer.enroll': call('customer.enroll'),
  'card.link': call('card.link'),
  'stamp.add': call('stamp.add'),
  'reward.redeem': call('reward.redeem'),
  'ledger.reverse': call('ledger.reverse'),
  'staff.create': call('staff.create'),
  'staff.update': call('staff.update'),
  'staff.resetPin': call('staff.resetPin'),
  'audit.verify': call('audit.verify'),
  'shift.current': call('shift.current'),
  'shift.open': call('shift.open'),
  'shift.cash': call('shift.cash'),
  'shift.xReport': call('shift.xReport'),
  'shift.close': call('shift.close'),
  'shift.zReport': call('shift.zReport'),
  'catalogue.get': call('catalogue.get'),
  'catalogue.save': call('catalogue.save'),
  'sale.quote': call('sale.quote'),
  'sale.complete': call('sale.complete'),
  'sale.recent': call('sale.recent'),
  'sale.refund': call('sale.refund'),
  'program.get': call('program.get'),
  'program.templates': call('program.templates'),
  'program.validate': call('program.validate'),
  'program.simulate': call('program.simulate'),
  'loyalty.summary': call('loyalty.summary'),
  'loyalty.flags': call('loyalty.flags'),
  'program.publish': call('program.publish'),
  'printer.get': call('printer.get'),
  'printer.configure': call('printer.configure'),
  'printer.simulatorOutput': call('printer.simulatorOutput'),
  'printer.test': call('printer.test'),
  'printer.reprintLast': call('printer.reprintLast'),
  'receipt.preview': call('receipt.preview'),
  'receipt.print': call('receipt.print'),
  'receipt.printSale': call('receipt.printSale'),
  'receipt.find': call('receipt.find'),
  'receipt.previewSale': call('receipt.previewSale'),
  'device.list': call('device.list'),
  'device.settings': call('device.settings'),
  'device.discover': call('device.discover'),
  'device.configure': call('device.configure'),
  'device.simulate': call('device.simulate'),
  'device.keyboardScan': call('device.keyboardScan'),
  'sync.status': call('sync.status'),
  'sync.now': call('sync.now'),
  'sync.enrol': call('sync.enrol'),
  'ledger.adjust': call('ledger.adjust'),
  'data.export': call('data.export'),
} satisfies TillCommands;

contextBridge.exposeInMainWorld('till', {
  ...commands,
  onEvent(listener: (event: TillEvent) => void): () => void {
    const forward = (_event: IpcRendererEvent, payload: TillEvent) => listener(payload);
    ipcRenderer.on('till:event', forward);
    return () => ipcRenderer.removeListener('till:event', forward);
  },
});
