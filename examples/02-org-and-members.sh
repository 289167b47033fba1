#!/usr/bin/env bash
# Create an organization, add a colleague with a role, change the role, and list the members.
# Needs: kohub-cli on PATH and logged in (see 01-login-and-create-repo.sh), ORG and COLLEAGUE (an existing user).
set -euo pipefail

kohub-cli org create "$ORG" --description "Our research group"
kohub-cli org member add "$ORG" "$COLLEAGUE" --role member
kohub-cli org member update "$ORG" "$COLLEAGUE" --role admin
kohub-cli org member list "$ORG"

# A private dataset owned by the organization.
kohub-cli repo create "$ORG/shared-data" --type dataset --private
