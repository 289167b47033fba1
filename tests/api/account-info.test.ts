import { describe, expect, test } from "bun:test";
import { NotFoundError, ValidationError } from "../../src/index.ts";
import { failure } from "../helpers/fixtures.ts";
import { anonClient, createUser, useHub } from "../helpers/hub.ts";

const ctx = useHub({ siteName: "Test Hub" });

describe("server information", () => {
  test("version identifies KohakuHub with the site name", async () => {
    expect(await anonClient(ctx.hub).version()).toEqual({
      api: "kohakuhub",
      version: "0.0.1",
      name: "Test Hub",
    });
  });

  test("site-config gives the registration flags", async () => {
    expect(await anonClient(ctx.hub).siteConfig()).toEqual({
      site_name: "Test Hub",
      invitation_only: false,
      require_email_verification: false,
    });
  });

  test("health and the root document", async () => {
    const client = anonClient(ctx.hub);
    expect(await client.health()).toEqual({ status: "ok" });
    const info = await client.serverInfo();
    expect(info).toMatchObject({
      name: "Kohaku Hub",
      version: "0.0.1",
      endpoints: { api: "/api", auth: "/api/auth" },
    });
  });

  test("the dataset viewer is disabled: 404 Not Found", async () => {
    const err = await failure(anonClient(ctx.hub).datasetViewerHealth());
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toBe("Not Found");
  });
});

describe("validate-yaml", () => {
  test("syntax only: valid, invalid, multi-document and Python tags", async () => {
    const client = anonClient(ctx.hub);
    expect(await client.validateYaml({ content: "license: mit\ntags: [a, b]\n" })).toEqual({ valid: true });
    expect(await client.validateYaml({ content: "", repoType: "dataset" })).toEqual({ valid: true });
    expect(await client.validateYaml({ content: "---\nlicense: mit\n" })).toEqual({ valid: true });
    expect(await client.validateYaml({ content: "key: [unclosed" })).toEqual({ valid: false });
    expect(await client.validateYaml({ content: "a: 1\n---\nb: 2\n" })).toEqual({ valid: false });
    expect(await client.validateYaml({ content: "a: !!python/object:os.system x" })).toEqual({
      valid: false,
    });
  });

  test("a missing content field is a 422", async () => {
    const err = await failure(anonClient(ctx.hub).validateYaml({} as { content: string }));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toBe("body.content: Field required");
  });
});

describe("check-name", () => {
  test("a free name, normalized", async () => {
    expect(await anonClient(ctx.hub).checkName({ name: "  Fresh-Name_42 " })).toEqual({
      available: true,
      normalized_name: "freshname42",
      conflict_with: null,
      message: "Name is available",
    });
  });

  test("reserved names, taken names and normalized clashes", async () => {
    const client = anonClient(ctx.hub);
    expect(await client.checkName({ name: "Admin" })).toMatchObject({
      available: false,
      conflict_with: "Admin",
      message: "Name 'Admin' is reserved and cannot be used",
    });
    const user = await createUser(ctx.hub);
    expect(await client.checkName({ name: user.username })).toMatchObject({
      available: false,
      conflict_with: user.username,
      message: `Username ${user.username} is already taken`,
    });
    const variant = `${user.username.toUpperCase()}_`;
    expect(await client.checkName({ name: variant })).toMatchObject({
      available: false,
      conflict_with: user.username,
      message: `Username conflicts with existing user: ${user.username} (case-insensitive)`,
    });
  });

  test("repo mode (namespace and type): reserved names are allowed", async () => {
    const check = await anonClient(ctx.hub).checkName({ name: "admin", namespace: "someone", type: "model" });
    expect(check).toEqual({
      available: true,
      normalized_name: "admin",
      conflict_with: null,
      message: "Repository name is available",
    });
  });

  test("a missing name is a 422", async () => {
    const err = await failure(anonClient(ctx.hub).checkName({} as { name: string }));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toBe("body.name: Field required");
  });
});

describe("fallback sources", () => {
  test("enabled global sources, deduplicated by URL and sorted by priority, without tokens", async () => {
    const client = anonClient(ctx.hub);
    expect(await client.listFallbackSources()).toEqual([]);
    const insert = ctx.hub.db.query(
      "INSERT INTO fallback_sources (namespace, url, token, priority, name, source_type, enabled) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    insert.run("", "https://huggingface.co", "hf_secret", 10, "HuggingFace", "huggingface", 1);
    insert.run("", "https://hub.example.org", null, 5, "Mirror", "kohakuhub", 1);
    insert.run("", "https://huggingface.co", null, 20, "HF again", "huggingface", 1);
    insert.run("", "https://off.example.org", null, 1, "Disabled", "huggingface", 0);
    insert.run("team", "https://team.example.org", null, 1, "Namespaced", "huggingface", 1);
    const sources = await client.listFallbackSources();
    expect(sources).toEqual([
      { url: "https://hub.example.org", name: "Mirror", source_type: "kohakuhub", priority: 5 },
      { url: "https://huggingface.co", name: "HuggingFace", source_type: "huggingface", priority: 10 },
    ]);
    expect(JSON.stringify(sources)).not.toContain("hf_secret");
  });
});
