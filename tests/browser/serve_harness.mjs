// What the browser tests of `ccr serve` share: their command line, the failure count, starting
// the server on a loopback port, waiting for the page to settle, and a run that stops itself.
import { spawn } from 'node:child_process';
import path from 'node:path';

// `--ccr BUILD/bin/ccr --root REPO --out DIR` as an object of absolute paths.
export function parseArgs(argv = process.argv.slice(2)) {
  const args = Object.fromEntries(argv.reduce((pairs, arg, i, all) =>
    arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []));
  return { ccr: path.resolve(args.ccr), root: path.resolve(args.root), out: path.resolve(args.out) };
}

let failures = 0;
export function check(condition, message) {
  if (!condition) {
    failures += 1;
    console.log('FAIL  ' + message);
  }
}

// Starts `ccr serve [bundle] --listen 127.0.0.1:0` and resolves to { child, port } once it
// says where it listens; rejects after `timeoutMs` or if it exits first.
export function startServer(ccr, bundleArgs, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(ccr, ['serve', ...bundleArgs, '--listen', '127.0.0.1:0'],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    let text = '';
    const timer = setTimeout(() => reject(new Error('ccr serve did not start: ' + text)), timeoutMs);
    child.stderr.on('data', (chunk) => {
      text += chunk;
      const found = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(text);
      if (found) { clearTimeout(timer); resolve({ child, port: Number(found[1]) }); }
    });
    child.on('exit', () => reject(new Error('ccr serve exited: ' + text)));
  });
}

// Waits until the page has no refresh in flight (data-busy) and has finished one (data-ready).
export async function settled(page, timeoutMs) {
  await page.waitForFunction(() => document.body.dataset.ready !== undefined &&
    document.body.dataset.busy === 'false', null, { timeout: timeoutMs });
}

// Runs `run`, prints the outcome and exits: 0 when every check passed. A run still going after
// `minutes` fails and exits, so a hung browser never blocks the suite.
export function runBounded(run, minutes) {
  const watchdog = setTimeout(() => {
    console.log(`FAIL  the browser test took over ${minutes} minutes`);
    process.exit(1);
  }, minutes * 60000);
  run().then(() => {
    clearTimeout(watchdog);
    console.log(failures ? `${failures} failed` : 'all passed');
    process.exit(failures ? 1 : 0);
  }, (error) => {
    clearTimeout(watchdog);
    console.log('FAIL  ' + (error && error.stack ? error.stack : error));
    process.exit(1);
  });
}
