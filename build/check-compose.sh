#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine: runs the Compose tests of
# tests/Posts.Deployment.Tests (the Compose JSON schema from ../shared/schemas/compose-spec.json,
# or POSTS_COMPOSE_SCHEMA; health checks, pinned images, Dockerfiles, the nginx proxy).
# The schema tests are reported as skipped, with the reason, when the schema file is absent.
# Extra arguments go to the test runner, e.g. build/check-compose.sh --filter-method '*Proxy*'.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
exec dotnet test --project tests/Posts.Deployment.Tests --filter-namespace 'Posts.Deployment.Tests.Compose' "$@"
