// kernel_info_reply: who we are, which language we speak, and the banner a console shows.

import type { BackendInfo } from '../backend/backend.js';
import type { JsonObject } from '../protocol/json.js';
import { protocolVersion } from '../protocol/message.js';
import { implementationName, implementationVersion } from '../version.js';

export function kernelInfoReply(info: BackendInfo): JsonObject {
  return {
    status: 'ok',
    protocol_version: protocolVersion,
    implementation: implementationName,
    implementation_version: implementationVersion,
    language_info: {
      name: 'python',
      version: info.pythonVersion,
      mimetype: 'text/x-python',
      file_extension: '.py',
      pygments_lexer: 'ipython3',
      codemirror_mode: { name: 'ipython', version: 3 },
      nbconvert_exporter: 'python',
    },
    banner: banner(info),
    debugger: false,
    help_links: [
      { text: 'TorchScript', url: 'https://pytorch.org/docs/1.13/jit.html' },
      { text: 'Python', url: 'https://docs.python.org/3/' },
    ],
  };
}

function banner(info: BackendInfo): string {
  return (
    `${implementationName} ${implementationVersion}: Python ${info.pythonVersion} (Pyodide) ` +
    `with a TorchScript and PyTorch 1.13.1-compatible torch; tensors on ${info.tensorBackend}\n`
  );
}
