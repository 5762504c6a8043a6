// Running code through a KernelClient and collecting what the kernel says about it: the
// broadcasts that name the request as parent, until the kernel goes idle, and the reply.

import { filter, firstValueFrom, takeWhile, timeout, toArray } from 'rxjs';
import type { JsonObject } from '../protocol/json.js';
import { parentMessageId, type JupyterMessage } from '../protocol/message.js';
import type { KernelClient } from './kernel_client.js';

export interface CellExecution {
  readonly reply: JupyterMessage;
  /** The request's iopub messages in order, without status and execute_input. */
  readonly outputs: readonly JupyterMessage[];
}

export interface ExecuteOptions {
  readonly allowStdin?: boolean;
  readonly stopOnError?: boolean;
  readonly silent?: boolean;
  readonly storeHistory?: boolean;
  readonly userExpressions?: JsonObject;
  /** The request's metadata: JupyterLab sends the cell's id there (cellId). */
  readonly metadata?: JsonObject;
}

export async function executeCode(
  client: KernelClient,
  code: string,
  options: ExecuteOptions = {},
): Promise<CellExecution> {
  const content = {
    code,
    silent: options.silent ?? false,
    store_history: options.storeHistory ?? true,
    user_expressions: options.userExpressions ?? {},
    allow_stdin: options.allowStdin ?? false,
    stop_on_error: options.stopOnError ?? true,
  };
  const message = client.message('execute_request', content, options.metadata);
  const id = message.header.msg_id;
  // Listen before sending: a fast kernel's first broadcasts must not be missed.
  const broadcasts = firstValueFrom(
    client.iopub.pipe(
      filter((m) => parentMessageId(m) === id),
      takeWhile((m) => !isIdle(m)),
      filter((m) => m.header.msg_type !== 'status' && m.header.msg_type !== 'execute_input'),
      toArray(),
    ),
  );
  const { reply } = client.sendRequest('shell', message);
  const [outputs, answer] = await Promise.all([broadcasts, reply]);
  return { reply: answer, outputs };
}

/**
 * Resolves once the kernel answers kernel_info on shell and its iopub broadcasts reach us (a
 * SUB socket joins late: what is published before it connects is lost). Asks again every
 * `retryMs` until then.
 */
export async function waitForReady(
  client: KernelClient,
  timeoutMs: number,
  retryMs = 250,
): Promise<JupyterMessage> {
  const asked = new Set<string>();
  const heard = firstValueFrom(
    client.iopub.pipe(
      filter((m) => asked.has(parentMessageId(m) ?? '')),
      timeout({ first: timeoutMs }),
    ),
  );
  const replies: Promise<JupyterMessage>[] = [];
  const ask = () => {
    const sent = client.sendRequest('shell', client.message('kernel_info_request', {}));
    asked.add(sent.id);
    replies.push(sent.reply);
  };
  ask();
  const timer = setInterval(ask, retryMs);
  try {
    const broadcast = await heard;
    const id = parentMessageId(broadcast);
    return await replies[[...asked].indexOf(id ?? '')];
  } catch {
    throw new Error(`the kernel did not answer kernel_info within ${timeoutMs} ms`);
  } finally {
    clearInterval(timer);
  }
}

function isIdle(message: JupyterMessage): boolean {
  return message.header.msg_type === 'status' && message.content.execution_state === 'idle';
}
