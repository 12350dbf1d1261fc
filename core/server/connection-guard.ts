import type { Socket } from 'node:net';

export interface ConnectionLimits {
  /** Connections from one address at once: a page opens about six, and one for its events. */
  perAddress: number;
  /** Connections at once from every address (loopback has millions of them: 127.0.0.0/8). */
  total: number;
}

/** Far above what a page opens, far below the process's descriptors. */
const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = { perAddress: 64, total: 512 };

/**
 * Holds the server's connections to their limits without letting anyone without the token keep
 * the page out. A connection that has carried the token is trusted; when a new connection would
 * pass a limit, the oldest untrusted connection (a socket still sending its headers, or an idle
 * one that was only refused) is closed to make room, and only when every connection is trusted is
 * the newcomer turned away. A local process that holds hundreds of sockets therefore delays the
 * page by nothing: its new connections push the idle ones out, and the headers deadline ends the
 * rest within seconds.
 */
export class ConnectionGuard {
  /** In the order they came: the first untrusted one is the oldest. */
  private readonly open = new Set<Socket>();
  private readonly trusted = new WeakSet<Socket>();
  private readonly limits = DEFAULT_CONNECTION_LIMITS;

  get size(): number {
    return this.open.size;
  }

  admit(socket: Socket): void {
    this.open.add(socket);
    socket.once('close', () => this.open.delete(socket));
    const address = socket.remoteAddress ?? '';
    const fromAddress = [...this.open].filter((s) => s.remoteAddress === address);
    if (fromAddress.length > this.limits.perAddress) this.makeRoom(fromAddress, socket);
    else if (this.open.size > this.limits.total) this.makeRoom(this.open, socket);
  }

  /** The socket carried a request with the token: it is never closed to make room. */
  trust(socket: Socket): void {
    this.trusted.add(socket);
  }

  private makeRoom(among: Iterable<Socket>, newcomer: Socket): void {
    for (const socket of among) {
      if (socket !== newcomer && !this.trusted.has(socket)) {
        this.drop(socket);
        return;
      }
    }
    this.drop(newcomer);
  }

  private drop(socket: Socket): void {
    this.open.delete(socket);
    socket.destroy();
  }
}
