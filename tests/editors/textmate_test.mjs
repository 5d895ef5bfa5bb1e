// The VS Code grammar (editors/vscode/syntaxes/ccr.tmLanguage.json) through vscode-textmate
// and vscode-oniguruma, as VS Code runs it: expected scopes for each construct at given
// places of the sample and of real rule files, and no `invalid` scope in any well-formed
// .ccr file of the repository.
//   node tests/editors/textmate_test.mjs
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  EDITOR_TESTS_DIR, REPO_ROOT, check, finish, locate, repositoryCcrFiles, requireNodeModules,
} from './lib/harness.mjs';

requireNodeModules();
const { loadCcrGrammar, scopesAt, tokenize } = await import('./lib/textmate.mjs');
const grammar = await loadCcrGrammar();

const SAMPLE = path.join(EDITOR_TESTS_DIR, 'samples', 'all_constructs.ccr');

// [file, line context, token, scope]: the token at or after `context` (see locate) carries
// `scope`, on its first and last character.
const EXPECTATIONS = [
  [SAMPLE, '// Every construct', '//', 'comment.line.double-slash.ccr'],
  [SAMPLE, '/* A block', 'block', 'comment.block.ccr'],
  [SAMPLE, 'over two lines.', 'lines', 'comment.block.ccr'],
  [SAMPLE, 'over two lines.', '*/', 'punctuation.definition.comment.end.ccr'],
  [SAMPLE, 'import "', 'import', 'keyword.control.import.ccr'],
  [SAMPLE, 'import "', 'imported.ccr', 'string.quoted.double.ccr'],
  [SAMPLE, 'authority MIIT', 'authority', 'storage.type.authority.ccr'],
  [SAMPLE, 'authority MIIT', 'MIIT', 'entity.name.type.authority.ccr'],
  [SAMPLE, 'authority MIIT', 'Ministry', 'string.quoted.double.ccr'],
  [SAMPLE, 'authority MIIT', 'zh', 'keyword.other.declaration.ccr'],
  [SAMPLE, 'authority MIIT', '工业和信息化部', 'string.quoted.double.ccr'],
  [SAMPLE, '"国家认证认可监督管理委员会" under', 'under', 'keyword.other.under.ccr'],
  [SAMPLE, '"国家认证认可监督管理委员会" under', 'SAMR', 'entity.name.type.authority.ccr'],
  [SAMPLE, 'scheme CCC', 'scheme', 'storage.type.scheme.ccr'],
  [SAMPLE, 'scheme CCC', 'CCC', 'entity.name.type.scheme.ccr'],
  [SAMPLE, 'by CNCA with SAMR', 'by', 'keyword.other.by.ccr'],
  [SAMPLE, 'by CNCA with SAMR', 'CNCA', 'entity.name.type.authority.ccr'],
  [SAMPLE, 'by CNCA with SAMR', 'with', 'keyword.other.with.ccr'],
  [SAMPLE, 'by CNCA with SAMR', 'SAMR', 'entity.name.type.authority.ccr'],
  [SAMPLE, 'by CNCA with SAMR', 'mandatory', 'storage.modifier.level.ccr'],
  [SAMPLE, 'by CNCA with SAMR', 'impact', 'keyword.other.impact.ccr'],
  [SAMPLE, 'by CNCA with SAMR', 'market_access', 'constant.other.impact.ccr'],
  [SAMPLE, 'by CNCA with SAMR', 'mode', 'keyword.other.mode.ccr'],
  [SAMPLE, 'by CNCA with SAMR', 'samr_cnca', 'constant.other.mode.ccr'],
  [SAMPLE, 'with SAMR, CNCA', 'CNCA', 'entity.name.type.authority.ccr'],
  [SAMPLE, 'with SAMR, CNCA', ',', 'punctuation.separator.comma.ccr'],
  [SAMPLE, 'CQC mark \\"', '\\"', 'constant.character.escape.ccr'],
  [SAMPLE, 'CQC mark \\"', 'voluntary', 'string.quoted.double.ccr'],
  [SAMPLE, '\\"" by CNCA voluntary', 'voluntary', 'storage.modifier.level.ccr'],
  [SAMPLE, 'enum Category', 'enum', 'storage.type.enum.ccr'],
  [SAMPLE, 'enum Category', 'Category', 'entity.name.type.enum.ccr'],
  [SAMPLE, 'enum Category', 'desktop_pc', 'variable.other.enummember.ccr'],
  [SAMPLE, 'fact category:', 'fact', 'storage.type.fact.ccr'],
  [SAMPLE, 'fact category:', 'category', 'entity.name.variable.fact.ccr'],
  [SAMPLE, 'fact category:', ':', 'punctuation.separator.type.ccr'],
  [SAMPLE, 'fact category:', 'Category', 'entity.name.type.enum.ccr'],
  [SAMPLE, 'fact emits_radio:', 'bool', 'support.type.primitive.ccr'],
  [SAMPLE, 'fact rated_voltage_v:', 'number', 'support.type.primitive.ccr'],
  [SAMPLE, 'fact rated_voltage_v:', 'in', 'keyword.other.in.ccr'],
  [SAMPLE, 'fact rated_voltage_v:', 'V', 'keyword.other.unit.ccr'],
  [SAMPLE, 'fact model_name:', 'string', 'support.type.primitive.ccr'],
  [SAMPLE, 'fact telecom_class:', 'enum', 'storage.type.enum.ccr'],
  [SAMPLE, 'fact telecom_class:', 'radio_communication', 'variable.other.enummember.ccr'],
  [SAMPLE, '"Telecom Regulations', 'Telecom', 'string.quoted.double.ccr'],
  [SAMPLE, 'fact radio_technologies:', 'set', 'storage.type.set.ccr'],
  [SAMPLE, 'fact radio_technologies:', 'bluetooth', 'variable.other.enummember.ccr'],
  [SAMPLE, 'fact intended_use:', 'of', 'keyword.other.of.ccr'],
  [SAMPLE, 'fact intended_use:', 'Use', 'entity.name.type.enum.ccr'],
  [SAMPLE, 'set ccc_catalogue', 'set', 'storage.type.set.ccr'],
  [SAMPLE, 'set ccc_catalogue', 'ccc_catalogue', 'entity.name.variable.set.ccr'],
  [SAMPLE, 'set ccc_catalogue', 'Category', 'entity.name.type.enum.ccr'],
  [SAMPLE, 'set ccc_catalogue', '=', 'keyword.operator.assignment.ccr'],
  [SAMPLE, 'set ccc_catalogue', '{', 'punctuation.section.block.begin.ccr'],
  [SAMPLE, 'set ccc_catalogue', 'laptop', 'variable.other.ccr'],
  [SAMPLE, 'if emits_radio', 'if', 'keyword.control.conditional.ccr'],
  [SAMPLE, 'if emits_radio', 'emits_radio', 'variable.other.ccr'],
  [SAMPLE, 'if emits_radio', 'then', 'keyword.control.conditional.ccr'],
  [SAMPLE, 'if emits_radio', 'require', 'keyword.control.action.ccr'],
  [SAMPLE, 'if emits_radio', 'CCC', 'entity.name.type.scheme.ccr'],
  [SAMPLE, 'if emits_radio', 'CNCA', 'entity.name.type.authority.ccr'],
  [SAMPLE, 'if category == power_bank', '==', 'keyword.operator.comparison.ccr'],
  [SAMPLE, 'if category == power_bank', 'and', 'keyword.operator.logical.ccr'],
  [SAMPLE, 'if category == power_bank', 'not', 'keyword.operator.logical.ccr'],
  [SAMPLE, 'if category == power_bank', 'exempt', 'keyword.control.action.ccr'],
  [SAMPLE, 'if category == power_bank', 'CHINA_ROHS', 'entity.name.type.scheme.ccr'],
  [SAMPLE, 'rule ccc_catalogue_row', 'rule', 'storage.type.rule.ccr'],
  [SAMPLE, 'rule ccc_catalogue_row', 'ccc_catalogue_row', 'entity.name.function.rule.ccr'],
  [SAMPLE, 'when category in ccc', 'when', 'keyword.control.conditional.ccr'],
  [SAMPLE, 'when category in ccc', 'in', 'keyword.operator.membership.ccr'],
  [SAMPLE, 'when category in ccc', '(', 'punctuation.section.parens.begin.ccr'],
  [SAMPLE, 'when category in ccc', '>', 'keyword.operator.comparison.ccr'],
  [SAMPLE, 'when category in ccc', '36', 'constant.numeric.ccr'],
  [SAMPLE, 'when category in ccc', 'V', 'keyword.other.unit.ccr'],
  [SAMPLE, 'when category in ccc', 'or', 'keyword.operator.logical.ccr'],
  [SAMPLE, 'when category in ccc', '<=', 'keyword.operator.comparison.ccr'],
  [SAMPLE, 'when category in ccc', '18.5', 'constant.numeric.ccr'],
  [SAMPLE, 'when category in ccc', 'kg', 'keyword.other.unit.ccr'],
  [SAMPLE, 'and temperature_c >=', '>=', 'keyword.operator.comparison.ccr'],
  [SAMPLE, 'and temperature_c >=', '-20', 'constant.numeric.ccr'],
  [SAMPLE, 'and temperature_c >=', 'degC', 'keyword.other.unit.ccr'],
  [SAMPLE, 'and temperature_c >=', '!=', 'keyword.operator.comparison.ccr'],
  [SAMPLE, 'and temperature_c >=', 'X1', 'string.quoted.double.ccr'],
  [SAMPLE, 'and temperature_c >=', 'known', 'support.function.known.ccr'],
  [SAMPLE, 'known(rated_voltage_v', 'rated_voltage_v', 'variable.other.fact.ccr'],
  [SAMPLE, 'and rated_voltage_v <', '<', 'keyword.operator.comparison.ccr'],
  [SAMPLE, 'and rated_voltage_v <', '1000', 'constant.numeric.ccr'],
  [SAMPLE, 'require CQC_MARK voluntary', 'voluntary', 'storage.modifier.level.ccr'],
  [SAMPLE, 'because "Laptops', 'because', 'keyword.other.clause.ccr'],
  [SAMPLE, 'because "Laptops', 'Laptops', 'string.quoted.double.ccr'],
  [SAMPLE, 'source "SAMR', 'source', 'keyword.other.clause.ccr'],
  [SAMPLE, 'effective from', 'effective', 'keyword.other.clause.ccr'],
  [SAMPLE, 'effective from', 'from', 'keyword.other.clause.ccr'],
  [SAMPLE, 'effective from', '2020-10-01', 'constant.numeric.date.ccr'],
  [SAMPLE, 'effective from', 'until', 'keyword.other.clause.ccr'],
  [SAMPLE, 'effective from', '2030-01-01', 'constant.numeric.date.ccr'],
  [SAMPLE, 'or (category in { power_bank }', 'power_bank', 'meta.block.ccr'],
  [SAMPLE, 'or (category in { power_bank }', 'true', 'constant.language.boolean.ccr'],
  [SAMPLE, 'test "seed laptop"', 'test', 'storage.type.test.ccr'],
  [SAMPLE, 'test "seed laptop"', 'seed laptop', 'string.quoted.double.ccr'],
  [SAMPLE, 'given {', 'given', 'keyword.control.test.ccr'],
  [SAMPLE, 'category = laptop', 'category', 'variable.other.fact.ccr'],
  [SAMPLE, 'category = laptop', '=', 'keyword.operator.assignment.ccr'],
  [SAMPLE, 'category = laptop', 'laptop', 'variable.other.ccr'],
  [SAMPLE, 'category = laptop', 'mass_kg', 'variable.other.fact.ccr'],
  [SAMPLE, 'category = laptop', '220', 'constant.numeric.ccr'],
  [SAMPLE, 'category = laptop', 'V', 'keyword.other.unit.ccr'],
  [SAMPLE, 'temperature_c = -10', 'radio_technologies', 'variable.other.fact.ccr'],
  [SAMPLE, 'temperature_c = -10', 'wifi', 'variable.other.ccr'],
  [SAMPLE, 'intended_use = {', 'telecom_class', 'variable.other.fact.ccr'],
  [SAMPLE, 'as of 2025', 'as', 'keyword.other.clause.ccr'],
  [SAMPLE, 'as of 2025', 'of', 'keyword.other.clause.ccr'],
  [SAMPLE, 'as of 2025', '2025-06-01', 'constant.numeric.date.ccr'],
  [SAMPLE, 'expect CCC required', 'expect', 'keyword.control.test.ccr'],
  [SAMPLE, 'expect CCC required', 'CCC', 'entity.name.type.scheme.ccr'],
  [SAMPLE, 'expect CCC required', 'required', 'constant.language.outcome.ccr'],
  [SAMPLE, 'expect CCC required', 'mandatory', 'storage.modifier.level.ccr'],
  [SAMPLE, 'expect CHINA_ROHS not required', 'not', 'constant.language.outcome.ccr'],
  [SAMPLE, 'expect CHINA_ROHS not required', 'required', 'constant.language.outcome.ccr'],
  [SAMPLE, 'expect CCC exempt', 'exempt', 'constant.language.outcome.ccr'],
  [SAMPLE, 'expect CQC_MARK undetermined', 'undetermined', 'constant.language.outcome.ccr'],
  // Real files: the standard library and the product rules.
  ['stdlib/schemes.ccr', 'scheme CHINA_ROHS', 'CHINA_ROHS', 'entity.name.type.scheme.ccr'],
  ['stdlib/schemes.ccr', 'by MIIT with SAMR, CNCA', 'CNCA', 'entity.name.type.authority.ccr'],
  ['stdlib/schemes.ccr', 'by MIIT with SAMR, CNCA', 'joint', 'constant.other.mode.ccr'],
  ['stdlib/facts.ccr', 'fact intended_use:', 'IntendedUse', 'entity.name.type.enum.ccr'],
  ['stdlib/facts.ccr', 'enum Category {', 'Category', 'entity.name.type.enum.ccr'],
  ['stdlib/facts.ccr', 'laptop, desktop_pc', 'desktop_pc', 'variable.other.enummember.ccr'],
  ['rules/products/ccc.ccr', 'rule ccc_it_equipment_row', 'ccc_it_equipment_row', 'entity.name.function.rule.ccr'],
  ['rules/products/ccc.ccr', 'and rated_voltage_v > 36 V', 'V', 'keyword.other.unit.ccr'],
  ['rules/products/ccc.ccr', 'effective from 2020-10-01', '2020-10-01', 'constant.numeric.date.ccr'],
  ['rules/products/scope.ccr', 'exempt CHINA_ROHS', 'CHINA_ROHS', 'entity.name.type.scheme.ccr'],
  ['rules/products/tests/ccc_tests.ccr', 'intended_use = { household }', 'household', 'meta.given.ccr'],
  ['rules/products/tests/ccc_tests.ccr', 'expect CCC not required', 'not', 'constant.language.outcome.ccr'],
];

const tokenized = new Map();
function tokensOf(file) {
  const full = path.resolve(REPO_ROOT, file);
  if (!tokenized.has(full)) {
    const text = readFileSync(full, 'utf8');
    tokenized.set(full, { lines: text.split(/\r?\n/), tokens: tokenize(grammar, text) });
  }
  return tokenized.get(full);
}

await check('scopes of each construct in the sample and in stdlib/ and rules/ files', () => {
  const problems = [];
  for (const [file, context, token, scope] of EXPECTATIONS) {
    const { lines, tokens } = tokensOf(file);
    const [line, column] = locate(lines, context, token);
    for (const at of [column, column + token.length - 1]) {
      const scopes = scopesAt(tokens[line], at);
      if (!scopes.includes(scope)) {
        problems.push(`${path.relative(REPO_ROOT, path.resolve(REPO_ROOT, file))}:${line + 1}:${at + 1} ` +
                      `${JSON.stringify(token)}: expected ${scope}, got ${scopes.join(' ')}`);
        break;
      }
    }
  }
  return problems;
});

// Golden files named fail_* hold deliberate errors (a bad character, an unterminated
// string): there the grammar must say `invalid`, everywhere else never.
const isDeliberatelyBroken = (file) => path.basename(file).startsWith('fail_');

function invalidTokens(file) {
  const { lines, tokens } = tokensOf(file);
  const found = [];
  tokens.forEach((lineTokens, line) => {
    for (const token of lineTokens) {
      if (token.scopes.some((scope) => scope.startsWith('invalid'))) {
        found.push(`${path.relative(REPO_ROOT, file)}:${line + 1}:${token.startIndex + 1} ` +
                   JSON.stringify(lines[line].slice(token.startIndex, token.endIndex)));
      }
    }
  });
  return found;
}

await check('no `invalid` scope in any well-formed .ccr file of the repository', () => {
  const files = repositoryCcrFiles().filter((file) => !isDeliberatelyBroken(file));
  if (files.length < 20) return [`found only ${files.length} .ccr files under ${REPO_ROOT}`];
  return files.flatMap(invalidTokens);
});

await check('a bad character and an unterminated string are `invalid`', () => {
  const problems = [];
  for (const [text, bad] of [['if x @ y then require S', '@'], ['authority A "no end', '"no end'],
                             ['fact f: bool;', ';'], ['if a ! b then exempt S', '!']]) {
    const [lineTokens] = tokenize(grammar, text);
    const scopes = scopesAt(lineTokens, text.indexOf(bad));
    if (!scopes.some((scope) => scope.startsWith('invalid.illegal'))) {
      problems.push(`${JSON.stringify(text)}: ${JSON.stringify(bad)} got ${scopes.join(' ')}`);
    }
  }
  return problems;
});

finish();
