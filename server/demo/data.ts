// What the demo learners say and do in each sample course, as plain data: edit the texts here,
// the seeding (seed.ts) only places them. Rooms and exhibits are named by their content ids;
// a place that is missing from the content (or not open yet) is simply skipped. Learners are
// named by their position in `learners`; `hours` counts from the moment the room opened.

export interface DemoLearner {
  name: string;
  email: string;
  /** A drawn portrait (server/demo/portraits.ts), uploaded as their profile photo. */
  portrait?: number;
  /** Their profile in the cohort; answers by the course's prompt ids (unknown ones skipped). */
  profile?: {
    intro: string;
    answers?: Record<string, string>;
    languages?: string[];
    timeBand?: 'morning' | 'daytime' | 'evening' | 'weekend';
    link?: string;
  };
}

export interface DemoReply {
  by: number;
  hours: number;
  text: string;
}

export interface DemoComment extends DemoReply {
  room: string;
  exhibit: string;
  replies?: DemoReply[];
  likedBy?: number[];
  /** Put in the spotlight by the organisers. */
  spotlight?: boolean;
}

export interface DemoFind {
  room: string;
  by: number;
  hours: number;
  title: string;
  url: string;
  note: string;
  comments?: DemoReply[];
  featured?: boolean;
}

export interface DemoCourse {
  /** The cohort's human name, for when cohorts have one. */
  cohortName: string;
  learners: DemoLearner[];
  comments: DemoComment[];
  finds: DemoFind[];
  /** Work handed in for the course's peer-feedback assignment, in this order. */
  submissions: DemoReply[];
  /**
   * Reviews, each given by `by` to whichever submission "Review a peer" hands out, with the
   * answers to the rubric's text questions in order (scales get `scale`, from 1).
   */
  reviews: { by: number; hours: number; texts: string[]; scale: number }[];
  /** How each author rates the first review they received (1–5), with a thank-you. */
  ratings: { helpfulness: number; thanks: string }[];
  /** Who answered the meet-up yes and who no. */
  meetupYes: number[];
  meetupNo: number[];
  meetup: { title: string; place: string; address: string; description: string };
  announcement: { title: string; body: string };
  /**
   * The house rules: an amendment adopted in the first week (every learner consented), and a
   * proposal open now with an objection its proposer answered.
   */
  houseRules: {
    adopted: { by: number; title: string; rule: string; value: string };
    open: { by: number; title: string; body: string; consents: number[] };
    objection: { by: number; reason: string; answer: string };
  };
  /**
   * Introductions in the icebreaker of the first room that has one, with replies; some with a
   * drawn photo of the view (see views.ts) and its description.
   */
  introductions: (DemoReply & {
    replies?: DemoReply[];
    likedBy?: number[];
    view?: { scene: number; alt: string };
  })[];
}

const dutch: DemoCourse = {
  cohortName: 'Demo',
  learners: [
    {
      name: 'Demo Anna',
      portrait: 0,
      email: 'demo-anna@example.org',
      profile: {
        intro:
          'Trainer bij een zorginstelling. Ik wil leren hoe je kennis deelt zonder dat het weer een extra taak wordt.',
        answers: {
          nachts: "Of mijn collega's nog tijd hebben om van elkaar te leren.",
          geleerd: 'Een stagiair liet me zien hoe je een werkdag in drie zinnen opschrijft.',
        },
        languages: ['nl', 'en'],
        timeBand: 'evening',
        link: 'https://anna.example.org/blog',
      },
    },
    {
      name: 'Demo Bram',
      email: 'demo-bram@example.org',
      profile: {
        intro: "ZZP'er in de bouw, nieuwsgierig naar wat een knowmad eigenlijk doet.",
        answers: {
          nachts: 'De vraag of ik over vijf jaar nog hetzelfde werk doe.',
        },
        languages: ['nl'],
        timeBand: 'morning',
      },
    },
    {
      name: 'Demo Carmen',
      portrait: 1,
      email: 'demo-carmen@example.org',
      profile: {
        intro: 'Bibliothecaris, verzamelaar van goede vragen. Spreek ook Spaans.',
        answers: {
          nachts: 'Hoeveel ik nog niet weet.',
          geleerd: 'Dat je beter kunt vragen dan aannemen.',
        },
        languages: ['nl', 'es'],
        timeBand: 'daytime',
      },
    },
    {
      name: 'Demo Daan',
      portrait: 2,
      email: 'demo-daan@example.org',
      profile: {
        intro: 'Student bestuurskunde. Hier om te zien hoe leren buiten school werkt.',
        answers: {
          geleerd: 'Mijn buurman leerde me dat een netwerk onderhoud nodig heeft.',
        },
        languages: ['nl', 'en', 'de'],
        timeBand: 'weekend',
      },
    },
    {
      name: 'Demo Eva',
      email: 'demo-eva@example.org',
      profile: {
        intro: 'HR-adviseur. Ik werk graag hardop en ben benieuwd naar jullie ervaringen.',
        answers: {
          nachts: 'Teams die niets meer van elkaar weten.',
        },
        languages: ['nl'],
        timeBand: 'evening',
        link: 'https://www.linkedin.com/in/demo-eva',
      },
    },
  ],
  comments: [
    {
      room: 'wie-is-de-knowmad',
      exhibit: 'de-nieuwe-professional',
      by: 0,
      hours: 9,
      text: 'Hoi allemaal, ik ben Anna (een voorbeeldbezoeker). Ik werk als beleidsadviseur en herken vooral het punt over **blijven leren**: mijn vak verandert sneller dan de opleidingen die ik ooit deed.',
      likedBy: [1, 2, 3],
      spotlight: true,
      replies: [
        {
          by: 1,
          hours: 11,
          text: 'Herkenbaar, Anna. Bij mij is het eerder andersom: ik leer genoeg, maar deel het zelden. Daar wil ik deze weken aan werken.',
        },
        {
          by: 2,
          hours: 20,
          text: 'Welke van de zes eigenschappen vind jij het lastigst? Voor mij is het experimenteren zonder dat het meteen moet lukken.',
        },
      ],
    },
    {
      room: 'wie-is-de-knowmad',
      exhibit: 'de-rugzak-van-de-knowmad',
      by: 3,
      hours: 26,
      text: 'Mooie tekening. In mijn rugzak zit vooral een netwerk van oud-collega’s: daar stel ik mijn lastigste vragen.',
      likedBy: [0, 4],
    },
    {
      room: 'wie-is-de-knowmad',
      exhibit: 'vuca',
      by: 4,
      hours: 40,
      text: 'VUCA klinkt als een modewoord, maar ons team heeft dit jaar drie reorganisaties gehad. Ik geloof het nu wel.',
      likedBy: [3],
      replies: [
        {
          by: 0,
          hours: 45,
          text: 'Drie! Wat hielp jullie om toch overeind te blijven?',
        },
      ],
    },
    {
      room: 'wie-is-de-knowmad',
      exhibit: 'ben-jij-er-al-een',
      by: 1,
      hours: 50,
      text: 'Zelfscan gedaan: 7 van de 10. Het “hardop werken” scoort bij mij het laagst.',
      likedBy: [0, 2],
    },
    {
      room: 'leren-in-netwerken',
      exhibit: 'durf-te-vragen',
      by: 2,
      hours: 8,
      text: 'Ik stelde gisteren voor het eerst een vraag in een LinkedIn-groep in plaats van aan mijn directe collega. Binnen een uur drie bruikbare antwoorden.',
      likedBy: [0, 1, 3, 4],
      replies: [
        {
          by: 3,
          hours: 12,
          text: 'Goed voorbeeld! Hoe formuleerde je de vraag? Bij mij blijft het vaak stil.',
        },
      ],
    },
    {
      room: 'leren-in-netwerken',
      exhibit: 'hardop-werken',
      by: 1,
      hours: 30,
      text: 'Na de zelfscan van vorige week heb ik deze week elke vrijdag een kort berichtje gedeeld over waar ik mee bezig ben. Eng, maar het leverde al twee gesprekken op.',
      likedBy: [0, 2],
    },
    {
      room: 'leren-in-netwerken',
      exhibit: 'de-kluwen',
      by: 0,
      hours: 34,
      text: 'De zwakke banden in de tekening zijn bij mij juist de mensen van wie ik het meest leer. Interessant om dat eens zo getekend te zien.',
      likedBy: [4],
    },
    {
      room: 'feedback-en-vertrouwen',
      exhibit: 'feedback-van-wildvreemden',
      by: 3,
      hours: 4,
      text: 'Eerlijk gezegd vind ik het spannend om mijn situatie met onbekenden te delen. Maar juist daarom doe ik het.',
      likedBy: [0, 1],
    },
  ],
  finds: [
    {
      room: 'wie-is-de-knowmad',
      by: 2,
      hours: 30,
      title: 'Kenniswerker op Wikipedia',
      url: 'https://en.wikipedia.org/wiki/Knowledge_worker',
      note: 'Het Engelse artikel over kenniswerkers, met de geschiedenis van het begrip sinds Peter Drucker. Handig als achtergrond bij deze zaal.',
      featured: true,
      comments: [
        {
          by: 4,
          hours: 36,
          text: 'Dank je! Ik wist niet dat het begrip al uit de jaren vijftig stamt.',
        },
      ],
    },
    {
      room: 'leren-in-netwerken',
      by: 4,
      hours: 20,
      title: 'Connectivisme, de theorie erachter',
      url: 'https://en.wikipedia.org/wiki/Connectivism',
      note: 'Voor wie wil weten waar het idee “kennis zit in het netwerk” vandaan komt.',
    },
    {
      room: 'leren-in-netwerken',
      by: 1,
      hours: 40,
      title: 'Mijn intervisiegroep',
      url: '',
      note: 'Geen link, wel een tip: al vijf jaar zit ik in een intervisiegroep met mensen uit heel andere organisaties. Daar heb ik meer geleerd dan op welke cursus ook.',
    },
  ],
  submissions: [
    {
      by: 0,
      hours: 5,
      text: 'Vorig jaar wilde ik in mijn team beginnen met een wekelijkse kennissessie van een halfuur. De eerste twee weken kwam iedereen, daarna zakte het in tot twee of drie mensen. Ik merkte dat ik het vooral zelf organiseerde en presenteerde, en dat de anderen het als “weer een overleg” zagen.\n\nIk zit er nog mee: ik geloof dat we veel van elkaar kunnen leren, maar ik weet niet hoe ik het van mij naar ons krijg. Wat zou jij anders doen?',
    },
    {
      by: 1,
      hours: 14,
      text: 'Ik ben projectleider en wilde mijn voortgang voortaan hardop delen, in een kanaal dat de hele afdeling leest. Na drie berichten kreeg ik van mijn leidinggevende de vraag of ik niet beter eerst met hem kon overleggen. Sindsdien deel ik niets meer.\n\nIk wil het opnieuw proberen, maar dan zo dat mijn leidinggevende zich er niet door gepasseerd voelt.',
    },
    {
      by: 2,
      hours: 22,
      text: 'Als docent probeer ik mijn studenten elkaar feedback te laten geven. Ze vinden het moeilijk om kritisch te zijn op klasgenoten en schrijven vooral “goed gedaan”. Ik heb een formulier gemaakt met vaste vragen, maar de antwoorden blijven oppervlakkig.\n\nMijn vraag: hoe maak je feedback tussen mensen die elkaar goed kennen eerlijker?',
    },
    {
      by: 3,
      hours: 28,
      text: 'Ik werk sinds een halfjaar als zelfstandige en mis de collega’s bij wie ik vroeger even binnenliep. Ik heb me aangemeld bij twee online communities, maar ik lees vooral mee en durf zelf weinig te vragen.\n\nIk zoek een manier om van meelezer deelnemer te worden zonder dat het me elke week uren kost.',
    },
  ],
  reviews: [
    {
      by: 1,
      hours: 30,
      scale: 3,
      texts: [
        'Je beschrijft heel eerlijk dat je het vooral zelf organiseerde. Dat inzicht is al de helft van de oplossing, vind ik.',
        'Heb je de anderen gevraagd waarom ze wegbleven?',
        'Laat elke week iemand anders het onderwerp kiezen en de sessie leiden; dan wordt het vanzelf van iedereen.',
      ],
    },
    {
      by: 2,
      hours: 33,
      scale: 4,
      texts: [
        'Het voorbeeld is heel concreet: ik zie dat kanaal en dat gesprek met je leidinggevende zo voor me.',
        'Wat denk je dat je leidinggevende precies bang voor was?',
        'Vraag hem mee te lezen en nodig hem uit om zelf ook een keer iets te delen; dan doe je het samen.',
      ],
    },
    {
      by: 0,
      hours: 36,
      scale: 3,
      texts: [
        'Mooi dat je al een formulier hebt gemaakt: je zoekt het dus in de vorm, niet in de studenten zelf.',
        'Weten de studenten van wie de feedback komt?',
        'Probeer eens feedback tussen groepjes die elkaar minder goed kennen, bijvoorbeeld met een andere klas.',
      ],
    },
    {
      by: 3,
      hours: 40,
      scale: 2,
      texts: [
        'Herkenbaar verhaal, en je maakt goed duidelijk wat je mist sinds je zelfstandig bent.',
        'Welke vraag zou je deze week willen stellen als je durfde?',
        'Begin met reageren op de vraag van een ander; dat is kleiner dan zelf een vraag stellen en levert ook contact op.',
      ],
    },
    {
      by: 1,
      hours: 44,
      scale: 4,
      texts: [
        'Je maakt je vraag aan het eind heel scherp, daardoor weet ik precies waar ik over mee kan denken.',
        'Hoeveel tijd per week zou je er wel aan willen besteden?',
        'Kies één community en zet een vast kwartier in je agenda, bijvoorbeeld op vrijdagochtend.',
      ],
    },
  ],
  ratings: [
    { helpfulness: 5, thanks: 'Dank je, dat van het wisselende onderwerp ga ik proberen!' },
    { helpfulness: 4, thanks: 'Goede vraag, daar had ik zelf nog niet over nagedacht.' },
    { helpfulness: 4, thanks: '' },
    { helpfulness: 3, thanks: 'Bedankt voor het meedenken.' },
  ],
  meetupYes: [0, 1, 3],
  meetupNo: [4],
  meetup: {
    title: 'Meet-up: de knowmad in het echt',
    place: 'Voorbeeldbibliotheek, zaal 2',
    address: 'Voorbeeldstraat 1, 1234 AB Voorbeeldstad',
    description:
      'Een avond om elkaar in het echt te ontmoeten: korte verhalen uit de praktijk, en daarna verder praten bij een drankje.\n\n*Dit is een voorbeeld in de demo: de plek bestaat niet.*',
  },
  announcement: {
    title: 'De opdracht van deze week staat klaar',
    body: 'In de zaal **Feedback van vreemden** vind je de opdracht: beschrijf een situatie uit je eigen praktijk en geef daarna feedback aan twee medebezoekers. Je kunt meteen beginnen; er ligt al werk op je te wachten.',
  },
  houseRules: {
    adopted: {
      by: 0,
      title: 'Alleen voornamen in de nieuwsbrief',
      rule: 'names_in_digests',
      value: 'first',
    },
    open: {
      by: 1,
      title: 'Telefoons weg tijdens de meet-up',
      body: 'Tijdens de meet-up liggen telefoons in de tas: we zijn er voor elkaar.',
      consents: [1, 3],
    },
    objection: {
      by: 2,
      reason: 'Ik heb dienst en moet bereikbaar zijn.',
      answer: 'Wie dienst heeft, legt de telefoon stil op tafel; dat schrijf ik erbij.',
    },
  },
  introductions: [
    {
      by: 0,
      hours: 3,
      text: 'Hoi allemaal! Ik ben Anna, trainer bij een zorginstelling. Mijn uitzicht: een bureau vol plakbriefjes en een raam op de Maas. Ik hoop te leren hoe je kennis deelt zonder dat het een extra taak wordt.',
      view: {
        scene: 0,
        alt: 'Tekening van een raam met uitzicht op een rivier met een brug, daarvoor een bureau met gele plakbriefjes.',
      },
      replies: [
        {
          by: 1,
          hours: 5,
          text: 'Welkom Anna! Plakbriefjes herken ik, bij mij hangen ze op de koelkast.',
        },
      ],
      likedBy: [1, 2],
    },
    {
      by: 2,
      hours: 6,
      text: 'Ik ben Carmen, bibliothecaris. Vanaf mijn keukentafel zie ik een rij fietsen en een boom die net uitloopt. Ik ben hier vooral om andere knowmads te ontmoeten.',
      replies: [
        {
          by: 4,
          hours: 8,
          text: 'Leuk Carmen! Verzamelaars van goede vragen kunnen we goed gebruiken. Tot bij de meet-up?',
        },
      ],
    },
    {
      by: 3,
      hours: 10,
      text: 'Daan hier, ik studeer bestuurskunde. Mijn uitzicht is vandaag een lege collegezaal. Benieuwd hoe leren buiten school werkt.',
    },
  ],
};

const english: DemoCourse = {
  cohortName: 'Demo',
  learners: [
    {
      name: 'Demo Alex',
      portrait: 3,
      email: 'demo-alex@example.org',
      profile: {
        intro: 'Product manager who reads too much and writes too little. Here to change that.',
        answers: {
          'keeps-you-up': 'The pile of saved articles I never read.',
          'learned-lately': 'A colleague showed me how to keep a one-line work log.',
        },
        languages: ['en'],
        timeBand: 'morning',
        link: 'https://alex.example.org/',
      },
    },
    {
      name: 'Demo Blake',
      email: 'demo-blake@example.org',
      profile: {
        intro: 'Nurse educator. I collect practical tricks for learning on the job.',
        answers: {
          'keeps-you-up': 'Whether new colleagues feel they can ask questions.',
        },
        languages: ['en', 'fr'],
        timeBand: 'evening',
      },
    },
    {
      name: 'Demo Chris',
      portrait: 4,
      email: 'demo-chris@example.org',
      profile: {
        intro: 'Software developer in Rotterdam, trying to share more of what I learn.',
        answers: {
          'learned-lately':
            'That explaining something is the fastest way to find out what I do not know.',
        },
        languages: ['en', 'nl'],
        timeBand: 'evening',
      },
    },
    {
      name: 'Demo Dana',
      portrait: 5,
      email: 'demo-dana@example.org',
      profile: {
        intro: 'Librarian and podcast listener. I like maps of ideas.',
        answers: {
          'keeps-you-up': 'Too many tabs.',
          'learned-lately': "A student taught me to ask 'what would change your mind?'",
        },
        languages: ['en', 'de'],
        timeBand: 'daytime',
      },
    },
    {
      name: 'Demo Eli',
      email: 'demo-eli@example.org',
      profile: {
        intro: 'Teacher on a sabbatical, walking the museum slowly.',
        answers: {
          'keeps-you-up': 'How to keep learning once the course is over.',
        },
        languages: ['en'],
        timeBand: 'weekend',
      },
    },
  ],
  comments: [
    {
      room: 'seek',
      exhibit: 'the-framework',
      by: 0,
      hours: 8,
      text: 'Hi all, Alex here (an example visitor). I work in a small research team and I have been hoarding bookmarks for years. The idea that **sharing** is part of the loop, not an extra, is new to me.',
      likedBy: [1, 2, 4],
      spotlight: true,
      replies: [
        {
          by: 2,
          hours: 10,
          text: 'Same here: thousands of bookmarks, and I rarely open any of them again.',
        },
        {
          by: 3,
          hours: 19,
          text: 'Do you share anything inside your team at the moment, even informally?',
        },
      ],
    },
    {
      room: 'seek',
      exhibit: 'the-firehose',
      by: 1,
      hours: 22,
      text: 'This drawing is my inbox on a Monday. I unsubscribed from six newsletters after looking at it.',
      likedBy: [0, 3],
    },
    {
      room: 'seek',
      exhibit: 'filter-bubble',
      by: 4,
      hours: 35,
      text: 'I checked who I follow: almost everyone works in the same field as me. Time to look further.',
      likedBy: [2],
      replies: [
        {
          by: 1,
          hours: 40,
          text: 'The rough-edges podcast in this room has a few good tips for exactly that.',
        },
      ],
    },
    {
      room: 'sense-and-share',
      exhibit: 'working-out-loud',
      by: 2,
      hours: 6,
      text: 'I tried a weekly “what I learned” note in our team channel. Two colleagues replied with links I had never seen.',
      likedBy: [0, 1, 3],
    },
    {
      room: 'sense-and-share',
      exhibit: 'the-slip-box',
      by: 3,
      hours: 12,
      text: 'I started a slip-box last year and gave up after a month. Reading this, I think I made every note too long.',
      likedBy: [4],
    },
  ],
  finds: [
    {
      room: 'seek',
      by: 2,
      hours: 28,
      title: 'Personal knowledge management on Wikipedia',
      url: 'https://en.wikipedia.org/wiki/Personal_knowledge_management',
      note: 'A wider view of the field, with its history and a few critiques. Good background for this room.',
      featured: true,
      comments: [{ by: 0, hours: 33, text: 'Thanks, the section on critiques was useful.' }],
    },
    {
      room: 'seek',
      by: 3,
      hours: 22,
      title: 'Information overload',
      url: 'https://en.wikipedia.org/wiki/Information_overload',
      note: 'The problem this room is about has a long history: people complained about too many books in the 1500s.',
    },
    {
      room: 'seek',
      by: 1,
      hours: 14,
      title: 'RSS: the oldest way to choose your own stream',
      url: 'https://en.wikipedia.org/wiki/RSS',
      note: 'No algorithm decides what you see. I went back to a feed reader this week and it feels calm.',
      comments: [
        { by: 4, hours: 18, text: 'Which reader do you use? I would like to try it too.' },
      ],
    },
    {
      room: 'sense-and-share',
      by: 4,
      hours: 9,
      title: 'The Zettelkasten method',
      url: 'https://en.wikipedia.org/wiki/Zettelkasten',
      note: 'For anyone who, like Demo Dana, wants to give the slip-box another try.',
    },
  ],
  submissions: [
    {
      by: 0,
      hours: 3,
      text: 'For years I saved every interesting article to a read-later app. Last month I counted: 2,400 items, and I had read maybe fifty. I tried something else: each Friday I pick three items, write two sentences about each and post them in our team channel.\n\nWhat I noticed is that writing those two sentences is where the learning happens. The saving never taught me anything. I am not sure yet whether my colleagues read the posts.',
    },
    {
      by: 1,
      hours: 8,
      text: 'I lead a small support team. We kept solving the same problems twice because the answers lived in private chats. I asked everyone to end each tricky ticket with one line in a shared “what we learned” page.\n\nIt worked for three weeks, then people forgot. I think the habit needs a reason that is visible to the team, not just to me.',
    },
    {
      by: 2,
      hours: 15,
      text: 'I noticed that the people who taught me most this year were not in my field at all: a nurse in a community I joined, and a game designer I follow. Their questions made me rethink how I explain things to clients.\n\nSo I now deliberately follow a few people outside my work every month, and keep a note of one thing each of them made me see differently.',
    },
    {
      by: 3,
      hours: 20,
      text: 'I keep notes of every meeting, but I never look at them again. This week I tried linking each new note to an older one and writing why they belong together.\n\nIt takes longer, and I am not sure it is worth it. But twice it made me remember a decision we had forgotten.',
    },
  ],
  reviews: [
    {
      by: 1,
      hours: 24,
      scale: 4,
      texts: [
        'The number 2,400 makes the point better than any argument: it shows exactly why saving is not learning.',
        'Have you asked a colleague whether the Friday posts are useful to them?',
        'Add a question at the end of each post, so colleagues have a reason to reply.',
      ],
    },
    {
      by: 2,
      hours: 26,
      scale: 3,
      texts: [
        'You describe the problem and the experiment very clearly, and you are honest about why it faded.',
        'What would make the shared page visible to the team every day?',
        'Read one line from the page aloud at the start of your weekly meeting.',
      ],
    },
    {
      by: 0,
      hours: 29,
      scale: 4,
      texts: [
        'I like that you follow people outside your field on purpose; the nurse example makes it concrete.',
        'How do you find those people in the first place?',
        'Share one of your monthly notes with the person who inspired it; they may enjoy hearing it.',
      ],
    },
    {
      by: 3,
      hours: 31,
      scale: 2,
      texts: [
        'The remembered decision is a strong example of what linked notes can give back.',
        'How many minutes does one linked note take you?',
        'Only link notes from meetings where a decision was made, to keep the habit small.',
      ],
    },
    {
      by: 1,
      hours: 36,
      scale: 3,
      texts: [
        'Your reasoning is easy to follow, from the habit to the moment it paid off.',
        'Which of your clients noticed the difference first?',
        'Write a short post about the game designer’s question; your network might enjoy it too.',
      ],
    },
  ],
  ratings: [
    { helpfulness: 5, thanks: 'Good idea about the question at the end, I will try it on Friday.' },
    { helpfulness: 4, thanks: 'Thank you, reading it aloud is simple enough to work.' },
    { helpfulness: 4, thanks: '' },
    { helpfulness: 3, thanks: 'Thanks for reading.' },
  ],
  meetupYes: [0, 2, 3],
  meetupNo: [1],
  meetup: {
    title: 'Meet-up: Seek, sense and share in person',
    place: 'Example Library, room 2',
    address: '1 Example Street, Example Town',
    description:
      'An evening to meet in person: three short stories of how people share what they learn, then time to talk.\n\n*This is an example in the demo: the place does not exist.*',
  },
  announcement: {
    title: 'This week’s assignment is ready',
    body: 'In the room **Sense and share** you will find the assignment: share one thing you made sense of, then give feedback to two fellow learners. You can start at once: there is work waiting for your review.',
  },
  houseRules: {
    adopted: {
      by: 0,
      title: 'First names only in the digest',
      rule: 'names_in_digests',
      value: 'first',
    },
    open: {
      by: 1,
      title: 'Phones away at the meet-up',
      body: 'At the meet-up, phones stay in our bags: we are there for each other.',
      consents: [1, 3],
    },
    objection: {
      by: 2,
      reason: 'I am on call and need to be reachable.',
      answer: 'Whoever is on call keeps the phone silent on the table; I will add that.',
    },
  },
  introductions: [
    {
      by: 0,
      hours: 3,
      text: 'Hi everyone! I am Alex, a product manager who reads too many newsletters. The view from my desk: a wet street and a very patient cat. I hope to learn how to keep less and find more.',
      view: {
        scene: 1,
        alt: 'Drawing of a window onto a rainy street at dusk, with a cat sitting on the sill.',
      },
      replies: [
        {
          by: 1,
          hours: 4,
          text: 'Welcome Alex! The newsletter pile is familiar, I unsubscribed from twelve last week.',
        },
      ],
      likedBy: [1, 3],
    },
    {
      by: 2,
      hours: 7,
      text: 'Chris here, a software developer in Rotterdam. I am writing this on a train, so my view is fields going by. I want a simple routine for sharing what I learn with my team.',
      replies: [
        {
          by: 4,
          hours: 9,
          text: 'Hello Chris, sharing more is my goal too. Let us compare notes.',
        },
      ],
    },
    {
      by: 3,
      hours: 12,
      text: 'I am Dana, a librarian. My view is a reading room that is quiet for once. I am curious how others filter the firehose.',
    },
  ],
};

/** The demo of each sample course, by course id. */
export const demoCourses: ReadonlyMap<string, DemoCourse> = new Map([
  ['knowmads', dutch],
  ['pkm', english],
]);

/** Every demo learner's address, for resetting the demo. */
export const demoEmails = [...demoCourses.values()].flatMap((c) => c.learners.map((l) => l.email));
