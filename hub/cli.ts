/**
 * `npm run hub` (`bun hub/cli.ts`): the local hub for people trying the CLI, with scripted failures on
 * demand. `--help` says it all; `parseHubArgs` is the argv → options half, kept pure for tests.
 */
import { mkdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { faultSpecHelp, parseFaultSpec } from "./fault-spec.ts";
import { type Fault, FaultSpecError } from "./faults.ts";
import type { HubOptions } from "./options.ts";

const DEFAULT_HOST = "127.0.0.1";

export const HELP = `Usage: npm run hub -- [options]     (or: bun hub/cli.ts [options])

A local KohakuHub-compatible server (Bun.serve + SQLite) to try kohub-cli against.

Options:
  --port N          port to listen on (default 8000; 0 picks a free one)
  --host ADDRESS    address to bind (default ${DEFAULT_HOST}, announced as localhost)
  --base-url URL    public URL in the links the hub hands out (default http://localhost:PORT)
  --data DIR        keep the data in DIR, created if missing (default: a temporary directory,
                    removed on exit)
  --log             one line per request on stderr: wall-clock start (ms), time taken, status
  --fault SPEC      answer matching requests with a failure; repeatable (see below)
  -h, --help        show this help

${faultSpecHelp()}

Examples:
  npm run hub
  npm run hub -- --port 9000 --data ./hub-data
  npm run hub -- --fault 'resolve=503*2'                 # two resolve requests fail, then all is well
  npm run hub -- --fault storage-get=stall-body          # file bodies start, then hang
  npm run hub -- --fault 'commit=500:ServerError:disk full' --fault 'lfs-put=drop*1'
  npm run hub -- --fault 'GET /api/**=delay:2s' --log`;

/** A mistake on the command line: one line on stderr, exit code 2. */
export class UsageError extends Error {}

/** What to run: the hub with its options and faults (and the SPECs as given, to announce them). */
export interface HubRun {
  help: false;
  options: HubOptions;
  faults: Fault[];
  specs: string[];
}

export type HubCommand = { help: true } | HubRun;

function port(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65_535) throw new UsageError(`--port '${text}': expected 0 to 65535`);
  return n;
}

/** The command line as hub options and faults; throws {@link UsageError} or FaultSpecError. */
export function parseHubArgs(argv: string[]): HubCommand {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "8000" },
      host: { type: "string", default: DEFAULT_HOST },
      "base-url": { type: "string" },
      data: { type: "string" },
      log: { type: "boolean", default: false },
      fault: { type: "string", multiple: true, default: [] },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return { help: true };
  const options: HubOptions = {
    port: port(values.port),
    hostname: values.host,
    publicHostname: values.host === DEFAULT_HOST ? "localhost" : undefined,
    baseUrl: values["base-url"],
    dataDir: values.data,
    log: values.log,
    bcryptCost: 10,
  };
  return { help: false, options, faults: values.fault.map(parseFaultSpec), specs: values.fault };
}

/** The one-line message of a mistake on the command line; undefined for anything else. */
function usageMessage(err: unknown): string | undefined {
  if (err instanceof UsageError || err instanceof FaultSpecError) return err.message;
  const code = (err as { code?: unknown }).code;
  // node:util's messages run on with advice about `--`: the first sentence is the point.
  if (typeof code !== "string" || !code.startsWith("ERR_PARSE_ARGS")) return undefined;
  return String((err as Error).message).split(". ")[0];
}

async function main(argv: string[]): Promise<void> {
  let command: HubCommand;
  try {
    command = parseHubArgs(argv);
  } catch (err) {
    const message = usageMessage(err);
    if (message === undefined) throw err;
    console.error(`hub: ${message} (see --help)`);
    process.exit(2);
  }
  if (command.help) {
    console.log(HELP);
    return;
  }
  if (command.options.dataDir) mkdirSync(command.options.dataDir, { recursive: true });
  const { startHub } = await import("./server.ts");
  const hub = await startHub(command.options).catch((err: Error) => {
    console.error(`hub: cannot start: ${err.message}`);
    process.exit(1);
  });
  for (const fault of command.faults) hub.fault(fault);
  // The faults first: the last line, with the URL, tells a script that the hub is ready.
  for (const spec of command.specs) console.error(`fault: ${spec}`);
  console.error(
    `local KohakuHub-compatible hub listening on ${hub.baseUrl} (data: ${hub.dataDir}); Ctrl-C to stop`,
  );
  const stop = async () => {
    await hub.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (import.meta.main) await main(Bun.argv.slice(2));
