// The registration points features plug into. Each is one object on the app, made here before
// any feature is registered; a feature's index.ts adds its routes and its entries in one go,
// and never imports another feature.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Exhibit, Room } from '../content/types.ts';
import type { Locale } from '../i18n/index.ts';
import type { CohortRole, Membership } from './access.ts';
import { ContentBlocks } from './blocks.ts';
import { PageChrome } from './chrome.ts';
import type { CohortContext } from './context.ts';
import { DigestSections } from './digest-sections.ts';
import { MembershipHooks } from './membership.ts';
import { PanelSlot } from './panels.ts';
import { PersonSummaries } from './people.ts';
import { PersonalDataRegistry } from './personal-data.ts';
import type { ThreadKey } from './thread-key.ts';
import { type ThreadFormState, ThreadPlaces } from './thread-places.ts';
import { MinuteTick } from './ticks.ts';

/** The cohort home, for visitors as well as members (role null). */
export interface CohortHomeView {
  app: FastifyInstance;
  request: FastifyRequest;
  context: CohortContext;
  role: CohortRole | null;
  userId: number | null;
  locale: Locale;
}

/** A room or an exhibit page, for a member who may see it. */
export interface PlaceView {
  app: FastifyInstance;
  request: FastifyRequest;
  member: Membership;
  room: Room;
  exhibit: Exhibit | null;
}

/** The organisers' dashboard of one cohort. */
export interface DashboardView {
  app: FastifyInstance;
  member: Membership;
  now: Date;
}

/** A thread on a page another feature owns (a circle's space), for one member who may read it. */
export interface OwnThreadView {
  app: FastifyInstance;
  request: FastifyRequest;
  member: Membership;
  key: ThreadKey;
  /** The page the thread is on. */
  href: string;
  /** The room its new comments are filed under. */
  roomId: string;
  /** May read but not post (a guest, or someone who was in the circle). */
  readOnly: boolean;
  state: ThreadFormState;
}

export interface Panels {
  cohortHome: PanelSlot<CohortHomeView>;
  room: PanelSlot<PlaceView>;
  exhibit: PanelSlot<PlaceView>;
  dashboard: PanelSlot<DashboardView>;
  circle: PanelSlot<OwnThreadView>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Boxes features add to pages they do not own. */
    panels: Panels;
    /** What the layout shows around every page (banner, desk navigation). */
    chrome: PageChrome;
    /** Jobs the minute tick runs; main.ts starts it. */
    ticks: MinuteTick;
    /** What happens elsewhere when someone leaves a cohort or is removed from it. */
    membership: MembershipHooks;
    /** The parts of the digest mail. */
    digestSections: DigestSections;
    /** What "export my data" and "delete my account" cover. */
    personalData: PersonalDataRegistry;
    /** Who may read and write threads that live on another feature's page. */
    threadPlaces: ThreadPlaces;
    /** Members' profile cards in a few words, for pages that show who wrote what. */
    people: PersonSummaries;
    /** Who fills in the blocks (polls) written into a room's or an exhibit's text. */
    blocks: ContentBlocks<PlaceView>;
  }
}

export const corePlugin = fp(async function plugin(app: FastifyInstance) {
  app.decorate('panels', {
    cohortHome: new PanelSlot<CohortHomeView>(),
    room: new PanelSlot<PlaceView>(),
    exhibit: new PanelSlot<PlaceView>(),
    dashboard: new PanelSlot<DashboardView>(),
    circle: new PanelSlot<OwnThreadView>(),
  });
  app.decorate('threadPlaces', new ThreadPlaces());
  app.decorate('chrome', new PageChrome());
  app.decorate('ticks', new MinuteTick(app.log));
  app.decorate('membership', new MembershipHooks());
  app.decorate('digestSections', new DigestSections());
  app.decorate('personalData', new PersonalDataRegistry());
  app.decorate('people', new PersonSummaries());
  app.decorate('blocks', new ContentBlocks<PlaceView>());
  app.addHook('onClose', () => app.ticks.stop());
});
