// A declared fact default in the questionnaire of `ccr serve`, in a real browser (Debian's
// chromium driven by playwright-core). The bundle is the shipped rules with the Acme company
// extension (rules/examples/extension/acme.ccr), whose `acme_pilot_stores_only` has
// `default false`. A product that does not state it is assumed to have false, and the page
// says so under "What to do next" (web/app.js, next_assumed) in English and Chinese, never
// asks it, and decides Acme's review from it; a product that states it (through a shared
// link) takes no assumption, and the page shows none.
//
//   node assumed_test.mjs --ccr BUILD/bin/ccr --root REPO --out BUILD/browser
//
// Loopback only; every wait is bounded, and the whole test stops itself after nine minutes.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { check, parseArgs, runBounded, settled, startServer } from './serve_harness.mjs';

const { ccr, root, out } = parseArgs();
const ccrc = path.join(path.dirname(ccr), 'ccrc');
// Seconds on an idle machine; a browser start and a first page load have taken a minute on
// the loaded 2-core machine, and the sanitizer build is slower still.
const STEP_MS = 60000;
const FACT = 'acme_pilot_stores_only';
// web/app.js's factLabel: the fact's name with spaces, capitalised.
const LABEL = 'Acme pilot stores only';
fs.mkdirSync(out, { recursive: true });

async function nextSteps(page) {
  return page.$$eval('#next-steps li', (nodes) => nodes.map((n) => n.textContent));
}

async function schemeStatus(page, scheme) {
  return page.$eval('#report-schemes', (node, s) => {
    const found = node.querySelector(`[data-scheme="${s}"]`);
    return found ? found.dataset.status || 'not_required' : 'absent';
  }, scheme);
}

// A shared link's state, encoded as web/app.js's encodeState does.
function sharedLink(base, facts) {
  const json = JSON.stringify({ v: 1, lang: 'en', product: 'Acme plug', as_of: '', facts, skip: [] });
  return base + '#s=' + Buffer.from(json, 'utf8').toString('base64url');
}

async function run() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-assumed-'));
  const bundle = path.join(work, 'acme.ccrb');
  execFileSync(ccrc, ['compile', path.join(root, 'rules/products'),
    path.join(root, 'rules/examples/extension'), '-o', bundle], { timeout: 2 * STEP_MS });
  const server = await startServer(ccr, [bundle], STEP_MS);
  const base = `http://127.0.0.1:${server.port}/`;
  const context = await chromium.launchPersistentContext(path.join(work, 'chromium'), {
    executablePath: '/usr/bin/chromium', headless: true, timeout: STEP_MS,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1100, height: 900 },
  });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
    await page.goto(base, { timeout: STEP_MS });
    await settled(page, STEP_MS);

    // The extension's product type, found by its `aka`; the fact is not stated.
    await page.fill('#category-search', 'acme plug');
    await page.locator('#category-results button[data-value="acme_smart_plug"]').click({ timeout: STEP_MS });
    await settled(page, STEP_MS);
    const steps = await nextSteps(page);
    const assumed = steps.filter((s) => s.startsWith('Assumed'));
    check(assumed.length === 1 &&
      assumed[0] === `Assumed ${LABEL} = false, its declared default: state it to be sure.`,
      `the assumption under "What to do next": ${JSON.stringify(steps)}`);
    check(await page.locator(`#question-list > li[data-fact="${FACT}"]`).count() === 0,
      `the page asks ${FACT}, which has a default`);
    // The assumption decides: Acme's voluntary review is recommended.
    const review = await schemeStatus(page, 'ACME_RELEASE_REVIEW');
    check(review === 'recommended', `ACME_RELEASE_REVIEW on the default: ${review}`);
    // For people to look at, not checked.
    await page.locator('#next-steps').screenshot({ path: path.join(out, 'acme-assumed.png'), timeout: STEP_MS });

    await page.click('#lang-zh');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN', null, { timeout: STEP_MS });
    const zh = (await nextSteps(page)).filter((s) => s.startsWith('假定'));
    check(zh.length === 1 && zh[0].includes(LABEL) && zh[0].includes('= false'),
      `the assumption in Chinese: ${JSON.stringify(zh)}`);
    check(errors.length === 0, `page errors ${errors.join('; ')}`);
    await page.close();

    // Stated (here through a shared link): no assumption, and the stated value decides.
    const stated = await context.newPage();
    await stated.goto(sharedLink(base, { category: 'acme_smart_plug', [FACT]: true }), { timeout: STEP_MS });
    await settled(stated, STEP_MS);
    const statedSteps = await nextSteps(stated);
    check(statedSteps.length > 0 && !statedSteps.some((s) => s.startsWith('Assumed') || s.includes(LABEL)),
      `a stated ${FACT} is shown as assumed: ${JSON.stringify(statedSteps)}`);
    const statedReview = await schemeStatus(stated, 'ACME_RELEASE_REVIEW');
    check(statedReview === 'not_required', `ACME_RELEASE_REVIEW when stated true: ${statedReview}`);
    await stated.close();
  } finally {
    await context.close();
    server.child.kill('SIGTERM');
    fs.rmSync(work, { recursive: true, force: true });
  }
}

runBounded(run, 9);
