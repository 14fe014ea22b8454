import { createKeyboardBurst, type BurstAction } from './keyboardBurst';
import type { WedgeOptions } from '../../shared/codes/wedge';

/**
 * Catches keyboard-wedge scanner bursts in the Electron shell, before the page sees them, by
 * physical key. Structurally typed so this runs under plain Node; main.ts passes a webContents.
 */
export interface InputEventLike {
  type: string;
  code: string;
  shift: boolean;
  isAutoRepeat: boolean;
}

export interface WebContentsLike {
  on(event: 'before-input-event', listener: (event: { preventDefault(): void }, input: InputEventLike) => void): unknown;
  /** Gives a person's keys back to the focused field when they turned out not to be a scan. */
  insertText(text: string): unknown;
}

export function catchScannerBursts(
  contents: WebContentsLike,
  onScan: (text: string) => void,
  options: WedgeOptions & { now?: () => number; setTimer?: (fn: () => void, ms: number) => unknown } = {},
): void {
  const burst = createKeyboardBurst(options);
  const now = options.now ?? (() => performance.now());
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const maxGapMs = options.maxGapMs ?? 35;

  const apply = (action: BurstAction) => {
    if (action.scan !== undefined) onScan(action.scan);
    if (action.release && action.release.text !== '') void contents.insertText(action.release.text);
  };

  contents.on('before-input-event', (event, input) => {
    const action = burst.push({ type: input.type, code: input.code, shift: input.shift, repeat: input.isAutoRepeat, at: now() });
    if (action.preventDefault) {
      event.preventDefault();
      // If no next key comes, the held keys were a person's: the flush gives them back.
      setTimer(() => apply(burst.flush(now())), maxGapMs + 1);
    }
    apply(action);
  });
}
