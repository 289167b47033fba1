/** The Upload and Download entries of a repository's interactive menu (scripted prompter, pretend terminal). */
import { expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createUser, useHub } from "../helpers/hub.ts";
import { tempDir, treeSha } from "../interop/_helpers.ts";
import { loggedInDir, session } from "../prompts/_session.ts";

const ctx = useHub();

test("Upload asks the local path, the place in the repo and a message; Download asks the target", async () => {
  const user = await createUser(ctx.hub);
  const id = `${user.username}/menu`;
  await user.client.createRepo({ repoId: id });
  const src = tempDir();
  writeFileSync(join(src, "a.txt"), "a\n");
  writeFileSync(join(src, "b.bin"), "b".repeat(1000));
  const out = tempDir();
  const repoMenu = `Repository ${id} (model)`;
  const r = await session(
    {
      "Main menu": ["repos", "quit"],
      Repositories: ["open", "back"],
      "Which repository?": `model:${id}`,
      [repoMenu]: ["upload", "download", "back"],
      "Local file or folder to upload": src,
      "Where in the repository (empty: the file's name, or the root)": "data",
      "Commit message (empty: a default one)": "From the menu",
      "Download to": "folder",
      "Target folder": out,
    },
    { configDir: loggedInDir(ctx.hub.url, user) },
  );
  expect(r.code).toBe(0);
  expect(r.stderr).toContain(`✓ Uploaded 2 files (1.0 kB) to model ${id}`);
  expect(r.stdout).toContain(`${out}\n`);
  expect(await treeSha(out)).toEqual(
    await treeSha(src).then((t) => Object.fromEntries(Object.entries(t).map(([k, v]) => [`data/${k}`, v]))),
  );
  const commits = await user.client.listCommits({ repoId: id });
  expect(commits.commits[0]?.title).toBe("From the menu");
});
