// The live hour in the browser: a Server-Sent Events stream that carries on from the page's
// newest message. On every (re)connect the last id seen goes in the URL (an EventSource
// sends no Last-Event-ID when it is made anew), and messages already shown are skipped, so
// nothing is missing after a drop and nothing shows twice. Also: pause with a count of what
// waits, posting without a reload, and screen-reader announcements for the host's questions
// and highlights only. Without this script the page works with links and plain forms.
// htmx boosts the links and forms around the live area, so a click may swap the page's body
// without unloading it: the stream and the document's listeners belong to one live area and
// end when htmx removes it (or when this script starts for a newer one), else each swap would
// leave another stream open for as long as the tab lives.
(() => {
  const root = document.querySelector('[data-live]');
  const previous = globalThis.salonLive;
  if (previous && previous.root === root) return;
  previous?.stop();
  if (!root) return;
  const life = new AbortController();
  const { signal } = life;
  let reconnect = null;
  const stop = () => {
    if (signal.aborted) return;
    life.abort();
    source?.close();
    clearTimeout(reconnect);
    if (globalThis.salonLive?.root === root) globalThis.salonLive = undefined;
  };
  globalThis.salonLive = { root, stop };
  root.addEventListener('htmx:beforeCleanupElement', (e) => {
    if (e.target === root) stop();
  });
  const list = document.getElementById('live-messages');
  const rail = document.getElementById('live-rail');
  const announce = document.getElementById('live-announce');
  const csrf = document.querySelector('input[name="_csrf"]')?.value || '';
  let lastId = Number(root.dataset.lastId || 0);
  let paused = false;
  const waiting = [];
  let source = null;
  let retry = 1000;

  const fragment = (html) => {
    const t = document.createElement('template');
    t.innerHTML = html.trim();
    // Forms rendered once for every reader carry an empty token: this reader's goes in.
    for (const input of t.content.querySelectorAll('input[name="_csrf"]')) input.value = csrf;
    return t.content.firstElementChild;
  };
  const say = (text) => {
    if (!announce) return;
    announce.textContent = '';
    setTimeout(() => {
      announce.textContent = text;
    }, 50);
  };

  const show = (el) => {
    if (document.getElementById(el.id)) return;
    list.append(el);
    root.querySelector('[data-empty]')?.remove();
    if (el.dataset.kind === 'question') {
      const text = el.querySelector('.prose')?.textContent.trim() || '';
      const tag = el.querySelector('.tag')?.textContent.trim() || '';
      const now = root.querySelector('[data-now]');
      if (now) now.textContent = `${tag}: ${text}`;
      say(`${tag}: ${text}`);
    }
  };

  // Pause: new messages wait (counted) until the reader carries on.
  const bar = root.querySelector('[data-pause-bar]');
  const toggle = root.querySelector('[data-pause-toggle]');
  const count = root.querySelector('[data-pause-count]');
  const counted = () => {
    const n = waiting.length;
    count.textContent = n
      ? (n === 1 ? root.dataset.pausedOne : root.dataset.pausedOther).replace('{count}', String(n))
      : '';
  };
  const stream = root.dataset.stream;
  // Only a running hour has a stream to pause.
  if (stream && bar && toggle && list) {
    bar.hidden = false;
    toggle.addEventListener('click', () => {
      paused = !paused;
      toggle.textContent = paused ? root.dataset.resume : root.dataset.pause;
      toggle.setAttribute('aria-pressed', String(paused));
      if (!paused) for (const el of waiting.splice(0)) show(el);
      counted();
    });
    toggle.setAttribute('aria-pressed', 'false');
  }

  const connect = () => {
    if (signal.aborted || !root.isConnected) return stop();
    source = new EventSource(`${stream}?after=${lastId}`);
    source.addEventListener('open', () => {
      retry = 1000;
    });
    source.addEventListener('message', (e) => {
      const id = Number(e.lastEventId);
      if (id && id <= lastId && document.getElementById(`m-${id}`)) return;
      if (id > lastId) lastId = id;
      const el = fragment(e.data);
      if (!el) return;
      if (paused && el.dataset.kind !== 'question') {
        if (!waiting.some((w) => w.id === el.id)) waiting.push(el);
        counted();
      } else show(el);
    });
    source.addEventListener('hide', (e) => {
      const id = Number(e.data || e.lastEventId);
      if (id > lastId) lastId = id;
      document.getElementById(`m-${id}`)?.remove();
      const i = waiting.findIndex((w) => w.id === `m-${id}`);
      if (i >= 0) waiting.splice(i, 1);
      for (const h of rail?.querySelectorAll(`[data-id="${id}"]`) ?? []) h.remove();
    });
    source.addEventListener('highlight', (e) => {
      const el = fragment(e.data);
      if (!el || !rail) return;
      rail.append(el);
      root.querySelector('[data-rail-empty]')?.remove();
      document.getElementById(`m-${el.dataset.id}`)?.classList.add('is-highlighted');
      say(el.textContent.replace(/\s+/g, ' ').trim());
    });
    // The host moved the hour on, gave it five more minutes or changed slow mode: the "now"
    // box as the server renders it now, and the message form's slow-mode hint with it.
    source.addEventListener('step', (e) => {
      const box = fragment(e.data);
      if (box?.id !== 'live-now') return;
      document.getElementById('live-now')?.replaceWith(box);
      const hint = document.querySelector('[data-live-compose] [data-slow-hint]');
      if (hint) {
        hint.textContent = box.dataset.slowHint || '';
        hint.hidden = !box.dataset.slowHint;
      }
      const select = document.getElementById('slow-seconds');
      if (select && document.activeElement !== select) select.value = box.dataset.slow || '0';
    });
    source.addEventListener('end', () => {
      source.close();
      location.reload();
    });
    source.addEventListener('gone', () => source.close());
    // EventSource would reconnect by itself, but to its first URL (a stale id): reopen with
    // the id seen last instead.
    source.addEventListener('error', () => {
      source.close();
      if (signal.aborted) return;
      reconnect = setTimeout(connect, retry);
      retry = Math.min(retry * 2, 15000);
    });
  };
  if (stream && list) connect();

  // Posting without a reload: the message comes back through the stream like anyone's.
  const wire = (form) => {
    if (!form) return;
    const replying = form.querySelector('[data-replying]');
    const replyTo = form.querySelector('input[name="reply_to"]');
    form.querySelector('[data-cancel-reply]')?.addEventListener('click', (e) => {
      e.preventDefault();
      replyTo.value = '';
      replying.hidden = true;
    });
    form.addEventListener('submit', async (e) => {
      if (!stream) return;
      e.preventDefault();
      const response = await fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        headers: { 'x-live-post': '1' },
      }).catch(() => null);
      if (response?.status === 204) {
        form.querySelector('textarea').value = '';
        replyTo.value = '';
        replying.hidden = true;
        form.querySelector('.field')?.classList.remove('invalid');
        form.querySelector('.error')?.remove();
        form.querySelector('textarea').focus();
      } else if (response?.status === 422) {
        const fresh = fragment(await response.text());
        if (fresh) {
          form.replaceWith(fresh);
          wire(fresh);
          fresh.querySelector('textarea')?.focus();
        }
      } else form.submit();
    });
  };
  const compose = document.querySelector('[data-live-compose]');
  wire(compose);

  // Reply links fill in the form instead of reloading the page.
  document.addEventListener(
    'click',
    (e) => {
      const link = e.target instanceof Element ? e.target.closest('a[data-reply]') : null;
      const form = document.querySelector('[data-live-compose]');
      if (!link || !form) return;
      e.preventDefault();
      form.querySelector('input[name="reply_to"]').value = link.dataset.reply;
      const replying = form.querySelector('[data-replying]');
      replying.firstChild.textContent = `${root.dataset.replying.replace('{step}', link.dataset.replyStep)} `;
      replying.hidden = false;
      form.querySelector('textarea').focus();
    },
    { signal },
  );

  // Facilitators' and members' buttons on messages post without leaving the stream.
  document.addEventListener(
    'submit',
    async (e) => {
      const form = e.target;
      if (!(form instanceof HTMLFormElement) || !form.closest('.live-actions') || !stream) return;
      e.preventDefault();
      const response = await fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        headers: { 'x-live-post': '1' },
      }).catch(() => null);
      if (response?.status === 204) form.remove();
      else form.submit();
    },
    { signal },
  );
})();
