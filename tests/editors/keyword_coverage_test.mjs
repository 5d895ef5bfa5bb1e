// Every keyword of grammar/Ccr.g4 (the literal tokens of its lexer rules) is highlighted as a
// keyword by both the TextMate grammar and the Vim syntax, so a new keyword cannot be
// forgotten in one of them. Each keyword is checked where the sample uses it, and alone on a
// line.
//   node tests/editors/keyword_coverage_test.mjs [--vim vim]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EDITOR_TESTS_DIR, REPO_ROOT, check, finish, requireNodeModules } from './lib/harness.mjs';
import { byteColumn, runVim } from './lib/vim.mjs';

requireNodeModules();
const { loadCcrGrammar, scopesAt, tokenize } = await import('./lib/textmate.mjs');

// `AS : 'as' ;` and the like: lexer rules whose whole body is one word literal.
const grammarText = readFileSync(path.join(REPO_ROOT, 'grammar', 'Ccr.g4'), 'utf8');
const KEYWORDS = [...grammarText.matchAll(/^[A-Z_]+\s*:\s*'([a-z_]+)'\s*;/gm)].map((m) => m[1]);

// TextMate scopes and Vim groups that mean "highlighted as a keyword" (not a plain name).
const KEYWORD_SCOPE = /^(keyword|storage|support\.(type|function)|constant\.language)\./;
const VIM_KEYWORD_GROUPS = new Set([
  'ccrConditional', 'ccrAction', 'ccrTestKeyword', 'ccrClause', 'ccrDeclKeyword', 'ccrInclude',
  'ccrStorage', 'ccrLevel', 'ccrPrimitive', 'ccrOutcome', 'ccrExpectOutcome', 'ccrBoolean',
  'ccrLogical', 'ccrMembership', 'ccrUnitIn', 'ccrKnown']);

const SAMPLE = path.join(EDITOR_TESTS_DIR, 'samples', 'all_constructs.ccr');
const sampleLines = readFileSync(SAMPLE, 'utf8').split('\n');

// The first place the sample uses `keyword` as code: outside comments and strings.
function firstUse(keyword) {
  for (let line = 0; line < sampleLines.length; line++) {
    const code = sampleLines[line].replace(/"(?:[^"\\]|\\.)*"/g, (s) => ' '.repeat(s.length))
      .replace(/\/\/.*$/, '');
    if (/^\s*(\/\*|[A-Za-z ]*\*\/)/.test(sampleLines[line])) continue;
    const match = new RegExp(`(?<![\\w])${keyword}(?![\\w])`).exec(code);
    if (match) return [line, match.index];
  }
  return null;
}

await check('the keyword list is read from grammar/Ccr.g4', () =>
  (KEYWORDS.length >= 40 && KEYWORDS.includes('scheme') && KEYWORDS.includes('undetermined')
    ? [] : [`found ${KEYWORDS.length} keywords: ${KEYWORDS.join(' ')}`]));

await check('the sample uses every keyword', () =>
  KEYWORDS.filter((k) => !firstUse(k)).map((k) => `tests/editors/samples/all_constructs.ccr never uses \`${k}\``));

await check('TextMate: every keyword is highlighted as one, in the sample and alone', async () => {
  const grammar = await loadCcrGrammar();
  const sampleTokens = tokenize(grammar, sampleLines.join('\n'));
  const problems = [];
  for (const keyword of KEYWORDS) {
    const use = firstUse(keyword);
    const places = [[`alone`, tokenize(grammar, keyword)[0], 0]];
    if (use) places.push([`sample line ${use[0] + 1}`, sampleTokens[use[0]], use[1]]);
    for (const [where, lineTokens, column] of places) {
      const scopes = scopesAt(lineTokens, column);
      if (!scopes.some((s) => KEYWORD_SCOPE.test(s))) problems.push(`\`${keyword}\` (${where}): ${scopes.join(' ')}`);
    }
  }
  return problems;
});

await check('Vim: every keyword is highlighted as one, in the sample and alone', () => {
  // The buffer has one line less than split('\n') counts (the file ends with a newline).
  const lastLine = sampleLines.length - 1;
  const alone = KEYWORDS.map((k, i) => `synIDattr(synID(${lastLine + 1 + i}, 1, 1), 'name')`);
  const inSample = KEYWORDS.map((k) => {
    const use = firstUse(k);
    return use ? `synIDattr(synID(${use[0] + 1}, ${byteColumn(sampleLines[use[0]], use[1])}, 1), 'name')` : "''";
  });
  // Each keyword alone on a line, appended after the sample (so the sample's places stay put).
  const commands = [`call append('$', ${JSON.stringify(KEYWORDS)})`];
  const { values, errors } = runVim(SAMPLE, [...inSample, ...alone], commands);
  const problems = [...errors];
  KEYWORDS.forEach((keyword, i) => {
    for (const [where, group] of [['sample', values[i]], ['alone', values[KEYWORDS.length + i]]]) {
      if (!VIM_KEYWORD_GROUPS.has(group)) problems.push(`\`${keyword}\` (${where}): ${JSON.stringify(group)}`);
    }
  });
  return problems;
});

finish();
