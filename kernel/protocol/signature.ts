// HMAC signatures of Jupyter messages: the hex digest of header, parent_header, metadata and
// content, keyed by the connection file's key. An empty key turns authentication off, as the
// protocol says.

import { createHmac, getHashes, timingSafeEqual } from 'node:crypto';

/** How many recent signatures are remembered to refuse replayed messages (jupyter_client's size). */
const replayMemory = 1 << 16;

export class MessageSigner {
  private readonly algorithm: string;
  private readonly seen = new Set<string>();

  constructor(
    private readonly key: string,
    scheme = 'hmac-sha256',
  ) {
    this.algorithm = hashOfScheme(scheme);
  }

  /** Whether messages are signed at all (a non-empty key). */
  get enabled(): boolean {
    return this.key.length > 0;
  }

  sign(parts: readonly Buffer[]): string {
    if (!this.enabled) return '';
    const hmac = createHmac(this.algorithm, this.key);
    for (const part of parts) hmac.update(part);
    return hmac.digest('hex');
  }

  /**
   * Why `signature` does not authenticate `parts`, or undefined when it does. A signature seen
   * before is refused too: a captured message cannot be sent again.
   */
  check(parts: readonly Buffer[], signature: string): string | undefined {
    if (!this.enabled) return undefined;
    if (signature.length === 0) return 'missing signature';
    const expected = Buffer.from(this.sign(parts), 'latin1');
    const given = Buffer.from(signature, 'latin1');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return 'invalid signature';
    }
    if (this.seen.has(signature)) return 'duplicate signature (a replayed message)';
    this.remember(signature);
    return undefined;
  }

  private remember(signature: string): void {
    if (this.seen.size >= replayMemory) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    this.seen.add(signature);
  }
}

function hashOfScheme(scheme: string): string {
  const match = /^hmac-(.+)$/.exec(scheme);
  const hash = match?.[1];
  if (hash === undefined || !getHashes().includes(hash)) {
    throw new Error(`unsupported signature_scheme '${scheme}' (expected hmac-sha256)`);
  }
  return hash;
}
