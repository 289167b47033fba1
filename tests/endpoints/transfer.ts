import type { EndpointEntry } from "./types.ts";

const endpoints: EndpointEntry[] = [
  {
    method: "POST",
    path: "/api/{type}s/{ns}/{name}/preupload/{revision}",
    client: "preupload",
    note: "sent in chunks of PREUPLOAD_CHUNK, 1,000 files",
  },
  {
    method: "POST",
    path: "/{ns}/{name}.git/info/lfs/objects/batch",
    client: "lfsBatch",
    note: "models; read actions with lfsUploadPlan, then uploadObject / uploadPart on the storage URLs",
  },
  { method: "POST", path: "/{type}s/{ns}/{name}.git/info/lfs/objects/batch", client: "lfsBatch" },
  {
    method: "POST",
    path: "/api/{ns}/{name}.git/info/lfs/complete/{upload_id}",
    client: "lfsCompleteMultipart",
    note: "the multipart upload.href (`href`)",
  },
  {
    method: "POST",
    path: "/api/{ns}/{name}.git/info/lfs/complete",
    client: "lfsCompleteMultipart",
    note: "with `repoId` + `uploadId`",
  },
  { method: "POST", path: "/api/{ns}/{name}.git/info/lfs/verify", client: "lfsVerify" },
  {
    method: "POST",
    path: "/api/{type}s/{ns}/{name}/commit/{revision}",
    client: "createCommit",
    note: "NDJSON; a failed op leaves earlier ops staged",
  },
  { method: "HEAD", path: "/{ns}/{name}/resolve/{revision}/{path}", client: ["fileMetadata", "fileExists"] },
  {
    method: "GET",
    path: "/{ns}/{name}/resolve/{revision}/{path}",
    client: ["downloadUrl", "openFile"],
    note: "302 read manually; the storage URL is fetched without the hub token",
  },
  {
    method: "HEAD",
    path: "/{type}s/{ns}/{name}/resolve/{revision}/{path}",
    client: ["fileMetadata", "fileExists"],
  },
  {
    method: "GET",
    path: "/{type}s/{ns}/{name}/resolve/{revision}/{path}",
    client: ["downloadUrl", "openFile"],
  },
  {
    method: "HEAD",
    path: "/api/{type}s/{ns}/{name}/resolve/{revision}/{path}",
    client: ["fileMetadata", "fileExists"],
    note: "`apiRoute: true`",
  },
  {
    method: "GET",
    path: "/api/{type}s/{ns}/{name}/resolve/{revision}/{path}",
    client: ["downloadUrl", "openFile"],
    note: "`apiRoute: true`",
  },
];

export default endpoints;
