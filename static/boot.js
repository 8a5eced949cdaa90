// Loads htmx when a person first reaches for the page (pointer, touch, key or focus), not
// while it starts: evaluating htmx during start-up was most of the page's blocking time on
// a slow phone (Lighthouse). Everything works without it (forms post, links navigate), so
// whatever happens before it arrives is an ordinary request; then htmx enhances as usual.
// The length counters (limit.js) come at once on a page with a limited textarea, and with
// htmx on any other, so that a form a boosted navigation or a swap brings in has them too.
(() => {
  const me = document.currentScript;
  const src = me?.getAttribute('data-htmx');
  const limit = me?.getAttribute('data-limit');
  const local = me?.getAttribute('data-local-time');
  const add = (url) => {
    const script = document.createElement('script');
    script.src = url;
    document.head.append(script);
  };
  let limitAdded = false;
  const addLimit = () => {
    if (!limit || limitAdded) return;
    limitAdded = true;
    add(limit);
  };
  if (document.querySelector('textarea[data-limit]')) addLimit();
  // A cohort's time said in the reader's own zone too (local-time.js), where a page has one,
  // now or after a swap brings one in.
  let localAdded = false;
  const addLocal = () => {
    if (!local || localAdded || !document.querySelector('time[data-local]')) return;
    localAdded = true;
    add(local);
  };
  addLocal();
  document.addEventListener('htmx:load', addLocal);
  if (!src) return;
  const events = ['pointerdown', 'touchstart', 'keydown', 'focusin', 'mouseover'];
  const load = () => {
    for (const e of events) removeEventListener(e, load, true);
    addLimit();
    add(src);
  };
  for (const e of events) addEventListener(e, load, { capture: true, passive: true });
})();
