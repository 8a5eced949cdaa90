// A live count under every textarea with data-limit, so a paste over the limit is seen and
// kept rather than cut off by maxlength; the server refuses the same text with a message.
// Without JavaScript the hint states the limit. Counted as the server counts: characters,
// with line ends as one.
(() => {
  // A number formatter is costly to create (seen: a 150 ms task on a throttled phone), and
  // below 1,000 it writes plain digits anyway: made only for the first count that needs it.
  let numbers = null;
  const format = (n) => {
    if (n < 1000) return String(n);
    numbers ||= new Intl.NumberFormat(document.documentElement.lang || undefined);
    return numbers.format(n);
  };
  const fill = (text, values) => (text || '').replace(/\{(\w+)\}/g, (_, k) => values[k] ?? '');
  const length = (s) => [...s.replace(/\r\n/g, '\n')].length;

  function enhance(area) {
    if (area.dataset.limitReady) return;
    area.dataset.limitReady = 'true';
    const max = Number(area.dataset.limit);
    // Seen: updated at every key. Heard: once typing pauses, not at every key.
    const seen = document.createElement('p');
    seen.className = 'counter';
    seen.setAttribute('aria-hidden', 'true');
    const heard = document.createElement('p');
    heard.className = 'visually-hidden';
    heard.setAttribute('aria-live', 'polite');
    area.after(seen, heard);
    let timer = 0;
    const update = (announce) => {
      const n = length(area.value);
      const over = n > max;
      const text = over
        ? fill(area.dataset.limitOver, { count: format(n - max) })
        : fill(area.dataset.limitText, { count: format(n) });
      seen.textContent = text;
      seen.classList.toggle('over', over);
      clearTimeout(timer);
      if (announce) timer = setTimeout(() => (heard.textContent = text), 1000);
    };
    area.addEventListener('input', () => update(true));
    update(false);
  }

  const scan = (root) => {
    if (root instanceof Element || root === document) {
      for (const area of root.querySelectorAll('textarea[data-limit]')) enhance(area);
    }
  };
  scan(document);
  // Forms swapped in by htmx (a reply form, an edit form) get theirs too.
  document.addEventListener('htmx:load', (event) => scan(event.target));
})();
