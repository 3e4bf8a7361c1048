import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as electron from './fake-electron'

vi.mock('electron', () => import('./fake-electron'))

const { ElectronDialogs } = await import('../../../electron/main/dialogs')
const { handleInvoke } = await import('../../../electron/main/ipc')
const { rendererLocation } = await import('../../../electron/main/paths')
const { JsonSettingsStore } = await import('../../../electron/api/settings')
const { Workspace } = await import('../../../electron/api/workspace')

/**
 * The system's "open" (shell.openPath) only ever gets a `.pdf` the app has just written and
 * checked: read back, a PDF, the bytes the register holds. Anything else is refused first.
 */

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1')
const BATCH = Buffer.from('@echo off\r\nstart calc.exe\r\n', 'latin1')
const hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

let dir: string
let win: electron.BrowserWindow
let dialogs: InstanceType<typeof ElectronDialogs>

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amif-open-'))
  win = new electron.BrowserWindow({})
  dialogs = new ElectronDialogs(() => win as unknown as BrowserWindow, dir)
  vi.clearAllMocks()
})

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true })
})

function write(name: string, bytes: Buffer): string {
  const p = path.join(dir, name)
  fs.writeFileSync(p, bytes)
  return p
}

describe('opening a written document with the system', () => {
  it('hands a checked .pdf to the system', async () => {
    const file = write('Convention.pdf', PDF)
    await dialogs.openWithSystem(file, hex(PDF))
    expect(electron.shell.openPath).toHaveBeenCalledWith(file)
  })

  it('refuses anything that is not a .pdf holding a PDF with the expected SHA-256', async () => {
    const cases = [
      ['a PDF under another extension', write('Convention.pdf      .cmd', PDF), hex(PDF)],
      ['a name Windows would read otherwise', write('Convention.pdf.', PDF), hex(PDF)],
      ['a script named .pdf, with its own SHA-256', write('Convention.pdf', BATCH), hex(BATCH)],
      ['a PDF changed since it was written', write('Rapport.pdf', Buffer.concat([PDF, Buffer.from('% changed')])), hex(PDF)],
      ['a file that is gone', path.join(dir, 'gone.pdf'), hex(PDF)],
    ] as const
    for (const [label, file, sha] of cases) {
      await expect(dialogs.openWithSystem(file, sha), label).rejects.toMatchObject({ code: 'DOCUMENT_INVALID' })
    }
    const target = write('target.cmd', BATCH)
    const link = path.join(dir, 'link.pdf')
    fs.symlinkSync(target, link)
    await expect(dialogs.openWithSystem(link, hex(BATCH)), 'a link').rejects.toMatchObject({ code: 'DOCUMENT_INVALID' })
    expect(electron.shell.openPath).not.toHaveBeenCalled()
  })
})

describe('opening a written attachment with the system', () => {
  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR scan', 'latin1')])

  it('hands a checked attachment to the system: its content the type its extension names, its SHA-256 the one kept', async () => {
    const file = write('Scan signé.png', PNG)
    await dialogs.openWithSystem(file, hex(PNG))
    expect(electron.shell.openPath).toHaveBeenCalledWith(file)
  })

  it('refuses a file whose content is not its extension’s type, a program, or changed bytes', async () => {
    const cases = [
      ['a PDF named .png', write('Scan.png', PDF), hex(PDF)],
      ['a script named .jpg', write('Photo.jpg', BATCH), hex(BATCH)],
      ['a PNG changed since it was written', write('Autre.png', Buffer.concat([PNG, Buffer.from('x')])), hex(PNG)],
    ] as const
    for (const [label, file, sha] of cases) {
      await expect(dialogs.openWithSystem(file, sha), label).rejects.toMatchObject({ code: 'ATTACHMENT_INVALID' })
    }
    // A program's extension is checked as a document of the register: refused as not a PDF.
    await expect(dialogs.openWithSystem(write('Scan.cmd', PNG), hex(PNG))).rejects.toMatchObject({ code: 'DOCUMENT_INVALID' })
    expect(electron.shell.openPath).not.toHaveBeenCalled()
  })
})

describe('documents.save through IPC, with Electron’s dialogs', () => {
  const location = rendererLocation(path.resolve('/opt/amif/out/main'), true, {})
  const event = () =>
    ({ sender: win.webContents, senderFrame: win.webContents.mainFrame, frameId: 1, processId: 1, type: 'frame' }) as unknown as IpcMainInvokeEvent

  async function workspaceWith(pdf: Buffer, sha256: string) {
    win.webContents.mainFrame.url = pathToFileURL(location.rendererFile).href
    const workspace = new Workspace({ settings: new JsonSettingsStore(path.join(dir, 'settings.json')), dialogs, documentsDir: dir, appVersion: '0.1.0-test' })
    await workspace.create(path.join(dir, 'Fedasil.amif'))
    const at = '2026-11-20T09:30:00.000Z'
    const id = randomUUID()
    workspace
      .file()
      .sqlite.prepare(
        `INSERT INTO documents (id, kind, project_id, language, version, status, reference, title, file_name, produced_at, produced_by, finalized_at,
          page_count, byte_size, sha256, pdf, data_json, params_json, created_at, updated_at, updated_by)
         VALUES (?, 'programme', NULL, 'en', 1, 'final', 'PROG/2026-11-20/1', 'Programme report', 'Programme report.pdf      .cmd', ?, 'Pieter', ?, 1, ?, ?, ?, '{}', NULL, ?, ?, 'Pieter')`,
      )
      .run(id, at, at, pdf.length, sha256, pdf, at, at)
    return { workspace, id, options: { workspace, location, mainWindow: () => win as unknown as BrowserWindow } }
  }

  it('opens the .pdf it wrote and checked, under the name the app made', async () => {
    const { workspace, id, options } = await workspaceWith(PDF, hex(PDF))
    const out = path.join(dir, 'out')
    fs.mkdirSync(out)
    electron.dialog.showSaveDialog.mockImplementationOnce((async (_win: unknown, o: { defaultPath: string }) => ({
      canceled: false,
      filePath: path.join(out, path.basename(o.defaultPath)),
    })) as never)
    const result = await handleInvoke(options, event(), 'documents.save', { id })
    const written = path.join(out, 'Programme report 2026-11-20 n1.pdf')
    expect(result).toMatchObject({ ok: true, data: { cancelled: false, path: written } })
    expect(electron.shell.openPath).toHaveBeenCalledTimes(1)
    expect(electron.shell.openPath).toHaveBeenCalledWith(written)
    expect(fs.readFileSync(written)).toEqual(PDF)
    await workspace.close()
  })

  it('never hands a script to the system, whatever name the officer typed', async () => {
    const { workspace, id, options } = await workspaceWith(BATCH, hex(BATCH))
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: path.join(dir, 'run.cmd') })
    const result = await handleInvoke(options, event(), 'documents.save', { id })
    expect(result).toMatchObject({ ok: false, error: { code: 'DOCUMENT_INVALID' } })
    expect(electron.shell.openPath).not.toHaveBeenCalled()
    expect(fs.readdirSync(dir).filter((n) => !/\.amif|settings/.test(n))).toEqual([])
    await workspace.close()
  })
})
