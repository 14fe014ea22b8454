import type { z } from 'zod';
import { contract } from '../shared/contract';
import type { HqDeps } from './deps';
import { HqError } from './errors';
import { lockFeed } from './sync/feed';

export type CatalogueDocument = z.infer<(typeof contract)['catalogue.save']['input']>;

/**
 * Publishes a whole catalogue (categories, items, modifiers: the terminal's `catalogue.save` input)
 * as the organisation's next version, and sends it to every store's terminals as a `catalogue` feed
 * item. A terminal replaces its catalogue with it, as a manager's save would: items left out go off
 * sale, never deleted. A manager's local edits at a store stay local until HQ publishes again.
 */
export async function publishCatalogue(deps: HqDeps, input: { organisationId: string; document: unknown }): Promise<{ version: number }> {
  const parsed = contract['catalogue.save'].input.safeParse(input.document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HqError('admin.invalid', { field: issue ? `document.${issue.path.join('.')}` : 'document' });
  }
  const document = parsed.data;
  const categories = new Set(document.categories.map((c) => c.id));
  const missing = document.items.find((i) => !categories.has(i.categoryId));
  if (missing) throw new HqError('admin.invalid', { field: 'document.items.categoryId', item: missing.id });
  return deps.sql.transaction(async (tx) => {
    const org = await tx.query('SELECT 1 FROM organisations WHERE id = $1 FOR UPDATE', [input.organisationId]);
    if (org.length === 0) throw new HqError('admin.not_found', { what: 'organisation' });
    const [row] = await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM catalogues WHERE organisation_id = $1', [input.organisationId]);
    const version = (row?.v ?? 0) + 1;
    const now = deps.now();
    await tx.query('INSERT INTO catalogues (organisation_id, version, document, published_at) VALUES ($1, $2, $3, $4)', [
      input.organisationId,
      version,
      JSON.stringify(document),
      now,
    ]);
    await lockFeed(tx, input.organisationId);
    await tx.query(`INSERT INTO feed (organisation_id, store_id, origin_terminal_id, kind, item, created_at) VALUES ($1, NULL, NULL, 'catalogue', $2::jsonb, $3)`, [
      input.organisationId,
      JSON.stringify({ kind: 'catalogue', version, catalogue: document, publishedAt: now }),
      now,
    ]);
    return { version };
  });
}

/** The newest catalogue and the list of versions, for HQ admin. */
export async function currentCatalogue(
  deps: HqDeps,
  organisationId: string,
): Promise<{ version: number; publishedAt: number; document: CatalogueDocument } | null> {
  const [row] = await deps.sql.query<{ version: number; published_at: number; document: CatalogueDocument }>(
    'SELECT version, published_at, document FROM catalogues WHERE organisation_id = $1 ORDER BY version DESC LIMIT 1',
    [organisationId],
  );
  return row ? { version: row.version, publishedAt: row.published_at, document: row.document } : null;
}
