import type { Db } from '../db/connection';
import type { CounterProgram } from '../../shared/domain/program';
import { demoCafeProgram, toCounterProgram, type Program } from '../../shared/loyalty';
import type { Role } from '../../shared/contract/roles';
import type { IdSource } from './clock';
import { hashPin } from '../core/pin';
import { setSetting } from '../db/stores/settings';
import { saveCatalogue } from '../db/stores/catalogue';
import type { Catalogue } from '../../shared/domain/catalogue';

/**
 * The café a fresh install opens on, so a shop can try the counter before configuring anything: the
 * café template as "Demo café" (coffee card of 10 stamps = a free drink, points, birthday drink).
 */
export const demoProgramDocument: Program = demoCafeProgram();
export const demoProgram: CounterProgram = toCounterProgram(demoProgramDocument);

/** Demo staff only: the README tells owners to change these PINs before going live. */
export const demoStaff: { name: string; role: Role; pin: string }[] = [
  { name: 'Мария Петрова', role: 'manager', pin: '1234' },
  { name: 'Иван Георгиев', role: 'cashier', pin: '1111' },
  { name: 'Елена Димитрова', role: 'barista', pin: '2222' },
];

/** A small café menu, so the demo rings up real orders. Prices in euro cents. */
export const demoCatalogue: Omit<Catalogue, 'currency'> = {
  categories: [
    { id: 'coffee', name: { bg: 'Кафе', ru: 'Кофе', en: 'Coffee' }, position: 1 },
    { id: 'tea', name: { bg: 'Чай', ru: 'Чай', en: 'Tea' }, position: 2 },
    { id: 'pastry', name: { bg: 'Закуски', ru: 'Выпечка', en: 'Pastry' }, position: 3 },
    { id: 'drinks', name: { bg: 'Напитки', ru: 'Напитки', en: 'Drinks' }, position: 4 },
  ],
  items: [
    { id: 'espresso', categoryId: 'coffee', name: { bg: 'Еспресо', ru: 'Эспрессо', en: 'Espresso' }, priceMinor: 220, barcode: null, position: 1 },
    { id: 'cappuccino', categoryId: 'coffee', name: { bg: 'Капучино', ru: 'Капучино', en: 'Cappuccino' }, priceMinor: 340, barcode: null, position: 2 },
    { id: 'latte', categoryId: 'coffee', name: { bg: 'Лате', ru: 'Латте', en: 'Latte' }, priceMinor: 360, barcode: null, position: 3 },
    { id: 'flat-white', categoryId: 'coffee', name: { bg: 'Флат уайт', ru: 'Флэт уайт', en: 'Flat white' }, priceMinor: 380, barcode: null, position: 4 },
    { id: 'black-tea', categoryId: 'tea', name: { bg: 'Черен чай', ru: 'Чёрный чай', en: 'Black tea' }, priceMinor: 200, barcode: null, position: 1 },
    { id: 'croissant', categoryId: 'pastry', name: { bg: 'Кроасан', ru: 'Круассан', en: 'Croissant' }, priceMinor: 250, barcode: null, position: 1 },
    { id: 'banitsa', categoryId: 'pastry', name: { bg: 'Баница', ru: 'Баница', en: 'Banitsa' }, priceMinor: 280, barcode: null, position: 2 },
    { id: 'water', categoryId: 'drinks', name: { bg: 'Минерална вода 0,5 л', ru: 'Минеральная вода 0,5 л', en: 'Mineral water 0.5 l' }, priceMinor: 150, barcode: '3800000000003', position: 1 },
  ],
  modifiers: [
    { id: 'oat-milk', name: { bg: 'Овесено мляко', ru: 'Овсяное молоко', en: 'Oat milk' }, priceMinor: 40 },
    { id: 'extra-shot', name: { bg: 'Допълнително еспресо', ru: 'Дополнительный эспрессо', en: 'Extra shot' }, priceMinor: 60 },
  ],
};

export function seedDemo(db: Db, ids: IdSource, now: number): void {
  db.transaction(() => {
    setSetting(db, 'store.name', 'Demo café');
    setSetting(db, 'store.currency', 'EUR');
    setSetting(db, 'store.timeZone', 'Europe/Sofia');
    setSetting(db, 'store.country', 'BG');
    db.prepare('INSERT INTO programs (version, document, published_at) VALUES (?, ?, ?)').run(
      demoProgramDocument.version,
      JSON.stringify(demoProgramDocument),
      now,
    );
    saveCatalogue(db, demoCatalogue);
    const insert = db.prepare('INSERT INTO staff (id, name, role, pin_hash, language, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (const s of demoStaff) insert.run(ids.newId(), s.name, s.role, hashPin(s.pin), 'bg', now);
  })();
}
