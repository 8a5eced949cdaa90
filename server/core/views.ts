// Eta views and the one way routes render a page: reply.page(view, data). It adds what every
// template needs (translator, locale, CSRF field, asset URLs) and wraps full requests in the
// layout; htmx requests get the bare template, so one partial serves both.
import { randomBytes, randomUUID } from 'node:crypto';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { markReusable } from '../http/conditional.ts';
import { takeFlash } from '../http/flash.ts';
import { iconHelper, inlineIcons, spriteFile } from '../http/icons.ts';
import { addVary } from '../http/vary.ts';
import { type Locale, type Translator, translator } from '../i18n/index.ts';
import { avatarHtml, avatarOf } from './avatar.ts';
import { type FieldError, type FieldErrors, hasErrors } from './forms.ts';
import { paths } from './paths.ts';
import { organisesSomewhere } from './staff.ts';

export interface PageOptions {
  status?: number;
  /** Overrides the request's locale (e.g. a course page in the course's language). */
  locale?: Locale;
  /** Skip the layout even for full-page requests (e.g. htmx fragments). */
  fragment?: boolean;
}

export interface PageData {
  title: string;
  [key: string]: unknown;
}

declare module 'fastify' {
  interface FastifyReply {
    /** Set by hooks and guards for the layout (@fastify/view makes it {} on each request). */
    locals: Record<string, unknown> | null;
    page(view: string, data: PageData, options?: PageOptions): Promise<FastifyReply>;
  }
  interface FastifyInstance {
    /**
     * A partial rendered once for many readers: no user, no flash, and split where each
     * reader's CSRF token goes (join the parts with it).
     */
    renderShared(view: string, data: Record<string, unknown>, locale: Locale): Promise<string[]>;
  }
}

/** The request headers that decide between the bare partial and the whole page. */
const fragmentHeaders = ['hx-request', 'hx-boosted', 'hx-history-restore-request'];
/** Requests whose response was chosen by those headers: they get a Vary naming them. */
const askedForFragment = new WeakSet<FastifyRequest>();

/**
 * A targeted htmx request, answered with the bare partial. Boosted links and forms
 * (hx-boost) swap the whole body, and a history restore (Back after htmx's history cache
 * lost the page) replaces it too, so those get the full page with the layout.
 */
export function isFragmentRequest(request: FastifyRequest): boolean {
  askedForFragment.add(request);
  const h = request.headers;
  return (
    h['hx-request'] === 'true' &&
    h['hx-boosted'] !== 'true' &&
    h['hx-history-restore-request'] !== 'true'
  );
}

const attribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/**
 * The attributes of a textarea with a length limit, for static/limit.js to count against:
 * `<textarea … <%~ it.limit(10000) %>>`. No maxlength: it would cut a paste off unsaid.
 */
const limitAttributes = (tr: Translator) => (max: number) =>
  ` data-limit="${max}" data-limit-text="${attribute(tr.t('form.limitCount', { count: '{count}', max: tr.number(max) }))}" data-limit-over="${attribute(tr.t('form.limitOver', { count: '{count}' }))}"`;

/**
 * The hidden field that carries the CSRF token: every POST form writes `<%~ it.csrfField %>`
 * and none spells the input out, so the field's name and escaping live here alone.
 */
const csrfField = (token: string) =>
  `<input type="hidden" name="_csrf" value="${attribute(token)}">`;

/** A field's message in the reader's language, or '' when the field is fine. */
const errorText = (tr: Translator) => (error: FieldError | null | undefined) =>
  error ? tr.t(error.key, error.params) : '';

export interface ViewsOptions {
  root: string;
  production: boolean;
  asset(name: string): string;
}

export const viewsPlugin = fp(async function views(app: FastifyInstance, opts: ViewsOptions) {
  await app.register(fastifyView, {
    engine: { eta: new Eta({ autoEscape: true }) },
    root: opts.root,
    viewExt: 'eta',
    production: opts.production,
  });

  // A cache must not hand the partial to a full page load, or the page to an htmx swap.
  app.addHook('onSend', async (request, reply, payload) => {
    if (askedForFragment.has(request)) addVary(reply, ...fragmentHeaders);
    return payload;
  });

  const icon = iconHelper(opts.asset(spriteFile));
  const withIcons = inlineIcons(opts.asset(spriteFile));
  /** What every template may use, whoever it is rendered for. */
  const common = (locale: Locale) => {
    const tr: Translator = translator(locale);
    return {
      tr,
      t: tr.t,
      locale,
      asset: opts.asset,
      limit: limitAttributes(tr),
      errorText: errorText(tr),
      paths,
      avatarOf,
      avatar: avatarHtml,
      icon,
    };
  };
  // Not a token: a marker that cannot occur in escaped text, replaced by each reader's token.
  const csrfMarker = `csrf-${randomUUID()}`;
  app.decorate(
    'renderShared',
    async (view: string, data: Record<string, unknown>, locale: Locale) => {
      const html: string = await (
        app as unknown as { view(v: string, d: unknown): Promise<string> }
      ).view(view, {
        ...data,
        ...common(locale),
        title: '',
        path: '',
        csrfToken: csrfMarker,
        csrfField: csrfField(csrfMarker),
        user: null,
        flash: null,
        notice: null,
      });
      return html.split(csrfMarker);
    },
  );

  app.decorateReply(
    'page',
    async function page(
      this: FastifyReply,
      view: string,
      data: PageData,
      options: PageOptions = {},
    ) {
      const request = this.request;
      const fragment = options.fragment ?? isFragmentRequest(request);
      const status = options.status ?? 200;
      const csrfToken = this.generateCsrf();
      markReusable(this, csrfToken);
      const html = await this.viewAsync(
        view,
        {
          // Banner, desk navigation… (app.chrome); a route may pass its own value instead.
          ...app.chrome.collect(request, this, { status, fragment }),
          ...data,
          ...common(options.locale ?? request.locale),
          path: request.url,
          csrfToken,
          csrfField: csrfField(csrfToken),
          // A fresh random key per rendered form: posting the same form twice (a retry after
          // a timeout, a double click) is recognised and creates nothing new.
          formKey: randomBytes(16).toString('base64url'),
          user: request.user,
          organiser: organisesSomewhere(app, request),
          flash: data.flash === undefined ? takeFlash(request, this) : data.flash,
          // A form that came back with errors says so at the top too (announced as an alert),
          // since a boosted submit may leave the reader far from the fields.
          notice:
            data.notice ??
            (hasErrors(data.errors as FieldErrors | undefined) ? 'form.checkErrors' : null),
        },
        fragment ? undefined : { layout: 'layouts/main' },
      );
      return this.code(status)
        .type('text/html; charset=utf-8')
        .send(fragment ? html : withIcons(html));
    },
  );
});
