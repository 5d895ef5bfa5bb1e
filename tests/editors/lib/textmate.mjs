// Loads editors/vscode's TextMate grammar the way VS Code does: the path comes from the
// extension's package.json `contributes.grammars`, the regular expressions run on the
// Oniguruma WebAssembly build of `vscode-oniguruma`, tokenizing is `vscode-textmate`'s.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from './harness.mjs';

const require = createRequire(import.meta.url);
export const VSCODE_DIR = path.join(REPO_ROOT, 'editors', 'vscode');

// Returns the vscode-textmate grammar object for `source.ccr`.
export async function loadCcrGrammar() {
  const vsctm = require('vscode-textmate');
  const oniguruma = require('vscode-oniguruma');
  const wasm = readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const onigLib = Promise.resolve({
    createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
    createOnigString: (text) => new oniguruma.OnigString(text),
  });
  const manifest = JSON.parse(readFileSync(path.join(VSCODE_DIR, 'package.json'), 'utf8'));
  const contribution = manifest.contributes.grammars.find((g) => g.language === 'ccr');
  const grammarPath = path.join(VSCODE_DIR, contribution.path);
  const registry = new vsctm.Registry({
    onigLib,
    loadGrammar: async (scopeName) =>
      scopeName === contribution.scopeName
        ? vsctm.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath)
        : null,
  });
  const grammar = await registry.loadGrammar(contribution.scopeName);
  if (!grammar) throw new Error(`vscode-textmate could not load ${grammarPath}`);
  return { grammar, INITIAL: vsctm.INITIAL };
}

// Tokenizes `text` line by line, carrying the rule stack across lines as the editor does.
// Returns one array of {startIndex, endIndex, scopes} per line.
export function tokenize({ grammar, INITIAL }, text) {
  let stack = INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    return result.tokens;
  });
}

// Returns the scopes of the token covering `column` on a tokenized line.
export function scopesAt(lineTokens, column) {
  const token = lineTokens.find((t) => t.startIndex <= column && column < t.endIndex);
  return token ? token.scopes : [];
}
