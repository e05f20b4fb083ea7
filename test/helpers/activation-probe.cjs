// Loads the built extension (dist/extension.js) with a permissive stand-in for the `vscode` module,
// calls activate(), and prints which dist files were read by then: what activation costs in code.
// Run in its own process by test/editor/activation-load.test.ts.
/* global require, process, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS probe that requires the built bundle */
'use strict';
const Module = require('node:module');
const path = require('node:path');

/** Every property is a callable, constructible stand-in; promises from calls never settle. */
function stand(name) {
  const cache = {};
  const fn = function () {};
  return new Proxy(fn, {
    get(_t, p) {
      if (p === 'then') return name.endsWith('()') ? () => stand(`${name}.then()`) : undefined;
      if (typeof p === 'symbol') return p === Symbol.iterator ? function* () {} : undefined;
      if (p === 'prototype') return fn.prototype;
      if (p === 'fsPath' || p === 'path' || p === 'scheme' || p === 'id') return '/nonexistent';
      if (p === 'toString') return () => name;
      if (!(p in cache)) cache[p] = stand(`${name}.${String(p)}`);
      return cache[p];
    },
    apply: () => stand(`${name}()`),
    construct: () => stand(`new ${name}`),
    set(_t, p, v) {
      cache[p] = v;
      return true;
    },
  });
}

const vscode = stand('vscode');
const names = Object.keys(require('node:fs').readFileSync(path.join(__dirname, '..', '..', 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8')
  .match(/^\s*export (?:class|enum|namespace|const|function) (\w+)/gm)
  .reduce((o, line) => ((o[line.trim().split(/\s+/)[2]] = 1), o), {}));
const api = {};
for (const n of names) api[n] = vscode[n];

const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? api : load.call(this, request, ...rest);
};

const dist = process.argv[2];
const ext = require(path.join(dist, 'extension.js'));
const context = new Proxy({}, {
  get(t, p) {
    if (p === 'subscriptions') return (t.subs ??= []);
    if (p === 'extension') return { id: 'algoagent.algoagent', packageJSON: { version: '0.0.0' } };
    if (p === 'asAbsolutePath') return (rel) => path.join(dist, '..', rel);
    return (t[p] ??= stand(`context.${String(p)}`));
  },
});
ext.activate(context);
const read = Object.keys(require.cache).filter((f) => f.startsWith(dist + path.sep)).map((f) => path.relative(dist, f));
process.stdout.write(JSON.stringify({ read, subscriptions: context.subscriptions.length }));
