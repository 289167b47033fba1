/**
 * Starts the local hub for people trying the CLI:
 *
 *   npm run hub                      # http://127.0.0.1:8000, data in a temp dir
 *   npm run hub -- --port 9000 --data ./hub-data
 */
import { parseArgs } from "node:util";
import { startHub } from "./server.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8000" },
    host: { type: "string", default: "127.0.0.1" },
    data: { type: "string" },
    log: { type: "boolean", default: false },
  },
});
const hub = await startHub({
  port: Number(values.port),
  hostname: values.host,
  dataDir: values.data,
  log: values.log,
  bcryptCost: 10,
  recordRequests: false,
});
console.error(
  `local KohakuHub-compatible hub listening on ${hub.url} (data: ${hub.dataDir}); Ctrl-C to stop`,
);
const stop = async () => {
  await hub.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
