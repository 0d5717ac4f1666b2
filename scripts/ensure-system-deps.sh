#!/usr/bin/env bash
# System packages the engine's code-execution sandbox needs (docs/sandbox.md): bubblewrap, Debian's
# python3 at /usr/bin/python3, util-linux's setpriv and prlimit. Installs what is missing when we
# are root with apt-get (CI, quickstart on a fresh box); otherwise says what to install and goes
# on — without them code execution answers a clear "unavailable" error and never runs unsandboxed.
set -euo pipefail
missing=()
[ -x "${ENGINE_SANDBOX_BWRAP:-/usr/bin/bwrap}" ] || missing+=(bubblewrap)
[ -x /usr/bin/python3 ] || missing+=(python3)
{ [ -x /usr/bin/setpriv ] && [ -x /usr/bin/prlimit ]; } || missing+=(util-linux)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "sandbox dependencies missing (${missing[*]}): installing with apt-get…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "warning: code execution needs ${missing[*]} (Debian: sudo apt-get install -y ${missing[*]}); the sandbox tests will be skipped and code steps will report the sandbox as unavailable." >&2
exit 0
