// Each feature that stores something a person wrote or did registers a section here, so
// "export my data" and "delete my account" cover it without settings knowing every table.
import type { Db } from '../../db/client.ts';

export interface PersonalDataSection {
  /** Key in the export file, e.g. "comments". */
  name: string;
  export(db: Db, user: { id: number; email: string }): Promise<unknown>;
  /** Removes or anonymises the section's data before the user row is deleted. */
  erase?(db: Db, user: { id: number; email: string }): Promise<void>;
}

export class PersonalDataRegistry {
  readonly sections: PersonalDataSection[] = [];

  register(section: PersonalDataSection): void {
    if (this.sections.some((s) => s.name === section.name)) {
      throw new Error(`personal data section "${section.name}" registered twice`);
    }
    this.sections.push(section);
  }

  async exportFor(db: Db, user: { id: number; email: string }): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const section of this.sections) out[section.name] = await section.export(db, user);
    return out;
  }

  async eraseFor(db: Db, user: { id: number; email: string }): Promise<void> {
    for (const section of this.sections) await section.erase?.(db, user);
  }
}
