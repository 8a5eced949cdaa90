// How the demo cohorts answer the polls in the sample courses, as plain data. Besides the
// demo learners, a group of quieter members answers only the polls: a real cohort has
// hundreds, and with twenty answers a newcomer meets real charts at once (below that, small
// numbers are hidden). Answers are option keys; a scan gives one key per statement, space
// separated; multiple and ranked polls several keys, comma separated. Voter i answers
// `answers[i % answers.length]`, counting the demo learners first.

export interface DemoPolls {
  voters: { name: string; email: string }[];
  answers: Record<string, string[]>;
  /** Reasons some voters give with their answer, by voter number. */
  reasons: { poll: string; by: number; text: string }[];
}

const quiet = (names: string[], prefix: string) =>
  names.map((name) => ({
    name,
    email: `demo-${prefix}-${name.toLowerCase().replace(/[^a-z]+/g, '-')}@example.org`,
  }));

const dutch: DemoPolls = {
  voters: quiet(
    [
      'Aylin',
      'Bas',
      'Chantal',
      'Dirk',
      'Esra',
      'Floor',
      'Gijs',
      'Hanneke',
      'Iris',
      'Jeroen',
      'Karin',
      'Lotte',
      'Mehmet',
      'Noor',
      'Olaf',
    ],
    'stil',
  ),
  answers: {
    zelfscan: [
      '4 3 2 3 2 4',
      '5 4 3 4 3 4',
      '3 2 2 3 2 3',
      '4 4 3 3 3 5',
      '2 3 1 2 2 3',
      '4 3 3 4 2 4',
      '5 5 4 4 3 5',
    ],
  },
  reasons: [],
};

const english: DemoPolls = {
  voters: quiet(
    [
      'Abby',
      'Ben',
      'Chloe',
      'Dev',
      'Ella',
      'Finn',
      'Grace',
      'Hugo',
      'Isla',
      'Jack',
      'Kai',
      'Lena',
      'Mason',
      'Nia',
      'Owen',
    ],
    'quiet',
  ),
  answers: {
    sources: ['network', 'colleagues', 'feeds', 'network', 'search', 'colleagues', 'network'],
    habits: [
      'moment,capture,prune',
      'capture,moment',
      'diverse,capture,moment',
      'capture,prune,diverse',
      'moment,diverse',
    ],
  },
  reasons: [
    {
      poll: 'sources',
      by: 0,
      text: 'Most of what I use came from someone I follow, not from my own team.',
    },
    { poll: 'sources', by: 1, text: 'The people at the coffee machine still know the most.' },
    { poll: 'sources', by: 2, text: 'Three newsletters do more for me than any course did.' },
    { poll: 'sources', by: 3, text: 'A question on a forum gets me further than a search.' },
  ],
};

export const demoPolls: ReadonlyMap<string, DemoPolls> = new Map([
  ['knowmads', dutch],
  ['pkm', english],
]);

export const demoPollEmails = [...demoPolls.values()].flatMap((p) => p.voters.map((v) => v.email));
