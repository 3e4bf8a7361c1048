import type { Content, DocumentDefinition } from './definition'
import { day, fill, money } from './format'
import { vocabulary } from './labels'
import { dataTable, documentFrame, fields, heading, keepWithNext, note, paragraphs } from './layout'
import { masthead, producedDay } from './masthead'
import { partyName } from './parties'
import type { ClaimKind, PaymentKind } from '../database/domain/vocabulary'
import type { DocLanguage, HandoverData, OpenItem } from './types'
import { wording } from './wording'

/**
 * The handover summary that goes beside a handed-over file: who hands it to whom and when, which
 * file it is (name and id), what it holds, the note, and what the colleague taking over must deal
 * with, grouped by kind.
 */

/** The order open items are listed in: what is already late first, disputes last. */
export const OPEN_ITEM_KINDS: readonly OpenItem['kind'][] = [
  'milestone_late',
  'milestone_due',
  'payment_due',
  'claim_verification',
  'agreement_unsigned',
  'report_due',
  'conflict_unresolved',
]

/** What an item is: a milestone's or record's own words, or the kind of payment or report, or the agreement to sign. */
function itemLabel(item: OpenItem, lang: DocLanguage): string {
  const w = wording(lang)
  if (item.kind === 'payment_due') return vocabulary(lang).paymentKinds[item.label as PaymentKind] ?? item.label
  if (item.kind === 'claim_verification') return vocabulary(lang).claimKinds[item.label as ClaimKind] ?? item.label
  if (item.kind === 'report_due') return item.label === 'final' ? w.agreement.finalReport : w.agreement.progressReport
  if (item.kind === 'agreement_unsigned') return w.handover.agreementToSign
  return item.label
}

function openItemTable(items: OpenItem[], lang: DocLanguage): Content {
  const t = wording(lang).table
  return dataTable(
    [
      { header: t.project, width: 150 },
      { header: t.label, width: '*' },
      { header: t.date, width: 58 },
      { header: t.amount, width: 78, align: 'right' },
    ],
    items.map((item) => [
      item.projectCode
        ? { stack: [{ text: item.projectCode, bold: true }, ...(item.projectTitle ? [{ text: item.projectTitle, style: 'small' }] : [])], style: 'cell' }
        : '—',
      itemLabel(item, lang),
      day(item.date, lang),
      item.amountCents !== null ? money(item.amountCents, lang) : '',
    ]),
  )
}

function openItems(data: HandoverData, lang: DocLanguage): Content[] {
  const w = wording(lang)
  const groups = OPEN_ITEM_KINDS.map((kind) => ({ kind, items: data.openItems.filter((i) => i.kind === kind) })).filter((g) => g.items.length > 0)
  if (groups.length === 0) return [heading(w.handover.openItems), note(w.handover.noOpenItems)]
  return groups.map((g, i) => {
    const captions = [heading(`${w.openItems[g.kind]} (${g.items.length})`, 2)]
    // The section's heading goes with its first group.
    return keepWithNext(i === 0 ? [heading(w.handover.openItems), ...captions] : captions, openItemTable(g.items, lang))
  })
}

/** The handover summary in one language, as a pdfmake definition. */
export function buildHandoverSummary(data: HandoverData, lang: DocLanguage): DocumentDefinition {
  const w = wording(lang)
  const h = w.handover
  const c = data.counts
  const content: Content[] = [
    ...masthead({
      lang,
      stamp: data.stamp,
      title: h.title,
      issuer: data.grantor ? partyName(data.grantor) : null,
      subtitle: data.grantor?.programmeReference ?? w.common.programme,
      projectLine: data.fileName,
    }),
    { text: fill(h.intro, { file: data.fileName }), margin: [0, 0, 0, 8] },
    fields([
      [h.from, data.fromOfficer],
      [h.to, data.toName],
      [h.date, day(producedDay(data.stamp), lang, 'long')],
      [h.file, data.fileName],
      [h.fileId, data.fileId],
      [h.organisation, data.grantor ? partyName(data.grantor) : null],
    ]),
    keepWithNext(
      [heading(h.contents)],
      dataTable(
        [
          { header: h.partners, width: '*', align: 'right' },
          { header: h.projects, width: '*', align: 'right' },
          { header: h.milestones, width: '*', align: 'right' },
          { header: h.documents, width: '*', align: 'right' },
        ],
        [[String(c.partners), String(c.projects), String(c.milestones), String(c.documents)]],
        [],
        { keepWhole: true },
      ),
    ),
    heading(h.note),
    ...(data.note.trim().length > 0 ? paragraphs(data.note) : [note(h.noNote)]),
    ...openItems(data, lang),
  ]
  return documentFrame({
    lang,
    stamp: data.stamp,
    title: h.title,
    subject: `${data.fileName} (${data.fileId})`,
    keywords: ['AMIF', data.stamp.reference, h.title, data.fileId],
    content,
  })
}
