/**
 * Interop with the official JavaScript client, `@huggingface/hub`, against the local hub, both directions:
 * what kohub-cli uploads (inline, LFS single PUT, LFS multipart, a folder) hub.js downloads byte-identical
 * (`downloadFile`, `snapshotDownload`); what hub.js uploads (`uploadFiles` over the LFS path, `useXet:
 * false`) kohub-cli downloads byte-identical (the `download` command and the library).
 */
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { downloadFile, listFiles, snapshotDownload, uploadFiles } from "@huggingface/hub";
import { runCli } from "../helpers/cli.ts";
import { createUser, useHub } from "../helpers/hub.ts";
import {
  fixtureFolder,
  randomBytes,
  sha256Bytes,
  sha256File,
  smallMultipart,
  tempDir,
  treeSha,
} from "./_helpers.ts";

const ctx = useHub();

/**
 * KohakuHub tokens are 64 hex characters without the `hf_` prefix that hub.js insists on for `accessToken`
 * ("Your access token must start with 'hf_'"), so the token goes in through hub.js's `fetch` option.
 */
function withToken(token: string): typeof fetch {
  const authed = (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!url.pathname.startsWith("/_s3/")) headers.set("authorization", `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };
  return Object.assign(authed, { preconnect: fetch.preconnect });
}

function kohub(argv: string[], token: string, extra: Record<string, string> = {}) {
  return runCli(argv, { env: { HF_ENDPOINT: ctx.hub.url, HF_TOKEN: token, ...extra } });
}

describe("@huggingface/hub (npm)", () => {
  test("downloads byte-identical what kohub-cli uploaded", async () => {
    smallMultipart(ctx.hub);
    const user = await createUser(ctx.hub, "js");
    const repoId = `${user.username}/from-kohub`;
    const folder = fixtureFolder();
    expect((await kohub(["upload", repoId, folder, "--private"], user.token)).code).toBe(0);
    const single = join(tempDir(), "one.bin");
    writeFileSync(single, randomBytes(9_000_000));
    expect((await kohub(["upload", repoId, single, "files/one.bin"], user.token)).code).toBe(0);
    const local = { ...(await treeSha(folder)), "files/one.bin": await sha256File(single) };

    const common = {
      repo: { type: "model" as const, name: repoId },
      hubUrl: ctx.hub.url,
      fetch: withToken(user.token),
    };
    for (const [path, sha] of Object.entries(local)) {
      const blob = await downloadFile({ ...common, path, xet: false });
      expect(blob, path).not.toBeNull();
      expect(sha256Bytes(await (blob as Blob).arrayBuffer()), path).toBe(sha);
    }
    // The listing, as hub.js reads it (its snapshotDownload cannot be used: see the test below).
    const listed: Record<string, number> = {};
    for await (const f of listFiles({ ...common, recursive: true }))
      if (f.type === "file") listed[f.path] = f.size;
    expect(Object.keys(listed).sort()).toEqual(Object.keys(local).sort());
    expect(listed["model.safetensors"]).toBe(12_000_000);
  }, 30_000);

  // hub.js's snapshotDownload (and downloadFileToCacheDir) ask POST paths-info with a JSON body; KohakuHub
  // takes a form body only (repos-files.md §5.2) and answers 422, as the local hub does. So it cannot
  // download into the cache from a KohakuHub; downloadFile (above) works.
  test("snapshotDownload of hub.js is refused by paths-info (JSON body), as by the real KohakuHub", async () => {
    const user = await createUser(ctx.hub, "js");
    const repoId = `${user.username}/snap`;
    await user.client.createRepo({ repoId });
    await user.client.uploadFile({ repoId, path: new TextEncoder().encode("x"), pathInRepo: "x.txt" });
    const common = {
      repo: { type: "model" as const, name: repoId },
      hubUrl: ctx.hub.url,
      fetch: withToken(user.token),
    };
    await expect(snapshotDownload({ ...common, cacheDir: tempDir() })).rejects.toThrow("status 422");
  }, 30_000);

  test("kohub-cli downloads byte-identical what @huggingface/hub uploaded (LFS, multipart)", async () => {
    smallMultipart(ctx.hub);
    const user = await createUser(ctx.hub, "js");
    const repoId = `${user.username}/from-hubjs`;
    await user.client.createRepo({ repoId });
    const files: Record<string, Uint8Array<ArrayBuffer>> = {
      "README.md": new TextEncoder().encode(`# from hub.js ${Math.random()}\n`),
      "config.json": new TextEncoder().encode(JSON.stringify({ seed: Math.random() })),
      "weights.bin": randomBytes(400_000),
      "model.safetensors": randomBytes(13_000_000),
      "sub/dir/tokenizer.txt": randomBytes(2_000),
    };
    await uploadFiles({
      repo: { type: "model", name: repoId },
      hubUrl: ctx.hub.url,
      fetch: withToken(user.token),
      useXet: false,
      files: Object.entries(files).map(([path, bytes]) => ({ path, content: new Blob([bytes]) })),
      commitTitle: "From @huggingface/hub",
    });
    const expected = Object.fromEntries(
      Object.entries(files)
        .map(([p, b]) => [p, sha256Bytes(b)] as const)
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    const tree = await user.client.listRepoTree({ repoId, recursive: true });
    const lfs = tree.filter((e) => e.type === "file" && e.lfs).map((e) => e.path);
    expect(lfs.sort()).toEqual(["model.safetensors", "weights.bin"]);

    const dir = tempDir();
    const got = await kohub(["download", repoId, "--local-dir", dir, "--json"], user.token);
    expect(got.code).toBe(0);
    expect(await treeSha(dir)).toEqual(expected);
    const two = await kohub(["download", repoId, "model.safetensors", "sub/dir/tokenizer.txt"], user.token, {
      HF_HOME: tempDir(),
    });
    expect(two.code).toBe(0);
    const [model, tokenizer] = two.stdout.trim().split("\n");
    expect(await sha256File(model as string)).toBe(expected["model.safetensors"] as string);
    expect(await sha256File(tokenizer as string)).toBe(expected["sub/dir/tokenizer.txt"] as string);
    const viaLibrary = await user.client.snapshotDownload({ repoId, cacheDir: tempDir() });
    expect(await treeSha(viaLibrary)).toEqual(expected);
  }, 30_000);
});
