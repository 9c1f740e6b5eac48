// A client no one here wrote: a Node script that lists clusters with the real
// @databricks/sdk-experimental WorkspaceClient, configured only by its environment
// (DATABRICKS_HOST, DATABRICKS_AUTH_TYPE, DATABRICKS_METADATA_SERVICE_URL, NODE_EXTRA_CA_CERTS).
// With an output file as its argument it lists once and writes one JSON line there; without one
// it lists once per line read on stdin and prints one JSON line per listing.

/** The script's source, requiring the SDK from `sdkPath` (absolute). */
export function sdkClientScript(sdkPath: string): string {
  return `
const { WorkspaceClient } = require(${JSON.stringify(sdkPath)});
const fs = require('node:fs');
const readline = require('node:readline');
const client = new WorkspaceClient({});
async function listOnce() {
  try {
    const names = [];
    for await (const cluster of client.clusters.list({})) names.push(cluster.cluster_name);
    return JSON.stringify({ ok: true, names }) + '\\n';
  } catch (error) {
    return JSON.stringify({ ok: false, error: String((error && error.message) || error) }) + '\\n';
  }
}
const outFile = process.argv[2];
if (outFile) {
  listOnce().then((line) => fs.writeFileSync(outFile + '.tmp', line)).then(() => fs.renameSync(outFile + '.tmp', outFile));
} else {
  readline.createInterface({ input: process.stdin }).on('line', async () => process.stdout.write(await listOnce()));
}
`;
}

export interface SdkListing {
  readonly ok: boolean;
  readonly names?: string[];
  readonly error?: string;
}
