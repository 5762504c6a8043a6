// Loading this module declares every operator family in the registry.

import './arithmetic.js';
import './conversion.js';
import './creation.js';
