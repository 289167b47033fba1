/**
 * The prompt flows alone, with scripted answers: each returns plain values (the options of a command),
 * refuses what the command would refuse while the user types, and turns Escape / Ctrl-C into CancelError.
 */
import { describe, expect, test } from "bun:test";
import { CancelError } from "../../src/errors.ts";
import { askTokenName, pickToken } from "../../src/prompts/flows/account.ts";
import { askConfigValue } from "../../src/prompts/flows/config.ts";
import { askEndpoint } from "../../src/prompts/flows/endpoint.ts";
import { askLogin } from "../../src/prompts/flows/login.ts";
import { askCreateOrg, askNewMember, pickMember, pickOrg } from "../../src/prompts/flows/org.ts";
import { askRegister } from "../../src/prompts/flows/register.ts";
import {
  askCreateRepo,
  askNewRef,
  confirmDanger,
  pickFolder,
  pickRef,
  pickRepo,
} from "../../src/prompts/flows/repo.ts";
import { scriptedPrompter } from "../../src/prompts/prompter.ts";

const CANCEL = Symbol("cancel");

describe("login", () => {
  test("username and password", async () => {
    const p = scriptedPrompter({
      "How do you want to log in?": "password",
      Username: [" ", "alice "],
      Password: "pw",
    });
    expect(await askLogin(p)).toEqual({ method: "password", username: "alice", password: "pw" });
    expect(p.rejected).toEqual([{ message: "Username", value: " ", problem: "Enter your username" }]);
  });

  test("a pasted token; skip only where allowed", async () => {
    expect(
      await askLogin(scriptedPrompter({ "How do you want to log in?": "token", "API token": " t0k " })),
    ).toEqual({
      method: "token",
      token: "t0k",
    });
    expect(
      await askLogin(scriptedPrompter({ "How do you want to log in?": "skip" }), { allowSkip: true }),
    ).toEqual({
      method: "skip",
    });
    await expect(askLogin(scriptedPrompter({ "How do you want to log in?": "skip" }))).rejects.toThrow(
      /not an option/,
    );
  });

  test("Escape cancels", async () => {
    await expect(askLogin(scriptedPrompter({ "How do you want to log in?": CANCEL }))).rejects.toBeInstanceOf(
      CancelError,
    );
  });
});

describe("register", () => {
  test("the username, email and password rules of auth register, the password twice", async () => {
    const p = scriptedPrompter({
      "New username": ["a b", "admin", "carol"],
      Email: ["nope", "carol@example.com"],
      "New password": ["x".repeat(73), "secret"],
      "Repeat the password": ["secreT", "secret"],
    });
    expect(await askRegister(p)).toEqual({
      username: "carol",
      email: "carol@example.com",
      password: "secret",
      passwordStdin: false,
    });
    expect(p.rejected.map((r) => r.problem)).toEqual([
      "The username may only contain letters, digits, '_' and '-'",
      "The username is reserved",
      "Enter a valid email address",
      "At most 72 bytes (the server hashes with bcrypt)",
      "The passwords differ",
    ]);
  });
});

describe("endpoint", () => {
  test("a URL, checked; another one after a failed check", async () => {
    const checked: string[] = [];
    const p = scriptedPrompter({
      "Server URL": ["localhost:8000", "ftp://x", "http://down.example/", "http://hub.example/"],
      "Use this URL anyway?": "retry",
    });
    const url = await askEndpoint(p, "http://localhost:8000", async (u) => {
      checked.push(u);
      return u.includes("down") ? "Could not connect" : undefined;
    });
    expect(url).toBe("http://hub.example");
    expect(checked).toEqual(["http://down.example", "http://hub.example"]);
    expect(p.rejected.map((r) => r.value)).toEqual(["localhost:8000", "ftp://x"]);
    expect(p.notes).toEqual([
      "The server did not answer as KohakuHub\nhttp://down.example: Could not connect",
    ]);
  });

  test("kept anyway", async () => {
    const p = scriptedPrompter({ "Server URL": "http://down.example", "Use this URL anyway?": "keep" });
    expect(await askEndpoint(p, "", async () => "refused")).toBe("http://down.example");
  });
});

describe("repositories", () => {
  test("create: owner among you and your orgs, a valid name, type, visibility", async () => {
    const p = scriptedPrompter({
      Owner: "my-org",
      "Repository name": ["a/b", "-x", "bert"],
      "Repository type": "dataset",
      Visibility: "private",
    });
    expect(await askCreateRepo(p, { namespaces: ["alice", "my-org"], defaultType: "model" })).toEqual({
      repoId: "my-org/bert",
      type: "dataset",
      private: true,
    });
    expect(p.rejected).toHaveLength(2);
  });

  test("create without a known namespace: a full repo id", async () => {
    const p = scriptedPrompter({
      "Repository name": "alice/x",
      "Repository type": "model",
      Visibility: "public",
    });
    expect(await askCreateRepo(p, { namespaces: [], defaultType: "model" })).toEqual({
      repoId: "alice/x",
      type: "model",
      private: false,
    });
  });

  test("pick: a known one, or another by id and type", async () => {
    const known = [
      { repoId: "alice/a", type: "model" as const },
      { repoId: "alice/d", type: "dataset" as const },
    ];
    expect(
      await pickRepo(scriptedPrompter({ "Which repository?": "dataset:alice/d" }), known, "model"),
    ).toEqual(known[1] as (typeof known)[number]);
    const p = scriptedPrompter({
      "Which repository?": "other",
      "Repository id": ["a/b/c", "bob/x"],
      "Repository type": "space",
    });
    expect(await pickRepo(p, known, "model")).toEqual({ repoId: "bob/x", type: "space" });
    expect(
      await pickRepo(scriptedPrompter({ "Repository id": "bob/y", "Repository type": "model" }), [], "model"),
    ).toEqual({
      repoId: "bob/y",
      type: "model",
    });
  });

  test("refs: names checked as the commands check them; main is the default start", async () => {
    const p = scriptedPrompter({
      "New branch name": ["a/b", "dev"],
      "Start from (branch, tag or commit)": "main",
    });
    expect(await askNewRef(p, "branch")).toEqual({ name: "dev", revision: undefined });
    const t = scriptedPrompter({ "New tag name": "v1", "Tag what (branch, tag or commit)": "dev" });
    expect(await askNewRef(t, "tag")).toEqual({ name: "v1", revision: "dev" });
    expect(await pickRef(scriptedPrompter({ "Which tag?": "v1" }), "tag", ["v1", "v2"])).toBe("v1");
  });

  test("folders: into a sub-folder, up with .., done", async () => {
    const entries = [
      { path: "a/b", type: "directory" as const },
      { path: "a/f.txt", type: "file" as const },
    ];
    expect(await pickFolder(scriptedPrompter({ "Open a folder": "a/b" }), "a", entries)).toBe("a/b");
    expect(await pickFolder(scriptedPrompter({ "Open a folder": ".." }), "a", entries)).toBe("");
    expect(await pickFolder(scriptedPrompter({ "Open a folder": "done" }), "a", entries)).toBeUndefined();
    await expect(pickFolder(scriptedPrompter({ "Open a folder": ".." }), "", [])).rejects.toThrow(
      /not an option/,
    );
  });

  test("a dangerous action: no cancels", async () => {
    await expect(confirmDanger(scriptedPrompter({ "Delete?": false }), "Delete?")).rejects.toBeInstanceOf(
      CancelError,
    );
    await confirmDanger(scriptedPrompter({ "Delete?": true }), "Delete?");
  });
});

describe("organizations", () => {
  test("create, pick, a new member with a role, pick a member", async () => {
    const p = scriptedPrompter({ "Organization name": ["x", "lab"], "Description (optional)": "" });
    expect(await askCreateOrg(p)).toEqual({ name: "lab", description: undefined });
    expect(p.rejected[0]?.problem).toBe("The name must be at least 2 characters");
    expect(
      await pickOrg(scriptedPrompter({ "Which organization?": "org:lab" }), [{ name: "lab", role: "admin" }]),
    ).toBe("lab");
    expect(await pickOrg(scriptedPrompter({ "Organization name": "other" }), [])).toBe("other");
    const m = scriptedPrompter({ "Username to add": "bob", Role: "admin" });
    expect(await askNewMember(m)).toEqual({ username: "bob", role: "admin" });
    await expect(askNewMember(scriptedPrompter({ "Username to add": "bob", Role: "owner" }))).rejects.toThrow(
      /not an option/,
    );
    expect(
      await pickMember(scriptedPrompter({ "Which member?": "bob" }), [{ user: "bob", role: "member" }]),
    ).toBe("bob");
  });
});

describe("tokens and config", () => {
  test("token name and pick", async () => {
    expect(await askTokenName(scriptedPrompter({ "Token name": ["", " ci "] }))).toBe("ci");
    expect(await pickToken(scriptedPrompter({ "Which token?": "12" }), [{ id: 12, name: "ci" }])).toBe(12);
  });

  test("config values are parsed as `config set` parses them", async () => {
    const url = scriptedPrompter({
      "Which setting?": "endpoint",
      "New value of endpoint": ["nope", "http://h:1/"],
    });
    expect(await askConfigValue(url, {})).toEqual({ key: "endpoint", value: "http://h:1" });
    const bool = scriptedPrompter({
      "Which setting?": "interactive_mode_default",
      "Start the interactive mode when kohub-cli runs without arguments?": "false",
    });
    expect(await askConfigValue(bool, {})).toEqual({ key: "interactive_mode_default", value: false });
    const type = scriptedPrompter({
      "Which setting?": "default_repo_type",
      "Default repository type": "space",
    });
    expect(await askConfigValue(type, {})).toEqual({ key: "default_repo_type", value: "space" });
  });
});

describe("scriptedPrompter", () => {
  test("answers in order, fails on an unexpected or exhausted question, and keeps failing after", async () => {
    const p = scriptedPrompter({ Menu: ["a", "b"] });
    const options = [
      { value: "a", label: "A" },
      { value: "b", label: "B" },
    ];
    expect(await p.select({ message: "Menu", options })).toBe("a");
    expect(await p.select({ message: "Menu", options })).toBe("b");
    await expect(p.select({ message: "Menu", options })).rejects.toThrow(
      /no more scripted answers for: Menu/,
    );
    await expect(p.text({ message: "Other" })).rejects.toThrow(/no more scripted answers/);
    expect(p.unused()).toEqual([]);
  });
});
