// The domain (src/domain/) owns the model and the rules: it imports other domain files and
// libraries, never the store, the catalog cache, the HTTP layer or anything else of the app.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const DOMAIN = join(import.meta.dirname, '../../src/domain');

/** Every module specifier of a file: static imports, re-exports, side-effect and dynamic imports. */
function specifiersOf(source: string): string[] {
  const found: string[] = [];
  const pattern = /\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]/gm;
  for (const match of source.matchAll(pattern)) found.push(match[1] ?? match[2] ?? match[3]);
  return found;
}

const files = readdirSync(DOMAIN).filter((name) => name.endsWith('.ts'));

test('the scanner sees the imports a domain file has', () => {
  const imports = specifiersOf(readFileSync(join(DOMAIN, 'postback-checks.ts'), 'utf8'));
  assert.ok(imports.includes('./catalog-view.js'), imports.join(', '));
  assert.deepEqual(
    specifiersOf("import type {\n  A,\n} from '../store/store.js';\nexport { b } from \"./b.js\";\nimport './c.js';"),
    ['../store/store.js', './b.js', './c.js'],
  );
});

test('nothing under src/domain/ imports from outside src/domain/', () => {
  assert.ok(files.length > 10, 'the domain files are found');
  const outside: string[] = [];
  for (const name of files) {
    for (const specifier of specifiersOf(readFileSync(join(DOMAIN, name), 'utf8'))) {
      // Relative imports must stay in the folder; packages and node: built-ins are fine.
      if (specifier.startsWith('.') && !specifier.startsWith('./')) outside.push(`${name}: ${specifier}`);
      if (/(^|\/)(store|catalog|http)\//.test(specifier)) outside.push(`${name}: ${specifier}`);
    }
  }
  assert.deepEqual(outside, []);
});
