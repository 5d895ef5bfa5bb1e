// The Vim files (editors/vim) in a headless Vim, installed as a native package: the filetype
// is detected for .ccr, the syntax groups at given places are the expected ones, the
// ftplugin's settings are there, nothing reports an error, no well-formed .ccr file of the
// repository shows an error group, and the indent script re-creates every file's indentation.
//   node tests/editors/vim_test.mjs [--vim vim]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EDITOR_TESTS_DIR, REPO_ROOT, check, finish, locate, repositoryCcrFiles } from './lib/harness.mjs';
import { byteColumn, runVim } from './lib/vim.mjs';

const SAMPLE = path.join(EDITOR_TESTS_DIR, 'samples', 'all_constructs.ccr');

// [file, line context, token, syntax group] (see locate in lib/harness.mjs).
const EXPECTATIONS = [
  [SAMPLE, '// Every construct', 'Every', 'ccrComment'],
  [SAMPLE, '/* A block', 'block', 'ccrBlockComment'],
  [SAMPLE, 'over two lines.', '*/', 'ccrBlockComment'],
  [SAMPLE, 'import "', 'import', 'ccrInclude'],
  [SAMPLE, 'import "', 'imported.ccr', 'ccrString'],
  [SAMPLE, 'authority MIIT', 'authority', 'ccrStorage'],
  [SAMPLE, 'authority MIIT', 'MIIT', 'ccrAuthorityName'],
  [SAMPLE, 'authority MIIT', 'zh', 'ccrDeclKeyword'],
  [SAMPLE, 'authority MIIT', '工业和信息化部', 'ccrString'],
  [SAMPLE, '"国家认证认可监督管理委员会" under', 'under', 'ccrDeclKeyword'],
  [SAMPLE, '"国家认证认可监督管理委员会" under', 'SAMR', 'ccrAuthority'],
  [SAMPLE, 'scheme CCC', 'scheme', 'ccrStorage'],
  [SAMPLE, 'scheme CCC', 'CCC', 'ccrSchemeName'],
  [SAMPLE, 'by CNCA with SAMR', 'by', 'ccrDeclKeyword'],
  [SAMPLE, 'by CNCA with SAMR', 'CNCA', 'ccrAuthority'],
  [SAMPLE, 'by CNCA with SAMR', 'SAMR', 'ccrPartner'],
  [SAMPLE, 'by CNCA with SAMR', 'mandatory', 'ccrLevel'],
  [SAMPLE, 'by CNCA with SAMR', 'impact', 'ccrDeclKeyword'],
  [SAMPLE, 'by CNCA with SAMR', 'market_access', 'ccrDeclConstant'],
  [SAMPLE, 'by CNCA with SAMR', 'samr_cnca', 'ccrDeclConstant'],
  [SAMPLE, 'with SAMR, CNCA', 'CNCA', 'ccrPartner'],
  [SAMPLE, 'CQC mark \\"', '\\"', 'ccrEscape'],
  [SAMPLE, '\\"" by CNCA voluntary', 'voluntary', 'ccrLevel'],
  [SAMPLE, 'enum Category', 'enum', 'ccrStorage'],
  [SAMPLE, 'enum Category', 'Category', 'ccrTypeName'],
  [SAMPLE, 'enum Category', 'desktop_pc', 'ccrEnumValue'],
  [SAMPLE, 'fact category:', 'fact', 'ccrStorage'],
  [SAMPLE, 'fact category:', 'category', 'ccrFactName'],
  [SAMPLE, 'fact category:', 'Category', 'ccrTypeName'],
  [SAMPLE, 'fact emits_radio:', 'bool', 'ccrPrimitive'],
  [SAMPLE, 'fact rated_voltage_v:', 'number', 'ccrPrimitive'],
  [SAMPLE, 'fact rated_voltage_v:', 'in', 'ccrUnitIn'],
  [SAMPLE, 'fact rated_voltage_v:', 'V', 'ccrUnit'],
  [SAMPLE, 'fact model_name:', 'string', 'ccrPrimitive'],
  [SAMPLE, 'fact telecom_class:', 'radio_communication', 'ccrEnumValue'],
  [SAMPLE, 'fact radio_technologies:', 'set', 'ccrStorage'],
  [SAMPLE, 'fact radio_technologies:', 'enum', 'ccrStorage'],
  [SAMPLE, 'fact radio_technologies:', 'bluetooth', 'ccrEnumValue'],
  [SAMPLE, 'fact intended_use:', 'of', 'ccrClause'],
  [SAMPLE, 'fact intended_use:', 'Use', 'ccrTypeName'],
  [SAMPLE, 'set ccc_catalogue', 'set', 'ccrStorage'],
  [SAMPLE, 'set ccc_catalogue', 'ccc_catalogue', 'ccrSetName'],
  [SAMPLE, 'set ccc_catalogue', 'Category', 'ccrTypeName'],
  [SAMPLE, 'set ccc_catalogue', '=', 'ccrOperator'],
  [SAMPLE, 'if emits_radio', 'if', 'ccrConditional'],
  [SAMPLE, 'if emits_radio', 'then', 'ccrConditional'],
  [SAMPLE, 'if emits_radio', 'require', 'ccrAction'],
  [SAMPLE, 'if emits_radio', 'CCC', 'ccrSchemeRef'],
  [SAMPLE, 'if emits_radio', 'CNCA', 'ccrAuthority'],
  [SAMPLE, 'if category == power_bank', '==', 'ccrOperator'],
  [SAMPLE, 'if category == power_bank', 'not', 'ccrLogical'],
  [SAMPLE, 'if category == power_bank', 'exempt', 'ccrAction'],
  [SAMPLE, 'if category == power_bank', 'CHINA_ROHS', 'ccrSchemeRef'],
  [SAMPLE, 'rule ccc_catalogue_row', 'rule', 'ccrStorage'],
  [SAMPLE, 'rule ccc_catalogue_row', 'ccc_catalogue_row', 'ccrRuleName'],
  [SAMPLE, 'when category in ccc', 'when', 'ccrConditional'],
  [SAMPLE, 'when category in ccc', 'in', 'ccrMembership'],
  [SAMPLE, 'when category in ccc', 'and', 'ccrLogical'],
  [SAMPLE, 'when category in ccc', '36', 'ccrNumber'],
  [SAMPLE, 'when category in ccc', 'V', 'ccrUnit'],
  [SAMPLE, 'when category in ccc', '18.5', 'ccrNumber'],
  [SAMPLE, 'when category in ccc', 'kg', 'ccrUnit'],
  [SAMPLE, 'and temperature_c >=', '>=', 'ccrOperator'],
  [SAMPLE, 'and temperature_c >=', '-20', 'ccrNumber'],
  [SAMPLE, 'and temperature_c >=', '!=', 'ccrOperator'],
  [SAMPLE, 'and temperature_c >=', 'known', 'ccrKnown'],
  [SAMPLE, 'known(rated_voltage_v', 'rated_voltage_v', 'ccrKnownFact'],
  [SAMPLE, 'because "Laptops', 'because', 'ccrClause'],
  [SAMPLE, 'because "Laptops', 'Laptops', 'ccrString'],
  [SAMPLE, 'source "SAMR', 'source', 'ccrClause'],
  [SAMPLE, 'effective from', 'effective', 'ccrClause'],
  [SAMPLE, 'effective from', 'from', 'ccrClause'],
  [SAMPLE, 'effective from', '2020-10-01', 'ccrDate'],
  [SAMPLE, 'effective from', 'until', 'ccrClause'],
  [SAMPLE, 'or (category in { power_bank }', 'true', 'ccrBoolean'],
  [SAMPLE, 'test "seed laptop"', 'test', 'ccrStorage'],
  [SAMPLE, 'given {', 'given', 'ccrTestKeyword'],
  [SAMPLE, 'category = laptop', 'category', 'ccrGivenFact'],
  [SAMPLE, 'category = laptop', 'mass_kg', 'ccrGivenFact'],
  [SAMPLE, 'category = laptop', '220', 'ccrNumber'],
  [SAMPLE, 'category = laptop', 'V', 'ccrUnit'],
  [SAMPLE, 'temperature_c = -10', 'radio_technologies', 'ccrGivenFact'],
  [SAMPLE, 'temperature_c = -10', 'wifi', 'ccrSetLiteral'],
  [SAMPLE, 'as of 2025', 'as', 'ccrClause'],
  [SAMPLE, 'as of 2025', 'of', 'ccrClause'],
  [SAMPLE, 'as of 2025', '2025-06-01', 'ccrDate'],
  [SAMPLE, 'expect CCC required', 'expect', 'ccrTestKeyword'],
  [SAMPLE, 'expect CCC required', 'CCC', 'ccrExpectScheme'],
  [SAMPLE, 'expect CCC required', 'required', 'ccrExpectOutcome'],
  [SAMPLE, 'expect CCC required', 'mandatory', 'ccrLevel'],
  [SAMPLE, 'expect CHINA_ROHS not required', 'not', 'ccrExpectOutcome'],
  [SAMPLE, 'expect CCC exempt', 'exempt', 'ccrExpectOutcome'],
  [SAMPLE, 'expect CQC_MARK undetermined', 'undetermined', 'ccrExpectOutcome'],
  ['stdlib/schemes.ccr', 'by MIIT with SAMR, CNCA', 'CNCA', 'ccrPartner'],
  ['stdlib/facts.ccr', 'fact intended_use:', 'IntendedUse', 'ccrTypeName'],
  ['stdlib/facts.ccr', 'laptop, desktop_pc', 'desktop_pc', 'ccrEnumValue'],
  ['rules/products/ccc.ccr', 'and rated_voltage_v > 36 V', 'V', 'ccrUnit'],
  ['rules/products/scope.ccr', 'exempt CHINA_ROHS', 'CHINA_ROHS', 'ccrSchemeRef'],
];

// Vim expressions: the syntax group at a 1-based line and byte column.
const groupAt = (line, col) => `synIDattr(synID(${line}, ${col}, 1), 'name')`;

await check('filetype, syntax and ftplugin settings for a .ccr file; no errors', () => {
  const { values, errors } = runVim(SAMPLE, [
    '&filetype', "get(b:, 'current_syntax', '')", '&commentstring', '&comments',
    '&formatprg', '&indentexpr', "&formatoptions =~# 'c' && &formatoptions !~# 't'",
  ]);
  const [filetype, syntax, commentstring, comments, formatprg, indentexpr, wraps] = values;
  const problems = [...errors];
  if (filetype !== 'ccr') problems.push(`filetype is ${JSON.stringify(filetype)}, expected ccr`);
  if (syntax !== 'ccr') problems.push(`b:current_syntax is ${JSON.stringify(syntax)}`);
  if (commentstring !== '// %s') problems.push(`commentstring is ${JSON.stringify(commentstring)}`);
  if (!comments.includes('://') || !comments.includes('s1:/*')) problems.push(`comments is ${comments}`);
  if (formatprg !== 'ccrc fmt -') problems.push(`formatprg is ${JSON.stringify(formatprg)}`);
  if (!indentexpr.startsWith('GetCcrIndent')) problems.push(`indentexpr is ${JSON.stringify(indentexpr)}`);
  if (wraps !== 1) problems.push('formatoptions should wrap comments (c) but not code (t)');
  return problems;
});

await check('syntax groups of each construct in the sample and in stdlib/ and rules/ files', () => {
  const byFile = new Map();
  for (const [file, context, token, group] of EXPECTATIONS) {
    const full = path.resolve(REPO_ROOT, file);
    if (!byFile.has(full)) byFile.set(full, []);
    byFile.get(full).push({ context, token, group });
  }
  const problems = [];
  for (const [file, expectations] of byFile) {
    const lines = readFileSync(file, 'utf8').split('\n');
    const places = expectations.flatMap(({ context, token }) => {
      const [line, column] = locate(lines, context, token);
      const first = byteColumn(lines[line], column);
      const last = byteColumn(lines[line], column + token.length) - 1;
      return [[line + 1, first], [line + 1, last]];
    });
    const { values, errors } = runVim(file, places.map(([line, col]) => groupAt(line, col)));
    problems.push(...errors);
    expectations.forEach(({ token, group }, index) => {
      for (const at of [0, 1]) {
        const got = values[2 * index + at];
        if (got !== group) {
          const [line, col] = places[2 * index + at];
          problems.push(`${path.relative(REPO_ROOT, file)}:${line}:${col} ${JSON.stringify(token)}: ` +
                        `expected ${group}, got ${JSON.stringify(got)}`);
          break;
        }
      }
    });
  }
  return problems;
});

// For each file, in one Vim: the places whose syntax group is an error group, and the lines
// that differ after stripping every line's indentation (but a block comment's inner lines,
// whose layout is kept) and re-indenting with `gg=G`.
const CHECK_FILE = `
function s:CheckFile(file, reindent) abort
  execute 'edit' fnameescape(a:file)
  let l:errors = []
  for l:l in range(1, line('$'))
    " Error groups start at a character that is not a letter, digit, _ or blank.
    let l:line = getline(l:l)
    for l:c in filter(range(1, len(l:line)), {_, c -> l:line[c - 1] =~# '[^[:alnum:]_ \\t]'})
      if synIDattr(synID(l:l, l:c, 1), 'name') =~# '^ccr\\%(Error\\|Unterminated\\)$'
        call add(l:errors, l:l . ':' . l:c)
        break
      endif
    endfor
  endfor
  let l:changed = []
  if a:reindent
    let l:original = getline(1, '$')
    for l:l in range(1, line('$'))
      let l:in_comment = synIDattr(synID(l:l, indent(l:l) + 1, 1), 'name') ==# 'ccrBlockComment'
      if getline(l:l) =~# '^\\s*/\\*' || !l:in_comment
        call setline(l:l, substitute(getline(l:l), '^\\s\\+', '', ''))
      endif
    endfor
    silent normal! gg=G
    for l:l in range(1, line('$'))
      if getline(l:l) !=# l:original[l:l - 1]
        call add(l:changed, l:l . ': ' . getline(l:l))
      endif
    endfor
  endif
  bwipeout!
  return {'file': a:file, 'errors': l:errors, 'changed': l:changed}
endfunction`.split('\n');

await check('no error group in any well-formed .ccr file; `=` re-creates each file\'s indentation', () => {
  const files = [SAMPLE, ...repositoryCcrFiles().filter((f) => !path.basename(f).startsWith('fail_'))];
  // Golden test files are not kept formatted; their indentation is not the formatter's.
  const reindent = (file) => (file.includes(`${path.sep}golden${path.sep}`) ? 0 : 1);
  const calls = files.map((f) => `s:CheckFile(${JSON.stringify(f)}, ${reindent(f)})`);
  const { values, errors } = runVim(SAMPLE, [`[${calls.join(', ')}]`], CHECK_FILE);
  const problems = [...errors];
  if (files.length < 20) problems.push(`found only ${files.length} .ccr files`);
  for (const result of values[0] ?? []) {
    const relative = path.relative(REPO_ROOT, result.file);
    problems.push(...result.errors.map((at) => `${relative}:${at}: error group`));
    problems.push(...result.changed.slice(0, 3).map((line) => `${relative}:${line} (after gg=G)`));
  }
  return problems;
});

await check('a bad character and an unterminated string show the error group', () => {
  const problems = [];
  const file = path.join(EDITOR_TESTS_DIR, 'samples', 'all_constructs.ccr');
  const cases = [['if x @ y then require S', '@', 'ccrError'], ['authority A "no end', '"no end', 'ccrUnterminated'],
                 ['fact f: bool;', ';', 'ccrError'], ['if a ! b then exempt S', '!', 'ccrError']];
  const commands = ["silent %delete _", `call setline(1, ${JSON.stringify(cases.map(([text]) => text))})`];
  const { values } = runVim(file, cases.map(([text, bad], i) => groupAt(i + 1, text.indexOf(bad) + 1)), commands);
  cases.forEach(([text, , group], i) => {
    if (values[i] !== group) problems.push(`${JSON.stringify(text)}: expected ${group}, got ${JSON.stringify(values[i])}`);
  });
  return problems;
});

finish();
