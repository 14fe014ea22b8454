import { prepared, type Db } from '../connection';
import type { Catalogue } from '../../../shared/domain/catalogue';
import type { LocalText } from '../../../shared/domain/program';
import { getSetting } from './settings';

/** Every category's name, retired ones too: old ledger entries still name them. */
export function categoryNames(db: Db): Map<string, LocalText> {
  const rows = prepared(db, 'SELECT id, name FROM categories').all() as { id: string; name: string }[];
  return new Map(rows.map((r) => [r.id, JSON.parse(r.name) as LocalText]));
}

export function loadCatalogue(db: Db): Catalogue {
  const parse = (s: string) => JSON.parse(s) as LocalText;
  return {
    currency: getSetting(db, 'store.currency') ?? 'EUR',
    categories: (prepared(db, 'SELECT id, name, position FROM categories WHERE active = 1 ORDER BY position, id').all() as { id: string; name: string; position: number }[]).map(
      (c) => ({ ...c, name: parse(c.name) }),
    ),
    items: (
      prepared(db, 'SELECT id, category_id, name, price_minor, barcode, position FROM items WHERE active = 1 ORDER BY position, id').all() as {
        id: string;
        category_id: string;
        name: string;
        price_minor: number;
        barcode: string | null;
        position: number;
      }[]
    ).map((i) => ({ id: i.id, categoryId: i.category_id, name: parse(i.name), priceMinor: i.price_minor, barcode: i.barcode, position: i.position })),
    modifiers: (prepared(db, 'SELECT id, name, price_minor FROM modifiers WHERE active = 1 ORDER BY id').all() as { id: string; name: string; price_minor: number }[]).map(
      (m) => ({ id: m.id, name: parse(m.name), priceMinor: m.price_minor }),
    ),
  };
}

/** Upserts what is given and takes the rest off sale; rows are kept because past sales name them. */
export function saveCatalogue(db: Db, catalogue: Omit<Catalogue, 'currency'>): void {
  db.transaction(() => {
    db.exec('UPDATE categories SET active = 0; UPDATE items SET active = 0; UPDATE modifiers SET active = 0;');
    const category = prepared(
      db,
      'INSERT INTO categories (id, name, position, active) VALUES (?, ?, ?, 1) ON CONFLICT (id) DO UPDATE SET name = excluded.name, position = excluded.position, active = 1',
    );
    for (const c of catalogue.categories) category.run(c.id, JSON.stringify(c.name), c.position);
    // A barcode moved from an item taken off sale to a new one must not collide with the old row.
    const clearBarcode = prepared(db, 'UPDATE items SET barcode = NULL WHERE barcode = ? AND id <> ?');
    const item = prepared(
      db,
      `INSERT INTO items (id, category_id, name, price_minor, barcode, position, active) VALUES (?, ?, ?, ?, ?, ?, 1)
       ON CONFLICT (id) DO UPDATE SET category_id = excluded.category_id, name = excluded.name, price_minor = excluded.price_minor,
         barcode = excluded.barcode, position = excluded.position, active = 1`,
    );
    for (const i of catalogue.items) {
      if (i.barcode) clearBarcode.run(i.barcode, i.id);
      item.run(i.id, i.categoryId, JSON.stringify(i.name), i.priceMinor, i.barcode, i.position);
    }
    const modifier = prepared(
      db,
      'INSERT INTO modifiers (id, name, price_minor, active) VALUES (?, ?, ?, 1) ON CONFLICT (id) DO UPDATE SET name = excluded.name, price_minor = excluded.price_minor, active = 1',
    );
    for (const m of catalogue.modifiers) modifier.run(m.id, JSON.stringify(m.name), m.priceMinor);
  })();
}
