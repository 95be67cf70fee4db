/**
 * A real CONNECT proxy on loopback (TooTallNate's `proxy`, not one written here), with a log of
 * every tunnel it opened and every byte a client sent through it.
 */
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createProxy } from 'proxy';

export interface LoggingProxy {
  /** `http://127.0.0.1:<port>`, with `user:password@` when the proxy asks for them. */
  url: string;
  /** `host:port` of each CONNECT, with the status the proxy answered. */
  tunnels: Array<{ target: string; authorized: boolean }>;
  /** Everything clients sent to the proxy: the CONNECT requests, then what went through the tunnels. */
  received(): Buffer;
  close(): Promise<void>;
}

export async function startProxy(credentials?: { user: string; password: string }): Promise<LoggingProxy> {
  const server = createProxy(createServer());
  const tunnels: LoggingProxy['tunnels'] = [];
  const chunks: Buffer[] = [];
  const expected = credentials && `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
  server.authenticate = (req) => {
    const authorized = !expected || req.headers['proxy-authorization'] === expected;
    if (req.method === 'CONNECT') tunnels.push({ target: req.url ?? '', authorized });
    return authorized;
  };
  server.on('connection', (socket: Socket) => socket.on('data', (chunk: Buffer) => chunks.push(chunk)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${credentials ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@` : ''}127.0.0.1:${port}`,
    tunnels,
    received: () => Buffer.concat(chunks),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
