/**
 * The machine's floor for the host-fill figure (issue 17, `npm run bench -- --host`): how long V8's
 * young-generation collections of one fixed allocation pattern take on this machine, alone and
 * while other processes compete for its cores, as code-server, the workbench's renderer and the
 * sandbox do during the host fill. The pattern keeps a rolling ~1 MB of young objects alive (what
 * a fill's collections find alive: its answers in flight and the rows just built) while it
 * allocates garbage, like the fill, in a child process with the extension host's young generation
 * (64 MB). What a pause costs then depends on the machine, not on our code: the host fill's longest
 * stall is judged against these figures (docs/architecture.md, "100,000 objects").
 */
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { median } from './median';

const RUN_MS = 8000;

/** Runs in the child (`node -e`): allocates for RUN_MS and prints its minor pauses as JSON. */
const CHILD = `
const { PerformanceObserver, constants } = require('node:perf_hooks');
const pauses = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MINOR) pauses.push(e.duration); }).observe({ entryTypes: ['gc'] });
const live = [];
const start = Date.now();
(function tick() {
  for (let i = 0; i < 2000; i++) {
    live.push({ id: 'object-' + i, acl: [{ principal: 'group:' + i, level: 'CAN_MANAGE' }], at: Date.now(), name: 'n'.repeat(40) + i });
    if (live.length > 4000) live.shift();
    JSON.parse('{"a":[1,2,3],"b":"' + 'z'.repeat(400) + '"}');
  }
  if (Date.now() - start < ${RUN_MS}) setImmediate(tick);
  else setTimeout(() => { console.log(JSON.stringify(pauses)); process.exit(0); }, 50);
})();`;

interface Floor {
  readonly count: number;
  readonly median: number;
  readonly longest: number;
}

function pausesWith(busy: number): Floor {
  const spinners = Array.from({ length: busy }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  try {
    const child = spawnSync(process.execPath, ['--max-semi-space-size=64', '-e', CHILD], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`the allocation child failed: ${child.stderr}`);
    const pauses = JSON.parse(child.stdout.trim()) as number[];
    return { count: pauses.length, median: median(pauses), longest: Math.max(0, ...pauses) };
  } finally {
    for (const s of spinners) s.kill('SIGKILL');
  }
}

export function benchGcFloor(): void {
  const cores = availableParallelism();
  const alone = pausesWith(0);
  const busy = pausesWith(cores + 1);
  const line = (f: Floor) => `longest ${f.longest.toFixed(0)} ms, median ${f.median.toFixed(0)} ms (${f.count} collections)`;
  console.log(`gc-floor    young-generation pauses of one allocation pattern (~1 MB alive), ${cores} cores: alone ${line(alone)}; beside ${cores + 1} busy processes ${line(busy)}`);
}

if (require.main === module) benchGcFloor();
