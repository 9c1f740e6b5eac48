import { runCli } from './run';

void runCli(process.argv.slice(2), process.env).then((code) => {
  process.exitCode = code;
});
