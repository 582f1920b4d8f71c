import t from 'tap';
import { createPbsExecutor } from '../../../agent/executors/pbs.js';
import { fakeFlowTests } from './grid/fake-flow.js';

// PBS is tested against the FAKE commands in test/fixtures/fake-pbs only.
fakeFlowTests(t, { system: 'pbs', create: createPbsExecutor, submitCommand: 'qsub', queuedState: 'Q', terminateCommand: 'qsig' });
