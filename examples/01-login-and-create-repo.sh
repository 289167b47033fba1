#!/usr/bin/env bash
# Log in, create a model repository, and look at it.
# Needs: kohub-cli on PATH, HF_ENDPOINT (or --endpoint), KOHUB_USER and KOHUB_PASSWORD.
set -euo pipefail

printf '%s' "$KOHUB_PASSWORD" | kohub-cli auth login --username "$KOHUB_USER" --password-stdin
kohub-cli auth whoami

# A bare name is created in your own namespace; --quiet prints just the repo id.
repo=$(kohub-cli repo create my-first-model --type model --quiet)
echo "created $repo"

kohub-cli repo info "$repo"
kohub-cli repo files "$repo"
