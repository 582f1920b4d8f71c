/**
 * `~/.awe/Environment.cfg`: the user's AWE context (project, database user, …).
 * Lines are `key : value` or `key = value`; `[section]` headers are allowed, with
 * keys of `[global]` (or before any section) kept bare and others as `section.key`.
 * The job carries these as its `settings`; the agent writes them back as a file.
 */
export type Settings = Record<string, string>;

export function parseEnvironmentCfg(text: string): Settings {
  const settings: Settings = {};
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      section = header[1].trim().toLowerCase() === 'global' ? '' : header[1].trim();
      continue;
    }
    const sep = line.search(/[:=]/);
    if (sep <= 0) continue;
    const key = line.slice(0, sep).trim();
    settings[section ? `${section}.${key}` : key] = line.slice(sep + 1).trim();
  }
  return settings;
}

export function formatEnvironmentCfg(settings: Settings): string {
  const global: string[] = [];
  const sections = new Map<string, string[]>();
  for (const [name, value] of Object.entries(settings)) {
    const dot = name.indexOf('.');
    if (dot <= 0) {
      global.push(`${name} : ${value}`);
      continue;
    }
    const section = name.slice(0, dot);
    const lines = sections.get(section) ?? [];
    lines.push(`${name.slice(dot + 1)} : ${value}`);
    sections.set(section, lines);
  }
  const parts = ['[global]', ...global];
  for (const [section, lines] of sections) parts.push('', `[${section}]`, ...lines);
  return parts.join('\n') + '\n';
}

/**
 * Environment variables that overrule a setting: the key's name upper-cased (dots
 * as underscores), or the same with an `AWE_` prefix.
 */
export function overrulingEnvNames(key: string): string[] {
  const upper = key.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return [upper, `AWE_${upper}`];
}
