// A TCP proxy that can fail on demand: handlers reach DynamoDB through it, so a test can make
// DynamoDB unavailable to them for a moment and bring it back. Down: connections are cut at once
// (as when DynamoDB Local has died). Silent: connections are accepted and never answered (as when
// it hangs, or a network drops packets).
import { connect, createServer, type Server, type Socket } from 'node:net';
import { freePort } from '../../infra/local/free-port.ts';

export async function faultProxy() {
  const port = await freePort();
  let target: URL | undefined;
  let mode: 'up' | 'down' | 'silent' = 'up';
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => {});
  };
  const server: Server = createServer(async (client) => {
    track(client);
    // The host connects before the test knows DynamoDB Local's port: hold on until it does.
    while (!target) await new Promise((resolve) => setTimeout(resolve, 20));
    if (mode === 'down') return client.destroy();
    if (mode === 'silent') return; // held open, never answered
    const upstream = connect(Number(target.port), target.hostname);
    track(upstream);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const cutAll = () => {
    for (const socket of open) socket.destroy();
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    target: (url: string) => (target = new URL(url)),
    down: () => {
      mode = 'down';
      cutAll();
    },
    silent: () => {
      mode = 'silent';
      cutAll(); // kept-alive connections would otherwise still reach DynamoDB
    },
    up: () => {
      mode = 'up';
      cutAll(); // held silent connections go; new ones are forwarded
    },
    close: () => {
      cutAll();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
