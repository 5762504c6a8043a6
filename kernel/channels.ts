// The kernel's view of its connection: decoded messages in, messages out. The zeromq transport is
// one implementation; specs drive the kernel through an in-memory one.

import type { Observable } from 'rxjs';
import type { ChannelName, JupyterMessage } from './protocol/message.js';

export interface MessageChannels {
  readonly shell: Observable<JupyterMessage>;
  readonly control: Observable<JupyterMessage>;
  readonly stdin: Observable<JupyterMessage>;
  /** Resolves once the message is queued on its socket. */
  send(channel: ChannelName, message: JupyterMessage): Promise<void>;
}
