// The VIVID mark (a play button with a pen stroke under it: watching and annotating) and word.
export function Logo({ withWord = true }: { withWord?: boolean }) {
  return (
    <span className="logo">
      <svg viewBox="0 0 64 64" width="28" height="28" aria-hidden="true" focusable="false">
        <rect width="64" height="64" rx="14" fill="var(--brand)" />
        <path d="M24 18v28l22-14z" fill="#fff" />
        <path d="M12 50c8-6 14 2 22-3s12-2 18 1" stroke="var(--accent)" strokeWidth="5" fill="none" strokeLinecap="round" />
      </svg>
      {withWord && <span className="logo-word">VIVID</span>}
    </span>
  );
}
