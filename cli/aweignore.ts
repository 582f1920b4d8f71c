// `.aweignore` at the root of a code tree lists what `awrecipe` must not ship
// (data files, build output, virtualenvs). It reads like .gitignore but only
// this subset is supported:
//
//   # comment            lines starting with # are ignored, as are blank lines
//   name                 a file or directory with this name at any depth
//   dir/                 a trailing / matches directories only
//   *.fits  ?.log        * is any run of characters but /, ? is one character but /
//   /build  docs/tmp     a leading or inner / anchors the pattern to the tree root
//   **/cache  a/**/b     ** as a whole segment is any number of directories;
//   out/**               a trailing /** is everything inside out/
//   !keep.fits           ! re-includes what an earlier pattern excluded
//
// The last matching pattern wins. An excluded directory is not entered, so a
// `!` pattern cannot bring back a file inside it (as in git). Not supported:
// character classes [..], backslash escapes, .aweignore files in
// subdirectories.

interface Rule {
  negate: boolean;
  dirOnly: boolean;
  /** Anchored rules match the whole relative path, the others the last segment. */
  anchored: boolean;
  regex: RegExp;
}

export class IgnoreRules {
  private constructor(private readonly rules: readonly Rule[]) {}

  static parse(text: string): IgnoreRules {
    const rules: Rule[] = [];
    for (const line of text.split(/\r?\n/)) {
      let pattern = line.trimEnd();
      if (pattern === '' || pattern.startsWith('#')) continue;
      const negate = pattern.startsWith('!');
      if (negate) pattern = pattern.slice(1);
      const dirOnly = pattern.endsWith('/');
      if (dirOnly) pattern = pattern.slice(0, -1);
      const anchored = pattern.includes('/');
      if (pattern.startsWith('/')) pattern = pattern.slice(1);
      if (pattern === '') continue;
      rules.push({ negate, dirOnly, anchored, regex: globToRegex(pattern) });
    }
    return new IgnoreRules(rules);
  }

  /** Whether `path` (relative to the root, with / separators) is excluded. */
  ignores(path: string, isDir: boolean): boolean {
    const name = path.slice(path.lastIndexOf('/') + 1);
    let ignored = false;
    for (const rule of this.rules) {
      if (rule.dirOnly && !isDir) continue;
      if (rule.regex.test(rule.anchored ? path : name)) ignored = !rule.negate;
    }
    return ignored;
  }
}

function globToRegex(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; ) {
    const atSegmentStart = i === 0 || glob[i - 1] === '/';
    if (atSegmentStart && glob.startsWith('**/', i)) {
      re += '(?:.*/)?';
      i += 3;
    } else if (glob.startsWith('/**', i) && i + 3 === glob.length) {
      re += '/.*';
      i += 3;
    } else {
      const c = glob[i]!;
      re += c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|[\]\\]/, '\\$&');
      i += 1;
    }
  }
  return new RegExp(`^${re}$`);
}
