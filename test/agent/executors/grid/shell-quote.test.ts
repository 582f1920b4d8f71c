import { execFileSync } from 'node:child_process';
import t from 'tap';
import { shellQuote } from '../../../../agent/executors/grid/shell-quote.js';

const NASTY = [
  '',
  'plain',
  "it's",
  "''",
  '"double" quotes',
  '$HOME ${PATH} $(id) `id`',
  'back\\slash \\n \\',
  'line one\nline two\n',
  'tab\there; rm -rf / && echo no | cat > x',
  '!bang !! *glob* ?[a-z] ~tilde',
  "mixed '\"$`\\\n'",
  'ünïcödé ✓',
];

t.test('every nasty string comes back from bash unchanged, as one word', async (t) => {
  for (const value of NASTY) {
    // printf prints each word between brackets: one word with the exact content, no globbing or expansion.
    const script = `printf '[%s]' ${shellQuote(value)}`;
    const out = execFileSync('bash', ['-c', script], { cwd: '/', encoding: 'utf8' });
    t.equal(out, `[${value}]`, JSON.stringify(value));
  }
});

t.test('quoting is plain single quotes with the quote escaped', async (t) => {
  t.equal(shellQuote('abc'), `'abc'`);
  t.equal(shellQuote("a'b"), `'a'\\''b'`);
});

t.test('a NUL cannot be passed and is refused', async (t) => {
  t.throws(() => shellQuote('a\0b'), /NUL/);
});
