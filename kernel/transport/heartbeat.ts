// The heartbeat: a REP socket that echoes every ping. It runs on the main thread, which cells
// never block (they run in a worker), so a client sees the kernel alive during a long cell.

import type { Reply } from 'zeromq';
import type { KernelLogger } from '../log.js';

export async function echoHeartbeats(socket: Reply, log: KernelLogger): Promise<void> {
  try {
    for await (const frames of socket) await socket.send(frames);
  } catch (error) {
    if (!socket.closed) log.error(`heartbeat stopped: ${String(error)}`);
  }
}
