import * as assert from 'node:assert/strict';
import { checkSafety, type Finding } from '../../src/analysis/safety';

const codes = (src: string, file = 'x.strategy.ts') => checkSafety(src, file).map((f) => `${f.code}@${f.line}:${f.column}`);
const one = (src: string): Finding => {
  const f = checkSafety(src, 'x.strategy.ts');
  assert.equal(f.length, 1, JSON.stringify(f));
  return f[0];
};

describe('safety rules', () => {
  it('allows algoagent and relative imports', () => {
    assert.deepEqual(codes(`import { Strategy } from 'algoagent';\nimport { k } from './helpers';\nexport * from '../shared/x';`), []);
  });

  it('flags Node built-ins and packages at the specifier', () => {
    const f = one(`import { Strategy } from 'algoagent';\nimport * as fs from 'fs';`);
    assert.equal(f.code, 'forbidden-import');
    assert.deepEqual([f.line, f.column, f.endLine, f.endColumn], [2, 21, 2, 25]);
    assert.match(f.message, /Node built-in 'fs'/);
    assert.match(one(`import _ from 'lodash';`).message, /package 'lodash'/);
    assert.equal(one(`import _ from 'lodash';`).code, 'unknown-import');
    assert.match(one(`import { readFileSync } from 'node:fs';`).message, /built-in 'node:fs'/);
    assert.equal(one(`export { x } from 'os';`).code, 'forbidden-import');
  });

  it('flags require, dynamic import, eval, Function and process', () => {
    assert.deepEqual(codes(`const fs = require('fs');`), ['forbidden-import@1:20']);
    assert.deepEqual(codes(`const m = require(name);`), ['require@1:11']);
    assert.deepEqual(codes(`const { Strategy } = require('algoagent'); const h = require('./h');`), []);
    assert.deepEqual(codes(`async function f() { await import('fs'); }`), ['dynamic-import@1:28']);
    assert.deepEqual(codes(`eval('1+1');`), ['eval@1:1']);
    assert.deepEqual(codes(`const e = eval; e('1');`), ['eval@1:11']);
    assert.deepEqual(codes(`const f = new Function('return 1');`), ['function-constructor@1:11']);
    assert.deepEqual(codes(`const f = Function('return 1');`), ['function-constructor@1:11']);
    assert.deepEqual(codes(`class A { next() { process.exit(1); } }`), ['process@1:20']);
    assert.deepEqual(codes(`const env = process.env;`), ['process@1:13']);
  });

  it('does not flag look-alikes that are not the globals', () => {
    assert.deepEqual(codes(`const o = { process: 1, eval: 2, require: 3 }; o.process; o.eval; o.require;`), []);
    assert.deepEqual(codes(`function f(process: number) { return process + 1; }`), []);
    assert.deepEqual(codes(`class A { require() {} run() { this.require(); } }`), []);
    assert.deepEqual(codes(`const r = { random: () => 4 }; r.random();`), []);
  });

  it('flags writes to the global object and built-ins', () => {
    assert.deepEqual(codes(`globalThis.leak = 1;`), ['global-write@1:1']);
    assert.deepEqual(codes(`global['x'] = 2;`), ['global-write@1:1']);
    assert.deepEqual(codes(`Array.prototype.sum = function () { return 0; };`), ['builtin-write@1:1']);
    assert.deepEqual(codes(`Object.assign(globalThis, { a: 1 });`), ['global-write@1:1']);
    assert.deepEqual(codes(`delete Math.max;`), ['builtin-write@1:8']);
    assert.deepEqual(codes(`const x = globalThis.Math.max(1, 2);`), []);
  });

  it('warns about non-determinism', () => {
    const f = checkSafety(`const a = Math.random();\nconst b = Date.now();`, 'x.strategy.ts');
    assert.deepEqual(f.map((x) => [x.code, x.severity, x.line]), [['non-deterministic', 'warning', 1], ['non-deterministic', 'warning', 2]]);
  });

  it('parses JavaScript files too', () => {
    assert.deepEqual(codes(`const cp = require('child_process');\nmodule.exports = {};`, 'x.strategy.js'), ['forbidden-import@1:20']);
  });
});
