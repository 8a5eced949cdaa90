// buildApp(config, deps): the whole web application, used by main.ts and by every test.
// Registration order: infrastructure → shared services → features.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyFormbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Database, Db } from '../db/client.ts';
import announce from './announce/index.ts';
import auth from './auth/index.ts';
import carnival from './carnival/index.ts';
import circles from './circles/index.ts';
import cohort from './cohort/index.ts';
import type { Config } from './config.ts';
import type { ContentStore } from './content/store.ts';
import { ConversationCache } from './conversation/cache.ts';
import conversation from './conversation/index.ts';
import { decorateMember } from './core/access.ts';
import { type CohortDirectory, createCohortDirectory } from './core/directory.ts';
import { useHouseRulesContent } from './core/house-settings.ts';
import { Listeners } from './core/listeners.ts';
import { i18nPlugin } from './core/locale-plugin.ts';
import { corePlugin } from './core/plugin.ts';
import { authPlugin } from './core/session-plugin.ts';
import { viewsPlugin } from './core/views.ts';
import dashboard from './dashboard/index.ts';
import digest from './digest/index.ts';
import feedback from './feedback/index.ts';
import health from './health/index.ts';
import { assetsPlugin, assetUrls } from './http/assets.ts';
import { compressPlugin } from './http/compress.ts';
import { conditionalPlugin } from './http/conditional.ts';
import { errorsPlugin } from './http/errors.ts';
import { flashPlugin } from './http/flash.ts';
import { requestLogPlugin } from './http/request-log.ts';
import { securityPlugin } from './http/security.ts';
import { createSigner, loadSecret, type Signer } from './http/signed.ts';
import live from './live/index.ts';
import { createMailRenderer, type MailRenderer } from './mail/templates.ts';
import { createTransport, type MailTransport } from './mail/transports.ts';
import { createMailer, type Mailer } from './mail/worker.ts';
import meetup from './meetup/index.ts';
import organise from './organise/index.ts';
import polls from './polls/index.ts';
import profile from './profile/index.ts';
import rules from './rules/index.ts';
import settings from './settings/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Db;
    content: ContentStore;
    /** The current time; tests replace it to walk through a cohort's weeks. */
    clock: () => Date;
    cohorts: CohortDirectory;
    /** Renders an e-mail (HTML and plain text) from views/emails/. */
    renderMail: MailRenderer;
    /** The outbox worker; main.ts starts it, tests call deliverDue(). */
    mailer: Mailer;
    /** Thread pages and room counts served from memory (server/conversation/cache.ts). */
    conversationCache: ConversationCache;
    /** A member's visit to a place is written at most once per this many ms per process. */
    visitRewriteMs: number;
    /** Signs and checks links that work without signing in (unsubscribe, RSVP). */
    signer: Signer;
    /** Every route as "METHOD /url", so the access-matrix test can insist on covering all. */
    routeTable: string[];
    /** PostgreSQL LISTEN, one connection per channel in this process (server/core/listeners.ts). */
    listeners: Listeners;
  }
}

export interface AppDeps {
  database: Database;
  content: ContentStore;
  clock?: () => Date;
  /** How long cohort rows may be served from memory (default 5 s; tests use 0). */
  cohortCacheMs?: number;
  /** How long thread pages and room counts may be served from memory (default 5 s). */
  threadCacheMs?: number;
  /** How often a member's visit to one place is written (default 5 min; tests use 0). */
  visitRewriteMs?: number;
  /** How long a validated session may be served from memory (default 5 s; tests use 0). */
  sessionCacheMs?: number;
  /** Where mail goes; default: SMTP_URL, or .eml files under DATA_DIR/mail. */
  transport?: MailTransport;
  /** How long a client may take to send a whole request (default 30 s; tests use less). */
  requestTimeoutMs?: number;
}

/** Fastify's types take hop counts only as a function: the nearest `n` hops are believed. */
function trusted(setting: Config['trustProxy']) {
  return typeof setting === 'number' ? (_address: string, hop: number) => hop < setting : setting;
}

export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const production = config.env === 'production';
  const requestTimeout = deps.requestTimeoutMs ?? 30_000;
  const app = Fastify({
    logger: { level: config.logLevel },
    // requestLogPlugin logs the requests worth reading instead of two lines for every one.
    logController: new LogController({ disableRequestLogging: true }),
    // X-Forwarded-For is anyone's to write: only the proxies named in TRUST_PROXY are believed.
    trustProxy: trusted(config.trustProxy),
    // A client that never finishes its request gets a 408 instead of holding the socket.
    requestTimeout,
    // An idle socket is closed a little after keep-alive (72 s, longer than a load balancer
    // keeps its idle connections) would have let it go.
    keepAliveTimeout: 72_000,
    connectionTimeout: 75_000,
    http: {
      headersTimeout: Math.min(requestTimeout, 20_000),
      // Node checks for late requests only this often (30 s by default).
      connectionsCheckingInterval: Math.min(1000, Math.max(50, requestTimeout / 4)),
    },
  });

  // Infrastructure
  const routeTable: string[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeTable.push(`${method} ${route.url}`);
    }
  });
  await app.register(requestLogPlugin);
  app.decorate('config', config);
  app.decorate('signer', createSigner(await loadSecret(deps.database.db, 'links')));
  app.decorate('db', deps.database.db);
  const listeners = new Listeners(deps.database.listen, app.log);
  app.decorate('listeners', listeners);
  app.addHook('onClose', () => listeners.close());
  app.decorate('content', deps.content);
  app.decorate('clock', deps.clock ?? (() => new Date()));
  app.decorate(
    'conversationCache',
    new ConversationCache(deps.database.db, deps.threadCacheMs ?? 5000, () =>
      app.clock().getTime(),
    ),
  );
  app.decorate('visitRewriteMs', deps.visitRewriteMs ?? 5 * 60_000);
  app.decorate('cohorts', createCohortDirectory(deps.database.db, deps.cohortCacheMs ?? 5000));
  useHouseRulesContent(deps.database.db, deps.content, deps.cohortCacheMs ?? 5000);
  const transport = deps.transport ?? createTransport(config, app.log);
  app.decorate('renderMail', createMailRenderer(path.join(root, 'views'), production));
  app.decorate(
    'mailer',
    createMailer({
      db: deps.database.db,
      transport,
      from: config.mailFrom,
      replyTo: config.mailReplyTo,
      lockMs: config.mailLeaseMs,
      clock: () => app.clock(),
      log: app.log,
    }),
  );
  app.addHook('onClose', async () => {
    await app.mailer.stop();
    transport.close();
  });
  await app.register(corePlugin);
  await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
  await app.register(securityPlugin, { secure: config.secure });
  // onSend hooks run in registration order: after the cookie plugin has written Set-Cookie,
  // the ETag is taken on the text, then the text is compressed.
  await app.register(conditionalPlugin);
  await app.register(compressPlugin);
  await app.register(assetsPlugin, { root: path.join(root, 'static'), production });
  // Routes capture the error handler when they are declared: set it before any route.
  await app.register(errorsPlugin);
  await app.register(i18nPlugin, { secure: config.secure });
  await app.register(flashPlugin, { secure: config.secure });
  await app.register(authPlugin, { secure: config.secure, cacheMs: deps.sessionCacheMs ?? 5000 });
  decorateMember(app);
  await app.register(viewsPlugin, {
    root: path.join(root, 'views'),
    production,
    asset: assetUrls(path.join(root, 'static'), production),
  });

  // Features: each is one folder that adds its routes and plugs into core's registration
  // points (server/core/plugin.ts). None imports another.
  await app.register(health, { ping: () => deps.database.ping() });
  await app.register(auth); // sign-in links
  await app.register(cohort); // catalogue, cohort home, enrol and leave
  await app.register(settings); // a person's own settings, export and deletion
  await app.register(conversation); // rooms, exhibits, threads, the wall
  await app.register(feedback); // peer feedback on assignments
  await app.register(announce); // organisers' announcements
  await app.register(meetup); // the meet-up, its waitlist and reminders
  await app.register(live); // live hours: the chat, its stream and the story afterwards
  await app.register(profile); // profiles, who's here, a member's page
  await app.register(circles); // circles of four to six, their private space and thread
  await app.register(carnival); // a room's blog carnival, its posts' threads and the round-up
  await app.register(rules); // house rules: proposals, consent votes, versions
  await app.register(polls); // polls and self-scans in the content, their results
  await app.register(digest); // the digest mail
  await app.register(organise); // the organisers' desk
  await app.register(dashboard); // the organisers' dashboard
  return app;
}
