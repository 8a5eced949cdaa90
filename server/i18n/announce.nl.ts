// Dutch text of the organiser's desk (announce); part of nl.ts.
export const announceNl = {
  // The organiser's page
  'announce.organiseTitle': 'Mededelingen',
  'announce.lead':
    'Een korte mededeling voor de hele groep. Ze staat op de beginpagina van de groep en gaat mee in de volgende samenvatting.',
  'announce.newTitle': 'Nieuwe mededeling',
  'announce.errorSummary': 'Controleer deze velden',
  'announce.field.title': 'Titel',
  'announce.field.body': 'Bericht',
  'announce.field.urgent': 'Dringend: stuur het nu meteen per e-mail naar alle deelnemers',
  'announce.hint.body': 'Markdown mag: *schuin*, **vet**, links en lijstjes.',
  'announce.hint.urgent':
    'Een dringende mededeling gaat meteen naar iedereen, ook naar wie geen samenvatting wil, en komt daarom niet nog eens in de samenvatting.',
  'announce.publish': 'Plaatsen',
  'announce.earlier': 'Eerdere mededelingen',
  'announce.none': 'Er zijn nog geen mededelingen.',
  'announce.urgentBadge': 'dringend',
  'announce.mailedOn': 'gemaild op {date}',
  'announce.delete': 'Verwijderen',
  'announce.edit': 'Bewerken',
  'announce.editLabel': '“{title}” bewerken',
  'announce.editTitle': 'Mededeling bewerken',
  'announce.editLead':
    'Je wijzigingen staan meteen op de beginpagina, en in elke samenvatting die nog niet verstuurd is.',
  'announce.editMailed':
    'Deze mededeling is op {date} gemaild; die mail kan niet meer veranderen. Je wijzigingen staan meteen op de beginpagina.',
  'announce.save': 'Wijzigingen opslaan',
  'announce.cancelEdit': 'Terug naar de mededelingen, zonder op te slaan',
  'announce.flash.saved': 'De mededeling is opgeslagen.',
  'announce.deleteLabel': 'Verwijder “{title}”',
  'announce.error.titleRequired': 'Geef de mededeling een titel.',
  'announce.error.bodyRequired': 'Schrijf het bericht.',
  'announce.error.tooLong': 'Dit is te lang: hoogstens {max} tekens.',
  'announce.flash.published':
    'De mededeling staat op de beginpagina en gaat mee in de volgende samenvatting.',
  'announce.flash.mailed.one':
    'De mededeling is geplaatst en gaat per e-mail naar {count} deelnemer.',
  'announce.flash.mailed.other':
    'De mededeling is geplaatst en gaat per e-mail naar {count} deelnemers.',
  'announce.flash.deleted': 'De mededeling is verwijderd.',
  'announce.flash.notFound': 'Die mededeling bestaat niet (meer).',
  // On the cohort home
  'announce.homeTitle': 'Mededelingen',
  'announce.homeNone': 'Nog geen mededelingen.',
  'announce.write': 'Een mededeling schrijven',
  // In the digest
  'announce.digest.section': 'Mededelingen',
  'announce.digest.subjectOne': 'Mededeling: {title}',
  'announce.digest.subjectMany.one': '{count} mededeling',
  'announce.digest.subjectMany.other': '{count} mededelingen',
  // The urgent mail
  'announce.mail.subject': 'Mededeling: {title}',
  'announce.mail.intro': 'Een mededeling van de organisatie van “{course}”:',
  'announce.mail.introBy': '{author} heeft een mededeling voor de deelnemers van “{course}”:',
  'announce.mail.visit': 'Naar de groep',
  'announce.mail.why':
    'Je krijgt deze e-mail omdat je meedoet aan “{course}” en de organisatie dit dringend vond.',
  'announce.mail.settings': 'Je instellingen',
  'announce.mail.unsubscribe': 'Afmelden voor samenvattingen',
  // Writing a room
  'announce.writing.title': 'Een zaal schrijven',
  'announce.writing.lead':
    'Hoe de inhoud van een cursus in elkaar zit: cursus, zalen, exhibits, opdrachten en media, met een compleet voorbeeld.',
};
