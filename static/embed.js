// Click-to-load for embedded players: the provider is contacted only when the learner asks
// for the video. Without this script the placeholder is a plain link to the original. One
// listener on the document, so it also serves pages htmx swaps in (this file may run twice).
(() => {
  if (window.salonEmbeds) return;
  window.salonEmbeds = true;
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[data-embed]') : null;
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    const src = new URL(link.dataset.embed);
    // The learner has just asked to play it: do not make them press play a second time.
    src.searchParams.set('autoplay', '1');
    const frame = document.createElement('iframe');
    frame.src = src.href;
    frame.title = link.dataset.embedTitle || '';
    frame.loading = 'lazy';
    frame.allow = 'autoplay; fullscreen; picture-in-picture';
    frame.allowFullscreen = true;
    // The page sends no referrer; YouTube's player refuses to start without the origin.
    frame.referrerPolicy = 'strict-origin-when-cross-origin';
    link.replaceWith(frame);
    frame.focus();
  });
})();
