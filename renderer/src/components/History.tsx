import type { HistoryEntryView } from '../../../shared/contract';
import { useT } from '../i18n';

/** Each ledger entry with who, when and why, in the reader's language. */
export function History({ entries, onUndo }: { entries: HistoryEntryView[]; onUndo(operationId: string): void }) {
  const t = useT();
  // One undo per operation, on its first listed entry; reversals and undone entries have none.
  const offered = new Set<string>();
  const undoable = (e: HistoryEntryView) => {
    if (e.kind === 'reverse' || e.reversedBy || offered.has(e.operationId)) return false;
    offered.add(e.operationId);
    return true;
  };
  return (
    <ol className="history" data-testid="history">
      {entries.map((e) => (
        <li key={e.id} className={e.reversedBy ? 'reversed' : e.kind === 'reverse' ? 'reversal' : ''}>
          <span className={e.delta > 0 ? 'delta plus' : 'delta minus'}>{e.delta > 0 ? `+${e.delta}` : e.delta}</span>
          <span className="why">{e.text}</span>
          <span className="who">{e.staffName}</span>
          <time className="when">{t.dateTime(e.createdAt)}</time>
          {e.reversedBy ? <span className="tag">{t.t('counter.history.reversed')}</span> : null}
          {undoable(e) ? (
            <button type="button" className="small secondary" onClick={() => onUndo(e.operationId)}>
              {t.t('counter.undo')}
            </button>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
