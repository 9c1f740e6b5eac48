// Mocha fixture: one sandbox per describe block, stopped afterwards.
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../fakes/sandbox';
import { request, type TestRequest, type TestResponse } from './https';

export interface SandboxFixture {
  readonly sandbox: Sandbox;
  /** GET/POST against the workspace (path) or any absolute URL. */
  ws(pathOrUrl: string, req?: TestRequest): Promise<TestResponse>;
  entra(pathOrUrl: string, req?: TestRequest): Promise<TestResponse>;
}

export function useSandbox(options: SandboxOptions): SandboxFixture {
  let current: Sandbox | undefined;
  before(async function () {
    this.timeout(10_000);
    current = await startSandbox(options);
  });
  after(async () => {
    await current?.stop();
  });
  const sandbox = (): Sandbox => {
    if (!current) throw new Error('sandbox not started yet');
    return current;
  };
  const at = (base: string, p: string): string => (p.startsWith('https://') ? p : `${base}${p}`);
  return {
    get sandbox() {
      return sandbox();
    },
    ws: (p, req) => request(sandbox().caPath, at(sandbox().workspaceHost, p), req),
    entra: (p, req) => request(sandbox().caPath, at(sandbox().authority, p), req),
  };
}
