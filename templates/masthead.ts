import { todayIso } from '../database/domain/dates'
import type { Content } from './definition'
import { fundingStatement } from './emblem'
import { day } from './format'
import { contentWidth, rule } from './layout'
import type { DocLanguage, DocumentStamp } from './types'
import { wording } from './wording'

/**
 * The top of every document's first page: the funding statement beside the EU emblem (which the
 * page frame draws, see emblem.ts), the issuing organisation, then the title and what identifies this version (reference, version, status, date).
 */

export interface MastheadOptions {
  lang: DocLanguage
  stamp: DocumentStamp
  title: string
  /** The issuing organisation, top right (null when the file has none set). */
  issuer: string | null
  /** Lines under the title: the programme, the project... */
  subtitle: string
  projectLine?: string
  orientation?: 'portrait' | 'landscape'
}

/** The day a document was produced, in Brussels (the stamp is an instant in UTC). */
export function producedDay(stamp: DocumentStamp): string {
  return todayIso(new Date(stamp.producedAt))
}

/** The first page's head: emblem and issuer, title, and the version's identification. */
export function masthead(options: MastheadOptions): Content[] {
  const { lang, stamp } = options
  const w = wording(lang).common
  const status = stamp.status === 'draft' ? w.statusDraft : w.statusFinal
  const width = contentWidth(options.orientation)
  const identification: Content = {
    table: {
      widths: ['auto', '*'],
      body: [
        [
          { text: w.reference, style: 'label' },
          { text: stamp.reference, bold: true },
        ],
        [{ text: w.versionLabel, style: 'label' }, { text: `${stamp.version} (${status})` }],
        [{ text: w.producedOn, style: 'label' }, { text: `${day(producedDay(stamp), lang, 'long')} · ${stamp.producedBy}` }],
      ],
    },
    layout: {
      hLineWidth: () => 0,
      vLineWidth: () => 0,
      paddingLeft: (i) => (i === 0 ? 0 : 10),
      paddingRight: () => 0,
      paddingTop: () => 1,
      paddingBottom: () => 1,
    },
    margin: [0, 4, 0, 0],
  }
  const top: Content = {
    columns: [
      { width: '*', stack: [fundingStatement(lang)] },
      options.issuer ? { width: 200, text: options.issuer, alignment: 'right', style: 'small', margin: [0, 4, 0, 0] } : { width: 0, text: '' },
    ],
  }
  const titles: Content[] = [
    { text: options.title, style: 'title', margin: [0, 0, 0, 4] },
    { text: options.subtitle, style: 'subtitle', margin: [0, 0, 0, options.projectLine ? 10 : 4] },
    ...(options.projectLine ? [{ text: options.projectLine, style: 'projectLine', margin: [0, 0, 0, 8] } as Content] : []),
  ]
  if (options.orientation === 'landscape') {
    // A landscape page is short: the identification goes beside the title rather than under it.
    return [
      top,
      rule(width, [0, 12, 0, 14]),
      {
        columns: [
          { width: '*', stack: titles },
          { width: 240, stack: [identification] },
        ],
        columnGap: 24,
      },
      rule(width, [0, 8, 0, 6]),
    ]
  }
  return [top, rule(width, [0, 12, 0, 18]), ...titles, identification, rule(width, [0, 12, 0, 8])]
}
