// A loopback port nothing listens on now, for a sign-in's redirect in tests: the fixed 8020 of the
// workspace's own sign-in may be taken by a parallel run or a person's `databricks auth login`.
import * as net from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
