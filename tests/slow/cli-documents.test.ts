import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEMO_PROJECTS } from '../../database/demo/projects'
import { pdfInfo, pdfText } from '../unit/fixtures/documents'
import { makeAmifFile, sha256, tempDir } from '../unit/helpers'
import { runHere, runProcess } from '../unit/cli-helpers'

const TODAY = '2026-12-01'

/** A PDF on disk is what the command said: its page count, size and SHA-256. */
function expectPdf(result: { path: string; pageCount: number; bytes: number; sha256: string }): void {
  const bytes = fs.readFileSync(result.path)
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
  expect(bytes.length).toBe(result.bytes)
  expect(sha256(result.path)).toBe(result.sha256)
  expect(Number(pdfInfo(bytes).Pages)).toBe(result.pageCount)
}

describe('pdf and handover on the command line', () => {
  it('pdf agreement, as a process, prints the path, page count, bytes and SHA-256 of a valid PDF in the language asked', async () => {
    const dir = tempDir()
    const file = await makeAmifFile(path.join(dir, 'demo.amif'), { demo: true })
    const out = path.join(dir, 'convention.pdf')
    const run = await runProcess(['pdf', 'agreement', file, '--project', 'amif-2023-ac-01', '--lang', 'nl', '--out', out, '--today', TODAY], {
      AMIF_OFFICER: 'Pieter Janssens',
    })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result).toMatchObject({ ok: true, path: out, kind: 'agreement', project: 'AMIF-2023-AC-01', language: 'nl', version: 1, status: 'draft' })
    expectPdf(result)
    expect(pdfText(fs.readFileSync(out)).all).toContain('Subsidieovereenkomst')
  })

  it('produces every demo project’s agreement and report and the programme report, in French, Dutch and English', async () => {
    const dir = tempDir()
    const file = await makeAmifFile(path.join(dir, 'demo.amif'), { demo: true })
    for (const lang of ['fr', 'nl', 'en']) {
      for (const p of DEMO_PROJECTS) {
        for (const kind of ['agreement', 'report']) {
          const out = path.join(dir, lang, `${p.code}-${kind}.pdf`)
          fs.mkdirSync(path.dirname(out), { recursive: true })
          const run = await runHere(['pdf', kind, file, '--project', p.code, '--lang', lang, '--out', out, '--today', TODAY])
          if (kind === 'agreement' && lang === 'nl' && p.objective === 'SO4') {
            // SO4's official Dutch wording ships incomplete: no Dutch agreement until the officer completes it.
            expect(run.code).not.toBe(0)
            expect(`${run.stdout}${run.stderr}`).toContain('WORDING_MISSING')
            expect(fs.existsSync(out)).toBe(false)
            continue
          }
          expect(run.code, `${kind} ${p.code} ${lang}: ${run.stdout}${run.stderr}`).toBe(0)
          const result = JSON.parse(run.stdout)
          expect(result).toMatchObject({ kind, project: p.code, language: lang })
          expectPdf(result)
        }
      }
      const out = path.join(dir, lang, 'programme.pdf')
      const run = await runHere(['pdf', 'programme', file, '--lang', lang, '--out', out, '--today', TODAY])
      expect(run.code).toBe(0)
      expectPdf(JSON.parse(run.stdout))
      const so1 = path.join(dir, lang, 'programme-so1.pdf')
      const only = JSON.parse((await runHere(['pdf', 'programme', file, '--lang', lang, '--out', so1, '--objective', 'SO1', '--today', TODAY])).stdout)
      expectPdf(only)
      const text = pdfText(fs.readFileSync(so1)).all
      expect(text).toContain('AMIF-2023-AC-01')
      expect(text).not.toContain('AMIF-2024-RV-01')
    }
  }, 300_000)

  it('handover, as a process, writes the copy and its summary PDF in the folder given', async () => {
    const dir = tempDir()
    const file = await makeAmifFile(path.join(dir, 'portefeuille.amif'), { demo: true })
    const out = path.join(dir, 'pour Pieter')
    const run = await runProcess(['handover', file, '--to', 'Pieter Janssens', '--note', 'Tout est à jour.', '--out', out, '--today', TODAY])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result).toMatchObject({ ok: true, integrity: 'ok', path: path.join(out, `portefeuille – passation ${TODAY}.amif`) })
    expect(result.openItems).toBeGreaterThan(0)
    expect(fs.existsSync(result.path)).toBe(true)
    expect(result.summary.path).toBe(path.join(out, `portefeuille – passation ${TODAY}.pdf`))
    expect(pdfText(fs.readFileSync(result.summary.path)).all).toContain('Tout est à jour.')
    const check = await runHere(['check', result.path])
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, integrity: 'ok', fileId: result.fileId })
  })

  it('refuses what it cannot do with a usage error (exit 1) or a refusal (exit 2), writing nothing', async () => {
    const dir = tempDir()
    const file = await makeAmifFile(path.join(dir, 'demo.amif'), { demo: true })
    const out = path.join(dir, 'x.pdf')
    const usage = async (args: string[], message: RegExp) => {
      const run = await runHere(args)
      expect(run.code, args.join(' ')).toBe(1)
      expect(run.stderr).toMatch(message)
    }
    await usage(['pdf', file, '--out', out], /pdf needs a kind: agreement, report, programme/)
    await usage(['pdf', 'agreement', file, '--out', out], /needs --project/)
    await usage(['pdf', 'report', file, '--project', 'AMIF-2024-RV-01'], /needs --out/)
    await usage(['pdf', 'agreement', file, '--project', 'AMIF-2024-RV-01', '--lang', 'de', '--out', out], /--lang takes fr, nl or en/)
    await usage(['pdf', 'programme', file, '--objective', 'SO9', '--out', out], /--objective takes SO1/)
    await usage(['handover', file, '--note', 'x', '--out', dir], /handover needs --to/)
    await usage(['summary', file, '--lang', 'fr'], /--lang does not apply to summary/)
    const missing = await runHere(['pdf', 'agreement', file, '--project', 'AMIF-1999-XX-01', '--out', out])
    expect(missing.code).toBe(2)
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    expect(fs.existsSync(out)).toBe(false)
  })
})
