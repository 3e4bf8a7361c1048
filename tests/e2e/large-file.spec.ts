import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { PORTFOLIO, scaleFile } from '../../scripts/portfolio'
import { launchApp, type LaunchedApp } from './harness'

/**
 * Issue 13 §6: with a large generated file in the window, the projects list scrolls from top to
 * bottom (fetching its pages as it goes) and the dashboard's filters change without a visible
 * freeze. The page records its longest task (PerformanceObserver 'longtask') and the longest time
 * between two animation frames, and Chromium's trace the CPU time of each task of the window's main
 * thread: the test fails when a task takes more than 200 ms of CPU, or of wall time on CI (on a
 * machine shared with other jobs, wall time counts the time others held the cores).
 *
 * The file is scripts/portfolio.ts's scale file, generated once per machine into the temp folder
 * (never committed) and copied for the test. The issue asks for the 100x file (20 000 projects);
 * measured on the project's 2-core machine shared with other jobs (load 14-19), the test took
 * 4.3 min at 100x with the file already generated (11 min beside a bench run; 47 s more to
 * generate it on a quiet machine), and 2.1 min at 30x (6 000 projects; 1.8 min more to generate
 * under that load). So CI runs 30x, the largest that keeps it near three minutes there, and
 * `AMIF_E2E_SCALE=100` runs the size. Most of the time goes to the 60 (at 100x: 200) pages
 * the list fetches and to the dashboard's summaries, not to the window.
 */
const SCALE_DEFAULT = 30
const SCALE = Number(process.env.AMIF_E2E_SCALE ?? SCALE_DEFAULT)
/** The longest task the window may run: above it, an officer sees the window freeze. */
const LONGEST_TASK_MS = 200
/** The projects table's row height (ProjectList.vue). */
const ROW_HEIGHT = 38

// Playwright's trace takes DOM snapshots in the page at every action: long tasks of its own, not the app's.
test.use({ trace: 'off' })

let app: LaunchedApp | undefined
let dir: string | undefined
test.afterEach(async () => {
  traced = null
  await app?.close()
  app = undefined
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

/** The longest task and the longest gap between two animation frames (ms) of each phase, and the count of long tasks. */
type Freezes = Record<string, { task: number; gap: number; tasks: number }>

/** Starts recording the page's long tasks and the gaps between its animation frames, by phase. */
async function recordFreezes(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = globalThis as unknown as { __phase: string; __freezes: Freezes }
    w.__phase = 'start'
    const freezes: Freezes = (w.__freezes = {})
    const of = () => (freezes[w.__phase] ??= { task: 0, gap: 0, tasks: 0 })
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const f = of()
        f.tasks++
        f.task = Math.max(f.task, Math.round(entry.duration))
      }
    }).observe({ type: 'longtask' })
    let last = performance.now()
    const frame = (now: number) => {
      const f = of()
      f.gap = Math.max(f.gap, Math.round(now - last))
      last = now
      requestAnimationFrame(frame)
    }
    requestAnimationFrame(frame)
  })
}

/** The longest task of each phase in the window's main thread, in CPU time (ms), from Chromium's trace. */
const cpu: Record<string, number> = {}
let traced: { page: Page; phase: string } | null = null

/** Ends the trace of the phase under way and keeps its longest task's CPU time. */
async function endTrace(): Promise<void> {
  if (!traced) return
  const { page, phase } = traced
  traced = null
  const events = (JSON.parse((await page.context().browser()!.stopTracing()).toString()) as { traceEvents: TraceEvent[] }).traceEvents
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
  let longest = 0
  for (const e of events) {
    if (e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.pid === main?.pid && e.tid === main?.tid)
      longest = Math.max(longest, (e.tdur ?? 0) / 1000)
  }
  cpu[phase] = Math.max(cpu[phase] ?? 0, Math.round(longest))
}

interface TraceEvent {
  ph: string
  name: string
  pid: number
  tid: number
  /** Wall and thread (CPU) durations, in µs. */
  dur?: number
  tdur?: number
  args?: { name?: string }
}

/**
 * Starts a phase: what the page records from now on is counted under its name, and Chromium traces
 * the tasks of its main thread (one trace a phase, so that a long run never holds a huge trace).
 */
async function phase(page: Page, name: string): Promise<void> {
  await endTrace()
  await page.evaluate((p) => ((globalThis as unknown as { __phase: string }).__phase = p), name)
  await page
    .context()
    .browser()!
    .startTracing(page, { categories: ['toplevel'] })
  traced = { page, phase: name }
}

async function freezes(page: Page): Promise<Freezes> {
  return page.evaluate(() => (globalThis as unknown as { __freezes: Freezes }).__freezes)
}

/** Picks an option of an Element Plus select by its visible label. */
async function pickOption(page: Page, select: Locator, label: string | RegExp): Promise<void> {
  await select.click()
  const options = page.locator('.el-select-dropdown:visible').getByRole('option', typeof label === 'string' ? { name: label, exact: true } : { name: label })
  await options.first().click()
}

/** Where the projects table stands: how far it is scrolled, and how many rows it holds (its content's height over a row's). */
async function tableState(body: Locator): Promise<{ atBottom: boolean; rows: number; scrollTop: number }> {
  return body.evaluate((el, rowHeight) => {
    // The body holds the scrolled window, which holds an element as high as every loaded row.
    const view = el.firstElementChild as HTMLElement
    const height = parseFloat((view.firstElementChild as HTMLElement).style.height)
    return { atBottom: view.scrollTop + view.clientHeight >= height - 2, rows: Math.round(height / rowHeight), scrollTop: view.scrollTop }
  }, ROW_HEIGHT)
}

test(`a ${SCALE}x portfolio: the projects list scrolls to its end and the dashboard's filters change with no task over ${LONGEST_TASK_MS} ms`, async () => {
  test.setTimeout(15 * 60_000)
  const started = Date.now()
  const took = () => `${((Date.now() - started) / 1000).toFixed(1)} s`
  const { path: cached, generated } = await scaleFile(SCALE)
  if (generated) console.log(`generated the ${SCALE}x file in ${(generated.ms / 1000).toFixed(1)} s`)
  // The cached file is the generator's: the window opens (and writes) a copy.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amif-e2e-large-'))
  const file = path.join(dir, 'portefeuille.amif')
  fs.copyFileSync(cached, file)
  console.log(`file ready at ${took()}`)

  app = await launchApp({ filePath: file, officer: { name: 'Élise Vandenberghe', email: null }, language: 'fr' })
  const { page } = app
  await expect(page.getByTestId('objective-SO1')).toBeVisible({ timeout: 120_000 })
  console.log(`dashboard shown at ${took()}`)
  await recordFreezes(page)

  // The dashboard's filters: a strand, an officer, then both cleared; each change reads the summary again.
  await phase(page, 'dashboard filters')
  const dashboard = page.getByTestId('dashboard')
  const settle = () => expect(dashboard.locator('.el-loading-mask:visible')).toHaveCount(0, { timeout: 120_000 })
  const projectsSO1 = async () => dashboard.getByTestId('objective-SO1').getByTestId('figure-projects').innerText()
  const all = await projectsSO1()
  await pickOption(page, page.getByTestId('dash-strand'), 'Accueil')
  await expect.poll(projectsSO1, { timeout: 120_000 }).not.toBe(all)
  await settle()
  await pickOption(page, page.getByTestId('dash-officer'), 'Pieter Janssens')
  await settle()
  const narrowed = await projectsSO1()
  await page.getByTestId('dash-officer').hover()
  await page.getByTestId('dash-officer').locator('.el-select__clear, .el-input__clear').first().click()
  await expect.poll(projectsSO1, { timeout: 120_000 }).not.toBe(narrowed)
  await page.getByTestId('dash-strand').hover()
  await page.getByTestId('dash-strand').locator('.el-select__clear, .el-input__clear').first().click()
  await expect.poll(projectsSO1, { timeout: 120_000 }).toBe(all)
  await settle()
  console.log(`dashboard filters done at ${took()}`)

  // The projects list, from the first row to the last, with the wheel as an officer scrolls.
  await phase(page, 'projects list, first page')
  await page.getByTestId('nav-projects').click()
  const total = PORTFOLIO.projects * SCALE
  await expect.poll(async () => (await page.getByTestId('project-count').innerText()).replace(/\D/g, ''), { timeout: 60_000 }).toBe(String(total))
  await phase(page, 'projects list, scrolling')
  const table = page.getByTestId('project-table')
  const body = table.locator('.el-table-v2__body').first()
  const box = (await body.boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  let state = await tableState(body)
  let steps = 0
  while (!(state.rows >= total && state.atBottom)) {
    await page.mouse.wheel(0, 2000)
    steps++
    state = await tableState(body)
    // At the end of what is loaded, the next page is on its way: wait for it rather than wheel in place.
    if (state.atBottom && state.rows < total) {
      const before = state.rows
      await expect.poll(async () => (await tableState(body)).rows, { timeout: 60_000 }).toBeGreaterThan(before)
      state = await tableState(body)
    }
    if (steps % 100 === 0) {
      console.log(`${state.rows} rows, ${steps} wheel steps at ${took()}`)
      await phase(page, `projects list, scrolling from row ${state.rows}`)
    }
  }
  console.log(`scrolled ${state.rows} rows in ${steps} wheel steps, done at ${took()}`)
  // The last project is on screen.
  await expect(table).toContainText(`BENCH-`)

  // The partner filter offers every partner (a virtualized list): picking one narrows the list.
  await phase(page, 'projects list, partner filter')
  await page.getByRole('combobox', { name: 'Partenaire' }).click()
  await page.locator('.el-select-dropdown:visible').getByRole('option').first().click()
  await expect.poll(async () => Number((await page.getByTestId('project-count').innerText()).replace(/\D/g, '')), { timeout: 60_000 }).toBeLessThan(total)

  await endTrace()
  const perf = await freezes(page)
  for (const [name, f] of Object.entries(perf)) {
    console.log(`${name}: longest task ${f.task} ms wall, ${cpu[name] ?? '?'} ms CPU (${f.tasks} long tasks), longest gap between frames ${f.gap} ms`)
  }
  const worst = (of: (name: string) => number) => Object.keys(perf).reduce((a, b) => (of(b) > of(a) ? b : a))
  const wall = worst((name) => perf[name].task)
  const busy = worst((name) => cpu[name] ?? 0)
  test.info().annotations.push({
    type: 'longest task',
    description: `${perf[wall].task} ms wall (${wall}), ${cpu[busy]} ms CPU (${busy}); ${steps} wheel steps; ${took()}`,
  })
  expect(app.errors).toEqual([])
  // The window's own work, whatever else the machine runs: no task of its main thread takes more than 200 ms of CPU.
  expect(cpu[busy], `longest task in CPU time, in ${busy}`).toBeLessThanOrEqual(LONGEST_TASK_MS)
  // What the officer sees: on CI, where nothing else runs, the same in wall time. On a machine shared with
  // other jobs, a task's wall time counts the time other processes held the cores, so it is only reported.
  if (process.env.CI) expect(perf[wall].task, `longest task in wall time, in ${wall}`).toBeLessThanOrEqual(LONGEST_TASK_MS)
})
