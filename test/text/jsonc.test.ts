/** tsconfig-style JSON: comments and trailing commas read, strings left alone, errors still located. */
import assert from 'node:assert/strict';
import { parseJsonc } from '../../src/text/jsonc';

describe('JSONC', () => {
  it('reads line and block comments and trailing commas, as a tsconfig.json may hold them', () => {
    const text = `{
  // the compiler
  "compilerOptions": {
    "paths": { "algoagent": ["./.algoagent/types/api.d.ts",], }, /* mapped */
    "strict": true,
  },
  "include": ["**/*.ts", /* more */ ],
}`;
    assert.deepEqual(parseJsonc(text), { compilerOptions: { paths: { algoagent: ['./.algoagent/types/api.d.ts'] }, strict: true }, include: ['**/*.ts'] });
  });

  it('leaves comment markers, commas and escaped quotes inside strings as they are', () => {
    assert.deepEqual(parseJsonc('{"a": "http://x/*y*/", "b": "q\\"//,]", "c": [1, 2]}'), { a: 'http://x/*y*/', b: 'q"//,]', c: [1, 2] });
  });

  it('plain JSON is unchanged; invalid input still throws with a position in the original text', () => {
    assert.deepEqual(parseJsonc('[1,{"x":null}]'), [1, { x: null }]);
    assert.throws(() => parseJsonc('{\n  // c\n  "a": 1 "b": 2\n}'), (e: Error) => e instanceof SyntaxError && /position 18\b/.test(e.message));
    assert.throws(() => parseJsonc('{"a": [1,, 2]}'), SyntaxError);
  });
});
