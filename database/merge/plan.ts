import { camelName, entityOf, type Labeller } from './labels'
import { tableOf, tableSchemaOf, type ForeignKey, type LoadedRow, type LoadedTomb, type MergeSchema, type RowValues, type Side, type TableSchema } from './load'
import { bumpVv, compareVv, maxVv, resolvedVv, vvText, type Vv, type VvOrder } from './vv'

/**
 * The merge plan: what each record of the two files becomes, computed in memory and written by
 * write.ts. See index.ts and README.md here for the rules in words.
 *
 * The plan is made of units. A unit is what is decided together: one record, or a record with
 * the records that belong to it (ON DELETE CASCADE) when one side deleted it. A unit either
 * applies by itself ('auto': an addition, an update, a deletion...) or is a conflict the officer
 * decides ('mine' or 'theirs'). `resolve()` then makes the result consistent: an auto unit that
 * would break a foreign key or a unique index is held back and becomes a conflict of kind
 * 'reference' or 'unique'; a choice that cannot be honoured fails and stays unresolved. It only
 * ever withdraws units, and my file as it is is consistent, so it always ends.
 */

export type ConflictKind = 'edit_edit' | 'edit_delete' | 'delete_edit' | 'reference' | 'unique'
export type Choice = 'mine' | 'theirs'

export interface Ref {
  table: string
  id: string
}

/** `${table}:${id}`: the key of a record, and of the conflict about it. */
export function refKey(table: string, id: string): string {
  return `${table}:${id}`
}

/** What happens to one record of my file. */
export type Effect =
  /** The row as in their file, with this vector (an insert, or an update of mine). */
  | { kind: 'put'; vv: Vv }
  /** My row as it is, with this vector (a vector merged, or my version kept in a conflict). */
  | { kind: 'keep'; vv: Vv }
  /** My row deleted; its tombstone gets this vector (and their deletion time, or now). */
  | { kind: 'remove'; vv: Vv; deletedAt: string | null }
  /** No row on my side, before or after: a tombstone written with this vector. */
  | { kind: 'tomb'; vv: Vv; deletedAt: string | null }

export interface Step {
  ref: Ref
  effect: Effect
}

/** A record of a family conflict that makes it one: changed or added on one side since the files met. */
export interface Member {
  ref: Ref
  state: 'changed' | 'added' | 'restored'
}

export interface Unit {
  key: string
  ref: Ref
  kind: 'auto' | 'edit_edit' | 'edit_delete' | 'delete_edit'
  /** Changes nothing the officer sees (vectors merged, a tombstone copied): never listed. */
  silent: boolean
  /** The steps when applied (auto) or resolved 'theirs'. */
  theirs: Step[]
  /** The steps when resolved 'mine' (vectors raised so that the decision holds at the next merge). */
  mine: Step[]
  members: Member[]
  /** Columns (camelCase) that differ, for an edit on both sides. */
  fields: string[]
  reason: string
}

/** Why an auto unit was held back, and what taking theirs would need. */
export interface Hold {
  kind: 'reference' | 'unique'
  reason: string
  /** The unit it waits on (it comes with that one), or null when it is a conflict of its own. */
  blocker: string | null
  /** Steps added to its own when resolved 'theirs' (parents brought back, my clashing record replaced); null: cannot. */
  extra: Step[] | null
  /** Steps when resolved 'mine' (a unique clash: their record and what belongs to it, deleted here for good). */
  mineExtra?: Step[]
  fields: string[]
  /** My record it clashes with (unique). */
  clash: Ref | null
}

export interface Plan {
  schema: MergeSchema
  mine: Side
  theirs: Side
  mineFileId: string
  trusted: boolean
  labeller: Labeller
  units: Unit[]
  unitByKey: Map<string, Unit>
  /** For a record, the units that would put their version of it in my file. */
  providers: Map<string, string[]>
}

export interface Outcome {
  /** Every record my file changes, with the unit it comes from. */
  steps: Map<string, { ref: Ref; effect: Effect; unit: string }>
  active: Set<string>
  held: Map<string, Hold>
  /** Chosen units that could not be applied, with the reason. */
  failed: Map<string, string>
}

// ---------------------------------------------------------------------------------------------
// Comparing rows.

/** True when every column but the vector holds the same value (bytes compared as bytes). */
export function sameContent(a: RowValues, b: RowValues, columns: readonly string[]): boolean {
  return differingColumns(a, b, columns, true).length === 0
}

/** The columns (camelCase) whose values differ, the vector aside. */
export function differingColumns(a: RowValues, b: RowValues, columns: readonly string[], first = false): string[] {
  const out: string[] = []
  for (const c of columns) {
    if (c === 'sync_vv') continue
    const x = a[c]
    const y = b[c]
    const equal = Buffer.isBuffer(x) && Buffer.isBuffer(y) ? x.equals(y) : x === y
    if (!equal) {
      out.push(camelName(c))
      if (first) break
    }
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Building the plan.

interface Context {
  schema: MergeSchema
  mine: Side
  theirs: Side
  mineFileId: string
  trusted: boolean
  labeller: Labeller
}

/** How two vectors relate; when they cannot be trusted (a plain copy, an older file), nothing is ordered. */
function relation(ctx: Context, mine: Vv, theirs: Vv): VvOrder {
  return ctx.trusted ? compareVv(mine, theirs) : 'concurrent'
}

/** For each record, the records that belong to it (its ON DELETE CASCADE children) in one file. */
function childrenIndex(schema: MergeSchema, side: Side): Map<string, Ref[]> {
  const index = new Map<string, Ref[]>()
  for (const t of schema.tables) {
    const owner = t.owner
    if (!owner || owner.parentColumn !== 'id') continue
    for (const [id, row] of tableOf(side, t.name).rows) {
      const parent = row.values[owner.column]
      if (typeof parent !== 'string') continue
      const key = refKey(owner.parent, parent)
      const list = index.get(key)
      if (list) list.push({ table: t.name, id })
      else index.set(key, [{ table: t.name, id }])
    }
  }
  return index
}

/** The record a row belongs to (its owner), if the table has one. */
function ownerOf(t: TableSchema, row: LoadedRow): Ref | null {
  const owner = t.owner
  if (!owner || owner.parentColumn !== 'id') return null
  const parent = row.values[owner.column]
  return typeof parent === 'string' ? { table: owner.parent, id: parent } : null
}

/** Builds every unit of the merge of their file into mine. */
export function buildPlan(input: Context): Plan {
  const ctx = input
  const units: Unit[] = []
  const consumed = new Set<string>()
  const add = (u: Unit) => units.push(u)

  theirDeletions(ctx, consumed, add)
  myDeletions(ctx, consumed, add)

  for (const t of ctx.schema.tables) {
    const m = tableOf(ctx.mine, t.name)
    const th = tableOf(ctx.theirs, t.name)
    const ids = new Set<string>([...m.rows.keys(), ...th.rows.keys(), ...m.tombs.keys(), ...th.tombs.keys()])
    for (const id of ids) {
      const key = refKey(t.name, id)
      if (consumed.has(key)) continue
      const ref = { table: t.name, id }
      const mr = m.rows.get(id)
      const tr = th.rows.get(id)
      const mt = m.tombs.get(id)
      const tt = th.tombs.get(id)
      if (mr && tr) {
        const unit = bothRows(ctx, t, ref, mr, tr)
        if (unit) add(unit)
      } else if (!mr && !mt && tr) {
        add(autoUnit(ref, [{ ref, effect: { kind: 'put', vv: tr.vv } }], false))
      } else if (!mr && tt) {
        const unit = tombs(ctx, ref, mt, tt)
        if (unit) add(unit)
      }
      // A row only in mine, or a tombstone only in mine: theirs has nothing to say.
    }
  }

  const unitByKey = new Map<string, Unit>()
  const providers = new Map<string, string[]>()
  for (const u of units) {
    unitByKey.set(u.key, u)
    for (const s of u.theirs) {
      if (s.effect.kind !== 'put') continue
      const k = refKey(s.ref.table, s.ref.id)
      const list = providers.get(k)
      if (list) list.push(u.key)
      else providers.set(k, [u.key])
    }
  }
  return { ...ctx, units, unitByKey, providers }
}

function autoUnit(ref: Ref, theirs: Step[], silent: boolean, mine: Step[] = []): Unit {
  return { key: refKey(ref.table, ref.id), ref, kind: 'auto', silent, theirs, mine, members: [], fields: [], reason: '' }
}

/** A record with a row in both files. */
function bothRows(ctx: Context, t: TableSchema, ref: Ref, mr: LoadedRow, tr: LoadedRow): Unit | null {
  const order = compareVv(mr.vv, tr.vv)
  if (sameContent(mr.values, tr.values, t.columns)) {
    // Same content: at most the vectors to bring together (never when they cannot be trusted).
    if (!ctx.trusted || order === 'equal' || order === 'mine') return null
    const vv = order === 'theirs' ? tr.vv : maxVv(mr.vv, tr.vv)
    return autoUnit(ref, [{ ref, effect: { kind: 'keep', vv } }], true)
  }
  if (ctx.trusted && order === 'theirs') return autoUnit(ref, [{ ref, effect: { kind: 'put', vv: tr.vv } }], false)
  if (ctx.trusted && order === 'mine') return null
  // Concurrent, or vectors that cannot be trusted, or equal vectors over different contents
  // (changes no vector recorded): never settled silently.
  const vv = resolvedVv(mr.vv, tr.vv, ctx.mineFileId)
  const fields = differingColumns(mr.values, tr.values, t.columns)
  const reason = !ctx.trusted
    ? 'Different in the two files, which cannot tell which change came last (a plain copy, or a file from an older version)'
    : order === 'equal'
      ? 'Different in the two files without a recorded change'
      : 'Changed in both files since they last met'
  return {
    key: refKey(ref.table, ref.id),
    ref,
    kind: 'edit_edit',
    silent: false,
    theirs: [{ ref, effect: { kind: 'put', vv } }],
    mine: [{ ref, effect: { kind: 'keep', vv } }],
    members: [],
    fields,
    reason,
  }
}

/** A record deleted in their file and absent from mine (`mt` my tombstone, if any). */
function tombs(ctx: Context, ref: Ref, mt: LoadedTomb | undefined, tt: LoadedTomb): Unit | null {
  if (!mt) return autoUnit(ref, [{ ref, effect: { kind: 'tomb', vv: tt.vv, deletedAt: tt.deletedAt } }], true)
  if (!ctx.trusted) return null
  const order = compareVv(mt.vv, tt.vv)
  if (order === 'equal' || order === 'mine') return null
  const vv = order === 'theirs' ? tt.vv : maxVv(mt.vv, tt.vv)
  const deletedAt = mt.deletedAt > tt.deletedAt ? mt.deletedAt : tt.deletedAt
  return autoUnit(ref, [{ ref, effect: { kind: 'tomb', vv, deletedAt } }], true)
}

/**
 * Records with a row in mine and a tombstone in theirs, grouped by the topmost such record (their
 * deletion of a project deleted its milestones too). A family where every record is as they last
 * saw it is deleted; one where I changed or added something since is a conflict: deleting it
 * would lose my work.
 */
function theirDeletions(ctx: Context, consumed: Set<string>, add: (u: Unit) => void): void {
  const candidates = new Set<string>()
  for (const t of ctx.schema.tables) {
    const m = tableOf(ctx.mine, t.name)
    const th = tableOf(ctx.theirs, t.name)
    for (const [id, row] of m.rows) {
      const tomb = th.tombs.get(id)
      // Mine has seen their deletion and kept the record (a conflict resolved 'mine'): nothing to do.
      if (tomb && relation(ctx, row.vv, tomb.vv) !== 'mine') candidates.add(refKey(t.name, id))
    }
  }
  if (candidates.size === 0) return
  const children = childrenIndex(ctx.schema, ctx.mine)
  for (const t of ctx.schema.tables) {
    for (const id of tableOf(ctx.mine, t.name).rows.keys()) {
      const key = refKey(t.name, id)
      if (!candidates.has(key) || consumed.has(key)) continue
      const row = tableOf(ctx.mine, t.name).rows.get(id)!
      const owner = ownerOf(t, row)
      if (owner && candidates.has(refKey(owner.table, owner.id))) continue // part of its owner's family
      add(theirDeletionFamily(ctx, { table: t.name, id }, children, consumed))
    }
  }
}

function theirDeletionFamily(ctx: Context, root: Ref, children: Map<string, Ref[]>, consumed: Set<string>): Unit {
  const theirs: Step[] = []
  const auto: Step[] = []
  const mine: Step[] = []
  const members: Member[] = []
  const stack: Ref[] = [root]
  while (stack.length > 0) {
    const ref = stack.pop()!
    const key = refKey(ref.table, ref.id)
    if (consumed.has(key)) continue
    const mr = tableOf(ctx.mine, ref.table).rows.get(ref.id)!
    const th = tableOf(ctx.theirs, ref.table)
    const tomb = th.tombs.get(ref.id)
    if (ref !== root && th.rows.has(ref.id)) continue // moved elsewhere in their file: not part of this deletion
    consumed.add(key)
    if (tomb) {
      const order = relation(ctx, mr.vv, tomb.vv)
      if (order !== 'theirs' && order !== 'equal') members.push({ ref, state: 'changed' })
      auto.push({ ref, effect: { kind: 'remove', vv: tomb.vv, deletedAt: tomb.deletedAt } })
      mine.push({ ref, effect: { kind: 'keep', vv: resolvedVv(mr.vv, tomb.vv, ctx.mineFileId) } })
      theirs.push({ ref, effect: { kind: 'remove', vv: resolvedVv(mr.vv, tomb.vv, ctx.mineFileId), deletedAt: null } })
    } else {
      members.push({ ref, state: 'added' })
      theirs.push({ ref, effect: { kind: 'remove', vv: bumpVv(mr.vv, ctx.mineFileId), deletedAt: null } })
    }
    for (const c of children.get(key) ?? []) stack.push(c)
  }
  const key = refKey(root.table, root.id)
  if (members.length === 0) return autoUnit(root, auto, false, mine)
  const rootChanged = members.some((m) => m.ref === root)
  const others = members.filter((m) => m.ref !== root).length
  const reason = rootChanged
    ? others > 0
      ? `Changed in your file and deleted in theirs; ${others} of its records were also changed or added in yours`
      : 'Changed in your file and deleted in theirs'
    : `Deleted in their file, but ${others} of its records were changed or added in yours since`
  return { key, ref: root, kind: 'edit_delete', silent: false, theirs, mine, members, fields: [], reason }
}

/**
 * Records with a tombstone in mine and a row in theirs, grouped the same way: I deleted a
 * project, they changed one of its milestones or added one. Unchanged in theirs: it stays deleted.
 * They kept it after seeing my deletion (their vector dominates my tombstone): it comes back.
 * Otherwise a conflict.
 */
function myDeletions(ctx: Context, consumed: Set<string>, add: (u: Unit) => void): void {
  const candidates = new Set<string>()
  for (const t of ctx.schema.tables) {
    const m = tableOf(ctx.mine, t.name)
    for (const id of tableOf(ctx.theirs, t.name).rows.keys()) if (m.tombs.has(id)) candidates.add(refKey(t.name, id))
  }
  if (candidates.size === 0) return
  const children = childrenIndex(ctx.schema, ctx.theirs)
  for (const t of ctx.schema.tables) {
    const th = tableOf(ctx.theirs, t.name)
    for (const [id, row] of th.rows) {
      const key = refKey(t.name, id)
      if (!candidates.has(key) || consumed.has(key)) continue
      const owner = ownerOf(t, row)
      if (owner && candidates.has(refKey(owner.table, owner.id))) continue
      const unit = myDeletionFamily(ctx, { table: t.name, id }, children, consumed)
      if (unit) add(unit)
    }
  }
}

function myDeletionFamily(ctx: Context, root: Ref, children: Map<string, Ref[]>, consumed: Set<string>): Unit | null {
  const theirs: Step[] = []
  const mine: Step[] = []
  const auto: Step[] = []
  const members: Member[] = []
  let rootState: 'unchanged' | 'changed' | 'restored' = 'unchanged'
  const stack: Ref[] = [root]
  while (stack.length > 0) {
    const ref = stack.pop()!
    const key = refKey(ref.table, ref.id)
    if (consumed.has(key)) continue
    const m = tableOf(ctx.mine, ref.table)
    if (m.rows.has(ref.id)) continue // moved elsewhere in my file
    consumed.add(key)
    const tr = tableOf(ctx.theirs, ref.table).rows.get(ref.id)!
    const tomb = m.tombs.get(ref.id)
    const vv = resolvedVv(tomb?.vv ?? {}, tr.vv, ctx.mineFileId)
    theirs.push({ ref, effect: { kind: 'put', vv } })
    mine.push({ ref, effect: { kind: 'tomb', vv, deletedAt: null } })
    if (!tomb) {
      members.push({ ref, state: 'added' })
      auto.push({ ref, effect: { kind: 'put', vv: tr.vv } })
    } else {
      const order = relation(ctx, tomb.vv, tr.vv)
      if (order === 'theirs') {
        members.push({ ref, state: 'restored' })
        auto.push({ ref, effect: { kind: 'put', vv: tr.vv } })
        if (ref === root) rootState = 'restored'
      } else if (order === 'concurrent') {
        members.push({ ref, state: 'changed' })
        if (ref === root) rootState = 'changed'
      }
    }
    for (const c of children.get(key) ?? []) stack.push(c)
  }
  const key = refKey(root.table, root.id)
  if (members.length === 0) return null // as I deleted it: it stays deleted
  if (rootState === 'restored' && !members.some((m) => m.state === 'changed')) return autoUnit(root, auto, false)
  const others = members.filter((m) => m.ref !== root).length
  const reason =
    rootState === 'unchanged'
      ? `Deleted in your file, but ${others} of its records were changed or added in theirs since`
      : others > 0
        ? `Deleted in your file and changed in theirs; ${others} of its records were also changed or added there`
        : 'Deleted in your file and changed in theirs'
  return { key, ref: root, kind: 'delete_edit', silent: false, theirs, mine, members, fields: [], reason }
}

// ---------------------------------------------------------------------------------------------
// Resolving: from choices to a consistent set of steps.

type FinalStep = { ref: Ref; effect: Effect; unit: string }

/** Lazily built lookups over both files, shared by every `resolve()` of one plan. */
class Indexes {
  private readonly referrers = new Map<string, Map<unknown, string[]>>()
  private readonly values = new Map<string, Map<unknown, string[]>>()
  private readonly uniques = new Map<string, Map<string, string[]>>()
  private children: Map<string, Ref[]> | null = null
  private theirChildren: Map<string, Ref[]> | null = null

  constructor(private readonly plan: Plan) {}

  /** Ids of my rows of `table` whose `column` holds each value. */
  mineReferrers(table: string, column: string): Map<unknown, string[]> {
    const key = `${table}.${column}`
    let index = this.referrers.get(key)
    if (!index) {
      index = new Map()
      for (const [id, row] of tableOf(this.plan.mine, table).rows) push(index, row.values[column], id)
      this.referrers.set(key, index)
    }
    return index
  }

  /** Ids of rows of either file whose `column` holds each value (for keys other than the id). */
  valueIndex(table: string, column: string): Map<unknown, string[]> {
    const key = `${table}.${column}`
    let index = this.values.get(key)
    if (!index) {
      index = new Map()
      for (const side of [this.plan.mine, this.plan.theirs]) {
        for (const [id, row] of tableOf(side, table).rows) push(index, row.values[column], id)
      }
      this.values.set(key, index)
    }
    return index
  }

  /** For each record of mine, the records that belong to it (its ON DELETE CASCADE children). */
  mineChildren(): Map<string, Ref[]> {
    if (!this.children) this.children = childrenIndex(this.plan.schema, this.plan.mine)
    return this.children
  }

  /** The same in their file. */
  theirsChildren(): Map<string, Ref[]> {
    if (!this.theirChildren) this.theirChildren = childrenIndex(this.plan.schema, this.plan.theirs)
    return this.theirChildren
  }

  /** Ids of rows of either file by the values of a unique index. */
  uniqueIndex(table: string, columns: string[]): Map<string, string[]> {
    const key = `${table}(${columns.join(',')})`
    let index = this.uniques.get(key)
    if (!index) {
      index = new Map()
      for (const side of [this.plan.mine, this.plan.theirs]) {
        for (const [id, row] of tableOf(side, table).rows) {
          const k = uniqueKey(row.values, columns)
          if (k !== null) push(index, k, id)
        }
      }
      this.uniques.set(key, index)
    }
    return index
  }
}

function push<K>(index: Map<K, string[]>, key: K, id: string): void {
  if (key === null || key === undefined) return
  const list = index.get(key)
  if (!list) index.set(key, [id])
  else if (!list.includes(id)) list.push(id)
}

/** The key of a row in a unique index; null when a column is null (SQLite lets those repeat). */
function uniqueKey(row: RowValues, columns: string[]): string | null {
  const values = columns.map((c) => row[c])
  return values.some((v) => v === null || v === undefined) ? null : JSON.stringify(values)
}

const indexesOf = new WeakMap<Plan, Indexes>()
function indexes(plan: Plan): Indexes {
  let i = indexesOf.get(plan)
  if (!i) {
    i = new Indexes(plan)
    indexesOf.set(plan, i)
  }
  return i
}

interface Violation {
  unit: string
  hold: Hold
  /** Why a chosen unit fails. */
  failure: string
}

/**
 * Applies choices to the plan and withdraws what would break my file: the units that stay active
 * give the steps to write. `choices` holds the officer's decisions (keys of conflicts, and of
 * held-back units from an earlier resolve); `extras` the steps a held-back unit needs when taken.
 */
export function resolve(plan: Plan, choices: ReadonlyMap<string, Choice>, extras: ReadonlyMap<string, Step[]>): Outcome {
  const stepsOf = new Map<string, Step[]>()
  const chosen = new Set<string>()
  for (const u of plan.units) {
    const choice = choices.get(u.key)
    if (choice === 'theirs') {
      stepsOf.set(u.key, [...u.theirs, ...(extras.get(u.key) ?? [])])
      chosen.add(u.key)
    } else if (choice === 'mine') {
      stepsOf.set(u.key, [...u.mine, ...(extras.get(u.key) ?? [])])
      chosen.add(u.key)
    } else if (u.kind === 'auto') {
      stepsOf.set(u.key, u.theirs)
    }
  }
  const held = new Map<string, Hold>()
  const failed = new Map<string, string>()
  for (;;) {
    const { steps, overlaps } = collect(plan, stepsOf)
    const violations = [...overlaps, ...check(plan, steps, stepsOf)]
    if (violations.length === 0) return { steps, active: new Set(stepsOf.keys()), held, failed }
    for (const v of violations) {
      if (!stepsOf.has(v.unit)) continue
      stepsOf.delete(v.unit)
      if (chosen.has(v.unit)) failed.set(v.unit, v.failure)
      else held.set(v.unit, v.hold)
    }
  }
}

/** Every active step by record; two units wanting different things for one record is an overlap. */
function collect(plan: Plan, stepsOf: Map<string, Step[]>): { steps: Map<string, FinalStep>; overlaps: Violation[] } {
  const steps = new Map<string, FinalStep>()
  const overlaps: Violation[] = []
  for (const [unit, list] of stepsOf) {
    for (const s of list) {
      const k = refKey(s.ref.table, s.ref.id)
      const existing = steps.get(k)
      if (!existing) {
        steps.set(k, { ref: s.ref, effect: s.effect, unit })
      } else if (existing.effect.kind !== s.effect.kind || vvText(existing.effect.vv) !== vvText(s.effect.vv)) {
        const label = describe(plan, s.ref)
        overlaps.push({
          unit,
          hold: {
            kind: 'reference',
            reason: `Depends on ${label}, which another change also decides`,
            blocker: existing.unit,
            extra: null,
            fields: [],
            clash: null,
          },
          failure: `Cannot be applied together with the choice made for ${label}`,
        })
        break
      }
    }
  }
  return { steps, overlaps }
}

/** `entity 'label'` of a record of either file, for reasons. */
export function describe(plan: Plan, ref: Ref): string {
  const row = rowOf(plan, ref)
  return `${entityOf(ref.table).replace(/_/g, ' ')} '${row ? plan.labeller.label(ref.table, row) : ref.id}'`
}

function rowOf(plan: Plan, ref: Ref): RowValues | undefined {
  return (plan.mine.tables.get(ref.table)?.rows.get(ref.id) ?? plan.theirs.tables.get(ref.table)?.rows.get(ref.id))?.values
}

/** The foreign keys and unique indexes the steps would break. */
function check(plan: Plan, steps: Map<string, FinalStep>, stepsOf: Map<string, Step[]>): Violation[] {
  const idx = indexes(plan)
  const out: Violation[] = []
  const mineRow = (ref: Ref) => tableOf(plan.mine, ref.table).rows.get(ref.id)
  const theirsRow = (ref: Ref) => tableOf(plan.theirs, ref.table).rows.get(ref.id)
  /** The record as it will be in my file (null: not there). */
  const current = (table: string, id: string): RowValues | null => {
    const s = steps.get(refKey(table, id))
    if (!s) return mineRow({ table, id })?.values ?? null
    if (s.effect.kind === 'put') return theirsRow({ table, id })!.values
    if (s.effect.kind === 'keep') return mineRow({ table, id })!.values
    return null
  }
  const parentPresent = (fk: ForeignKey, value: unknown): boolean => {
    if (fk.parentColumn === 'id') return current(fk.parent, value as string) !== null
    return (idx.valueIndex(fk.parent, fk.parentColumn).get(value) ?? []).some((id) => current(fk.parent, id)?.[fk.parentColumn] === value)
  }

  for (const s of steps.values()) {
    const t = tableSchemaOf(plan.schema, s.ref.table)
    if (s.effect.kind === 'put') {
      const row = theirsRow(s.ref)!.values
      // Their version needs its parents in my file.
      for (const fk of t.fks) {
        const value = row[fk.column]
        if (value === null || value === undefined) continue
        if (fk.parent === t.name && fk.parentColumn === 'id' && value === s.ref.id) continue
        if (!parentPresent(fk, value)) out.push(missingParent(plan, s, fk, value, stepsOf))
      }
      // ...and must not take a unique value another record of mine keeps.
      for (const cols of t.uniques) {
        const k = uniqueKey(row, cols)
        if (k === null) continue
        for (const other of idx.uniqueIndex(t.name, cols).get(k) ?? []) {
          if (other === s.ref.id) continue
          const cur = current(t.name, other)
          if (cur && uniqueKey(cur, cols) === k) out.push(uniqueClash(plan, s, cols, { table: t.name, id: other }, steps))
        }
      }
    }
    // A record of mine that goes (or whose referenced value changes) must not be used by what stays of mine.
    const before = mineRow(s.ref)
    if (before && (s.effect.kind === 'remove' || s.effect.kind === 'put')) {
      const after = s.effect.kind === 'put' ? theirsRow(s.ref)!.values : null
      for (const { table, fk } of plan.schema.referencedBy.get(t.name) ?? []) {
        const value = before.values[fk.parentColumn]
        if (value === null || value === undefined) continue
        if (after && after[fk.parentColumn] === value) continue
        if (parentPresent(fk, value)) continue
        const user = (idx.mineReferrers(table, fk.column).get(value) ?? []).find((id) => {
          const cs = steps.get(refKey(table, id))
          if (cs && cs.effect.kind !== 'keep') return false // gone, or their version (checked above)
          return mineRow({ table, id })?.values[fk.column] === value
        })
        if (user !== undefined) {
          const what = describe(plan, { table, id: user })
          const verb = s.effect.kind === 'remove' ? 'Deleted' : 'Changed'
          out.push({
            unit: s.unit,
            hold: { kind: 'reference', reason: `${verb} in their file, but your ${what} still uses it`, blocker: null, extra: null, fields: [], clash: null },
            failure: `Your ${what} still uses it`,
          })
          break
        }
      }
    }
  }
  return out
}

/** Their version of a record needs a parent my file will not have. */
function missingParent(plan: Plan, s: FinalStep, fk: ForeignKey, value: unknown, stepsOf: Map<string, Step[]>): Violation {
  const parent = parentInTheirs(plan, fk, value)
  const what = parent ? describe(plan, parent) : `${entityOf(fk.parent).replace(/_/g, ' ')} '${String(value)}'`
  const fields = [camelName(fk.column)]
  // It comes with another unit that is not applied: it waits on that one.
  const waitsOn = parent ? (plan.providers.get(refKey(parent.table, parent.id)) ?? []).find((u) => u !== s.unit && !stepsOf.has(u)) : undefined
  if (waitsOn) {
    return {
      unit: s.unit,
      hold: { kind: 'reference', reason: `Needs ${what}, which is not merged (see that conflict)`, blocker: waitsOn, extra: null, fields, clash: null },
      failure: `Needs ${what}, which is not merged`,
    }
  }
  const deletedHere = parent ? tableOf(plan.mine, parent.table).tombs.has(parent.id) : false
  const where = deletedHere ? 'deleted in your file' : 'not in your file'
  return {
    unit: s.unit,
    hold: { kind: 'reference', reason: `Needs ${what}, ${where}`, blocker: null, extra: parent ? restoreChain(plan, parent) : null, fields, clash: null },
    failure: `Needs ${what}, ${where}`,
  }
}

function parentInTheirs(plan: Plan, fk: ForeignKey, value: unknown): Ref | null {
  const rows = tableOf(plan.theirs, fk.parent).rows
  if (fk.parentColumn === 'id') return rows.has(value as string) ? { table: fk.parent, id: value as string } : null
  for (const [id, row] of rows) if (row.values[fk.parentColumn] === value) return { table: fk.parent, id }
  return null
}

/**
 * Steps that bring back their version of a record my file lacks (and of the parents it needs in
 * turn), with a vector that has seen my deletion: what taking theirs means for a missing parent.
 */
function restoreChain(plan: Plan, start: Ref): Step[] {
  const out: Step[] = []
  const seen = new Set<string>()
  const stack = [start]
  while (stack.length > 0) {
    const ref = stack.pop()!
    const key = refKey(ref.table, ref.id)
    if (seen.has(key)) continue
    seen.add(key)
    const tr = tableOf(plan.theirs, ref.table).rows.get(ref.id)
    if (!tr || tableOf(plan.mine, ref.table).rows.has(ref.id)) continue
    const tomb = tableOf(plan.mine, ref.table).tombs.get(ref.id)
    out.push({ ref, effect: { kind: 'put', vv: resolvedVv(tomb?.vv ?? {}, tr.vv, plan.mineFileId) } })
    for (const fk of tableSchemaOf(plan.schema, ref.table).fks) {
      const value = tr.values[fk.column]
      if (value === null || value === undefined) continue
      const p = parentInTheirs(plan, fk, value)
      if (p && !tableOf(plan.mine, p.table).rows.has(p.id)) stack.push(p)
    }
  }
  return out
}

/** Their version takes a unique value (a project code...) that a record of mine keeps. */
function uniqueClash(plan: Plan, s: FinalStep, cols: string[], other: Ref, steps: Map<string, FinalStep>): Violation {
  const mineOther = tableOf(plan.mine, other.table).rows.get(other.id)
  const values = cols.map((c) => String(tableOf(plan.theirs, s.ref.table).rows.get(s.ref.id)!.values[c])).join(', ')
  const names = cols.map(camelName).join(', ')
  const what = describe(plan, other)
  const base = `Its ${names} '${values}' is already used by ${what} in your file`
  const family = mineOther !== undefined ? familyOf(plan, other) : []
  const blocked = replaceableBecause(plan, other, mineOther !== undefined && !steps.has(refKey(other.table, other.id)), family)
  // Taking theirs replaces my record, with the records that belong to it (a project's milestones...).
  const extra: Step[] = family.map((ref) => ({
    ref,
    effect: { kind: 'remove', vv: bumpVv(tableOf(plan.mine, ref.table).rows.get(ref.id)!.vv, plan.mineFileId), deletedAt: null },
  }))
  return {
    unit: s.unit,
    hold: {
      kind: 'unique',
      reason: blocked
        ? `${base}; taking theirs is not possible: ${blocked}`
        : family.length > 1
          ? `${base}; taking theirs replaces it with the ${family.length - 1} records that belong to it`
          : base,
      blocker: null,
      extra: blocked ? null : extra,
      // Keeping mine deletes their record here, with a vector that has seen it: the decision holds both ways.
      mineExtra: familyOf(plan, s.ref, indexes(plan).theirsChildren()).map((ref) => ({
        ref,
        effect: { kind: 'tomb', vv: bumpVv(tableOf(plan.theirs, ref.table).rows.get(ref.id)!.vv, plan.mineFileId), deletedAt: null },
      })),
      fields: cols.map(camelName),
      clash: other,
    },
    failure: base,
  }
}

/** A record and the records that belong to it (ON DELETE CASCADE), recursively, in my file or the given index. */
function familyOf(plan: Plan, root: Ref, children: Map<string, Ref[]> = indexes(plan).mineChildren()): Ref[] {
  const out: Ref[] = []
  const seen = new Set<string>()
  const stack = [root]
  while (stack.length > 0) {
    const ref = stack.pop()!
    const key = refKey(ref.table, ref.id)
    if (seen.has(key)) continue
    seen.add(key)
    out.push(ref)
    for (const c of children.get(key) ?? []) stack.push(c)
  }
  return out
}

/** Why my clashing record cannot make room for theirs (null: it can, by being deleted with its family). */
function replaceableBecause(plan: Plan, ref: Ref, mineAsIs: boolean, family: Ref[]): string | null {
  if (!mineAsIs) return 'it is changed by this merge too'
  const inFamily = new Set(family.map((f) => refKey(f.table, f.id)))
  const idx = indexes(plan)
  for (const member of family) {
    if (tableOf(plan.theirs, member.table).rows.has(member.id))
      return member === family[0] ? 'their file has it too' : `their file has records that belong to it (${entityOf(member.table).replace(/_/g, ' ')})`
    const row = tableOf(plan.mine, member.table).rows.get(member.id)!
    for (const { table, fk } of plan.schema.referencedBy.get(member.table) ?? []) {
      const value = row.values[fk.parentColumn]
      const users = idx.mineReferrers(table, fk.column).get(value) ?? []
      if (users.some((id) => !inFamily.has(refKey(table, id)))) return `other records of your file use it (${entityOf(table).replace(/_/g, ' ')})`
    }
  }
  return null
}
