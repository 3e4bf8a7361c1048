/**
 * File names the app makes (pure, no Node: the templates use it too). Whatever a
 * file holds, a name made here stays in its folder and keeps the extension the app gave it.
 */

/** Longest file name made, extension included (Windows paths stay well under 260 characters). */
export const MAX_FILE_NAME = 120

/** Names Windows reserves for devices, with or without an extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)(\..*)?$/i

/**
 * A file name safe on Windows, macOS and Linux, always ending in `ext` (in any case): no path separators,
 * control or reserved characters, no trailing dots or spaces, no reserved device name, bounded
 * length. Whatever `base` holds, the result ends in `ext` and names a file in one folder.
 */
export function safeFileName(base: string, ext = '.pdf'): string {
  let name = base
    .normalize('NFC')
    // Control characters, bidi overrides and the characters Windows or macOS refuse.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\\/:*?"<>|]/g, '-')
    .replace(/\s+/g, ' ')
    // Windows drops trailing dots and spaces, which would change the extension the system sees.
    .replace(/^[.\s]+|[.\s]+$/g, '')
  // An extension already there keeps its case ("Rapport.PDF" is the file the officer chose).
  let suffix = ext
  if (name.toLowerCase().endsWith(ext.toLowerCase())) {
    suffix = name.slice(name.length - ext.length)
    name = name.slice(0, -ext.length)
  }
  const room = MAX_FILE_NAME - suffix.length
  if (name.length > room) {
    // Cut between characters, never inside a surrogate pair.
    let cut = ''
    for (const ch of name) {
      if (cut.length + ch.length > room) break
      cut += ch
    }
    name = cut
  }
  name = name.replace(/^[.\s]+|[.\s]+$/g, '')
  if (name === '') name = 'document'
  if (RESERVED.test(name)) name = `_${name}`
  return `${name}${suffix}`
}
