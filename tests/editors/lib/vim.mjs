// Runs a headless Vim with editors/vim installed as a native package (a `pack/ccr/start/ccr`
// link on 'packpath', as docs/editors.md tells users), on one file, and returns what a Vim
// script reported: the filetype, the syntax group at given places, errors.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './harness.mjs';

// Returns the --vim argument, or `vim` from PATH.
export function vimBinary() {
  const index = process.argv.indexOf('--vim');
  return index > 0 ? process.argv[index + 1] : 'vim';
}

const quote = (text) => `'${text.replace(/'/g, "''")}'`;

// Converts a 0-based UTF-16 column of `line` to Vim's 1-based byte column.
export function byteColumn(line, column) {
  return Buffer.byteLength(line.slice(0, column), 'utf8') + 1;
}

// Opens `file` in Vim and evaluates `expressions` (Vim expressions, evaluated in order after
// the file is loaded; `commands` run before them). Returns {values, errors}: a value is null
// where its expression threw; errors holds those exceptions, v:errmsg and every error message.
export function runVim(file, expressions, commands = []) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ccr-vim-'));
  try {
    const start = path.join(dir, 'pack', 'ccr', 'start');
    mkdirSync(start, { recursive: true });
    symlinkSync(path.join(REPO_ROOT, 'editors', 'vim'), path.join(start, 'ccr'));
    const out = path.join(dir, 'out.json');
    const script = [
      'set nocompatible',
      `let &packpath = ${quote(dir)}`,
      'packloadall',
      'filetype plugin indent on',
      'syntax on',
      'let v:errmsg = ""',
      `edit ${file.replace(/ /g, '\\ ')}`,
      ...commands,
      'let s:values = []',
      'let s:exceptions = []',
      ...expressions.map((e) => `try | call add(s:values, ${e}) | catch | call add(s:values, v:null) | ` +
                                "call add(s:exceptions, v:exception . ' at ' . v:throwpoint) | endtry"),
      `call writefile([json_encode({'values': s:values, 'errmsg': v:errmsg, ` +
        `'exceptions': s:exceptions, 'messages': execute('messages')})], ${quote(out)})`,
      'qall!',
    ];
    writeFileSync(path.join(dir, 'test.vim'), script.join('\n') + '\n');
    // -n: no swap file. A Vim killed by the timeout would leave one beside the file, and every
    // later run would stop at the swap-file question until its own timeout.
    const run = spawnSync(vimBinary(), ['-Nu', 'NONE', '-n', '-i', 'NONE', '-es', '-S', path.join(dir, 'test.vim')],
                          { encoding: 'utf8', input: '', timeout: 60000, env: { ...process.env, HOME: dir } });
    let result;
    try {
      result = JSON.parse(readFileSync(out, 'utf8'));
    } catch {
      throw new Error(`vim wrote no result (exit ${run.status}): ${run.stdout}${run.stderr}`);
    }
    const errors = [...result.exceptions];
    if (result.errmsg) errors.push(`v:errmsg: ${result.errmsg}`);
    for (const line of result.messages.split('\n')) {
      if (/^E\d+:|Error/.test(line)) errors.push(line);
    }
    return { values: result.values, errors };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
