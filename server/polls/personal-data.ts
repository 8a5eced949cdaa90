// What polls keep about a person: their votes and reasons. Exported with the cohort's address;
// deleting the account removes them, and the tally trigger takes them off the counts.
import type { PersonalDataRegistry } from '../core/personal-data.ts';
import { deleteVotes, exportVotes } from './queries.ts';

export function registerPollData(registry: PersonalDataRegistry) {
  registry.register({
    name: 'pollVotes',
    export: (db, user) => exportVotes(db, user.id),
    erase: (db, user) => deleteVotes(db, user.id, null),
  });
}
