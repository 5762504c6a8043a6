// The connection file Jupyter writes for a kernel it starts: where to bind the five sockets and
// the key that signs messages.

import { readFile } from 'node:fs/promises';
import { isJsonObject, type JsonObject } from '../protocol/json.js';

export interface ConnectionInfo {
  readonly transport: 'tcp';
  readonly ip: string;
  readonly shell_port: number;
  readonly iopub_port: number;
  readonly stdin_port: number;
  readonly control_port: number;
  readonly hb_port: number;
  readonly key: string;
  readonly signature_scheme: string;
  readonly kernel_name?: string;
}

export type SocketName = 'shell' | 'iopub' | 'stdin' | 'control' | 'hb';

export const socketNames: readonly SocketName[] = ['shell', 'iopub', 'stdin', 'control', 'hb'];

export async function readConnectionFile(path: string): Promise<ConnectionInfo> {
  const text = await readFile(path, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`connection file ${path} is not JSON: ${(e as Error).message}`, {
      cause: e,
    });
  }
  return parseConnectionInfo(parsed, path);
}

export function parseConnectionInfo(value: unknown, source = 'connection info'): ConnectionInfo {
  if (!isJsonObject(value)) throw new Error(`${source}: expected a JSON object`);
  const transport = value.transport ?? 'tcp';
  if (transport !== 'tcp') {
    throw new Error(`${source}: transport '${String(transport)}' is not supported yet (only tcp)`);
  }
  const info: ConnectionInfo = {
    transport,
    ip: text(value, 'ip', source),
    shell_port: port(value, 'shell_port', source),
    iopub_port: port(value, 'iopub_port', source),
    stdin_port: port(value, 'stdin_port', source),
    control_port: port(value, 'control_port', source),
    hb_port: port(value, 'hb_port', source),
    key: text(value, 'key', source),
    // Jupyter always writes it; hand-written files that leave it out mean the default.
    signature_scheme:
      value.signature_scheme === undefined
        ? 'hmac-sha256'
        : text(value, 'signature_scheme', source),
  };
  const name = value.kernel_name;
  return typeof name === 'string' ? { ...info, kernel_name: name } : info;
}

/** The zeromq address of one socket, e.g. tcp://127.0.0.1:5555. */
export function socketAddress(info: ConnectionInfo, socket: SocketName): string {
  const portOf: Record<SocketName, number> = {
    shell: info.shell_port,
    iopub: info.iopub_port,
    stdin: info.stdin_port,
    control: info.control_port,
    hb: info.hb_port,
  };
  const host = info.ip.includes(':') ? `[${info.ip}]` : info.ip;
  return `${info.transport}://${host}:${portOf[socket]}`;
}

function text(value: JsonObject, name: string, source: string): string {
  const field = value[name];
  if (typeof field !== 'string') throw new Error(`${source}: '${name}' must be a string`);
  return field;
}

function port(value: JsonObject, name: string, source: string): number {
  const field = value[name];
  if (typeof field !== 'number' || !Number.isInteger(field) || field <= 0 || field > 65535) {
    throw new Error(`${source}: '${name}' must be a port number`);
  }
  return field;
}
