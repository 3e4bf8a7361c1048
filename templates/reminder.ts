import type { Content, DocumentDefinition } from './definition'
import { countryName, day, fill } from './format'
import { documentFrame, justified } from './layout'
import { masthead } from './masthead'
import { partyName } from './parties'
import type { DocLanguage, ReminderLetterData, ReminderReport } from './types'
import { wording } from './wording'

/**
 * The reminder letter about a late milestone or a late report (issue 14 §7): from the grantor to
 * one contact of the beneficiary, in that contact's language; it says what was due and when
 * (for a report: which one and the period it covers), recalls the agreement's obligation, and
 * asks for an answer by a given day.
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

/** A report as a letter names it: "final report", "progress report no. 2". */
function reportName(report: Pick<ReminderReport, 'kind' | 'number'>, lang: DocLanguage): string {
  const w = wording(lang).reminder_letter
  return report.kind === 'final' ? w.finalReport : fill(w.progressReport, { number: report.number ?? 1 })
}

/** What the letter is about, as its subject line and its paragraphs say it: a milestone or a report. */
function aboutWhat(data: Omit<ReminderLetterData, 'stamp'>, lang: DocLanguage) {
  const w = wording(lang).reminder_letter
  const values = {
    code: data.project.code,
    project: data.project.title,
    beneficiary: partyName(data.beneficiary),
    today: day(data.today, lang, 'long'),
    days: data.daysLate,
  }
  if (data.report) {
    const r = data.report
    const report = {
      ...values,
      report: reportName(r, lang),
      from: day(r.periodStart, lang, 'long'),
      to: day(r.periodEnd, lang, 'long'),
      due: day(r.dueDate, lang, 'long'),
    }
    return { subject: fill(w.reportSubject, report), paragraphs: [fill(w.reportDue, report), w.reportObligation], reply: w.reportReply }
  }
  if (!data.milestone) throw new Error('A reminder letter is about a milestone or a report')
  const m = data.milestone
  const milestone = { ...values, milestone: m.title, due: day(m.dueDate, lang, 'long') }
  return {
    subject: fill(w.subject, milestone),
    paragraphs: [fill(w.due, milestone), ...(m.description ? [fill(w.description, { description: m.description })] : []), w.obligation],
    reply: w.reply,
  }
}

/** The letter in one language, as a pdfmake definition. */
export function buildReminderLetter(data: ReminderLetterData, lang: DocLanguage): DocumentDefinition {
  const common = wording(lang).common
  const w = wording(lang).reminder_letter
  const place = data.grantor.signaturePlace ?? data.grantor.city
  const dated = place ? fill(w.dateLine, { place, date: day(data.today, lang, 'long') }) : day(data.today, lang, 'long')
  const about = aboutWhat(data, lang)
  // The subject line: the milestone or report, the project, the due day and the days late.
  const subject = about.subject
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
    ...about.paragraphs.map((text) => paragraph(text)),
    paragraph(fill(about.reply, { replyBy: day(data.replyBy, lang, 'long') })),
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
