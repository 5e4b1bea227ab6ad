#!/bin/sh
# Rebuilds src/test/resources/w3c-clients/*.js from the exact versions in package-lock.json.
# Needs Node.js 18+ and npm; the test itself needs neither (the bundles are committed).
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
node build.mjs
