import type { EndpointEntry } from "./types.ts";

const endpoints: EndpointEntry[] = [
  {
    method: "GET",
    path: "/api/{type}s/{ns}/{name}/tree/{revision}[/{path}]",
    client: ["listRepoTree", "iterRepoTree"],
    note: "follows the Link cursor against the client's own endpoint (the server builds it from base_url)",
  },
  {
    method: "POST",
    path: "/api/{type}s/{ns}/{name}/paths-info/{revision}",
    client: "getPathsInfo",
    note: "form body; more than 1000 paths are split into several requests",
  },
  { method: "GET", path: "/api/{type}s/{ns}/{name}/refs", client: "listRefs" },
  {
    method: "POST",
    path: "/api/{type}s/{ns}/{name}/branch/{branch}",
    client: "createBranch",
    note: "always sends a JSON body; an existing branch is a 409 ConflictError",
  },
  {
    method: "POST",
    path: "/api/{type}s/{ns}/{name}/branch",
    client: "createBranch",
    note: 'with route: "kohaku"',
  },
  {
    method: "DELETE",
    path: "/api/{type}s/{ns}/{name}/branch/{branch}",
    client: "deleteBranch",
    note: "an unknown branch is a 500 ServerError (not retried)",
  },
  {
    method: "POST",
    path: "/api/{type}s/{ns}/{name}/tag/{revision}",
    client: "createTag",
    note: "an existing tag is a 500 ServerError, not 409",
  },
  { method: "POST", path: "/api/{type}s/{ns}/{name}/tag", client: "createTag", note: 'with route: "kohaku"' },
  {
    method: "DELETE",
    path: "/api/{type}s/{ns}/{name}/tag/{tag}",
    client: "deleteTag",
    note: "an unknown tag is a 500 ServerError (not retried)",
  },
  { method: "POST", path: "/api/{type}s/{ns}/{name}/branch/{branch}/revert", client: "revertCommit" },
  { method: "POST", path: "/api/{type}s/{ns}/{name}/branch/{branch}/reset", client: "resetBranch" },
  {
    method: "POST",
    path: "/api/{type}s/{ns}/{name}/merge/{source_ref}/into/{destination_branch}",
    client: "mergeRefs",
  },
  {
    method: "GET",
    path: "/api/{type}s/{ns}/{name}/commits/{revision}",
    client: ["listCommits", "iterCommits"],
    note: "an unknown revision is a 500 ServerError",
  },
  { method: "GET", path: "/api/{type}s/{ns}/{name}/commit/{commit_id}", client: "getCommit" },
  { method: "GET", path: "/api/{type}s/{ns}/{name}/commit/{commit_id}/diff", client: "getCommitDiff" },
];

export default endpoints;
