import { describe, expect, test } from "bun:test";
import {
  checkNamespace,
  checkRefName,
  InputError,
  namespaceProblem,
  normalizeName,
  parseRepoId,
  repoNameProblem,
  toOrgRole,
  toRepoType,
} from "../../src/index.ts";

describe("repo ids", () => {
  test.each([
    ["my-model", { namespace: undefined, name: "my-model" }],
    ["alice/my_model.v2", { namespace: "alice", name: "my_model.v2" }],
  ])("parses %s", (id, parts) => {
    expect(parseRepoId(id)).toEqual(parts);
  });

  test.each([
    ["a/b/c", /namespace\/name/],
    ["/x", /namespace/],
    ["alice/", /name is empty/],
    ["alice/has space", /may only contain/],
    ["alice/-dash", /start or end/],
    ["alice/a..b", /'--' or '\.\.'/],
    [`alice/${"x".repeat(97)}`, /96/],
  ])("rejects %s", (id, message) => {
    expect(() => parseRepoId(id)).toThrow(message);
    expect(() => parseRepoId(id)).toThrow(InputError);
  });

  test("repoNameProblem accepts HF-valid names", () => {
    expect(repoNameProblem("gpt2-small_v1.0")).toBeUndefined();
  });
});

describe("types, roles, names, refs", () => {
  test("repo types accept singular and plural, any case", () => {
    expect(toRepoType(undefined)).toBe("model");
    expect(toRepoType("", "dataset")).toBe("dataset");
    expect(toRepoType("Datasets")).toBe("dataset");
    expect(() => toRepoType("weights")).toThrow(/model, dataset, space/);
  });

  test("roles", () => {
    expect(toOrgRole("super-admin")).toBe("super-admin");
    expect(() => toOrgRole("owner")).toThrow(/visitor, member, admin, super-admin/);
  });

  test("names", () => {
    expect(normalizeName("My-Repo_Name")).toBe("myreponame");
    expect(namespaceProblem("ab")).toMatch(/at least 3/);
    expect(namespaceProblem("ab", "organization")).toBeUndefined();
    expect(namespaceProblem("Ad_min")).toBe("is reserved");
    expect(namespaceProblem("bad name")).toMatch(/may only contain/);
    expect(checkNamespace("alice")).toBe("alice");
    expect(() => checkNamespace("api", "organization")).toThrow(/Invalid organization "api": it is reserved/);
  });

  test("refs must be one URL segment", () => {
    expect(checkRefName("v1.0")).toBe("v1.0");
    expect(() => checkRefName("feature/x")).toThrow(/without '\/'/);
    expect(() => checkRefName("")).toThrow(InputError);
    expect(() => checkRefName("a..b", "branch")).toThrow(/Invalid branch/);
  });
});
