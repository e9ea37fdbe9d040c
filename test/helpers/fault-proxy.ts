// A TCP proxy that can go down on demand: handlers reach DynamoDB through it, so a test can make
// DynamoDB unavailable to them for a moment (connections refused and cut) and bring it back.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { freePort } from '../../infra/local/free-port.ts';

export async function faultProxy() {
  const port = await freePort();
  let target: URL | undefined;
  let down = false;
  const open = new Set<Socket>();
  const server: Server = createServer(async (client) => {
    // The host connects before the test knows DynamoDB Local's port: hold on until it does.
    while (!target) await new Promise((resolve) => setTimeout(resolve, 20));
    if (down) return client.destroy();
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    target: (url: string) => (target = new URL(url)),
    down: () => {
      down = true;
      for (const socket of open) socket.destroy();
    },
    up: () => (down = false),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
