// The questionnaire of `ccr serve` in a real browser: Debian's chromium driven by
// playwright-core (no browser download). For the seed laptop and three other example
// products it searches the product type, answers each question the page asks with the
// product's own facts (or "I don't know" for facts the product does not state), then checks
// the report against `ccr run` on the facts the page downloads, the shared link, the HTML
// report download, Chinese, the keyboard, a phone-sized screen and escaping. Screenshots go
// to --out for review.
//
//   node questionnaire_test.mjs --ccr BUILD/bin/ccr --root REPO --out BUILD/browser
//
// Loopback only; every wait is bounded.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { check, parseArgs, runBounded, settled, startServer } from './serve_harness.mjs';

// Screenshots are kept for people to look at, not checked; a full page on a loaded 2-core
// machine has taken over Playwright's default 30 s.
const SHOT_MS = 90000;
const { ccr, root, out } = parseArgs();
const AS_OF = '2026-06-01';
const MAX_QUESTIONS = 80;
const STEP_MS = 15000;
fs.mkdirSync(out, { recursive: true });

function ccrRun(factsPath, extra = []) {
  try {
    return execFileSync(ccr, ['run', '--facts', factsPath, '--format', 'json', '--as-of', AS_OF, ...extra]);
  } catch (error) {
    if (error.status === 1) return error.stdout;  // exit 1: something undetermined
    throw error;
  }
}

// Scheme -> status, keys sorted (so two maps compare as JSON text).
function sorted(map) {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function statuses(report) {
  const map = {};
  for (const r of report.requirements) {
    map[r.scheme] = r.status === 'required' && r.level === 'voluntary' ? 'recommended' : r.status;
  }
  return sorted(map);
}

async function pageStatuses(page) {
  return sorted(await page.$$eval('#report-schemes [data-scheme]', (nodes) => Object.fromEntries(
    nodes.map((n) => [n.dataset.scheme, n.dataset.status || 'not_required']))));
}

// Searches the product type by `text` (its value, a catalogue code, an English or Chinese
// name) and picks `category` from the results.
async function chooseCategory(page, category, text, keyboard) {
  const search = page.locator('#category-search');
  if (keyboard) {
    await search.focus();
    await page.keyboard.type(text);
    const button = page.locator(`#category-results button[data-value="${category}"]`);
    await button.waitFor({ timeout: STEP_MS });
    for (let i = 0; i < 60 && !(await button.evaluate((b) => b === document.activeElement)); i += 1) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
  } else {
    await search.fill(text);
    await page.locator(`#category-results button[data-value="${category}"]`).click({ timeout: STEP_MS });
  }
  await settled(page, STEP_MS);
}

// Presses Tab until `locator` has focus (bounded), then `key`.
async function keyboardPress(page, locator, key = 'Enter') {
  for (let i = 0; i < 200; i += 1) {
    if (await locator.evaluate((n) => n === document.activeElement)) {
      await page.keyboard.press(key);
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error('could not reach a control by keyboard');
}

async function answerQuestions(page, facts, keyboard) {
  const asked = [];
  for (let n = 0; n < MAX_QUESTIONS; n += 1) {
    const first = page.locator('#question-list > li').first();
    if (await first.count() === 0) return asked;
    const fact = await first.getAttribute('data-fact');
    asked.push(fact);
    const value = facts[fact];
    const click = async (locator) => (keyboard ? keyboardPress(page, locator) : locator.click());
    if (value === undefined || value === null) {
      await click(first.locator('button.dont-know'));
    } else if (typeof value === 'boolean') {
      await click(first.locator('button').nth(value ? 0 : 1));
    } else if (Array.isArray(value)) {
      for (const member of value) await first.locator(`input[type=checkbox][value="${member}"]`).check();
      await click(first.locator('button:not(.dont-know)'));
    } else if (await first.locator(`button[data-value="${value}"]`).count()) {
      await click(first.locator(`button[data-value="${value}"]`));
    } else if (await first.locator('select').count()) {
      await first.locator('select').selectOption(String(value));
      await click(first.locator('button:not(.dont-know)'));
    } else {
      await first.locator('input').fill(String(value));
      await click(first.locator('button:not(.dont-know)'));
    }
    await page.waitForFunction((f) => !document.querySelector(`#question-list > li[data-fact="${f}"]`), fact, { timeout: STEP_MS });
    await settled(page, STEP_MS);
  }
  throw new Error(`more than ${MAX_QUESTIONS} questions`);
}

async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: STEP_MS }), page.click(button)]);
  const where = path.join(os.tmpdir(), `ccr-browser-${process.pid}-${file.suggestedFilename()}`);
  await file.saveAs(where);
  return where;
}

async function run() {
  const server = await startServer(ccr, [], 30000);
  const base = `http://127.0.0.1:${server.port}/`;
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-chromium-'));
  const context = await chromium.launchPersistentContext(userData, {
    executablePath: '/usr/bin/chromium', headless: true, acceptDownloads: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1100, height: 900 },
  });
  const schemes = await (await fetch(base + 'v1/schemes')).json();
  const zhNames = Object.fromEntries(schemes.schemes.map((s) => [s.scheme, s.zh_name]));
  const components = await (await fetch(base + 'v1/components')).json();
  const zhParts = Object.fromEntries(components.components.map((c) => [c.component, c.zh_name]));
  try {
    // [example, search text, by keyboard]: found by another name, a CCC code, a Chinese name.
    const products = [
      ['laptop', 'notebook', true], ['smartphone', '1606', false], ['refrigerator', '冰箱', false],
      ['toy_rc_car', 'toy electric', false]];
    for (const [name, search, keyboard] of products) {
      const file = path.join(root, 'rules/examples', name + '.json');
      const facts = JSON.parse(fs.readFileSync(file, 'utf8'));
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
      await page.goto(base, { timeout: STEP_MS });
      await settled(page, STEP_MS);
      await page.fill('#product-name', facts.product);
      await page.fill('#as-of', AS_OF);
      await page.locator('#as-of').dispatchEvent('change');
      await page.locator('#product-name').dispatchEvent('change');
      await settled(page, STEP_MS);
      await chooseCategory(page, facts.category, search, keyboard);
      const asked = await answerQuestions(page, facts, keyboard);
      check(asked.length > 0 && asked.length < 40, `${name}: ${asked.length} questions asked`);
      await page.screenshot({ path: path.join(out, `${name}-en.png`), fullPage: true, timeout: SHOT_MS });

      // The page's report against `ccr run` on the facts it downloads, and on the full facts.
      const factsFile = await download(page, '#download-facts');
      const onPage = await pageStatuses(page);
      const downloaded = statuses(JSON.parse(ccrRun(factsFile, ['--all'])));
      const full = statuses(JSON.parse(ccrRun(file, ['--all'])));
      check(JSON.stringify(onPage) === JSON.stringify(downloaded),
        `${name}: page ${JSON.stringify(onPage)} != ccr run ${JSON.stringify(downloaded)}`);
      // The page never asks about marks the applicant chooses: left open they are `available`,
      // where the example files state them not requested (`not_required`); the same answer.
      const chosenAlike = (s) => JSON.stringify(Object.fromEntries(
        Object.entries(s).map(([k, v]) => [k, v === 'available' ? 'not_required' : v])));
      check(chosenAlike(onPage) === chosenAlike(full),
        `${name}: asking only what matters changed an answer: ${JSON.stringify(onPage)} != ${JSON.stringify(full)}`);
      const reportFile = await download(page, '#download-report');
      const html = fs.readFileSync(reportFile, 'utf8');
      const listed = Object.keys(onPage).filter((s) => onPage[s] !== 'not_required');
      check(/^<!doctype html>/i.test(html) && listed.every((s) => html.includes(s)),
        `${name}: the downloaded HTML report: ${html.slice(0, 80)}`);
      check(errors.length === 0, `${name}: page errors ${errors.join('; ')}`);
      // A scheme attached to components shows each part's status as `ccr run` decides it (the
      // laptop: CCC for the product itself, its adapter and its cells).
      const partsOnPage = await page.$$eval('#report-schemes article ul.obligations li', (nodes) =>
        nodes.map((n) => `${n.closest('article').dataset.scheme}/${n.dataset.component}=${n.dataset.status}`));
      const shown = (o) => (o.status === 'required' && o.level === 'voluntary' ? 'recommended' : o.status);
      const parts = JSON.parse(ccrRun(factsFile, ['--all'])).requirements
        .filter((r) => r.obligations && r.status !== 'not_required')
        .flatMap((r) => r.obligations.map((o) => `${r.scheme}/${o.component}=${shown(o)}`));
      check(JSON.stringify(partsOnPage) === JSON.stringify(parts) && (name !== 'laptop' || parts.length >= 3),
        `${name}: parts on the page ${JSON.stringify(partsOnPage)} != ccr run ${JSON.stringify(parts)}`);

      // The shared link restores the answers; in Chinese the report speaks Chinese.
      const link = page.url();
      const again = await context.newPage();
      await again.goto(link, { timeout: STEP_MS });
      await settled(again, STEP_MS);
      check(JSON.stringify(await pageStatuses(again)) === JSON.stringify(onPage), `${name}: the shared link`);
      check(await again.locator('#answer-list li').count() === await page.locator('#answer-list li').count(),
        `${name}: the shared link's answers`);
      await again.click('#lang-zh');
      await again.waitForFunction(() => document.documentElement.lang === 'zh-CN', null, { timeout: STEP_MS });
      const heading = await again.locator('#report-heading').textContent();
      check(heading.includes('所需认证'), `${name}: Chinese heading ${heading}`);
      for (const [scheme, status] of Object.entries(onPage)) {
        if (status === 'not_required') continue;
        const text = await again.locator(`#report-schemes article[data-scheme="${scheme}"] h3`).textContent();
        check(!zhNames[scheme] || text.includes(zhNames[scheme]), `${name}: ${scheme} in Chinese: ${text}`);
      }
      // Parts are named in Chinese too (from /v1/components; the report names them in English).
      for (const part of parts) {
        const [scheme, component] = part.split('=')[0].split('/');
        const item = again.locator(`#report-schemes article[data-scheme="${scheme}"] li[data-component="${component}"]`);
        const text = await item.textContent();
        const wanted = component === 'product' ? '产品本身' : zhParts[component];
        check(wanted && text.startsWith(wanted), `${name}: part ${component} of ${scheme} in Chinese: ${text}`);
      }
      const badge = await again.locator('#report-schemes .badge').first().textContent();
      check(/必需|未确定|豁免|可选/.test(badge), `${name}: Chinese status ${badge}`);
      await again.screenshot({ path: path.join(out, `${name}-zh.png`), fullPage: true, timeout: SHOT_MS });
      await again.close();
      await page.close();
    }

    // A phone-sized screen: nothing wider than the screen.
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(base, { timeout: STEP_MS });
    await settled(phone, STEP_MS);
    await chooseCategory(phone, 'laptop', '便携式计算机', false);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const widest = await phone.evaluate(() => [...document.querySelectorAll('body *')]
      .filter((n) => n.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(-3).map((n) => n.tagName + '#' + n.id + '.' + n.className).join(', '));
    check(overflow <= 0, `phone: the page is ${overflow}px wider than the screen (${widest})`);
    await phone.screenshot({ path: path.join(out, 'laptop-phone.png'), fullPage: true, timeout: SHOT_MS });

    // Text from input is shown as text, never as markup.
    await phone.fill('#category-search', '<img src=x onerror=window.pwned=1>');
    await phone.waitForSelector('#category-results li', { timeout: STEP_MS });
    check(await phone.locator('#category-results img').count() === 0, 'escaping: markup rendered');
    check(await phone.evaluate(() => window.pwned === undefined), 'escaping: script ran');
    await phone.close();
  } finally {
    await context.close();
    server.child.kill('SIGTERM');
    fs.rmSync(userData, { recursive: true, force: true });
  }
}

runBounded(run, 10);
