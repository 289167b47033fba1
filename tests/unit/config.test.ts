/**
 * The config file: location, atomic 0600 writes in a 0700 directory, unknown keys kept, one-line errors
 * for corrupt files, and the endpoint/token precedence of KohubClient.
 */
import { describe, expect, test } from "bun:test";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import {
  ConfigError,
  configDir,
  configPath,
  KohubClient,
  loadConfig,
  saveConfig,
  updateConfig,
  writeConfig,
} from "../../src/index.ts";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "kohub-config-"));
}

describe("location", () => {
  test("KOHUB_CONFIG_DIR moves the directory; ~/.kohub otherwise", () => {
    expect(configDir({ KOHUB_CONFIG_DIR: "/x/y" })).toBe("/x/y");
    expect(configPath({ KOHUB_CONFIG_DIR: "/x/y" })).toBe("/x/y/config.json");
    expect(configPath({})).toBe(join(homedir(), ".kohub", "config.json"));
  });
});

describe("load and save", () => {
  test("a missing file is an empty config", () => {
    expect(loadConfig(join(tempDir(), "nope", "config.json"))).toEqual({});
  });

  test("saveConfig merges, keeps unknown keys, removes undefined ones", () => {
    const path = join(tempDir(), "cfg", "config.json");
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, JSON.stringify({ endpoint: "http://a:1", custom: { keep: true } }));
    saveConfig({ token: "secret-token-value", default_repo_type: "dataset" }, path);
    expect(loadConfig(path)).toEqual({
      endpoint: "http://a:1",
      custom: { keep: true },
      token: "secret-token-value",
      default_repo_type: "dataset",
    });
    saveConfig({ token: undefined }, path);
    expect(loadConfig(path)).toEqual({
      endpoint: "http://a:1",
      custom: { keep: true },
      default_repo_type: "dataset",
    });
  });

  test("the file is 0600 in a 0700 directory, and no temp file is left (only the lock file)", () => {
    const dir = join(tempDir(), "fresh");
    const path = join(dir, "config.json");
    saveConfig({ endpoint: "http://localhost:8000" }, path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir).sort()).toEqual(["config.json", "config.json.lock"]);
    expect(readFileSync(path, "utf8").endsWith("\n")).toBe(true);
  });

  test("a too-open existing directory is tightened", () => {
    const dir = join(tempDir(), "open");
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    writeConfig({ endpoint: "http://x:1" }, join(dir, "config.json"));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  test("a corrupt file is a one-line ConfigError naming the file, and is left untouched", () => {
    const path = join(tempDir(), "config.json");
    writeFileSync(path, '{"endpoint": "http://a:1",');
    const err = (() => {
      try {
        loadConfig(path);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(path);
    expect((err as Error).message).toContain("not valid JSON");
    expect((err as Error).message.includes("\n")).toBe(false);
    expect(() => saveConfig({ token: "x" }, path)).toThrow(ConfigError);
    expect(readFileSync(path, "utf8")).toBe('{"endpoint": "http://a:1",');
  });

  test("a known key of the wrong type is a ConfigError", () => {
    const path = join(tempDir(), "config.json");
    writeFileSync(path, JSON.stringify({ default_repo_type: "weights" }));
    expect(() => loadConfig(path)).toThrow(/default_repo_type.*model, dataset, space/);
    writeFileSync(path, JSON.stringify(["not", "an", "object"]));
    expect(() => loadConfig(path)).toThrow(/must hold a JSON object/);
  });

  test("bad values are refused on save", () => {
    const path = join(tempDir(), "config.json");
    expect(() => saveConfig({ endpoint: "localhost:8000" }, path)).toThrow(/http\(s\) URL/);
    expect(() => saveConfig({ interactive_mode_default: "yes" as unknown as boolean }, path)).toThrow(
      /true or false/,
    );
  });

  test("an unreadable path is a ConfigError", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "config.json"));
    expect(() => loadConfig(join(dir, "config.json"))).toThrow(/is a directory/);
    expect(() => writeConfig({}, join(dir, "config.json"))).toThrow(ConfigError);
  });
});

describe("updateConfig", () => {
  test("the change sees the current file; it returns the config as it was and as written", () => {
    const path = join(tempDir(), "config.json");
    saveConfig({ endpoint: "http://a:1", default_repo_type: "model" }, path);
    const { before, after } = updateConfig(
      (current) => ({ default_repo_type: current.default_repo_type === "model" ? "dataset" : "space" }),
      path,
    );
    expect(before).toEqual({ endpoint: "http://a:1", default_repo_type: "model" });
    expect(after).toEqual({ endpoint: "http://a:1", default_repo_type: "dataset" });
    expect(loadConfig(path)).toEqual(after);
  });

  test("a change that names no key writes nothing (a missing file stays missing)", () => {
    const path = join(tempDir(), "config.json");
    expect(updateConfig(() => ({}), path)).toEqual({ before: {}, after: {} });
    expect(existsSync(path)).toBe(false);
  });

  test("a value refused by the checks leaves the file as it was", () => {
    const path = join(tempDir(), "config.json");
    saveConfig({ endpoint: "http://a:1" }, path);
    expect(() => updateConfig(() => ({ endpoint: "nope" }), path)).toThrow(ConfigError);
    expect(loadConfig(path)).toEqual({ endpoint: "http://a:1" });
  });
});

describe("KohubClient precedence: option, env, config file, default", () => {
  const config = { endpoint: "http://from-config:1", token: "config-token" };

  test("options win", () => {
    const c = new KohubClient({
      endpoint: "http://from-option:1",
      token: "option-token",
      env: { HF_ENDPOINT: "http://from-env:1", HF_TOKEN: "env-token" },
      config,
    });
    expect([c.endpoint, c.token, c.endpointSource, c.tokenSource]).toEqual([
      "http://from-option:1",
      "option-token",
      "option",
      "option",
    ]);
  });

  test("then HF_ENDPOINT / HF_TOKEN", () => {
    const c = new KohubClient({ env: { HF_ENDPOINT: "http://from-env:1/", HF_TOKEN: "env-token" }, config });
    expect([c.endpoint, c.token, c.endpointSource, c.tokenSource]).toEqual([
      "http://from-env:1",
      "env-token",
      "env",
      "env",
    ]);
  });

  test("then the config file", () => {
    const dir = tempDir();
    writeConfig(config, join(dir, "config.json"));
    const c = new KohubClient({ env: { KOHUB_CONFIG_DIR: dir } });
    expect([c.endpoint, c.token, c.endpointSource, c.tokenSource]).toEqual([
      "http://from-config:1",
      "config-token",
      "config",
      "config",
    ]);
  });

  test("then http://localhost:8000 and no token", () => {
    const c = new KohubClient({ env: { KOHUB_CONFIG_DIR: tempDir() } });
    expect([c.endpoint, c.token, c.endpointSource, c.tokenSource]).toEqual([
      "http://localhost:8000",
      undefined,
      "default",
      "none",
    ]);
  });

  test("token: null means no token even when one is configured", () => {
    const c = new KohubClient({ token: null, env: { HF_TOKEN: "env-token" }, config });
    expect(c.token).toBeUndefined();
    expect(c.tokenSource).toBe("none");
    c.setToken("later");
    expect(c.token).toBe("later");
  });

  test("an empty token, given as the option or as HF_TOKEN, means no token: the config's is not used", () => {
    const option = new KohubClient({ token: "", env: { HF_TOKEN: "env-token" }, config });
    expect([option.token, option.tokenSource]).toEqual([undefined, "option"]);
    const env = new KohubClient({ env: { HF_TOKEN: "" }, config });
    expect([env.token, env.tokenSource]).toEqual([undefined, "env"]);
    expect(new KohubClient({ env: {}, config }).token).toBe("config-token");
  });

  test("a corrupt config file surfaces when the client needs it", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "config.json"), "{oops");
    expect(() => new KohubClient({ env: { KOHUB_CONFIG_DIR: dir } })).toThrow(ConfigError);
    // not read at all when options and env give everything
    expect(
      () => new KohubClient({ endpoint: "http://x:1", token: "t", env: { KOHUB_CONFIG_DIR: dir } }),
    ).not.toThrow();
  });
});
