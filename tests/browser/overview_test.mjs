// The catalogue overview (`ccr run --facts CATALOGUE --format html`) opened in a real browser:
// Debian's chromium driven by playwright-core (which downloads no browser of its own). The
// page loads nothing from elsewhere and runs no input text as code; the counts, the matrix and
// the failed lines are there; a status filter and a scheme filter show exactly the matching
// rows; a product opens to its full explanation. A screenshot is kept in --out.
//   node tests/browser/overview_test.mjs --ccr BUILD/bin/ccr --out BUILD/browser
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Screenshots are kept for people to look at, not checked; a full page on a loaded 2-core
// machine has taken over Playwright's default 30 s.
const SHOT_MS = 90000;
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..', '..');
const CHROMIUM = '/usr/bin/chromium';

const results = { passed: 0, failed: 0 };
async function check(name, body) {
  let problems;
  try {
    problems = (await body()) ?? [];
  } catch (error) {
    problems = [error instanceof Error ? error.stack : String(error)];
  }
  results[problems.length === 0 ? 'passed' : 'failed']++;
  console.log(`${problems.length === 0 ? 'PASS' : 'FAIL'}  ${name}`);
  for (const problem of problems) console.log(`  ${problem}`);
}
function finish() {
  console.log(`\n${results.passed} passed, ${results.failed} failed`);
  process.exit(results.failed === 0 ? 0 : 1);
}

function argument(name) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
}
const ccr = argument('--ccr');
const out = argument('--out');
if (!ccr || !out) {
  console.log('usage: overview_test.mjs --ccr BUILD/bin/ccr --out DIR');
  process.exit(2);
}
if (!existsSync(path.join(HERE, 'node_modules', 'playwright-core'))) {
  console.log('FAIL  playwright-core is not installed: run ./dev deps (npm ci --prefix tests/browser)');
  finish();
}
if (!existsSync(CHROMIUM)) {
  console.log(`FAIL  ${CHROMIUM} is missing: run ./dev deps (apt-get install chromium)`);
  finish();
}
const { chromium } = await import('playwright-core');

// The example products, one per line, a line that fails, and a product whose name is markup
// with a bidi override: it must show as text and run nothing.
mkdirSync(out, { recursive: true });
const examples = readdirSync(path.join(REPO_ROOT, 'rules', 'examples'))
  .filter((name) => name.endsWith('.json')).sort();
const lines = examples.map((name) =>
  JSON.stringify(JSON.parse(readFileSync(path.join(REPO_ROOT, 'rules', 'examples', name), 'utf8'))));
lines.push('{"product": "broken", "category": ');
lines.push(JSON.stringify({ product: '<img src=x onerror=alert(1)><script>alert(2)</script>\u202Eexe', emits_radio: true }));
const catalogue = path.join(out, 'overview_catalogue.jsonl');
writeFileSync(catalogue, lines.join('\n') + '\n');
const page_path = path.join(out, 'overview.html');
try {
  execFileSync(ccr, ['run', '--facts', catalogue, '--format', 'html', '-o', page_path,
    '--as-of', '2025-06-01', '-q'], { stdio: ['ignore', 'ignore', 'ignore'] });
} catch (error) {
  if (error.status !== 1 && error.status !== 3) throw error;
}
const products = lines.length - 1;  // every line but the broken one

const profile = mkdtempSync(path.join(os.tmpdir(), 'ccr-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1400, height: 900 },
});
const page = context.pages()[0] ?? await context.newPage();
const requests = [], dialogs = [], errors = [];
page.on('request', (request) => requests.push(request.url()));
page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss(); });
page.on('pageerror', (error) => errors.push(String(error)));
page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });

try {
  await page.goto('file://' + page_path);

  await check('the page opens self-contained: nothing loaded from elsewhere, no script error', () => {
    const outside = requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'));
    return [...outside.map((url) => `loaded ${url}`), ...errors.map((e) => `error: ${e}`)];
  });

  await check('input text is shown as text: no markup from it runs', async () => {
    const problems = dialogs.map((message) => `a dialog opened: ${message}`);
    const names = await page.locator('#matrix summary').allTextContents();
    if (!names.some((name) => name.includes('<script>alert(2)</script>\\u202eexe'))) {
      problems.push(`the hostile name is not shown as inert text: ${names.slice(-1)}`);
    }
    if (await page.locator('#matrix img').count() > 0) problems.push('an <img> from input text');
    return problems;
  });

  await check('counts, matrix and failed lines are there', async () => {
    const problems = [];
    const rows = await page.locator('#matrix tbody tr').count();
    if (rows !== products) problems.push(`${rows} matrix rows for ${products} products`);
    const counted = await page.locator('#products').textContent();
    if (counted !== String(products)) problems.push(`#products says ${counted}`);
    if ((await page.locator('#errors').textContent()) !== '1') problems.push('#errors is not 1');
    const schemes = await page.locator('#counts tbody tr').count();
    const columns = await page.locator('#matrix thead th').count();
    if (columns !== schemes + 3) problems.push(`${columns} matrix columns for ${schemes} schemes`);
    if (await page.locator('#failed li').count() !== 1) problems.push('the failed line is not listed');
    return problems;
  });

  await check('a status filter shows exactly the rows with that status', async () => {
    const expected = await page.locator('#matrix tbody tr').evaluateAll((rows) =>
      rows.filter((row) => row.dataset.s.split(' ').includes('un')).length);
    await page.selectOption('#f-status', 'un');
    const visible = await page.locator('#matrix tbody tr:visible').count();
    const shown = await page.locator('#shown').textContent();
    const problems = [];
    if (expected === 0 || expected === products) problems.push(`a filter that selects ${expected} rows tells nothing`);
    if (visible !== expected) problems.push(`${visible} rows visible, ${expected} undetermined`);
    if (shown !== String(expected)) problems.push(`the count says ${shown}`);
    return problems;
  });

  await check('a scheme filter narrows it to that scheme\'s column', async () => {
    await page.selectOption('#f-status', 'rm');
    const ccc = await page.locator('#f-scheme option', { hasText: /^CCC$/ }).getAttribute('value');
    await page.selectOption('#f-scheme', ccc);
    const expected = await page.locator('#matrix tbody tr').evaluateAll((rows, index) =>
      rows.filter((row) => row.dataset.s.split(' ')[+index] === 'rm').length, ccc);
    const visible = await page.locator('#matrix tbody tr:visible').count();
    await page.screenshot({ path: path.join(out, 'overview_filtered.png'), timeout: SHOT_MS });
    return visible === expected && expected > 0 ? [] : [`${visible} visible, ${expected} with CCC required mandatory`];
  });

  await check('a product opens in place to its full explanation', async () => {
    await page.selectOption('#f-status', '');
    await page.selectOption('#f-scheme', '');
    const first = page.locator('#matrix tbody tr').first();
    const explanation = first.locator('details pre');
    const problems = [];
    if (await explanation.isVisible()) problems.push('the explanation shows before the click');
    await first.locator('summary').click();
    if (!(await explanation.isVisible())) problems.push('the explanation does not open');
    const text = await explanation.textContent();
    if (!text.includes('certification requirements as of 2025-06-01') || !text.includes('Why')) {
      problems.push(`not the full explanation: ${text.slice(0, 200)}`);
    }
    await page.screenshot({ path: path.join(out, 'overview.png'), timeout: SHOT_MS });
    return problems;
  });
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
finish();
