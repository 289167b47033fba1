/**
 * Profiles in the config file: the top-level keys are the `default` profile, `profiles.NAME` the others,
 * `active_profile` the one in use. listProfiles, selectProfile, profileConfig, and writes into one profile
 * that leave the others (and the top level an older kohub-cli reads) as they were.
 */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type KohubConfig,
  listProfiles,
  loadConfig,
  profileConfig,
  selectProfile,
  updateConfig,
} from "../../src/config/store.ts";

function tempFile(config?: KohubConfig): string {
  const path = join(mkdtempSync(join(tmpdir(), "kohub-profiles-")), "config.json");
  if (config) writeFileSync(path, JSON.stringify(config));
  return path;
}

const FILE: KohubConfig = {
  endpoint: "http://home:8000",
  token: "home-token",
  token_id: 3,
  interactive_mode_default: false,
  active_profile: "lab",
  profiles: { lab: { endpoint: "http://lab:8000", token: "lab-token", default_repo_type: "dataset" } },
};

describe("listProfiles", () => {
  test("every profile with its endpoint and token, default first, the active one marked", () => {
    expect(listProfiles(FILE)).toEqual([
      { name: "default", endpoint: "http://home:8000", token: "home-token", token_id: 3, active: false },
      { name: "lab", endpoint: "http://lab:8000", token: "lab-token", active: true },
    ]);
    expect(listProfiles({})).toEqual([{ name: "default", active: true }]);
    expect(listProfiles(FILE, "default").map((p) => p.active)).toEqual([true, false]);
  });
});

describe("selectProfile and profileConfig", () => {
  test("the wanted name, else active_profile, else default; an unknown name lists the known ones", () => {
    expect(selectProfile(FILE)).toBe("lab");
    expect(selectProfile(FILE, "default")).toBe("default");
    expect(selectProfile({})).toBe("default");
    expect(() => selectProfile(FILE, "work")).toThrow(
      'Unknown profile "work": the known profiles are default, lab',
    );
    expect(() => selectProfile({ active_profile: "gone" })).toThrow(/active_profile/);
    // An inherited property is no profile.
    expect(() => selectProfile({ profiles: {} }, "constructor")).toThrow(/Unknown profile "constructor"/);
    expect(profileConfig({ profiles: {} }, "constructor")).toEqual({});
  });

  test("a named profile has its own keys and the shared ones, never the default's endpoint or token", () => {
    expect(profileConfig(FILE, "lab")).toEqual({
      endpoint: "http://lab:8000",
      token: "lab-token",
      default_repo_type: "dataset",
      interactive_mode_default: false,
    });
    expect(profileConfig(FILE, "default")).toEqual({
      endpoint: "http://home:8000",
      token: "home-token",
      token_id: 3,
      interactive_mode_default: false,
    });
    expect(profileConfig(FILE, "new")).toEqual({ interactive_mode_default: false });
  });
});

describe("updateConfig into a profile", () => {
  test("creates the profile; the top level and the other profiles stay; 0600", () => {
    const path = tempFile({ endpoint: "http://home:8000", token: "home-token" });
    const { before, after } = updateConfig(
      () => ({ endpoint: "http://lab:8000", token: "t", token_id: 9, interactive_mode_default: true }),
      path,
      "lab",
    );
    expect(before).toEqual({});
    expect(after).toMatchObject({ endpoint: "http://lab:8000", token: "t", token_id: 9 });
    const file = JSON.parse(readFileSync(path, "utf8"));
    expect(file).toEqual({
      endpoint: "http://home:8000",
      token: "home-token",
      interactive_mode_default: true, // a shared key goes to the top level
      profiles: { lab: { endpoint: "http://lab:8000", token: "t", token_id: 9 } },
    });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    // A new token without its id drops the old id, in a profile as at the top level.
    updateConfig(() => ({ token: "u" }), path, "lab");
    expect(loadConfig(path).profiles?.lab).toEqual({ endpoint: "http://lab:8000", token: "u" });
  });

  test("the default profile is the top level; without a profile the whole file is seen", () => {
    const path = tempFile(FILE);
    updateConfig(() => ({ token: undefined, token_id: undefined }), path, "default");
    const file = loadConfig(path);
    expect(file.token).toBeUndefined();
    expect(file.profiles?.lab?.token).toBe("lab-token");
    expect(updateConfig(() => ({}), path).before.active_profile).toBe("lab");
  });

  test("an invalid profile name is refused before anything is written", () => {
    const path = tempFile({});
    expect(() => updateConfig(() => ({ endpoint: "http://x:1" }), path, "a/b")).toThrow(
      /Invalid profile name/,
    );
  });
});

describe("loadConfig checks the profiles", () => {
  test("a profile value of the wrong type, a bad name or a non-object is a ConfigError naming it", () => {
    const bad = (config: unknown) => {
      const path = tempFile();
      writeFileSync(path, JSON.stringify(config));
      return () => loadConfig(path);
    };
    expect(bad({ profiles: { lab: { endpoint: 3 } } })).toThrow(
      '"profiles.lab.endpoint" must be an http(s) URL',
    );
    expect(bad({ profiles: { default: {} } })).toThrow('"profiles.default" is not a valid name');
    expect(bad({ profiles: [] })).toThrow('"profiles" must be an object');
    expect(bad({ active_profile: 1 })).toThrow('"active_profile"');
  });
});
