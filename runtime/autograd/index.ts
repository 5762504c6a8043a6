// Autograd: loading this module declares its operators and derivative formulas, then wraps every
// operator of the registry so that calls record the graph (record.ts). runtime/ops/index.ts loads
// it after the operators, so every path that runs operators records: eager calls from Python,
// compiled code, the tracer.

import { wrapImplementations } from '../ops/registry.js';
import './grad_mode.js';
import './tensor_ops.js';
import './formulas/index.js';
import { recordingImplementation } from './record.js';

wrapImplementations(recordingImplementation);
