/** Asking what an upload or a download needs: the local file or folder, the target folder. */
import { existsSync } from "node:fs";
import type { Prompter } from "../prompter.ts";

/** What the Upload menu entry asks. */
export interface UploadAnswers {
  localPath: string;
  pathInRepo?: string;
  commitMessage?: string;
}

/** Asks the local file or folder (it must exist), where in the repository, and a commit message. */
export async function askUpload(prompter: Prompter): Promise<UploadAnswers> {
  const localPath = await prompter.text({
    message: "Local file or folder to upload",
    placeholder: "./model",
    validate: (v) => (!v.trim() ? "Enter a path" : existsSync(v.trim()) ? undefined : `${v} does not exist`),
  });
  const pathInRepo = await prompter.text({
    message: "Where in the repository (empty: the file's name, or the root)",
    validate: (v) => (v.split("/").includes("..") ? "Use a path inside the repository" : undefined),
  });
  const commitMessage = await prompter.text({ message: "Commit message (empty: a default one)" });
  return {
    localPath: localPath.trim(),
    pathInRepo: pathInRepo.trim() || undefined,
    commitMessage: commitMessage.trim() || undefined,
  };
}

/** Asks where a download goes: the Hugging Face cache, or a folder. Returns the folder, or undefined for the cache. */
export async function askDownload(prompter: Prompter): Promise<string | undefined> {
  const where = await prompter.select<"cache" | "folder">({
    message: "Download to",
    options: [
      {
        value: "cache",
        label: "The Hugging Face cache",
        hint: "where huggingface_hub and transformers look",
      },
      { value: "folder", label: "A folder…" },
    ],
  });
  if (where === "cache") return undefined;
  const folder = await prompter.text({
    message: "Target folder",
    placeholder: "./download",
    validate: (v) => (v.trim() ? undefined : "Enter a folder"),
  });
  return folder.trim();
}
