/* global process, console */
// Makes better-sqlite3's native module match the runtime about to use it: `node` (tests, CLI,
// benchmark) or `electron` (npm start / dev). The two ABIs differ, so switching between
// `npm start` and `npm test` rebuilds the module once; a marker file avoids needless rebuilds.
import { execSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)
const target = process.argv[2]
const moduleDir = path.dirname(require.resolve('better-sqlite3/package.json'))
const marker = path.join(moduleDir, 'build', 'amif-abi.txt')

function run(command) {
  console.log(`[native-abi] ${command}`)
  execSync(command, { stdio: 'inherit' })
}

function loadsInNode() {
  try {
    const Database = require('better-sqlite3')
    new Database(':memory:').close()
    return true
  } catch (err) {
    if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version|invalid ELF|not a valid Win32/i.test(String(err))) return false
    throw err
  }
}

if (target === 'node') {
  if (!loadsInNode()) {
    run('npm rebuild better-sqlite3')
    fs.rmSync(marker, { force: true })
  }
} else if (target === 'electron') {
  const electronVersion = require('electron/package.json').version
  const wanted = `electron-${electronVersion}`
  const current = fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').trim() : ''
  if (current !== wanted) {
    run('npx electron-rebuild --force --only better-sqlite3')
    fs.writeFileSync(marker, wanted)
  }
} else {
  console.error('usage: node scripts/native-abi.mjs node|electron')
  process.exit(2)
}
