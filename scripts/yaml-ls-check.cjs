// Check YAML files the way VS Code does: with the YAML language server (Red Hat's
// yaml-language-server, the engine of the VS Code YAML extension), which reads each
// file's "# yaml-language-server: $schema=..." line. Prints every diagnostic as
// FILE:LINE:COLUMN: message, and exits 1 if there was any.
//
//   npm install --prefix /tmp/yls yaml-language-server@1
//   NODE_PATH=/tmp/yls/node_modules node scripts/yaml-ls-check.cjs lessons/*.yaml
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");
const { pathToFileURL } = require("url");

const server = require.resolve("yaml-language-server/bin/yaml-language-server");
const files = process.argv.slice(2).map((f) => path.resolve(f));
const child = spawn(process.execPath, [server, "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });

let nextId = 1;
const waiting = new Map();
const diagnostics = new Map();

function send(message) {
  const body = JSON.stringify({ jsonrpc: "2.0", ...message });
  child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
function request(method, params) {
  const id = nextId++;
  send({ id, method, params });
  return new Promise((resolve) => waiting.set(id, resolve));
}

let buffer = Buffer.alloc(0);
child.stdout.on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf("\r\n\r\n");
    if (end < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.slice(0, end).toString())[1]);
    if (buffer.length < end + 4 + length) return;
    const message = JSON.parse(buffer.slice(end + 4, end + 4 + length).toString());
    buffer = buffer.slice(end + 4 + length);
    if (message.id !== undefined && waiting.has(message.id)) {
      waiting.get(message.id)(message.result);
      waiting.delete(message.id);
    } else if (message.id !== undefined && message.method) {
      // The server asks for configuration: validation on, no other schemas.
      send({ id: message.id, result: (message.params.items || []).map(() => ({ validate: true })) });
    } else if (message.method === "textDocument/publishDiagnostics") {
      diagnostics.set(message.params.uri, message.params.diagnostics);
    }
  }
});

async function main() {
  await request("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(process.cwd()).href,
    capabilities: { workspace: { configuration: true } },
  });
  send({ method: "initialized", params: {} });
  send({
    method: "workspace/didChangeConfiguration",
    params: { settings: { yaml: { validate: true, schemas: {}, schemaStore: { enable: false } } } },
  });
  for (const file of files) {
    send({
      method: "textDocument/didOpen",
      params: {
        textDocument: {
          uri: pathToFileURL(file).href,
          languageId: "yaml",
          version: 1,
          text: fs.readFileSync(file, "utf8"),
        },
      },
    });
  }
  // Diagnostics arrive after a short debounce; wait until every file has reported.
  const started = Date.now();
  while (diagnostics.size < files.length && Date.now() - started < 20000) {
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 1000));
  let count = 0;
  for (const file of files) {
    const found = diagnostics.get(pathToFileURL(file).href);
    if (found === undefined) {
      console.log(`${path.relative(process.cwd(), file)}: no answer from the language server`);
      count++;
      continue;
    }
    for (const d of found) {
      const where = `${d.range.start.line + 1}:${d.range.start.character + 1}`;
      console.log(`${path.relative(process.cwd(), file)}:${where}: ${d.message}`);
      count++;
    }
  }
  console.log(`${files.length} files, ${count} diagnostics`);
  child.kill();
  process.exit(count ? 1 : 0);
}
main();
