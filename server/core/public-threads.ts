// Which threads the whole cohort may read: an exhibit's, a find's, a carnival post's (the
// carnival's room, like the wall's, is open to every member) and a live hour's published
// story. Others (a circle's) are private to who is in them, so every count, digest, profile
// list and dashboard that reads comments across threads keeps to these, and a private thread
// can never leak through one.
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';

/** A condition on a comments.thread column (or an alias, as sql.raw('c.thread')). */
export const inPublicThread = (thread: SQLWrapper | SQL): SQL =>
  sql`(${thread} LIKE 'exhibit:%' OR ${thread} LIKE 'wall:%' OR ${thread} LIKE 'carnival:%' OR ${thread} LIKE 'story:%')`;
