// Every family of derivative formulas, one file each, as derivatives.yaml's sections.

import './pointwise.js';
import './activations.js';
import './reductions.js';
import './views.js';
import './linalg.js';
import './losses.js';
import './nn.js';
