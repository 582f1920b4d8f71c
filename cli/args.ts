/**
 * The awrecipe command line, parsed without side effects. Options are written
 * as in the proposal with one dash (`-task`, `-node`, `-mycode`), and two dashes
 * or `--name=value` work too. In a run, everything after `-task RECIPE`
 * belongs to the recipe and is passed on verbatim, dashes included.
 */
import { JOB_STATES, type JobState } from '../core/states.js';
import { UsageError } from './errors.js';

/** Where to reach the service, when given on the command line (they win over the environment and ~/.awe/dp.json). */
export interface ConnectionFlags {
  server?: string;
  token?: string;
  ca?: string;
  insecureHttp?: boolean;
}

export interface RunCommand {
  name: 'run';
  recipe: string;
  params: string[];
  node?: string;
  /** The code tree to ship: a directory, or true for the default (AWE_CODE_DIR, else the working directory). */
  mycode?: string | true;
  detach: boolean;
  local: boolean;
  /** Take the outputs of an identical earlier job instead of running again (the recipe's default when absent). */
  reuse: boolean;
  environmentFile?: string;
  /** AWE_* variables named with -env. */
  shipEnv: string[];
  /** -local only: where the recipe's outputs go. */
  output?: string;
}

export type Command =
  | { name: 'help' }
  | { name: 'recipe-help'; recipe: string }
  | RunCommand
  | { name: 'status'; job: number }
  | { name: 'logs'; job: number; follow: boolean }
  | { name: 'cancel'; job: number }
  | { name: 'attempts'; job: number }
  | { name: 'provenance'; job: number; all: boolean; crate: boolean }
  | { name: 'rerun'; job: number; args?: string[] }
  | { name: 'list'; state?: JobState; mine: boolean; limit: number }
  | { name: 'outputs'; job: number; download?: string }
  | { name: 'explain'; recipe: string; node?: string }
  | { name: 'login'; user?: string; passwordStdin: boolean }
  | { name: 'passwd'; passwordStdin: boolean };

export interface Invocation {
  command: Command;
  connection: ConnectionFlags;
}

/** flag: no value; value: one value; optional: a value only if the next word is not an option; list: repeatable value. */
type Kind = 'flag' | 'value' | 'optional' | 'list';
type Spec = Record<string, Kind>;

const CONNECTION: Spec = { server: 'value', token: 'value', ca: 'value', 'insecure-http': 'flag', help: 'flag' };

const SPECS: Record<Exclude<Command['name'], 'help' | 'recipe-help'>, Spec> = {
  run: { task: 'value', node: 'value', mycode: 'optional', detach: 'flag', local: 'flag', reuse: 'flag', environment: 'value', env: 'list', output: 'value' },
  status: {},
  logs: { f: 'flag', follow: 'flag' },
  cancel: {},
  attempts: {},
  provenance: { all: 'flag', 'ro-crate': 'flag' },
  rerun: {},
  list: { state: 'value', mine: 'flag', limit: 'value' },
  outputs: { download: 'value' },
  explain: { task: 'value', node: 'value' },
  login: { user: 'value', 'password-stdin': 'flag' },
  passwd: { 'password-stdin': 'flag' },
};

const SUBCOMMANDS = new Set(Object.keys(SPECS).filter((name) => name !== 'run'));

interface Parsed {
  values: Map<string, string | true | string[]>;
  positionals: string[];
  /** The recipe's own parameters (run only). */
  params: string[];
}

function parseOptions(words: readonly string[], spec: Spec, stopAfterTask: boolean): Parsed {
  const all: Spec = { ...CONNECTION, ...spec };
  const values = new Map<string, string | true | string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith('-') || word === '-') {
      positionals.push(word);
      continue;
    }
    const body = word.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    const inline = eq === -1 ? undefined : body.slice(eq + 1);
    const key = name === 'h' ? 'help' : name;
    const kind = all[key];
    if (kind === undefined) throw new UsageError(`unknown option ${word.slice(0, 100)}`);
    if (kind === 'flag') {
      if (inline !== undefined) throw new UsageError(`-${name} takes no value`);
      values.set(key, true);
      continue;
    }
    let value: string | true;
    if (inline !== undefined) value = inline;
    else if (kind === 'optional') value = i + 1 < words.length && !words[i + 1]!.startsWith('-') ? words[++i]! : true;
    else if (i + 1 < words.length) value = words[++i]!;
    else throw new UsageError(`-${name} needs a value`);
    if (kind === 'list') values.set(key, [...((values.get(key) as string[] | undefined) ?? []), value as string]);
    else values.set(key, value);
    if (key === 'task' && stopAfterTask) return { values, positionals, params: words.slice(i + 1) };
  }
  return { values, positionals, params: [] };
}

function jobId(word: string | undefined, command: string): number {
  if (word === undefined) throw new UsageError(`${command} needs a job id`);
  const id = Number(word);
  if (!/^[0-9]+$/.test(word) || !Number.isSafeInteger(id) || id < 1) throw new UsageError(`not a job id: "${word.slice(0, 40)}"`);
  return id;
}

function connectionOf(values: Parsed['values']): ConnectionFlags {
  const str = (key: string): string | undefined => values.get(key) as string | undefined;
  return { server: str('server'), token: str('token'), ca: str('ca'), ...(values.get('insecure-http') === true ? { insecureHttp: true } : {}) };
}

export function parseArgs(argv: readonly string[]): Invocation {
  const first = argv[0];
  if (first === 'help') {
    const { values, positionals } = parseOptions(argv.slice(1), {}, false);
    const connection = connectionOf(values);
    if (positionals.length > 1) throw new UsageError(`unexpected "${positionals[1]!.slice(0, 40)}"`);
    const recipe = positionals[0];
    return { command: recipe === undefined ? { name: 'help' } : { name: 'recipe-help', recipe }, connection };
  }
  const name = first !== undefined && SUBCOMMANDS.has(first) ? (first as Exclude<Command['name'], 'help' | 'recipe-help' | 'run'>) : 'run';
  if (name === 'run' && first !== undefined && !first.startsWith('-')) throw new UsageError(`unknown command "${first.slice(0, 40)}"`);
  if (argv.length === 0) throw new UsageError('say what to run: awrecipe -task RECIPE [params…]');
  const words = name === 'run' ? argv : argv.slice(1);
  // rerun JOB -- ARGS…: everything after "--" is the recipe's new args.
  const dashes = name === 'rerun' ? words.indexOf('--') : -1;
  const { values, positionals, params } = parseOptions(dashes === -1 ? words : words.slice(0, dashes), SPECS[name], name === 'run');
  const str = (key: string): string | undefined => values.get(key) as string | undefined;
  const flag = (key: string): boolean => values.get(key) === true;
  const connection = connectionOf(values);
  if (flag('help')) return { command: { name: 'help' }, connection };

  const expectPositionals = (count: number): void => {
    if (positionals.length > count) throw new UsageError(`unexpected "${positionals[count]!.slice(0, 40)}"`);
  };
  const command = ((): Command => {
    switch (name) {
      case 'run': {
        const recipe = str('task');
        if (recipe === undefined) throw new UsageError('-task RECIPE is required');
        expectPositionals(0);
        const run: RunCommand = {
          name: 'run',
          recipe,
          params,
          node: str('node'),
          mycode: values.get('mycode') as string | true | undefined,
          detach: flag('detach'),
          local: flag('local'),
          reuse: flag('reuse'),
          environmentFile: str('environment'),
          shipEnv: (values.get('env') as string[] | undefined) ?? [],
          output: str('output'),
        };
        if (run.local && run.detach) throw new UsageError('-local runs here and now; it cannot -detach');
        if (run.local && run.reuse) throw new UsageError('-local always runs; -reuse is for jobs sent to the service');
        if (run.local && run.node !== undefined) throw new UsageError('-local runs on this machine; leave out -node');
        if (!run.local && run.output !== undefined) throw new UsageError('-output is for -local runs; use "awrecipe outputs JOB --download DIR" for remote ones');
        return run;
      }
      case 'provenance':
        expectPositionals(1);
        return { name, job: jobId(positionals[0], name), all: flag('all'), crate: flag('ro-crate') };
      case 'rerun':
        expectPositionals(1);
        return { name, job: jobId(positionals[0], name), ...(dashes === -1 ? {} : { args: words.slice(dashes + 1) }) };
      case 'status':
      case 'cancel':
      case 'attempts':
        expectPositionals(1);
        return { name, job: jobId(positionals[0], name) };
      case 'logs':
        expectPositionals(1);
        return { name, job: jobId(positionals[0], name), follow: flag('f') || flag('follow') };
      case 'outputs':
        expectPositionals(1);
        return { name, job: jobId(positionals[0], name), download: str('download') };
      case 'list': {
        expectPositionals(0);
        const state = str('state');
        if (state !== undefined && !(JOB_STATES as readonly string[]).includes(state)) {
          throw new UsageError(`--state must be one of ${JOB_STATES.join(', ')}`);
        }
        const limit = Number(str('limit') ?? 100);
        if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a whole number of jobs, at least 1');
        return { name, state: state as JobState | undefined, mine: flag('mine'), limit };
      }
      case 'explain': {
        expectPositionals(0);
        const recipe = str('task');
        if (recipe === undefined) throw new UsageError('explain needs -task RECIPE');
        return { name, recipe, node: str('node') };
      }
      case 'login':
        expectPositionals(0);
        return { name, user: str('user'), passwordStdin: flag('password-stdin') };
      case 'passwd':
        expectPositionals(0);
        return { name, passwordStdin: flag('password-stdin') };
    }
  })();
  return { command, connection };
}
