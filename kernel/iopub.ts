// Broadcasts on iopub. Every broadcast names the request it belongs to (its parent), which is how
// a client knows whose output it sees.

import type { MessageChannels } from './channels.js';
import type { JsonObject } from './protocol/json.js';
import type { JupyterMessage } from './protocol/message.js';
import type { MessageFactory } from './protocol/session.js';

export type ExecutionState = 'starting' | 'busy' | 'idle';

export class IopubPublisher {
  constructor(
    private readonly channels: MessageChannels,
    private readonly factory: MessageFactory,
  ) {}

  publish(msgType: string, content: JsonObject, parent?: JupyterMessage): Promise<void> {
    // The topic frame: subscribers filter on it; ipykernel sends kernel.<id>.<type>.
    const topic = Buffer.from(`kernel.${this.factory.session}.${msgType}`);
    const message = this.factory.create(msgType, content, parent, [topic]);
    return this.channels.send('iopub', message);
  }

  status(state: ExecutionState, parent?: JupyterMessage): Promise<void> {
    return this.publish('status', { execution_state: state }, parent);
  }
}
