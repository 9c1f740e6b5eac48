// Records every outgoing TCP connection and DNS lookup of this process while
// armed, by wrapping net.Socket#connect (which TLS, http(s) and fetch all
// end in) and dns.lookup. Tests assert the list holds only 127.0.0.1.
import * as net from 'node:net';

// The module object itself: an ES namespace import is read-only.
const dns = process.getBuiltinModule('node:dns');

export interface NetGuard {
  readonly hosts: string[];
  readonly lookups: string[];
  restore(): void;
}

export function armNetGuard(): NetGuard {
  const hosts: string[] = [];
  const lookups: string[] = [];
  const originalConnect = net.Socket.prototype.connect;
  const originalLookup = dns.lookup;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const first = args[0];
    if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
      // A port means TCP (http agents also pass the URL path as `path`); no port means an IPC socket.
      const o = first as { host?: string; port?: number | string };
      if (o.port !== undefined && o.port !== null) hosts.push(o.host ?? 'localhost');
    } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
      hosts.push(typeof args[1] === 'string' ? args[1] : 'localhost');
    }
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof originalConnect;
  (dns as { lookup: unknown }).lookup = function (hostname: string, ...rest: unknown[]) {
    // IP literals resolve locally (servers binding 127.0.0.1 look theirs up too); names could leave.
    if (net.isIP(hostname) === 0) lookups.push(hostname);
    return (originalLookup as (...a: unknown[]) => unknown).call(dns, hostname, ...rest);
  };
  return {
    hosts,
    lookups,
    restore: () => {
      net.Socket.prototype.connect = originalConnect;
      (dns as { lookup: unknown }).lookup = originalLookup;
    },
  };
}
