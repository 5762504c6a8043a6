// zeromq sockets in RxJS terms: what a socket receives as an Observable, and sends that may be
// requested from anywhere but reach the socket one at a time (zeromq allows only one pending send
// per socket).

import { filter, map, Observable, share } from 'rxjs';
import type { Socket, Readable, Writable } from 'zeromq';
import type { KernelLogger } from '../log.js';
import { decodeFrames, type AcceptedFrames } from '../protocol/frames.js';
import type { JupyterMessage } from '../protocol/message.js';
import type { MessageSigner } from '../protocol/signature.js';

/** Multipart messages from `socket` until it closes; one receive loop however many subscribe. */
export function receivedFrames(socket: Socket & Readable): Observable<Buffer[]> {
  const frames$ = new Observable<Buffer[]>((subscriber) => {
    let subscribed = true;
    const loop = async (): Promise<void> => {
      try {
        for await (const frames of socket) {
          if (!subscribed) return;
          subscriber.next(frames);
        }
        subscriber.complete();
      } catch (error) {
        // Closing the socket ends a pending receive with an error that means only "closed".
        if (socket.closed) subscriber.complete();
        else subscriber.error(error);
      }
    };
    void loop();
    return () => {
      subscribed = false;
    };
  });
  return frames$.pipe(share());
}

/** The well-formed, authentic messages `socket` receives; the others are logged and dropped. */
export function receivedMessages(
  socket: Socket & Readable,
  signer: MessageSigner,
  onDropped: (reason: string) => void,
): Observable<JupyterMessage> {
  return receivedFrames(socket).pipe(
    map((frames) => decodeFrames(frames, signer)),
    filter((decoded): decoded is AcceptedFrames => {
      if (!decoded.ok) onDropped(decoded.reason);
      return decoded.ok;
    }),
    map((decoded) => decoded.message),
  );
}

export class SendQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: Socket & Writable,
    private readonly name: string,
    private readonly log: KernelLogger,
  ) {}

  send(frames: Buffer[]): Promise<void> {
    const sent = this.tail.then(() => this.socket.send(frames));
    this.tail = sent.catch((error: unknown) => {
      if (!this.socket.closed) this.log.error(`sending on ${this.name} failed: ${String(error)}`);
    });
    return this.tail;
  }
}
