import { useEffect, useRef, useState } from 'react';

const FOCUSABLE = 'input, textarea, select, button, [tabindex]';

/**
 * After a refused submit, brings its first message into view: the first
 * invalid input of the form (scrolled to the middle of the screen and
 * focused, so a screen reader reads its message), else the form's error
 * banner. A long form's user no longer has to look for what was refused.
 * Give `ref` to the form and call `reveal()` once the messages are set.
 */
export function useRevealErrors<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [request, setRequest] = useState(0);
  useEffect(() => {
    if (request === 0 || !ref.current) return;
    const root = ref.current;
    const target =
      root.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      root.querySelector<HTMLElement>('[role="alert"]');
    if (!target) return;
    // jsdom has no scrollIntoView.
    target.scrollIntoView?.({ block: 'center' });
    if (target.matches(FOCUSABLE)) target.focus({ preventScroll: true });
  }, [request]);
  return { ref, reveal: () => setRequest(n => n + 1) };
}
