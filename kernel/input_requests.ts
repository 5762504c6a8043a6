// input() in a cell: the kernel sends input_request on stdin to the client that sent the
// execute_request (ROUTER routing uses the same identity on shell and stdin) and waits for its
// input_reply. An interrupt ends the wait.

import type { Subscription } from 'rxjs';
import type { MessageChannels } from './channels.js';
import type { KernelLogger } from './log.js';
import { parentMessageId, type JupyterMessage } from './protocol/message.js';
import type { MessageFactory } from './protocol/session.js';

/** The reason an input() wait ended without an answer. */
export class InputInterrupted extends Error {
  constructor() {
    super('input interrupted');
    this.name = 'InputInterrupted';
  }
}

interface Waiting {
  readonly resolve: (value: string) => void;
  readonly reject: (error: Error) => void;
}

export class InputRequests {
  private readonly waiting = new Map<string, Waiting>();
  private readonly subscription: Subscription;

  constructor(
    private readonly channels: MessageChannels,
    private readonly factory: MessageFactory,
    private readonly log: KernelLogger,
  ) {
    this.subscription = channels.stdin.subscribe((reply) => this.answer(reply));
  }

  ask(execution: JupyterMessage, prompt: string, password: boolean): Promise<string> {
    const request = this.factory.create(
      'input_request',
      { prompt, password },
      execution,
      execution.identities,
    );
    const answered = new Promise<string>((resolve, reject) => {
      this.waiting.set(request.header.msg_id, { resolve, reject });
    });
    void this.channels.send('stdin', request);
    return answered;
  }

  /** Ends every wait: the cell's input() raises KeyboardInterrupt. */
  interruptAll(): void {
    for (const waiting of this.waiting.values()) waiting.reject(new InputInterrupted());
    this.waiting.clear();
  }

  close(): void {
    this.interruptAll();
    this.subscription.unsubscribe();
  }

  private answer(reply: JupyterMessage): void {
    const value = reply.content.value;
    if (reply.header.msg_type !== 'input_reply' || typeof value !== 'string') {
      this.log.warn(`dropped a ${reply.header.msg_type} on stdin: expected an input_reply`);
      return;
    }
    // Clients that leave out the parent header answer the oldest question.
    const id = parentMessageId(reply) ?? this.waiting.keys().next().value;
    const waiting = id === undefined ? undefined : this.waiting.get(id);
    if (id === undefined || waiting === undefined) {
      this.log.warn('dropped an input_reply that answers no pending input_request');
      return;
    }
    this.waiting.delete(id);
    waiting.resolve(value);
  }
}
