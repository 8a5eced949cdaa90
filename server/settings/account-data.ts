// The account's own personal-data sections: the account, enrolments, sessions, and mail we
// sent or are about to send. Erasing removes mail rows and links that hold the address.
import { asc, eq, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { outbox, sessions, users } from '../../db/schema.ts';
import { deleteTokensOfEmail, listEnrolmentsOfUser } from '../core/accounts.ts';
import type { PersonalDataRegistry } from '../core/personal-data.ts';

export function registerAccountData(registry: PersonalDataRegistry) {
  registry.register({
    name: 'account',
    async export(db, user) {
      const rows = await db
        .select({
          email: users.email,
          name: users.name,
          language: users.locale,
          digest: users.digest,
          createdAt: users.createdAt,
        })
        .from(users)
        .where(eq(users.id, user.id));
      return rows[0] ?? null;
    },
  });
  registry.register({
    name: 'enrolments',
    export: (db, user) => listEnrolmentsOfUser(db, user.id),
  });
  registry.register({
    name: 'sessions',
    export: (db: Db, user) =>
      db
        .select({ createdAt: sessions.createdAt, expiresAt: sessions.expiresAt })
        .from(sessions)
        .where(eq(sessions.userId, user.id))
        .orderBy(asc(sessions.createdAt)),
  });
  registry.register({
    name: 'mails',
    export: (db, user) =>
      db
        .select({
          kind: outbox.kind,
          subject: outbox.subject,
          status: outbox.status,
          createdAt: outbox.createdAt,
          sentAt: outbox.sentAt,
        })
        .from(outbox)
        .where(or(eq(outbox.userId, user.id), eq(outbox.toAddress, user.email)))
        .orderBy(asc(outbox.createdAt)),
    async erase(db, user) {
      await db
        .delete(outbox)
        .where(or(eq(outbox.userId, user.id), eq(outbox.toAddress, user.email)));
      await deleteTokensOfEmail(db, user.email);
    },
  });
}
