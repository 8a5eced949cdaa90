// The live hour's page (before, during and after) and the pieces the stream sends: one
// partial per message, so the page and the stream show the same markup.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LiveSession } from '../../db/schema.ts';
import { type FieldErrors, fieldError } from '../core/forms.ts';
import { paths } from '../core/paths.ts';
import { bodyMax } from '../core/render.ts';
import { readId } from '../http/params.ts';
import { type Locale, translator } from '../i18n/index.ts';
import { countAttending, isAttending } from './attendance.ts';
import type { Renderer, StreamClient } from './hub.ts';
import { stepName } from './labels.ts';
import { endOf, type Step } from './plan.ts';
import {
  countFlags,
  findSession,
  highlights,
  latestMessages,
  listQuestions,
  type MessageRow,
  messageById,
} from './queries.ts';
import type { Live } from './session.ts';
import { draftStory, myQuotes, windowEnd } from './story.ts';

/** The page shows this many messages; "earlier" pages back through the rest. */
export const pageSize = 100;

export interface ComposeForm {
  body: string;
  reply_to: string;
}

export interface PageState {
  form?: ComposeForm;
  errors?: FieldErrors<'body'>;
  questionForm?: { body: string };
  questionErrors?: FieldErrors<'body'>;
  story?: string;
  storyErrors?: FieldErrors<'story'>;
  status?: number;
}

const clockFor = (locale: Locale, timeZone: string) => {
  const f = new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  });
  return (d: Date) => f.format(d);
};

/** What every message partial needs besides the message. */
export function messageHelpers(live: Pick<Live, 'steps'>, locale: Locale, timeZone: string) {
  return {
    stepLabel: (step: number) => stepName(locale, live.steps[step]),
    clock: clockFor(locale, timeZone),
  };
}

export interface NowView {
  text: string;
  /** When the current step gives way to the next (or the hour ends, on the last one). */
  until: string | null;
  slowSeconds: number;
}

/** Where the hour is for the page's "now" box, from the session as it is in the database. */
export function nowOf(
  live: Pick<Live, 'steps' | 'plan' | 'planned'>,
  session: LiveSession,
  locale: Locale,
  timeZone: string,
): NowView {
  const current = live.steps[session.step];
  let until: Date | null = null;
  if (current && session.stepStartedAt && !session.endedAt)
    until =
      session.step >= live.steps.length - 1
        ? endOf(session, live.plan, live.planned)
        : new Date(
            session.stepStartedAt.getTime() + (current.minutes + session.stepExtraMinutes) * 60_000,
          );
  return {
    text:
      session.step < 0
        ? translator(locale).t('live.notStarted')
        : `${stepName(locale, current)}: ${current?.text ?? ''}`,
    until: until ? clockFor(locale, timeZone)(until) : null,
    slowSeconds: session.slowSeconds,
  };
}

export const baseOf = (live: Live) => paths.live(live.member.cohort.slug, live.entry.room.id);

export async function renderLivePage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  live: Live,
  state: PageState = {},
) {
  const { cohort, course } = live.member;
  const locale = request.localeFor(course.language);
  const tr = translator(locale);
  const query = request.query as { before?: string; reply?: string };
  const before = readId(query.before);
  const userId = live.member.userId;
  const upcoming = live.phase === 'before';
  const [attending, attendingCount] = upcoming
    ? await Promise.all([
        isAttending(app.db, live.session.id, userId),
        countAttending(app.db, live.session.id),
      ])
    : [false, 0];
  const [messages, rail, questions, flags] = await Promise.all([
    live.phase === 'before'
      ? Promise.resolve([])
      : latestMessages(app.db, live.session.id, {
          before,
          limit: pageSize + 1,
          withHidden: live.facilitator,
        }),
    live.phase === 'before' ? Promise.resolve([]) : highlights(app.db, live.session.id),
    live.phase === 'before' ? listQuestions(app.db, live.session.id, userId) : Promise.resolve([]),
    live.facilitator ? countFlags(app.db, live.session.id) : Promise.resolve(new Map()),
  ]);
  const over = live.phase === 'over';
  const [storyDraft, quotes] = await Promise.all([
    over && live.facilitator && !live.session.storyPublishedAt
      ? (state.story ??
        live.session.storyMd ??
        draftStory(app.db, live, locale, paths.live(cohort.slug, live.entry.room.id)))
      : Promise.resolve(null),
    over ? myQuotes(app.db, live.session.id, userId, app.clock()) : Promise.resolve([]),
  ]);
  const more = messages.length > pageSize;
  const shown = more ? messages.slice(1) : messages;
  const base = baseOf(live);
  const replyId = state.form?.reply_to ?? readId(query.reply) ?? '';
  const replied = replyId ? await messageById(app.db, Number(replyId)) : null;
  const helpers = messageHelpers(live, locale, cohort.timezone);
  return reply.page(
    'live/live',
    {
      title: live.plan.title,
      rawTitle: true,
      cohort,
      course,
      room: live.entry.room,
      live,
      plan: live.plan,
      steps: live.steps,
      base,
      place: { cohort: cohort.slug, room: live.entry.room.id },
      when: tr.dateTime(live.startsAt, cohort.timezone),
      stepName: (s: Step) => stepName(locale, s),
      now: nowOf(live, live.session, locale, cohort.timezone),
      messages: shown,
      // The page is a snapshot up to its newest message; the stream carries on from there.
      lastId: before ? 0 : (shown.at(-1)?.id ?? 0),
      earlierHref: more && shown[0] ? `${base}?before=${shown[0].id}` : null,
      highlights: rail,
      questions,
      flagged: [...flags.entries()].map(([id, count]) => ({ id, count })),
      facilitator: live.facilitator,
      attending,
      attendingCount,
      canAct: live.phase !== 'over' || live.facilitator,
      ...helpers,
      form: state.form ?? {
        body: '',
        reply_to: replied && replied.sessionId === live.session.id ? String(replied.id) : '',
      },
      replyStep: replied ? helpers.stepLabel(replied.step) : '',
      errors: state.errors ?? {},
      slowSeconds: live.facilitator ? 0 : live.session.slowSeconds,
      bodyMax,
      questionForm: state.questionForm ?? { body: '' },
      questionErrors: state.questionErrors ?? {},
      storyHref: live.session.storyPublishedAt
        ? paths.live(cohort.slug, live.entry.room.id, 'story')
        : null,
      storyDraft,
      storySaved: Boolean(live.session.storyMd),
      storyErrors: state.storyErrors ?? {},
      storyAsked: live.session.storyAskedAt
        ? tr.dateTime(windowEnd(live.session.storyAskedAt), cohort.timezone)
        : null,
      myQuotes: quotes.map((q) => ({
        id: q.id,
        until: tr.dateTime(windowEnd(q.toldAt), cohort.timezone),
      })),
    },
    { status: state.status ?? 200, locale },
  );
}

/** The message form alone, as a refused post from the page's script gets it back. */
export async function renderCompose(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  live: Live,
  form: ComposeForm,
  errors: FieldErrors<'body'>,
) {
  const locale = request.localeFor(live.member.course.language);
  const replied = form.reply_to ? await messageById(app.db, Number(form.reply_to)) : null;
  const helpers = messageHelpers(live, locale, live.member.cohort.timezone);
  return reply.page(
    'live/_compose',
    {
      title: live.plan.title,
      base: baseOf(live),
      place: { cohort: live.member.cohort.slug, room: live.entry.room.id },
      form,
      errors,
      replyStep: replied ? helpers.stepLabel(replied.step) : '',
      slowSeconds: live.facilitator ? 0 : live.session.slowSeconds,
      bodyMax,
    },
    { status: 422, locale, fragment: true },
  );
}

export const tooLong = () => fieldError('live.error.tooLong', { max: bodyMax });

/** Stands in for the message's own HTML while the partial's indentation is taken out. */
const bodyMarker = '<!--live-body-->';

/**
 * The partial's indentation and line breaks between two tags as one space, which the page's
 * layout treats the same. Every line is a `data:` field of its own, so this keeps a message
 * event small for every stream. The message's HTML goes in afterwards, untouched: a code
 * block's whitespace is its content.
 */
const withoutIndentation = (html: string, body: string) =>
  html.replace(/>\s+</g, '> <').replace(bodyMarker, () => body);

/**
 * The stream's renderings for one kind of reader (their token is added by script): a
 * message or its rail entry, and the "now" box read afresh after the host changed the hour.
 */
export function streamRenderer(app: FastifyInstance, live: Live): Renderer {
  const timeZone = live.member.cohort.timezone;
  const shared = async (view: string, data: Record<string, unknown>, c: StreamClient) =>
    (await app.renderShared(view, { facilitator: c.facilitator, ...data }, c.locale))
      .join('')
      .trim();
  return {
    message: async (view, m: MessageRow, c) =>
      withoutIndentation(
        await shared(
          view === 'message' ? 'live/_message' : 'live/_highlight',
          {
            m: { ...m, bodyHtml: bodyMarker },
            base: paths.live(c.place.cohort, c.place.room),
            place: c.place,
            canAct: true,
            ...messageHelpers(live, c.locale, timeZone),
          },
          c,
        ),
        m.bodyHtml,
      ),
    now: async (c) => {
      const session = await findSession(app.db, c.cohortId, live.entry.room.id);
      return session
        ? shared('live/_now', { now: nowOf(live, session, c.locale, timeZone) }, c)
        : '';
    },
  };
}
