import { spawn } from 'node:child_process'
import path from 'node:path'
import { runCli } from '../../electron/cli/cli'

/** Running the command line from the tests: as a separate process, or in this process. */

const ROOT = path.resolve(__dirname, '../..')
// What node_modules/.bin/tsx points to, run with this Node so it also works on Windows (no .cmd shim).
const TSX_CLI = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs')
const BIN = path.join(ROOT, 'electron', 'cli', 'bin.ts')

export interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `tsx electron/cli/bin.ts ...args` as a separate process, as `npm run cli --` does. */
export function runProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX_CLI, BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Runs the command line in this process, collecting what it writes. */
export async function runHere(args: string[]): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, { appVersion: '0.1.0-test' })
  return { code, stdout, stderr }
}
