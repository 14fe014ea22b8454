import { validateProgram, type ProgramIssue } from '../shared/loyalty';
import type { HqDeps } from './deps';
import { HqError } from './errors';
import { lockFeed } from './sync/feed';

/**
 * Publishes a program document as the organisation's next version. HQ numbers versions: the
 * document's own `version` is set to it before validation, so terminals and HQ agree. An invalid
 * document is refused with its issues (shared/loyalty validateProgram) and nothing changes.
 */
export async function publishProgram(deps: HqDeps, input: { organisationId: string; document: unknown }): Promise<{ version: number }> {
  if (typeof input.document !== 'object' || input.document === null || Array.isArray(input.document)) {
    throw new HqError('admin.program_invalid', { issues: [{ key: 'loyalty.issue.shape', params: { path: '/', detail: 'not an object' }, names: {}, path: '' }] });
  }
  return deps.sql.transaction(async (tx) => {
    const org = await tx.query('SELECT 1 FROM organisations WHERE id = $1 FOR UPDATE', [input.organisationId]);
    if (org.length === 0) throw new HqError('admin.not_found', { what: 'organisation' });
    const [row] = await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM programs WHERE organisation_id = $1', [input.organisationId]);
    const version = (row?.v ?? 0) + 1;
    const document = { ...(input.document as Record<string, unknown>), version };
    const checked = validateProgram(document);
    if (!checked.ok) throw new HqError('admin.program_invalid', { issues: checked.error satisfies ProgramIssue[] });
    const now = deps.now();
    await tx.query('INSERT INTO programs (organisation_id, version, document, published_at) VALUES ($1, $2, $3, $4)', [input.organisationId, version, JSON.stringify(document), now]);
    await lockFeed(tx, input.organisationId);
    await tx.query(
      `INSERT INTO feed (organisation_id, store_id, origin_terminal_id, kind, item, created_at) VALUES ($1, NULL, NULL, 'program', $2::jsonb, $3)`,
      [input.organisationId, JSON.stringify({ kind: 'program', version, document, publishedAt: now }), now],
    );
    return { version };
  });
}

export async function listPrograms(deps: HqDeps, organisationId: string): Promise<{ version: number; publishedAt: number; document: unknown }[]> {
  const rows = await deps.sql.query<{ version: number; published_at: number; document: unknown }>(
    'SELECT version, published_at, document FROM programs WHERE organisation_id = $1 ORDER BY version DESC',
    [organisationId],
  );
  return rows.map((r) => ({ version: r.version, publishedAt: r.published_at, document: r.document }));
}
