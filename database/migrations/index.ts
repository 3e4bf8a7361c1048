import { migration001 } from './001_initial'
import { migration002 } from './002_projects'
import { migration003 } from './003_documents'
import { migration004 } from './004_sync'
import { migration005 } from './005_strict'
import { migration006 } from './006_merge_provenance'
import { migration007 } from './007_cofinancing_sco'
import { migration008 } from './008_wording'
import { migration009 } from './009_person_breakdown'
import { migration010 } from './010_attachments'
import { migration011 } from './011_project_figures'
import { migration012 } from './012_claims'
import { migration013 } from './013_claim_documents'
import { migration014 } from './014_list_indexes'
import { migration015 } from './015_list_speed'
import { migration016 } from './016_dashboard_figures'
import { migration017 } from './017_short_search'
import { migration018 } from './018_claim_list_indexes'
import { migration019 } from './019_claim_figures'
import { migration020 } from './020_list_orders'
import type { Migration } from './types'

/** Every migration in order; imported, not read from disk, because the main process is bundled. */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
  migration012,
  migration013,
  migration014,
  migration015,
  migration016,
  migration017,
  migration018,
  migration019,
  migration020,
]

/** The schema version this build of the app writes. */
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version
