import { defineStore } from 'pinia'
import type { MilestoneStatus, ObjectiveCode, ProjectStatus, RagStatus, Strand } from '@domain/vocabulary'
import type { MILESTONE_SORT_KEYS, PROJECT_SORT_KEYS } from '@domain/schemas/projects'
import { call } from '@/api/client'
import { createRecordList } from '@/composables/useRecordList'

export type ProjectSortKey = (typeof PROJECT_SORT_KEYS)[number]
export type MilestoneSortKey = (typeof MILESTONE_SORT_KEYS)[number]

/** The project list: search, filters and sort, kept while the officer opens a project and comes back. */
export const useProjectListStore = defineStore('projectList', () =>
  createRecordList({
    filters: {
      objective: [] as ObjectiveCode[],
      strand: [] as Strand[],
      status: [] as ProjectStatus[],
      rag: [] as RagStatus[],
      partnerId: '',
      officer: '',
      callId: '',
      period: null as [string, string] | null,
    },
    sort: { key: 'code' as ProjectSortKey, order: 'asc' as 'asc' | 'desc' },
    query: ({ search, filters, sort }) => ({
      q: search,
      objective: filters.objective,
      strand: filters.strand,
      status: filters.status,
      rag: filters.rag,
      partnerId: filters.partnerId || undefined,
      officer: filters.officer || undefined,
      callId: filters.callId || undefined,
      from: filters.period?.[0],
      to: filters.period?.[1],
      sort,
    }),
    fetch: (q, page) => call('projects.list', { ...q, ...page }),
    exportChannel: 'projects.export',
  }),
)

/** The milestone list across projects: search, filters and sort, kept as the project list's are. */
export const useMilestoneListStore = defineStore('milestoneList', () =>
  createRecordList({
    filters: {
      objective: [] as ObjectiveCode[],
      strand: [] as Strand[],
      status: [] as MilestoneStatus[],
      partnerId: '',
      officer: '',
      callId: '',
      period: null as [string, string] | null,
      lateOnly: false,
    },
    sort: { key: 'dueDate' as MilestoneSortKey, order: 'asc' as 'asc' | 'desc' },
    query: ({ search, filters, sort }) => ({
      q: search,
      objective: filters.objective,
      strand: filters.strand,
      status: filters.status,
      partnerId: filters.partnerId || undefined,
      officer: filters.officer || undefined,
      callId: filters.callId || undefined,
      from: filters.period?.[0],
      to: filters.period?.[1],
      lateOnly: filters.lateOnly,
      sort,
    }),
    fetch: (q, page) => call('milestones.list', { ...q, ...page }),
    exportChannel: 'milestones.export',
  }),
)
