/**
 * {@link KohubClient}: the typed client of every endpoint a KohakuHub user can call.
 *
 * @module
 */
import { FilesApi } from "./files/api.ts";

/**
 * The KohakuHub client. Values not given come from `HF_ENDPOINT` / `HF_TOKEN`, then from the config file
 * (`~/.kohub/config.json`), then `http://localhost:8000`.
 *
 * @example
 * ```ts
 * import { KohubClient, NotFoundError } from "kohub-cli";
 *
 * const client = new KohubClient({ endpoint: "http://localhost:8000", token: process.env.HF_TOKEN });
 * try {
 *   const info = await client.repoInfo("alice/my-model");
 *   console.log(info.id, info.downloads);
 * } catch (err) {
 *   if (err instanceof NotFoundError) console.error("no such repo");
 * }
 * ```
 */
export class KohubClient extends FilesApi {}
