// Renders e-mails from views/emails/: an HTML part (escaped) and a plain-text part (not
// escaped: it is not HTML) from templates of the same name, in the recipient's language. A
// mail may include partials from anywhere under views/ (the digest includes each feature's).
import { Eta } from 'eta';
import { type Locale, type MessageKey, type Params, translator } from '../i18n/index.ts';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export function createMailRenderer(viewsRoot: string, production: boolean) {
  const options = { views: viewsRoot, cache: production };
  const html = new Eta({ ...options, autoEscape: true });
  const text = new Eta({ ...options, autoEscape: false, autoTrim: false });
  return function render(
    name: string,
    locale: Locale,
    subject: { key: MessageKey; params?: Params },
    data: Record<string, unknown>,
  ): RenderedMail {
    const tr = translator(locale);
    const it = { ...data, t: tr.t, tr, locale, subject: tr.t(subject.key, subject.params) };
    return {
      subject: it.subject,
      // Conditional sections leave blank lines behind: never more than one in a row.
      text: text.render(`./emails/${name}.txt.eta`, it).replace(/\n{3,}/g, '\n\n'),
      html: html.render(`./emails/${name}.html.eta`, it),
    };
  };
}

export type MailRenderer = ReturnType<typeof createMailRenderer>;
