import t from 'tap';
import { parseArgs } from '../../cli/args.js';
import { UsageError } from '../../cli/errors.js';

const run = (argv: string[]) => {
  const { command } = parseArgs(argv);
  if (command.name !== 'run') throw new Error(`not a run: ${command.name}`);
  return command;
};

t.test('the proposal forms, single dash', async (t) => {
  t.match(run(['-task', 'Bias']), { recipe: 'Bias', params: [], mycode: undefined, node: undefined, detach: false, local: false, reuse: false });
  t.match(run(['-reuse', '-detach', '-task', 'Bias']), { recipe: 'Bias', reuse: true, detach: true });
  t.match(run(['-node', 'lofar1', '-task', 'Bias', 'date=2024-01-01', 'chip=3']), { recipe: 'Bias', node: 'lofar1', params: ['date=2024-01-01', 'chip=3'] });
  t.match(run(['-node', 'n1', '-mycode', '-task', 'Bias']), { node: 'n1', mycode: true, recipe: 'Bias' });
  t.match(run(['-mycode', '/home/me/opipe', '-task', 'Bias']), { mycode: '/home/me/opipe' });
  t.match(run(['-mycode', 'src', '-node', 'n2', '-task', 'Flat', 'x']), { mycode: 'src', node: 'n2', recipe: 'Flat', params: ['x'] });
});

t.test('double dashes and --name=value work too', async (t) => {
  t.match(run(['--node=n1', '--mycode', 'dir', '--detach', '--task', 'Bias']), { node: 'n1', mycode: 'dir', detach: true, recipe: 'Bias' });
  t.match(run(['--mycode=dir', '--task=Bias', 'a']), { mycode: 'dir', recipe: 'Bias', params: ['a'] });
  t.match(run(['-local', '-output', 'out', '-task', 'Bias']), { local: true, output: 'out' });
});

t.test('everything after -task RECIPE belongs to the recipe, verbatim', async (t) => {
  const cmd = run(['-mycode', '-task', 'Bias', '-node', 'x', '--detach', '-h', '-mycode', '--', 'a b', '-', '']);
  t.same(cmd.params, ['-node', 'x', '--detach', '-h', '-mycode', '--', 'a b', '-', '']);
  t.equal(cmd.node, undefined);
  t.equal(cmd.detach, false);
  t.equal(cmd.mycode, true, 'no DIR: the next word was an option');
});

t.test('-env is repeatable and -environment names the settings file', async (t) => {
  t.match(run(['-env', 'AWE_A', '-env', 'AWE_B', '-environment', 'my.cfg', '-task', 'X']), { shipEnv: ['AWE_A', 'AWE_B'], environmentFile: 'my.cfg' });
});

t.test('connection flags are read for every command', async (t) => {
  t.same(parseArgs(['status', '12', '-server', 'http://h:1', '--token', 'tok']).connection, { server: 'http://h:1', token: 'tok', ca: undefined });
});

t.test('subcommands', async (t) => {
  t.same(parseArgs(['status', '12']).command, { name: 'status', job: 12 });
  t.same(parseArgs(['logs', '12', '-f']).command, { name: 'logs', job: 12, follow: true });
  t.same(parseArgs(['logs', '--follow', '7']).command, { name: 'logs', job: 7, follow: true });
  t.same(parseArgs(['logs', '7']).command, { name: 'logs', job: 7, follow: false });
  t.same(parseArgs(['cancel', '3']).command, { name: 'cancel', job: 3 });
  t.same(parseArgs(['list']).command, { name: 'list', state: undefined, mine: false, limit: 100 });
  t.same(parseArgs(['list', '--state', 'running', '--mine', '--limit', '250']).command, { name: 'list', state: 'running', mine: true, limit: 250 });
  t.same(parseArgs(['outputs', '4', '--download', 'd']).command, { name: 'outputs', job: 4, download: 'd' });
  t.same(parseArgs(['explain', '-task', 'Bias', '-node', 'n1']).command, { name: 'explain', recipe: 'Bias', node: 'n1' });
  t.same(parseArgs(['login', '-user', 'alice', '--password-stdin']).command, { name: 'login', user: 'alice', passwordStdin: true });
  t.same(parseArgs(['-h']).command, { name: 'help' });
  t.same(parseArgs(['status', '--help']).command, { name: 'help' });
  t.same(parseArgs(['help']).command, { name: 'help' });
  t.same(parseArgs(['help', 'Bias', '-server', 'http://x']), { command: { name: 'recipe-help', recipe: 'Bias' }, connection: { server: 'http://x', token: undefined, ca: undefined } });
  t.throws(() => parseArgs(['help', 'Bias', 'Coadd']), /unexpected "Coadd"/);
});

t.test('bad input is a UsageError naming the problem', async (t) => {
  const bad: Array<[string[], RegExp]> = [
    [[], /say what to run/],
    [['-node', 'n1'], /-task RECIPE is required/],
    [['-task'], /-task needs a value/],
    [['-frobnicate', '-task', 'X'], /unknown option -frobnicate/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['-detach=yes', '-task', 'X'], /takes no value/],
    [['-local', '-detach', '-task', 'X'], /cannot -detach/],
    [['-local', '-node', 'n', '-task', 'X'], /leave out -node/],
    [['-output', 'o', '-task', 'X'], /-output is for -local/],
    [['-mycode', 'a', 'b', '-task', 'X'], /unexpected "b"/],
    [['status'], /needs a job id/],
    [['status', 'x12'], /not a job id/],
    [['status', '0'], /not a job id/],
    [['status', '1', '2'], /unexpected "2"/],
    [['list', '--state', 'sleeping'], /--state must be one of/],
    [['list', '--limit', 'some'], /--limit must be a whole number/],
    [['explain'], /explain needs -task/],
  ];
  for (const [argv, message] of bad) t.throws(() => parseArgs(argv), message instanceof RegExp ? { name: 'UsageError', message } : UsageError, argv.join(' '));
});
