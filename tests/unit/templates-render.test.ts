import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import type { DocumentDefinition } from '../../templates/definition'
import { breakLongWords } from '../../templates/format'
import { renderPdf, withLongWordsBroken } from '../../templates/render'
import { pdfFonts, pdfInfo, pdfText } from './fixtures/documents'

const CREATED = new Date('2025-03-14T08:15:00.000Z')
// A 1×1 PNG: a valid image, so that only the access policy can refuse it.
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/x8AAwMCAO+ip1sAAAAASUVORK5CYII='

function definition(patch: Partial<DocumentDefinition> = {}): DocumentDefinition {
  return {
    content: ['Олена Коваленко · Ελένη Παπαδοπούλου · Ilse Ağaoğlu-Ñúñez', { text: 'Gras', bold: true }, { text: 'Italique', italics: true }],
    info: { title: 'Essai', author: 'Marc Vandenbroucke', subject: 'AMIF-2025-RV-03', keywords: 'AMIF, essai', creationDate: CREATED },
    ...patch,
  }
}

function tempFile(name: string, bytes: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amif-render-'))
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }))
  const file = path.join(dir, name)
  fs.writeFileSync(file, bytes)
  return file
}

describe('renderPdf', () => {
  it('embeds Roboto, so non-Latin and accented names come out exactly', async () => {
    const { bytes } = await renderPdf(definition())
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdfText(bytes).all).toContain('Олена Коваленко · Ελένη Παπαδοπούλου · Ilse Ağaoğlu-Ñúñez')
    const fonts = pdfFonts(bytes)
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['Roboto-Italic', 'Roboto-Medium', 'Roboto-Regular'])
    expect(fonts.every((f) => f.embedded)).toBe(true)
  })

  it('writes the title, author, subject, keywords and creation date into the PDF', async () => {
    const info = pdfInfo((await renderPdf(definition())).bytes)
    expect(info.Title).toBe('Essai')
    expect(info.Author).toBe('Marc Vandenbroucke')
    expect(info.Subject).toBe('AMIF-2025-RV-03')
    expect(info.Keywords).toBe('AMIF, essai')
    expect(info.CreationDate).toMatch(/^2025-03-14T08:15:00/)
  })

  it('gives the same bytes for the same definition', async () => {
    const a = await renderPdf(definition())
    const b = await renderPdf(definition())
    expect(a.bytes.equals(b.bytes)).toBe(true)
  })

  it('refuses a definition without a creation date (its bytes would change at every run)', async () => {
    await expect(renderPdf({ content: 'x' })).rejects.toThrow(/creationDate/)
  })

  it('counts pages exactly, as pdfinfo does', async () => {
    for (const pages of [1, 3, 7]) {
      const content = Array.from({ length: pages }, (_, i) => ({ text: `Page ${i + 1}`, pageBreak: i > 0 ? ('before' as const) : undefined }))
      const { bytes, pageCount } = await renderPdf(definition({ content }))
      expect(pageCount).toBe(pages)
      expect(Number(pdfInfo(bytes).Pages)).toBe(pages)
    }
    // And when pages come from text flowing over, not from explicit breaks.
    const long = Array.from({ length: 400 }, (_, i) => `Paragraphe ${i + 1}`)
    const { bytes, pageCount } = await renderPdf(definition({ content: long }))
    expect(pageCount).toBeGreaterThan(5)
    expect(Number(pdfInfo(bytes).Pages)).toBe(pageCount)
  })

  it('refuses an image named by URL, in the images dictionary or in the content', async () => {
    await expect(renderPdf(definition({ content: [{ image: 'logo' }], images: { logo: 'https://example.org/logo.png' } }))).rejects.toThrow(/denied/i)
    await expect(renderPdf(definition({ content: [{ image: 'http://127.0.0.1:9/logo.png' }] }))).rejects.toThrow(/denied/i)
  })

  it('refuses an image read from a local file, even a valid one', async () => {
    const file = tempFile('logo.png', Buffer.from(PNG_BASE64, 'base64'))
    await expect(renderPdf(definition({ content: [{ image: file }] }))).rejects.toThrow(/denied/i)
    await expect(renderPdf(definition({ content: [{ image: 'logo' }], images: { logo: file } }))).rejects.toThrow(/denied/i)
    await expect(renderPdf(definition({ content: [{ image: '/etc/passwd' }] }))).rejects.toThrow(/denied/i)
    // The same image carried in the definition itself is fine: the refusal is about access, not images.
    const inline = await renderPdf(definition({ content: [{ image: `data:image/png;base64,${PNG_BASE64}` }] }))
    expect(inline.pageCount).toBe(1)
  })

  it('refuses an embedded file read from disk', async () => {
    const file = tempFile('secret.txt', Buffer.from('secret'))
    await expect(renderPdf(definition({ files: { secret: { src: file } } }))).rejects.toThrow(/denied/i)
  })

  it('refuses a font it does not embed itself, rather than look for it on disk', async () => {
    await expect(renderPdf(definition({ content: [{ text: 'x', font: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf' }] }))).rejects.toThrow(/not defined/i)
  })

  it('refuses SVG content, whose images svg-to-pdfkit would open past the policy', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image href="/etc/hostname" width="10" height="10"/></svg>'
    await expect(renderPdf(definition({ content: [{ svg }] }))).rejects.toThrow(/SVG/)
    await expect(renderPdf(definition({ footer: () => ({ stack: [{ svg }] }) }))).rejects.toThrow(/SVG/)
  })
})

describe('long words', () => {
  const ZWSP = '\u200b'

  it('get an invisible break opportunity every 16 characters when longer than 40; other words stay as they are', () => {
    const word = 'x'.repeat(41)
    expect(breakLongWords(`Voir ${word} ici`)).toBe(`Voir ${'x'.repeat(16)}${ZWSP}${'x'.repeat(16)}${ZWSP}${'x'.repeat(9)} ici`)
    const ordinary = `Bruxelles, le 14 mars 2025 ${'y'.repeat(40)} 120\u00a0000,00\u00a0€`
    expect(breakLongWords(ordinary)).toBe(ordinary)
    // No more than one break every 16 characters, and the characters themselves are all kept.
    const huge = breakLongWords('z'.repeat(1_000_000))
    expect(huge.replaceAll(ZWSP, '')).toBe('z'.repeat(1_000_000))
    expect(huge.split(ZWSP).every((piece) => piece.length === 16 || piece.length === 1_000_000 % 16)).toBe(true)
    // A character outside the BMP (two UTF-16 units) or an accent written apart is never cut in two.
    const emoji = breakLongWords('\u{1F1E7}'.repeat(30))
    expect(emoji.replaceAll(ZWSP, '')).toBe('\u{1F1E7}'.repeat(30))
    expect(emoji.split(ZWSP).every((piece) => [...piece].every((c) => c === '\u{1F1E7}'))).toBe(true)
    const accents = breakLongWords('e\u0301'.repeat(30))
    expect(accents.split(ZWSP).every((piece) => piece.startsWith('e') && piece.endsWith('\u0301'))).toBe(true)
  })

  it('are broken in every text of a definition (paragraphs, lists, table cells), never in images, styles or links', () => {
    const word = 'w'.repeat(50)
    const image = `data:image/png;base64,${'A'.repeat(60)}`
    const content = [
      word,
      { text: [word, { text: word, link: `https://example.org/${word}` }] },
      { table: { body: [[word, { text: word, style: 'cell' }]] } },
      { image },
      { ul: [word] },
    ]
    const broken = withLongWordsBroken(content)
    const texts = [broken[0], (broken[1] as { text: unknown[] }).text[0], ((broken[1] as { text: unknown[] }).text[1] as { text: string }).text]
    const table = (broken[2] as { table: { body: unknown[][] } }).table.body[0]
    for (const text of [...texts, table[0], (table[1] as { text: string }).text, (broken[4] as { ul: string[] }).ul[0]]) expect(text).toContain(ZWSP)
    expect(((broken[1] as { text: unknown[] }).text[1] as { link: string }).link).toBe(`https://example.org/${word}`)
    expect(broken[3]).toEqual({ image })
    expect(content[0]).toBe(word) // the definition given is not changed
  })

  it('wrap at the margin and keep all their characters in the PDF', async () => {
    const word = 'Nomdorganisationsansespace'.repeat(20)
    const { bytes, pageCount } = await renderPdf(definition({ content: [{ text: word }] }))
    expect(pageCount).toBe(1)
    const raw = pdfText(bytes).raw[0]
    expect(raw.replace(/\s+/g, '')).toContain(word)
    expect(raw.trim().split('\n').length).toBeGreaterThan(3)
  })
})
