import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

export const UI_LANGUAGES = ['fr', 'nl', 'en'] as const
export type UiLanguage = (typeof UI_LANGUAGES)[number]

const settingsSchema = z.object({
  officer: z
    .object({ name: z.string().min(1), email: z.string().nullable() })
    .nullable()
    .default(null),
  language: z.enum(UI_LANGUAGES).default('fr'),
  lastFile: z.string().nullable().default(null),
  recentFiles: z.array(z.string()).default([]),
  /** Handovers whose note the officer has read on this computer (by id): shown once, not at every opening. */
  seenHandovers: z.array(z.string()).default([]),
})

/** The app's own settings (officer, language, files): kept on this computer, never in a `.amif` file. */
export type Settings = z.output<typeof settingsSchema>

/** Where settings are kept; main uses a JSON file in the user-data folder, tests a temp one. */
export interface SettingsStore {
  read(): Settings
  write(next: Settings): void
}

/** Reads and writes settings as JSON; a missing or unreadable file gives the defaults. */
export class JsonSettingsStore implements SettingsStore {
  constructor(readonly filePath: string) {}

  read(): Settings {
    try {
      return settingsSchema.parse(JSON.parse(fs.readFileSync(this.filePath, 'utf8')))
    } catch {
      return settingsSchema.parse({})
    }
  }

  write(next: Settings): void {
    fs.mkdirSync(path.dirname(this.filePath), { recursive: true })
    // Write then rename, so a crash never leaves half a settings file.
    const tmp = `${this.filePath}.tmp`
    fs.writeFileSync(tmp, JSON.stringify(settingsSchema.parse(next), null, 2))
    fs.renameSync(tmp, this.filePath)
  }
}
