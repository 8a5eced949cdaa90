// A time set in the cohort's zone, said once more in the reader's own zone when the two
// differ: <time datetime="…" data-zone="Europe/Amsterdam" data-local="{time} where you are">.
// Without JavaScript the cohort's zone (and the .ics) stay, which is still right.
(() => {
  const mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const lang = document.documentElement.lang || undefined;
  const say = (root) => {
    for (const el of root.querySelectorAll('time[data-local][data-zone]')) {
      if (el.dataset.localDone || el.dataset.zone === mine) continue;
      const at = new Date(el.getAttribute('datetime') || '');
      if (Number.isNaN(at.getTime())) continue;
      el.dataset.localDone = '1';
      const text = new Intl.DateTimeFormat(lang, {
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        hour: 'numeric',
        minute: '2-digit',
        timeZoneName: 'short',
      }).format(at);
      const span = document.createElement('span');
      span.className = 'local-time';
      span.textContent = ` (${el.dataset.local.replace('{time}', text)})`;
      el.after(span);
    }
  };
  say(document);
  document.addEventListener('htmx:load', (e) => say(e.target));
})();
