import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { expect, test } from '@playwright/test'
import { LATEST_VERSION } from '../../database/migrations'
import { olderFileWithData } from '../fixtures/older-files'
import { launchApp, type LaunchedApp } from './harness'

/**
 * Opening a file written by an earlier version: the window updates it in a worker thread and
 * shows each step in a modal that keeps repainting, then the file opens with the notice that it
 * was updated; a file the update refuses is left as it was and the window says why, in the
 * officer's language.
 */

/** History rows that make the update of a version 3 file take several seconds (about 100 MB). */
const HISTORY_ROWS = 25_000

let app: LaunchedApp | undefined
let dir: string | undefined
test.afterEach(async () => {
  await app?.close()
  app = undefined
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

const STEP = {
  fr: /Mise à jour du fichier : étape \d+ sur \d+|Compactage du fichier|Préparation des statistiques/,
  nl: /Het bestand bijwerken: stap \d+ van \d+|Het bestand comprimeren|De zoekstatistieken voorbereiden/,
} as const

for (const language of ['fr', 'nl'] as const) {
  test(`an older file opens after its update, each step shown (${language})`, async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amif-e2e-update-'))
    const old = olderFileWithData(path.join(dir, 'Fedasil 2021.amif'), 3, HISTORY_ROWS)
    app = await launchApp({ filePath: old, officer: { name: 'Élise Vandenberghe', email: null }, language, checkInBackground: true })
    const { page } = app

    const dialog = page.getByTestId('file-update')
    await expect(dialog).toBeVisible({ timeout: 30_000 })
    await expect(dialog).toContainText('Fedasil 2021.amif')
    await expect(page.getByTestId('file-update-step')).toHaveText(STEP[language], { timeout: 30_000 })
    await app.screenshot(`file-update-${language}-1280x800`)
    await page.setViewportSize({ width: 1024, height: 700 })
    await expect(page.getByTestId('file-update-step')).toHaveText(STEP[language])
    await app.screenshot(`file-update-${language}-1024x700`)

    await expect(dialog).toBeHidden({ timeout: 90_000 })
    await expect(page.getByTestId('migrated-banner')).toBeVisible()
    expect(app.workspace.file().schemaVersion).toBe(LATEST_VERSION)
    expect(app.errors).toEqual([])
  })
}

test('a file the update refuses half-way stays as it was, and the window says why (fr)', async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amif-e2e-update-'))
  const old = olderFileWithData(path.join(dir, 'Fedasil 2021.amif'), 3)
  // 005 rebuilds the tables STRICT: a street stored as bytes cannot be kept.
  const db = new Database(old)
  db.prepare("UPDATE organisations SET street = X'00ff'").run()
  db.close()
  const bytes = fs.readFileSync(old)
  app = await launchApp({ filePath: old, officer: { name: 'Élise Vandenberghe', email: null }, language: 'fr', checkInBackground: true })
  const { page } = app

  await expect(page.getByTestId('last-file-problem')).toContainText('n’a pas pu être mis à jour', { timeout: 30_000 })
  await expect(page.getByTestId('file-update')).toBeHidden()
  expect(fs.readFileSync(old).equals(bytes)).toBe(true)
  expect(fs.readdirSync(dir)).toEqual(['Fedasil 2021.amif'])
  await app.screenshot('file-update-refused-fr')
})

test('an older file the system hands over while the window is up shows its update too, then opens (nl)', async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amif-e2e-update-'))
  const old = olderFileWithData(path.join(dir, 'Fedasil 2021.amif'), 3, HISTORY_ROWS)
  app = await launchApp({ officer: { name: 'Élise Vandenberghe', email: null }, language: 'nl', checkInBackground: true })
  const { page } = app
  await expect(page.getByTestId('file-update')).toBeHidden()

  // A double click on the file in the Finder or Explorer, the app already running.
  await app.systemOpens(old)
  await expect(page.getByTestId('file-update')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('file-update-step')).toHaveText(STEP.nl, { timeout: 30_000 })
  await expect(page.getByTestId('file-update')).toBeHidden({ timeout: 90_000 })
  await expect(page.getByTestId('migrated-banner')).toBeVisible()
  expect(app.workspace.file().path).toBe(path.resolve(old))
  expect(app.workspace.file().schemaVersion).toBe(LATEST_VERSION)
  expect(app.errors).toEqual([])
})
