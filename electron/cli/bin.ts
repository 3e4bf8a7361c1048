/**
 * `npm run cli -- <command> ...` (tsx): the command line without Electron. The packaged app runs
 * the same `runCli` after `--headless`.
 */
import { runCli } from './cli'

void runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then((code) => {
  // Exit once what was written has reached the pipe (a script may read it after we are gone).
  process.stdout.write('', () => process.exit(code))
})
