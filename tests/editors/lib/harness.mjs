// A small test harness shared by the editor tests: named checks, one PASS/FAIL line each, a
// summary, and exit code 1 if anything failed (ctest reads the exit code).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const EDITOR_TESTS_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const REPO_ROOT = path.resolve(EDITOR_TESTS_DIR, '..', '..');

const results = { passed: 0, failed: 0 };

// Runs `body` (sync or async); it reports problems by returning or throwing a list of strings.
export async function check(name, body) {
  let problems;
  try {
    problems = (await body()) ?? [];
  } catch (error) {
    problems = [error instanceof Error ? error.stack : String(error)];
  }
  if (problems.length === 0) {
    results.passed++;
    console.log(`PASS  ${name}`);
  } else {
    results.failed++;
    console.log(`FAIL  ${name}`);
    for (const problem of problems) console.log(`  ${problem}`);
  }
}

// Prints the summary and exits: 0 if every check passed, 1 otherwise.
export function finish() {
  console.log(`\n${results.passed} passed, ${results.failed} failed`);
  process.exit(results.failed === 0 ? 0 : 1);
}

// Exits with a message saying how to install the npm packages when they are missing, so a
// run without `npm ci` fails with the fix instead of a stack trace.
export function requireNodeModules() {
  if (!existsSync(path.join(EDITOR_TESTS_DIR, 'node_modules', 'vscode-textmate'))) {
    console.log('FAIL  the npm packages of the editor tests are not installed: run ' +
                '`npm ci --prefix tests/editors` (./dev test does it)');
    process.exit(1);
  }
}

// Returns the 0-based [line, column] of `token` in `lines`: on the first line containing
// `context`, the first occurrence of `token` (a whole word if it is one) at or after where `context` starts. Throws if
// there is none, so a sample edit that loses a checked construct fails loudly.
export function locate(lines, context, token) {
  for (let line = 0; line < lines.length; line++) {
    const start = lines[line].indexOf(context);
    if (start < 0) continue;
    const column = indexOfToken(lines[line], token, start);
    if (column < 0) break;
    return [line, column];
  }
  throw new Error(`no line contains ${JSON.stringify(context)} followed by ${JSON.stringify(token)}`);
}

// A word token (`or`, `kg`) matches whole words only, so `or` is not found in `category`.
function indexOfToken(text, token, from) {
  if (!/^\w+$/.test(token)) return text.indexOf(token, from);
  const match = new RegExp(`(?<!\\w)${token}(?!\\w)`, 'g');
  match.lastIndex = from;
  const found = match.exec(text);
  return found ? found.index : -1;
}

// Every .ccr file of the repository outside build and dependency folders.
export function repositoryCcrFiles() {
  return ['stdlib', 'rules', 'tests'].flatMap((top) => walk(path.join(REPO_ROOT, top)))
    .filter((file) => file.endsWith('.ccr'));
}

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}
