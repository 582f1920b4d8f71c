import t from 'tap';
import { createSgeExecutor } from '../../../agent/executors/sge.js';
import { fakeFlowTests } from './grid/fake-flow.js';

// SGE is tested against the FAKE commands in test/fixtures/fake-sge only.
fakeFlowTests(t, { system: 'sge', create: createSgeExecutor, submitCommand: 'qsub', queuedState: 'qw' });
