// The language server (`ccrc lsp`) through a real LSP client library: vscode-languageserver-
// protocol, what VS Code's language client is built on, over the server's stdin/stdout.
// Checks a did-you-mean diagnostic at the right UTF-16 range (on a line with Chinese text and an
// emoji before the typo), hover, definition into the standard library, completion, document
// symbols, formatting, malformed requests, and a clean shutdown (exit code 0).
//   node tests/editors/lsp_client_test.mjs --ccrc build/bin/ccrc
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EDITOR_TESTS_DIR, REPO_ROOT, check, finish } from './lib/harness.mjs';

if (!existsSync(path.join(EDITOR_TESTS_DIR, 'node_modules', 'vscode-languageserver-protocol'))) {
  console.log('FAIL  the npm packages of the editor tests are not installed: run ' +
              '`npm ci --prefix tests/editors` (./dev test does it)');
  process.exit(1);
}
const protocol = (await import('vscode-languageserver-protocol/node')).default;
const {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, InitializeRequest,
  InitializedNotification, DidOpenTextDocumentNotification, DidChangeTextDocumentNotification,
  PublishDiagnosticsNotification, HoverRequest, DefinitionRequest, CompletionRequest,
  DocumentSymbolRequest, DocumentFormattingRequest, CodeActionRequest, ShutdownRequest,
  ExitNotification, ErrorCodes,
} = protocol;

const ccrcArg = process.argv.indexOf('--ccrc');
const CCRC = ccrcArg > 0 ? path.resolve(process.argv[ccrcArg + 1])
                         : path.join(REPO_ROOT, 'build', 'bin', 'ccrc');
// Nothing the server does takes more than a fraction of a second; this catches a hang.
const TIMEOUT_MS = 30000;
const watchdog = setTimeout(() => {
  console.log(`FAIL  the session did not finish within ${TIMEOUT_MS} ms (hang)`);
  process.exit(1);
}, TIMEOUT_MS);

const server = spawn(CCRC, ['lsp'], { stdio: ['pipe', 'pipe', 'pipe'] });
let stderr = '';
server.stderr.on('data', (chunk) => { stderr += chunk; });
const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));

const loggedErrors = [];
const logger = {
  error: (message) => loggedErrors.push(message), warn: () => {}, info: () => {}, log: () => {},
};
const connection = createProtocolConnection(
  new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin), logger);
const connectionErrors = [];
connection.onError(([error]) => connectionErrors.push(String(error)));

// Diagnostics arrive as notifications; each open or change resolves the next waiter of its URI.
const waiting = new Map();
connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
  const resolve = waiting.get(params.uri);
  waiting.delete(params.uri);
  if (resolve) resolve(params.diagnostics);
});
const nextDiagnostics = (uri) => new Promise((resolve) => waiting.set(uri, resolve));
connection.listen();

const SCRATCH = '/nonexistent-ccr-lsp-test';  // never written: the server works on the text
const uri = pathToFileURL(path.join(SCRATCH, 'radio.ccr')).href;
const LINES = [
  '// 产品规则：无线电设备 📡',
  'rule radio_check {',
  '  because "含无线电发射器📡" when emit_radio',
  '  require SRRC by MIIT mandatory',
  '}',
  'if emits_radio and category == laptop then require CCC by CNCA mandatory',
  '',
];
// JavaScript strings are UTF-16, so indexOf gives LSP characters directly.
const at = (line, token, offset = 0) => ({ line, character: LINES[line].indexOf(token) + offset });
const doc = { textDocument: { uri } };

await connection.sendRequest(InitializeRequest.type, {
  processId: process.pid, rootUri: pathToFileURL(REPO_ROOT).href, capabilities: {},
  workspaceFolders: [{ uri: pathToFileURL(REPO_ROOT).href, name: 'ccr' }],
}).then((result) => {
  globalThis.capabilities = result.capabilities;
});
await connection.sendNotification(InitializedNotification.type, {});

await check('initialize: the server announces what it does', () => {
  const c = globalThis.capabilities;
  const problems = [];
  for (const name of ['hoverProvider', 'definitionProvider', 'completionProvider',
                      'documentSymbolProvider', 'documentFormattingProvider']) {
    if (!c[name]) problems.push(`no ${name}`);
  }
  if (c.textDocumentSync?.change !== 2) problems.push('sync is not incremental');
  return problems;
});

let diagnostics;
await check('a typo in a fact name: E0201 with the did-you-mean, at the right UTF-16 range', async () => {
  const published = nextDiagnostics(uri);
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'ccr', version: 1, text: LINES.join('\n') },
  });
  diagnostics = await published;
  const problems = [];
  if (diagnostics.length !== 1) return [`expected 1 diagnostic, got ${JSON.stringify(diagnostics)}`];
  const [d] = diagnostics;
  const start = at(2, 'emit_radio');
  const end = { line: 2, character: start.character + 'emit_radio'.length };
  const same = (a, b) => a.line === b.line && a.character === b.character;
  if (!same(d.range.start, start) || !same(d.range.end, end)) {
    problems.push(`range ${JSON.stringify(d.range)}, expected ${JSON.stringify({ start, end })}`);
  }
  if (d.code !== 'E0201') problems.push(`code ${d.code}`);
  if (d.severity !== 1) problems.push(`severity ${d.severity}`);
  if (!d.message.includes('unknown fact `emit_radio`')) problems.push(`message ${d.message}`);
  if (!d.message.includes('did you mean `emits_radio`?')) problems.push('no did-you-mean');
  return problems;
});

await check('the quick fix replaces the typo with the suggestion', async () => {
  const actions = await connection.sendRequest(CodeActionRequest.type, {
    ...doc, range: diagnostics[0].range, context: { diagnostics },
  });
  const edit = actions?.[0]?.edit?.changes?.[uri]?.[0];
  return edit?.newText === 'emits_radio' ? [] : [`actions ${JSON.stringify(actions)}`];
});

await check('an incremental change fixes the typo and the diagnostic goes away', async () => {
  const published = nextDiagnostics(uri);
  const start = at(2, 'emit_radio', 'emit'.length);
  await connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start, end: start }, text: 's' }],
  });
  LINES[2] = LINES[2].replace('emit_radio', 'emits_radio');
  const after = await published;
  return after.length === 0 ? [] : [`still ${JSON.stringify(after)}`];
});

await check('hover: a fact\'s type and doc, a scheme\'s names and authority, an authority\'s names', async () => {
  const problems = [];
  const expectations = [
    [at(5, 'emits_radio', 3), ['fact emits_radio: bool', 'radio transmitter']],
    [at(5, 'laptop', 1), ['value of `Category`', 'Portable computer', '**CCC 0902**']],
    [at(3, 'SRRC', 1), ['scheme SRRC', 'MIIT', 'mandatory']],
    [at(3, 'MIIT', 1), ['authority MIIT', 'Ministry of Industry and Information Technology', '工业和信息化部']],
  ];
  for (const [position, fragments] of expectations) {
    const hover = await connection.sendRequest(HoverRequest.type, { ...doc, position });
    const text = hover?.contents?.value ?? '';
    for (const fragment of fragments) {
      if (!text.includes(fragment)) problems.push(`hover at ${JSON.stringify(position)} lacks ${fragment}: ${text}`);
    }
  }
  const none = await connection.sendRequest(HoverRequest.type, { ...doc, position: { line: 0, character: 4 } });
  if (none !== null) problems.push(`hover in a comment: ${JSON.stringify(none)}`);
  return problems;
});

await check('definition: a stdlib fact resolves to the repository\'s stdlib/facts.ccr', async () => {
  const location = await connection.sendRequest(DefinitionRequest.type, { ...doc, position: at(5, 'emits_radio', 2) });
  const expected = pathToFileURL(path.join(REPO_ROOT, 'stdlib', 'facts.ccr')).href;
  if (location?.uri !== expected) return [`location ${JSON.stringify(location)}, expected ${expected}`];
  const line = readFileSync(path.join(REPO_ROOT, 'stdlib', 'facts.ccr'), 'utf8').split('\n')[location.range.start.line];
  const word = line.slice(location.range.start.character, location.range.end.character);
  return word === 'emits_radio' ? [] : [`the range covers \`${word}\` in: ${line}`];
});

await check('completion: schemes after `require`, an enum fact\'s values after `==`', async () => {
  const problems = [];
  const labels = async (position) => {
    const result = await connection.sendRequest(CompletionRequest.type, { ...doc, position });
    return (Array.isArray(result) ? result : result?.items ?? []).map((item) => item.label);
  };
  const schemes = await labels(at(3, 'SRRC'));
  for (const label of ['SRRC', 'CCC', 'NAL']) if (!schemes.includes(label)) problems.push(`after require: no ${label}`);
  if (schemes.includes('emits_radio')) problems.push('after require: a fact is offered');
  const values = await labels(at(5, 'laptop'));
  if (!values.includes('laptop') || !values.includes('smartphone')) problems.push(`after ==: ${values.slice(0, 10)}`);
  const authorities = await labels(at(5, 'CNCA'));
  if (!authorities.includes('CNCA') || !authorities.includes('SAMR')) problems.push('after by: no authorities');
  return problems;
});

await check('document symbols: the rules of the document', async () => {
  const symbols = await connection.sendRequest(DocumentSymbolRequest.type, doc);
  const names = symbols.map((s) => s.name);
  return names.length === 2 && names[0] === 'radio_check' ? [] : [`symbols ${JSON.stringify(names)}`];
});

await check('formatting: the edit gives what `ccrc fmt -` prints', async () => {
  const messy = 'if   emits_radio then\n require SRRC   by MIIT mandatory';
  const messyUri = pathToFileURL(path.join(SCRATCH, 'messy.ccr')).href;
  const published = nextDiagnostics(messyUri);
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: messyUri, languageId: 'ccr', version: 1, text: messy },
  });
  await published;
  const edits = await connection.sendRequest(DocumentFormattingRequest.type, {
    textDocument: { uri: messyUri }, options: { tabSize: 2, insertSpaces: true },
  });
  const expected = spawnSync(CCRC, ['fmt', '-'], { input: messy, encoding: 'utf8' }).stdout;
  if (edits?.length !== 1) return [`edits ${JSON.stringify(edits)}`];
  return edits[0].newText === expected && expected.startsWith('if emits_radio then') ? []
    : [`formatted ${JSON.stringify(edits[0].newText)}, ccrc fmt: ${JSON.stringify(expected)}`];
});

await check('malformed requests get errors and the server keeps serving', async () => {
  const problems = [];
  const code = async (method, params) => {
    try {
      await connection.sendRequest(method, params);
      return 'no error';
    } catch (error) {
      return error.code;
    }
  };
  if (await code('ccr/noSuchMethod', {}) !== ErrorCodes.MethodNotFound) problems.push('unknown method: not MethodNotFound');
  if (await code(HoverRequest.method, { textDocument: 3 }) !== ErrorCodes.InvalidParams) problems.push('bad params: not InvalidParams');
  // A frame whose body is not JSON, written past the client library: a parse error response.
  const body = '{"jsonrpc": "2.0", "id": 99, "method": ';
  server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  const hover = await connection.sendRequest(HoverRequest.type, { ...doc, position: at(3, 'SRRC', 1) });
  if (!hover?.contents?.value?.includes('SRRC')) problems.push('no answer after the malformed message');
  if (!loggedErrors.some((e) => String(e).includes('not valid JSON'))) {
    problems.push(`no parse error response seen: ${JSON.stringify(loggedErrors)}`);
  }
  return problems;
});

await check('shutdown and exit: exit code 0, stdout held protocol messages only', async () => {
  await connection.sendRequest(ShutdownRequest.type);
  await connection.sendNotification(ExitNotification.type);
  const code = await exited;
  const problems = [];
  if (code !== 0) problems.push(`exit code ${code}; stderr: ${stderr}`);
  if (connectionErrors.length > 0) problems.push(`the client could not read: ${connectionErrors}`);
  return problems;
});

clearTimeout(watchdog);
connection.dispose();
finish();
