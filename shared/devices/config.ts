/**
 * How a device is configured: what the settings screen lists and edits, and what the device manager
 * opens. Printers are configured by electron/printing.
 */
import { z } from 'zod';

export const deviceKinds = ['scanner', 'card-reader'] as const;
export type DeviceKind = (typeof deviceKinds)[number];

export const serialOptionsSchema = z.object({
  baudRate: z.int().positive().default(9600),
  dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]).default(8),
  parity: z.enum(['none', 'even', 'odd', 'mark', 'space']).default('none'),
  stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]).default(1),
  rtscts: z.boolean().default(false),
});
export type SerialOptions = z.infer<typeof serialOptionsSchema>;

/** What frames one read in a serial text stream. Escapes such as "\r" are real characters here. */
export const framingSchema = z.object({
  /** Sent by the device before each read ('' for none). Bytes before it are noise and dropped. */
  prefix: z.string().max(8).default(''),
  /** Ends each read ('' when the device sends none: a pause of `idleMs` ends it instead). */
  suffix: z.string().max(8).default('\r'),
  idleMs: z.int().min(10).max(2000).default(80),
});
export type Framing = z.infer<typeof framingSchema>;

export const uidSchema = z.object({
  format: z.enum(['auto', 'hex', 'decimal']).default('auto'),
  reversed: z.boolean().default(false),
});

const common = {
  /** Stable id, used in events and settings: letters, digits, dashes. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  name: z.string().min(1).max(80),
  kind: z.enum(deviceKinds),
  enabled: z.boolean().default(true),
  /** The same code read again within this many ms (a double scan, an RFID tag held still) counts once. */
  repeatWindowMs: z.int().min(0).max(10_000).default(1500),
  /** Keyboard-mode NFC/RFID readers: the device types UIDs, normalised to hex. */
  uid: uidSchema.optional(),
  /** Card readers that pass each track's LRC character. */
  magstripeLrc: z.boolean().default(false),
};

export const serialDeviceSchema = z.object({
  ...common,
  driver: z.literal('serial'),
  path: z.string().min(1),
  /** 'text': barcodes or track data framed by prefix/suffix; 'rdm6300': 125 kHz RFID frames. */
  protocol: z.enum(['text', 'rdm6300']).default('text'),
  serial: serialOptionsSchema.default({ baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, rtscts: false }),
  framing: framingSchema.default({ prefix: '', suffix: '\r', idleMs: 80 }),
});

export const hidDeviceSchema = z.object({
  ...common,
  driver: z.literal('hid'),
  vendorId: z.int().min(0).max(0xffff),
  productId: z.int().min(0).max(0xffff),
  /** Pins one of several identical devices; otherwise the first matching one is used. */
  path: z.string().min(1).optional(),
  /** 'keyboard': boot keyboard reports decoded by usage id; 'pos': HID POS (usage page 0x8C). */
  mode: z.enum(['keyboard', 'pos']),
  /** Keyboard mode: the report id the device puts in front of each report, if any. */
  reportId: z.int().min(1).max(255).optional(),
});

/** A wedge scanner or reader typing into the app: reads come from the renderer or before-input-event. */
/** The one keyboard entry: whatever types into the till (wedge scanners, keyboard-mode UID readers). */
export const KEYBOARD_DEVICE_ID = 'keyboard';

export const keyboardDeviceSchema = z.object({
  ...common,
  driver: z.literal('keyboard'),
});

/** A simulated scanner or card reader, selectable in settings and used by tests. */
export const simulatorDeviceSchema = z.object({
  ...common,
  driver: z.literal('simulator'),
});

export const deviceConfigSchema = z.discriminatedUnion('driver', [
  serialDeviceSchema,
  hidDeviceSchema,
  keyboardDeviceSchema,
  simulatorDeviceSchema,
]);

export type DeviceConfig = z.infer<typeof deviceConfigSchema>;
/** What a settings form may submit: defaults filled in by parsing. */
export type DeviceConfigInput = z.input<typeof deviceConfigSchema>;
export type SerialDeviceConfig = z.infer<typeof serialDeviceSchema>;
export type HidDeviceConfig = z.infer<typeof hidDeviceSchema>;
export type DeviceDriver = DeviceConfig['driver'];

export const deviceConfigListSchema = z.array(deviceConfigSchema).refine(
  (list) => new Set(list.map((d) => d.id)).size === list.length,
  { message: 'device ids must be unique' },
);
