import { useEffect, useRef } from 'react';
import { createWedgeDecoder, DEFAULT_MAX_GAP_MS } from '../../shared/codes/wedge';

/**
 * One global listener for keyboard-wedge scanners: a scan works anywhere in the app with no field
 * focused, decoded by KeyboardEvent.code only, so it works under a Bulgarian or Russian layout. The
 * decoder holds keys until it knows whether they were a scanner's burst or a person; a person's keys
 * are given back to the focused field a few milliseconds later.
 */
export function useWedgeScanner(onScan: (text: string) => void): void {
  const handler = useRef(onScan);
  handler.current = onScan;

  useEffect(() => {
    const decoder = createWedgeDecoder();
    let timer: ReturnType<typeof setTimeout> | null = null;

    const replay = (text: string) => {
      if (text === '') return;
      const target = document.activeElement;
      if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) {
        // insertText goes through the browser's editing path, so React sees an ordinary input event.
        document.execCommand('insertText', false, text);
      }
    };

    const scheduleFlush = () => {
      if (timer) clearTimeout(timer);
      const tick = () => {
        // A busy till can run this timer while the rest of the burst is still queued: the keys'
        // own timestamps say they came at scanner speed, so wait for them rather than split the code.
        if (inputPending()) {
          timer = setTimeout(tick, 5);
          return;
        }
        const event = decoder.flush(performance.now());
        if (event?.type === 'typing') replay(event.text);
        if (event?.type === 'scan') handler.current(event.text);
      };
      timer = setTimeout(tick, DEFAULT_MAX_GAP_MS + 5);
    };

    const onKeyDown = (e: KeyboardEvent) => {
      if (e.isComposing || e.ctrlKey || e.metaKey || e.altKey) return;
      const event = decoder.push({ code: e.code, shiftKey: e.shiftKey, timeStamp: e.timeStamp, repeat: e.repeat });
      switch (event.type) {
        case 'pass':
          return;
        case 'hold':
          e.preventDefault();
          scheduleFlush();
          return;
        case 'scan':
          e.preventDefault();
          handler.current(event.text);
          return;
        case 'typing':
          replay(event.text);
          if (event.stroke === 'hold') {
            e.preventDefault();
            scheduleFlush();
          }
          return;
      }
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => {
      window.removeEventListener('keydown', onKeyDown, { capture: true });
      if (timer) clearTimeout(timer);
    };
  }, []);
}

/** Chromium (and so Electron) says whether input events wait to be handled; elsewhere: no. */
function inputPending(): boolean {
  const scheduling = (navigator as Navigator & { scheduling?: { isInputPending?: () => boolean } }).scheduling;
  return scheduling?.isInputPending?.() ?? false;
}
