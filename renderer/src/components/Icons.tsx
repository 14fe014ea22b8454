/** Drawn, not emoji: counter PCs often have no colour emoji font. */
export function CupIcon() {
  return (
    <svg viewBox="0 0 32 32" width="60%" height="60%" aria-hidden="true">
      <path d="M6 11h16v8a7 7 0 0 1-7 7h-2a7 7 0 0 1-7-7z" fill="currentColor" />
      <path d="M22 13h2.5a3.5 3.5 0 0 1 0 7H22" fill="none" stroke="currentColor" strokeWidth="2.5" />
      <path d="M11 4c-1.5 2 1.5 3 0 5M16 4c-1.5 2 1.5 3 0 5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

export function GiftIcon() {
  return (
    <svg viewBox="0 0 32 32" width="60%" height="60%" aria-hidden="true">
      <rect x="5" y="13" width="22" height="15" rx="2" fill="currentColor" />
      <rect x="3" y="9" width="26" height="6" rx="2" fill="currentColor" />
      <path d="M16 9v19" stroke="#fff" strokeWidth="3" />
      <path d="M16 9c-3-6-9-5-8-1 1 3 8 1 8 1zm0 0c3-6 9-5 8-1-1 3-8 1-8 1z" fill="none" stroke="currentColor" strokeWidth="2" />
    </svg>
  );
}
