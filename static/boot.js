// Loads htmx when a person first reaches for the page (pointer, touch, key or focus), not
// while it starts: evaluating htmx during start-up was most of the page's blocking time on
// a slow phone (Lighthouse). Everything works without it (forms post, links navigate), so
// whatever happens before it arrives is an ordinary request; then htmx enhances as usual.
(() => {
  const src = document.currentScript?.getAttribute('data-htmx');
  if (!src) return;
  const events = ['pointerdown', 'touchstart', 'keydown', 'focusin', 'mouseover'];
  const load = () => {
    for (const e of events) removeEventListener(e, load, true);
    const script = document.createElement('script');
    script.src = src;
    document.head.append(script);
  };
  for (const e of events) addEventListener(e, load, { capture: true, passive: true });
})();
