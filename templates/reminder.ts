import type { Content, DocumentDefinition } from './definition'
import { countryName, day, fill } from './format'
import { documentFrame, justified } from './layout'
import { masthead } from './masthead'
import { partyName } from './parties'
import type { DocLanguage, ReminderLetterData } from './types'
import { wording } from './wording'

/**
 * The reminder letter about a late milestone (issue 14 §7): from the grantor to one contact of the
 * beneficiary, in that contact's language; it says what was due and when, recalls the
 * agreement's obligation to report progress, and asks for an answer by a given day.
 */

function paragraph(text: string): Content {
  return { text: justified(text), style: 'body', margin: [0, 0, 0, 8] }
}

/** The addressee as a letter's window shows it: name, job title, organisation, street, town, country. */
function addressee(data: ReminderLetterData, lang: DocLanguage): Content {
  const b = data.beneficiary
  const town = [b.postcode, b.city].filter(Boolean).join(' ')
  const lines = [
    { text: data.contact.name, bold: true },
    ...(data.contact.jobTitle ? [{ text: data.contact.jobTitle }] : []),
    { text: partyName(b) },
    ...(b.street ? [{ text: b.street }] : []),
    ...(town ? [{ text: town }] : []),
    { text: countryName(b.country, lang) },
  ]
  return {
    columns: [
      { width: '*', text: '' },
      { width: 220, stack: lines },
    ],
    margin: [0, 4, 0, 18],
  }
}

/** The subject line: milestone, project, due day and days late, all of which the letter is about. */
export function reminderSubject(data: Pick<ReminderLetterData, 'milestone' | 'project' | 'daysLate'>, lang: DocLanguage): string {
  return fill(wording(lang).reminder_letter.subject, {
    milestone: data.milestone.title,
    code: data.project.code,
    due: day(data.milestone.dueDate, lang, 'long'),
    days: data.daysLate,
  })
}

/** The letter in one language, as a pdfmake definition. */
export function buildReminderLetter(data: ReminderLetterData, lang: DocLanguage): DocumentDefinition {
  const common = wording(lang).common
  const w = wording(lang).reminder_letter
  const place = data.grantor.signaturePlace ?? data.grantor.city
  const dated = place ? fill(w.dateLine, { place, date: day(data.today, lang, 'long') }) : day(data.today, lang, 'long')
  const subject = reminderSubject(data, lang)
  const signatory = data.grantor.signatory
  const content: Content[] = [
    ...masthead({
      lang,
      stamp: data.stamp,
      title: w.title,
      issuer: partyName(data.grantor),
      subtitle: data.grantor.programmeReference ?? common.programme,
      projectLine: `${data.project.code} – ${data.project.title}`,
    }),
    addressee(data, lang),
    { text: dated, alignment: 'right', margin: [0, 0, 0, 12] },
    {
      text: [{ text: `${w.referenceLabel} `, style: 'label' }, { text: data.stamp.reference }],
      margin: [0, 0, 0, 4],
    },
    {
      text: [
        { text: `${w.subjectLabel} `, bold: true },
        { text: subject, bold: true },
      ],
      margin: [0, 0, 0, 14],
    },
    { text: w.salutation, margin: [0, 0, 0, 8] },
    paragraph(
      fill(w.due, {
        milestone: data.milestone.title,
        code: data.project.code,
        project: data.project.title,
        beneficiary: partyName(data.beneficiary),
        due: day(data.milestone.dueDate, lang, 'long'),
        today: day(data.today, lang, 'long'),
        days: data.daysLate,
      }),
    ),
    ...(data.milestone.description ? [paragraph(fill(w.description, { description: data.milestone.description }))] : []),
    paragraph(w.obligation),
    paragraph(fill(w.reply, { replyBy: day(data.replyBy, lang, 'long') })),
    paragraph(w.closing),
    {
      stack: [{ text: signatory.name, bold: true }, ...(signatory.title ? [{ text: signatory.title }] : []), { text: partyName(data.grantor) }],
      margin: [260, 28, 0, 0],
      unbreakable: true,
    },
  ]
  return documentFrame({
    lang,
    stamp: data.stamp,
    title: w.title,
    subject,
    keywords: ['AMIF', data.project.code, data.stamp.reference, w.title],
    content,
  })
}
