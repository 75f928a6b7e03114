#!/usr/bin/env bash
# Renders docket's HTML report of a small demo database in headless Chromium and writes the
# screenshot to docs/report.png (the picture in README).
#
# Usage: scripts/screenshot.sh [--pdf FILE]
#   --pdf FILE   also print the page to FILE (PDF), to check how the report prints
#
# Needs cargo and Chromium (Debian: apt-get install -y chromium). The demo database lives in a
# temporary folder and is deleted afterwards; nothing outside docs/ is written.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
pdf=""
while [ $# -gt 0 ]; do
    case "$1" in
        --pdf)
            pdf=${2:?--pdf needs a file name}
            case "$pdf" in /*) ;; *) pdf="$PWD/$pdf" ;; esac
            shift 2
            ;;
        -h | --help)
            sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "unknown argument: $1 (see --help)" >&2
            exit 2
            ;;
    esac
done

browser=""
for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then
        browser=$b
        break
    fi
done
if [ -z "$browser" ]; then
    echo "no Chromium found: install it (Debian: apt-get install -y chromium)" >&2
    exit 1
fi

cargo build --quiet --manifest-path "$root/Cargo.toml" --bin docket
docket="${CARGO_TARGET_DIR:-$root/target}/debug/docket"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A database, profile and "today" of the demo's own, whatever the caller's environment says.
export DOCKET_DB="$work/demo.sqlite3"
export DOCKET_TODAY=2026-11-20
export XDG_CONFIG_HOME="$work/config"
export XDG_DATA_HOME="$work/data"
export NO_COLOR=1
unset DOCKET_TEMPLATES

d() { "$docket" -q "$@"; }

d config set name "Ana Reyes"
d config set organization "The Ledger"
d config set email ana@ledger.example

# A dozen sheriff offices in four states, one 287(g) request to each.
while IFS='|' read -r name state email; do
    d agency add --name "$name" --state "$state" --email "$email" >/dev/null
done <<'EOF'
Wake County Sheriff's Office|NC|records@wake-so.example
Mecklenburg County Sheriff's Office|NC|pra@mecksheriff.example
Gaston County Sheriff's Office|NC|records@gaston-so.example
Bergen County Sheriff's Office|NJ|opra@bergen-so.example
Monmouth County Sheriff's Office|NJ|opra@mcso.example
Cape May County Sheriff's Office|NJ|records@capemay-so.example
Riverside County Sheriff's Office|CA|cpra@riverside-so.example
Kern County Sheriff's Office|CA|records@kern-so.example
Fresno County Sheriff's Office|CA|cpra@fresno-so.example
Harris County Sheriff's Office|TX|pia@hcso.example
Galveston County Sheriff's Office|TX|records@galveston-so.example
Lubbock County Sheriff's Office|TX|pia@lubbock-so.example
EOF

# One request per office, in one batch, each filed on its own day.
d draft --template 287g-agreement --state NC --state NJ --state CA --state TX \
    --set "name=Ana Reyes" --batch 287g-fall-2026 >/dev/null
# The request number of an office, from the CSV listing (id,agency,...).
id() { "$docket" list --format csv | awk -F, -v slug="$1" '$2 == slug { print $1 }'; }
for entry in wake-so-nc:2026-10-19 mecklenburg-so-nc:2026-10-26 gaston-so-nc:2026-10-26 \
    bergen-so-nj:2026-10-19 monmouth-so-nj:2026-10-26 cape-may-so-nj:2026-11-09 \
    riverside-so-ca:2026-11-02 kern-so-ca:2026-10-19 fresno-so-ca:2026-10-26 \
    harris-so-tx:2026-10-19 galveston-so-tx:2026-11-09 lubbock-so-tx:2026-10-26; do
    d file "$(id "${entry%%:*}")" --on "${entry#*:}" --via email >/dev/null
done

# What the offices answered.
d log "$(id wake-so-nc)" ack --on 2026-10-21 --tracking PRR-2026-1187
d log "$(id wake-so-nc)" partial --on 2026-11-06 --note "MOA and addendum; training records to follow"
d log "$(id gaston-so-nc)" ack --on 2026-10-28
d log "$(id gaston-so-nc)" fee --on 2026-11-02 --amount 12.00 --note "copies"
d log "$(id gaston-so-nc)" paid --on 2026-11-04 --amount 12.00
d log "$(id gaston-so-nc)" complete --on 2026-11-13
d log "$(id monmouth-so-nj)" clarify --on 2026-10-28 --note "which years?"
d log "$(id monmouth-so-nj)" clarified --on 2026-11-02 --note "2024 to date"
d log "$(id cape-may-so-nj)" deny --on 2026-11-12 --note "security exemption claimed"
d log "$(id riverside-so-ca)" ack --on 2026-11-05 --tracking R-26-0451
d log "$(id riverside-so-ca)" extend --on 2026-11-10 --days 14 --note "unusual circumstances"
d log "$(id kern-so-ca)" fee --on 2026-10-27 --amount 125.00 --note "staff time estimate"
d log "$(id fresno-so-ca)" complete --on 2026-11-04
d log "$(id harris-so-tx)" ack --on 2026-10-21 --tracking "PIA-26-30412"
d log "$(id lubbock-so-tx)" reply --on 2026-11-18 --note "reply by email: records attached"

html="$work/report.html"
d export --format html --title "287(g) records requests: where we are" --out "$html"

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
    --disable-background-networking --disable-component-update --disable-sync
    --user-data-dir="$work/chromium")

mkdir -p "$root/docs"
timeout 120 "$browser" "${flags[@]}" --window-size=1400,1000 \
    --screenshot="$root/docs/report.png" "file://$html" >"$work/chromium.log" 2>&1 || {
    cat "$work/chromium.log" >&2
    exit 1
}
echo "wrote $root/docs/report.png"

if [ -n "$pdf" ]; then
    timeout 120 "$browser" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$pdf" \
        "file://$html" >"$work/chromium.log" 2>&1 || {
        cat "$work/chromium.log" >&2
        exit 1
    }
    echo "wrote $pdf"
fi
