// The ccr extension's entry point: starts the language server (`ccrc lsp`, over stdio) for .ccr
// files. Highlighting, brackets and snippets are declarative (package.json); this file only
// runs the server, so diagnostics, hover, completion and formatting come from the real checker.
// The client id `ccr` makes vscode-languageclient honour the `ccr.trace.server` setting.
'use strict';
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;
let output;

function serverOptions() {
  const config = vscode.workspace.getConfiguration('ccr');
  const command = config.get('server.path') || 'ccrc';
  const args = ['lsp', ...config.get('server.extraArgs', [])];
  return { command, args, transport: TransportKind.stdio };
}

async function startServer() {
  const server = serverOptions();
  client = new LanguageClient('ccr', 'ccr language server', server, {
    documentSelector: [{ language: 'ccr' }],
    outputChannel: output,
  });
  try {
    await client.start();
  } catch (error) {
    client = undefined;
    vscode.window.showErrorMessage(
      `ccr: could not start the language server \`${server.command} ${server.args.join(' ')}\` ` +
      `(${error.message}). Build ccrc and put it on PATH, or set "ccr.server.path".`);
  }
}

async function stopServer() {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch (error) {
      output.appendLine(`stopping the server: ${error.message}`);
    }
  }
}

async function restartServer() {
  await stopServer();
  await startServer();
}

async function activate(context) {
  output = vscode.window.createOutputChannel('ccr language server');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('ccr.restartServer', restartServer),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('ccr.server')) restartServer();
    }));
  await startServer();
}

function deactivate() {
  return stopServer();
}

module.exports = { activate, deactivate };
