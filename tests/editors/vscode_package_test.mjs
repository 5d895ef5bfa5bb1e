// The VS Code extension folder (editors/vscode) is well formed: package.json has what VS Code
// needs, every path it contributes exists and parses, and every snippet, expanded with its
// default placeholders (and with each choice of a choice placeholder), passes `ccrc check`.
//   node tests/editors/vscode_package_test.mjs --ccrc build/bin/ccrc
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, check, finish } from './lib/harness.mjs';

const VSCODE_DIR = path.join(REPO_ROOT, 'editors', 'vscode');
const ccrcArg = process.argv.indexOf('--ccrc');
const CCRC = ccrcArg > 0 ? path.resolve(process.argv[ccrcArg + 1]) : path.join(REPO_ROOT, 'build', 'bin', 'ccrc');

const readJson = (relative) => JSON.parse(readFileSync(path.join(VSCODE_DIR, relative), 'utf8'));
const manifest = readJson('package.json');

await check('package.json: name, publisher, engines.vscode, entry point, server dependency', () => {
  const problems = [];
  for (const field of ['name', 'publisher', 'version', 'main']) {
    if (typeof manifest[field] !== 'string' || manifest[field] === '') problems.push(`no ${field}`);
  }
  if (!/^\^?\d+\.\d+\.\d+$/.test(manifest.engines?.vscode ?? '')) problems.push('engines.vscode is not a version like ^1.82.0');
  if (!manifest.dependencies?.['vscode-languageclient']) problems.push('vscode-languageclient is not a dependency');
  if (!existsSync(path.join(VSCODE_DIR, manifest.main))) problems.push(`main ${manifest.main} does not exist`);
  const setting = manifest.contributes?.configuration?.properties?.['ccr.server.path'];
  if (setting?.default !== 'ccrc') problems.push('no ccr.server.path setting defaulting to `ccrc`');
  const entry = readFileSync(path.join(VSCODE_DIR, manifest.main), 'utf8');
  if (!entry.includes("'lsp'")) problems.push(`${manifest.main} does not start \`ccrc lsp\``);
  if (!entry.includes("get('server.path')")) problems.push(`${manifest.main} does not read ccr.server.path`);
  return problems;
});

await check('contributes: the .ccr language, the grammar, the snippets; paths exist and parse', () => {
  const problems = [];
  const { languages = [], grammars = [], snippets = [] } = manifest.contributes ?? {};
  const language = languages.find((l) => l.id === 'ccr');
  if (!language) return ['no language with id `ccr`'];
  if (!language.extensions?.includes('.ccr')) problems.push('the language does not claim .ccr');
  if (!(language.aliases?.length > 0)) problems.push('the language has no aliases');
  const grammar = grammars.find((g) => g.language === 'ccr');
  if (grammar?.scopeName !== 'source.ccr') problems.push('no grammar with scopeName source.ccr');
  if (!snippets.some((s) => s.language === 'ccr')) problems.push('no snippets for ccr');
  for (const relative of [language.configuration, grammar?.path, ...snippets.map((s) => s.path)]) {
    if (!relative || !existsSync(path.join(VSCODE_DIR, relative))) {
      problems.push(`contributed path ${relative} does not exist`);
      continue;
    }
    try {
      readJson(relative);
    } catch (error) {
      problems.push(`${relative} is not JSON: ${error.message}`);
    }
  }
  if (readJson(grammar.path).scopeName !== grammar.scopeName) problems.push('the grammar file has another scopeName');
  return problems;
});

await check('language-configuration.json: comments, brackets, pairs, indentation rules', () => {
  const config = readJson(language().configuration);
  const problems = [];
  if (config.comments?.lineComment !== '//') problems.push('line comment is not //');
  if (JSON.stringify(config.comments?.blockComment) !== '["/*","*/"]') problems.push('block comment is not /* */');
  for (const pair of ['{}', '()']) {
    const [open, close] = pair;
    if (!config.brackets?.some(([o, c]) => o === open && c === close)) problems.push(`no bracket ${pair}`);
    if (!config.surroundingPairs?.some(([o, c]) => o === open && c === close)) problems.push(`no surrounding pair ${pair}`);
  }
  for (const open of ['{', '(', '"']) {
    if (!config.autoClosingPairs?.some((p) => p.open === open)) problems.push(`no auto-closing ${open}`);
  }
  const { increaseIndentPattern, decreaseIndentPattern } = config.indentationRules ?? {};
  const increase = new RegExp(increaseIndentPattern);
  const decrease = new RegExp(decreaseIndentPattern);
  if (!increase.test('rule r {') || !increase.test('  given {') || increase.test('  given { a = b }')) {
    problems.push('increaseIndentPattern does not match exactly the lines opening a block');
  }
  if (!decrease.test('  }') || decrease.test('  when x')) problems.push('decreaseIndentPattern does not match a closing line');
  return problems;
});

function language() {
  return manifest.contributes.languages.find((l) => l.id === 'ccr');
}

// Expands a snippet body as VS Code does when the user accepts every default: `${1:text}`
// becomes text (nested placeholders expanded too), `${1|a,b|}` the choice `choices[n]`
// (or its first choice), `$1` and `$0` nothing. `picks` maps a tab stop to a choice index.
function expand(body, picks = {}) {
  let text = body;
  for (let previous = ''; previous !== text;) {
    previous = text;
    text = text.replace(/\$\{(\d+):((?:[^{}$\\]|\\.)*)\}/g, (_, __, inner) => inner)
      .replace(/\$\{(\d+)\|([^|]*)\|\}/g, (_, stop, choices) => choices.split(',')[picks[stop] ?? 0])
      .replace(/\$\d+/g, '');
  }
  if (/\$[{\d]/.test(text)) throw new Error(`cannot expand ${JSON.stringify(body)}`);
  return text.replace(/\\([$}\\])/g, '$1');
}

// Every expansion of a snippet: the defaults, then each choice of each choice placeholder.
function expansions(body) {
  const result = [expand(body)];
  for (const [, stop, choices] of body.matchAll(/\$\{(\d+)\|([^|]*)\|\}/g)) {
    choices.split(',').forEach((_, index) => { if (index > 0) result.push(expand(body, { [stop]: index })); });
  }
  return result;
}

// Snippets that are parts of a declaration are checked inside the smallest declaration that
// can hold them; every other snippet is a complete declaration on its own (`import` finds an
// empty other.ccr beside it).
const CONTEXT = {
  given: (text) => `test "snippet" {\n${text}\nexpect CCC undetermined\n}`,
  expect: (text) => `test "snippet" {\n${text}\n}`,
  known: (text) => `if ${text} then require CCC`,
};

await check('every snippet, with default placeholders and each choice, passes `ccrc check`', () => {
  if (!existsSync(CCRC)) return [`no ccrc at ${CCRC}: build first (cmake --build build)`];
  const problems = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ccr-snippets-'));
  try {
    writeFileSync(path.join(dir, 'other.ccr'), '');
    const snippetsFile = manifest.contributes.snippets.find((s) => s.language === 'ccr').path;
    const snippets = Object.entries(readJson(snippetsFile));
    if (snippets.length < 10) problems.push(`only ${snippets.length} snippets`);
    for (const [name, snippet] of snippets) {
      const body = Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
      const wrap = CONTEXT[snippet.prefix] ?? ((text) => text);
      for (const text of expansions(body)) {
        const file = path.join(dir, 'snippet.ccr');
        writeFileSync(file, wrap(text) + '\n');
        const run = spawnSync(CCRC, ['check', file], { encoding: 'utf8' });
        if (run.status !== 0) {
          problems.push(`snippet "${name}" expands to:\n${wrap(text)}\n  and ccrc check exits ${run.status}:\n${run.stderr}`);
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return problems;
});

finish();
