/**
 * Repository content: the file tree and paths info (repos-files.md §5). Refs and history are in refs.ts.
 *
 * @module
 */
import { encodePath } from "./base.ts";
import type { Query } from "./http.ts";
import { checkCommitRef, linkParam, nextLink, RefsApi, type RepoTarget } from "./refs.ts";
import { parseResponse } from "./schemas/common.ts";
import { type TreeEntry, treeEntryList } from "./schemas/content.ts";

/** Parameters of {@link ContentApi.listRepoTree} and {@link ContentApi.iterRepoTree}. */
export interface ListRepoTreeParams extends RepoTarget {
  /** Branch, tag or commit id (default `main`). */
  revision?: string;
  /** A folder inside the repo (default: the root). */
  path?: string;
  /** List every file below the folder (no directory entries) instead of its direct children. */
  recursive?: boolean;
  /** Add `lastCommit` to each entry (the server then pages by 50 instead of 1000). */
  expand?: boolean;
  /** Only entries whose name (relative to the folder) starts with this (KohakuHub extension; no `/`). */
  namePrefix?: string;
  /** Entries per request (the server caps it at 1000, 50 with `expand`). */
  pageSize?: number;
  signal?: AbortSignal;
}

/** The largest number of paths the server accepts in one paths-info request. */
const PATHS_INFO_BATCH = 1000;

/** Content methods of {@link KohubClient}. */
export class ContentApi extends RefsApi {
  /**
   * Lists a folder of a repo at a revision, one entry at a time, following the server's `Link` pages
   * to the end (each next page is requested as soon as the previous one arrives, and read while that one
   * is consumed). Directories come interleaved with files in path order; a recursive listing has files only.
   *
   * @throws {@link NotFoundError} with code `RepoNotFound`, `RevisionNotFound` or `EntryNotFound` (the
   * folder is missing or is a file).
   * @example
   * ```ts
   * for await (const entry of client.iterRepoTree({ repoId: "alice/bert", recursive: true })) {
   *   console.log(entry.type, entry.path, entry.size);
   * }
   * ```
   */
  async *iterRepoTree(params: ListRepoTreeParams): AsyncGenerator<TreeEntry> {
    for await (const page of this.iterRepoTreePages(params)) yield* page;
  }

  /** {@link iterRepoTree} a page at a time: the entries of each of the server's pages, as they arrive. */
  async *iterRepoTreePages(params: ListRepoTreeParams): AsyncGenerator<TreeEntry[]> {
    const revision = checkCommitRef(params.revision ?? "main", "revision");
    const folder = params.path ? encodePath(params.path) : "";
    const { path } = await this.contentPath(
      params,
      `tree/${encodeURIComponent(revision)}${folder ? `/${folder}` : ""}`,
    );
    const query: Query = {
      recursive: params.recursive ? "true" : undefined,
      expand: params.expand ? "true" : undefined,
      name_prefix: params.namePrefix || undefined,
      limit: params.pageSize,
    };
    // The next page is asked for as soon as a page is in, so that it arrives while this one is consumed.
    const seen = new Set<string>();
    const request = (q: Query) => {
      const sent = this.http.send({ path, query: q, signal: params.signal });
      sent.catch(() => {}); // awaited when its turn comes; the consumer may stop before
      return sent;
    };
    let pending: Promise<Response> | undefined = request(query);
    try {
      while (pending) {
        const response = await pending;
        pending = undefined;
        const page = parseResponse(
          treeEntryList,
          await this.http.readJson(response, { path }),
          `GET ${path}`,
        );
        // Follow the cursor against our own endpoint: the server builds `Link` from its configured
        // base_url, which may not be the address this client reaches it at.
        const cursor = linkParam(nextLink(response.headers.get("link")), "cursor");
        if (cursor && page.length > 0 && !seen.has(cursor)) {
          seen.add(cursor);
          pending = request({ ...query, cursor });
        }
        yield page;
      }
    } finally {
      // A consumer that stopped early: the page asked for ahead is not read.
      pending?.then((r) => r.body?.cancel()).catch(() => {});
    }
  }

  /**
   * Lists a folder of a repo at a revision, all pages collected (see {@link iterRepoTree}).
   *
   * @example
   * ```ts
   * const files = await client.listRepoTree({ repoId: "alice/bert", path: "configs", revision: "v1" });
   * console.log(files.map((f) => f.path));
   * ```
   */
  async listRepoTree(params: ListRepoTreeParams): Promise<TreeEntry[]> {
    const out: TreeEntry[] = [];
    for await (const entry of this.iterRepoTree(params)) out.push(entry);
    return out;
  }

  /**
   * Metadata of specific paths at a revision, in request order. Missing paths are left out; a path with
   * files below it is a directory entry (with `expand`, its `size` is the recursive total). More than
   * 1000 paths are sent in several requests.
   *
   * @throws {@link NotFoundError} with code `RepoNotFound` or `RevisionNotFound`.
   * @example
   * ```ts
   * const [config] = await client.getPathsInfo({ repoId: "alice/bert", paths: ["config.json"] });
   * console.log(config?.oid, config?.size);
   * ```
   */
  async getPathsInfo(
    params: RepoTarget & { revision?: string; paths: string[]; expand?: boolean },
  ): Promise<TreeEntry[]> {
    const revision = checkCommitRef(params.revision ?? "main", "revision");
    const { path } = await this.contentPath(params, `paths-info/${encodeURIComponent(revision)}`);
    const out: TreeEntry[] = [];
    for (let i = 0; i < params.paths.length; i += PATHS_INFO_BATCH) {
      const form = new URLSearchParams();
      for (const p of params.paths.slice(i, i + PATHS_INFO_BATCH)) form.append("paths", p);
      form.set("expand", params.expand ? "true" : "false");
      const page = await this.call(
        {
          method: "POST",
          path,
          body: form,
          headers: { "content-type": "application/x-www-form-urlencoded" },
          retry: true,
        },
        treeEntryList,
      );
      out.push(...page);
    }
    return out;
  }
}
