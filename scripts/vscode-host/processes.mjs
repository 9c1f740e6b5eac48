// Process hygiene for the harness: every server, browser and sandbox it starts
// is registered here, so that a normal end, an error, a timeout, Ctrl-C or a
// SIGTERM from `npm test` all leave nothing running. code-server is started
// in its own process group (it spawns the extension host, pty host, …), so
// killing only our own group would miss it: we kill its group by id.
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Async cleanups, newest first; process groups for the last-resort synchronous kill on exit. */
const cleanups = [];
const groups = new Set();
let handlersInstalled = false;
let shuttingDown = false;

/**
 * Registers `fn` to run at shutdown (signals, or `runCleanups()`); returns an
 * unregister function. Cleanups run newest first, each under a time limit.
 */
export function registerCleanup(name, fn) {
  installSignalHandlers();
  const entry = { name, fn };
  cleanups.unshift(entry);
  return () => {
    const i = cleanups.indexOf(entry);
    if (i !== -1) cleanups.splice(i, 1);
  };
}

/** Runs and forgets every registered cleanup (each at most `perCleanupMs`). */
export async function runCleanups(perCleanupMs = 10_000) {
  while (cleanups.length > 0) {
    const { name, fn } = cleanups.shift();
    try {
      await withTimeout(Promise.resolve().then(fn), perCleanupMs, `Stopping ${name}`);
    } catch (error) {
      process.stderr.write(`cleanup: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}

function installSignalHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const onSignal = (signal, code) => {
    if (shuttingDown) {
      // A second Ctrl-C: stop waiting for graceful shutdowns.
      killGroupsNow();
      process.exit(code);
    }
    shuttingDown = true;
    process.stderr.write(`\n${signal}: stopping code-server, the browser and the sandbox…\n`);
    void runCleanups(5_000).finally(() => process.exit(code));
  };
  process.on('SIGINT', () => onSignal('SIGINT', 130));
  process.on('SIGTERM', () => onSignal('SIGTERM', 143));
  process.on('SIGHUP', () => onSignal('SIGHUP', 129));
  // Whatever path leads out (process.exit, an uncaught error), no group survives us.
  process.on('exit', killGroupsNow);
}

function killGroupsNow() {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  groups.clear();
}

/**
 * Spawns `command` as the leader of a new process group and returns
 * `{ child, stop }`; `stop()` sends SIGTERM to the whole group, then SIGKILL
 * after `graceMs`. The group is also killed if this process exits first.
 */
export function spawnGroup(command, args, options = {}) {
  installSignalHandlers();
  const child = spawn(command, args, { ...options, detached: true });
  if (child.pid) groups.add(child.pid);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.once('exit', () => groups.delete(child.pid));
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const stop = async (graceMs = 5_000) => {
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    // The leader may be gone while helpers of its group linger.
    signalGroup('SIGKILL');
    groups.delete(child.pid);
  };
  return { child, exited, stop };
}

/** Rejects with "<what> did not finish within N s" unless `promise` settles first. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s.`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
