#!/usr/bin/env bash
# Script a listing with --output json: every repo of an author, with its visibility and likes.
# Needs: kohub-cli on PATH, HF_ENDPOINT, AUTHOR. Uses node to read the JSON (jq works just as well).
set -euo pipefail

kohub-cli --output json repo list --author "$AUTHOR" --limit 100 |
  node -e '
    let text = "";
    process.stdin.on("data", (d) => (text += d)).on("end", () => {
      for (const repo of JSON.parse(text)) {
        console.log(`${repo.id}\t${repo.private ? "private" : "public"}\t${repo.likes} likes`);
      }
    });'

# Errors are JSON too, with a distinct exit code (3: not found).
error=$(mktemp)
kohub-cli --output json repo info "$AUTHOR/does-not-exist" >"$error" || echo "exit code $?: $(cat "$error")"
rm -f "$error"
