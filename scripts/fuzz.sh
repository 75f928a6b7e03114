#!/usr/bin/env bash
# Runs each cargo-fuzz target of fuzz/ for SECONDS (default 60), one after the other.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]   targets: dates import mail render templates mbox (default: all)
#
# cargo-fuzz needs a nightly toolchain (libFuzzer and the sanitizer flags are nightly-only).
# The script installs cargo-fuzz when it is missing and uses `rustup toolchain install nightly`
# when no nightly is there; where neither can be done it says so and stops. Without nightly,
# the same checks still run on stable in the test suite:
#   cargo test --test cli fuzz_checks
#
# New inputs that reach new code go to fuzz/corpus/TARGET (kept between runs, not committed);
# fuzz/seeds/TARGET are the committed starting points. A crash stops the target and leaves its
# input in fuzz/artifacts/TARGET/: fix the bug, then copy the input to fuzz/regressions/TARGET/
# under a name that says what it was, so the test suite feeds it on every run.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(dates import mail render templates mbox)

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "fuzz.sh: no nightly toolchain; installing one (cargo-fuzz needs nightly)" >&2
    if ! rustup toolchain install nightly --profile minimal; then
        echo "fuzz.sh: cannot install a nightly toolchain here, so cargo-fuzz cannot run." >&2
        echo "fuzz.sh: the same checks run on stable with: cargo test --test cli fuzz_checks" >&2
        exit 2
    fi
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz.sh: installing cargo-fuzz" >&2
    if ! cargo install cargo-fuzz --locked; then
        echo "fuzz.sh: cannot install cargo-fuzz from crates.io here." >&2
        echo "fuzz.sh: the same checks run on stable with: cargo test --test cli fuzz_checks" >&2
        exit 2
    fi
fi

cargo +nightly fuzz build
status=0
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t"
    echo "== $t for ${seconds}s"
    if ! cargo +nightly fuzz run "$t" "corpus/$t" "seeds/$t" -- \
        -max_total_time="$seconds" -print_final_stats=1; then
        echo "fuzz.sh: $t found a crash: see fuzz/artifacts/$t/" >&2
        status=1
    fi
done
exit $status
