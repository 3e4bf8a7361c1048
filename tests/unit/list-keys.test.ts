import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { keptFiguresDifferences, milestoneSearchDifferences } from '../../database/figures'
import { computeRag, ragThresholds, type RagTimeline } from '../../database/domain/rag'
import { addDays } from '../../database/domain/dates'
import { listProjects } from '../../database/projects'
import { listMilestones } from '../../database/progress'
import { projectQuery, milestoneQuery } from '../../database/domain/schemas/projects'
import { RATE_GROUNDS } from '../../database/domain/vocabulary'
import { milestoneEdit, ok, openNewFile, projectEdit, testWorkspace } from './helpers'

/**
 * Issue 13 §2: a page of the projects or milestones list is found in what project_figures and
 * milestone_search keep (the list's columns, folded texts, the days a project's light turns), so
 * what they keep must be exactly what the records give, after any write, on any day.
 */

const day = (n: number) => addDays('2024-01-01', n)

const records: fc.Arbitrary<RagTimeline & { euRateBp: number }> = fc
  .record({
    status: fc.constantFrom('agreement_signed' as const, 'running' as const, 'final_report_received' as const),
    start: fc.integer({ min: 0, max: 900 }),
    length: fc.integer({ min: -5, max: 1200 }),
    dues: fc.array(fc.integer({ min: -200, max: 2500 }), { maxLength: 6 }),
    pays: fc.array(fc.integer({ min: -200, max: 2500 }), { maxLength: 4 }),
    mean: fc.option(fc.double({ min: 0, max: 100, noNaN: true })),
    rateBp: fc.integer({ min: 1000, max: 10000 }),
    ground: fc.option(fc.constantFrom(...RATE_GROUNDS)),
  })
  .map((r) => ({
    status: r.status,
    startDate: day(r.start),
    endDate: day(r.start + r.length),
    openMilestoneDueDates: r.dues.map(day).sort(),
    openPaymentDates: r.pays.map(day).sort(),
    indicatorMeanPct: r.mean,
    euRateBp: r.rateBp,
    rateGround: r.ground,
  }))

describe('the days a project’s light turns amber and red', () => {
  it('give, on every day, the light the rule gives from all its milestones, payments and indicators', () => {
    fc.assert(
      fc.property(records, fc.array(fc.integer({ min: -400, max: 3200 }), { minLength: 1, maxLength: 25 }), (r, days) => {
        const { amberOn, redOn } = ragThresholds(r)
        for (const today of days.map(day)) {
          // The rule from every open date; one indicator measured at the kept mean gives that mean.
          const expected = computeRag(
            {
              status: r.status,
              startDate: r.startDate,
              endDate: r.endDate,
              openMilestoneDueDates: [...r.openMilestoneDueDates],
              indicatorAchievements: r.indicatorMeanPct === null ? [] : [r.indicatorMeanPct],
              openPaymentDates: [...r.openPaymentDates],
              euRateBp: r.euRateBp,
              rateGround: r.rateGround,
            },
            today,
          ).status
          const kept = redOn !== null && redOn <= today ? 'red' : amberOn !== null && amberOn <= today ? 'amber' : 'green'
          expect({ today, kept }).toEqual({ today, kept: expected })
        }
      }),
      { numRuns: 400 },
    )
  })
})

describe('the list’s kept columns', () => {
  it('follow every write: a beneficiary renamed, a project edited or moved on, milestones added, changed and deleted', async () => {
    const { ws, dir } = testWorkspace()
    await openNewFile(ws, path.join(dir, 'keys.amif'), { demo: true })
    const sqlite = ws.file().sqlite
    const db = ws.file().db
    const TODAY = '2026-03-15'
    const first = (await ok(ws, 'projects.list', { sort: { key: 'code', order: 'asc' }, today: TODAY })).rows
    const project = await ok(ws, 'projects.get', { id: first[0]!.id, today: TODAY })

    // The project's own columns and title.
    await ok(ws, 'projects.update', {
      id: project.id,
      expectedUpdatedAt: project.updatedAt,
      values: projectEdit(project, { title: 'Élan – « Accueil » des MENA', officerName: 'Autre Agent' }),
      today: TODAY,
    })
    // Milestones: one added (late), one renamed and done, one deleted.
    const added = await ok(ws, 'milestones.save', {
      projectId: project.id,
      values: { ...milestoneEdit(project.milestones[0]!), title: 'Rapport d’étape n° 7', dueDate: '2026-01-10', status: 'planned', doneDate: null },
      today: TODAY,
    })
    const [a, b] = project.milestones
    await ok(ws, 'milestones.save', {
      projectId: project.id,
      id: a!.id,
      expectedUpdatedAt: a!.updatedAt,
      values: milestoneEdit(a!, { title: 'Visite « Croix-Rouge »', status: 'done', doneDate: '2026-03-01' }),
      today: TODAY,
    })
    if (b) await ok(ws, 'milestones.delete', { id: b.id })

    // The beneficiary's name and acronym, last: the list sorts and finds its projects by them.
    const org = await ok(ws, 'partners.get', { id: project.beneficiaryId })
    const { id: _id, archived: _a, createdAt: _c, updatedAt, updatedBy: _u, contacts: _k, partnerships: _p, references: _r, ...values } = org
    await ok(ws, 'partners.update', { id: org.id, expectedUpdatedAt: updatedAt, values: { ...values, name: 'Zèbre-Accueil asbl', acronym: null } })
    expect(keptFiguresDifferences(sqlite)).toEqual([])
    expect(milestoneSearchDifferences(sqlite)).toEqual([])

    // What the list finds and how it orders, from the kept columns, is what the records give.
    for (const key of ['beneficiary', 'title', 'rag'] as const) {
      const page = await ok(ws, 'projects.list', { sort: { key, order: 'asc' }, today: TODAY, limit: 200 })
      const full = await listProjects(db, projectQuery.parse({ sort: { key, order: 'asc' } }), TODAY)
      expect(page.rows.map((r) => r.id)).toEqual(full.map((r) => r.id))
    }
    const zebra = await ok(ws, 'projects.list', { q: 'zebre accueil', today: TODAY })
    expect(zebra.rows.map((r) => r.id)).toContain(project.id)
    const found = await ok(ws, 'milestones.list', { q: 'croix rouge', today: TODAY })
    expect(found.rows.map((m) => m.id)).toContain(a!.id)
    const late = await ok(ws, 'milestones.list', { q: 'rapport d etape', lateOnly: true, today: TODAY })
    expect(late.rows.map((m) => m.id)).toContain(added.id)
    expect(late.total).toBe((await listMilestones(db, milestoneQuery.parse({ q: 'rapport d etape', lateOnly: true }), TODAY)).length)
  })
})
