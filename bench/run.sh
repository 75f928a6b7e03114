#!/usr/bin/env bash
# docket's benchmark suite: builds in release mode, generates the data sets (cached under
# bench/out/, git-ignored), times each command with hyperfine and measures its peak memory with
# GNU time, and prints a table beside the same queries run by the sqlite3 shell (the floor) and
# Taskwarrior's `task overdue` (the peer). See BENCHMARKS.md.
#
#   bench/run.sh                 the small and the large data set
#   bench/run.sh small           5,000 requests and 50,000 events only (a quick run)
#   bench/run.sh large           100,000 requests and 1,000,000 events only
#   RUNS=20 bench/run.sh large   more timed runs per command (default 10)
#
# Needs cargo; installs hyperfine, sqlite3, taskwarrior and GNU time with apt-get when missing.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/bench/out
RESULTS=$ROOT/bench/results
RUNS=${RUNS:-10}
TODAY=2026-11-02
SEED=1
SIZES=${1:-all}
case "$SIZES" in
    all) SIZES="small large" ;;
    small | large) ;;
    *) echo "usage: bench/run.sh [small|large|all]" >&2; exit 2 ;;
esac
mkdir -p "$OUT" "$RESULTS"

# --- tools ---------------------------------------------------------------------------------
missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
command -v task >/dev/null || missing+=(taskwarrior)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}" >&2
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- build ---------------------------------------------------------------------------------
echo "building (release)" >&2
cargo build --release --quiet --bin docket --example gen
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$TARGET/release/docket
GEN=$TARGET/release/examples/gen

# An isolated profile (letters need a requester) and no user environment.
export HOME=$OUT/home XDG_CONFIG_HOME=$OUT/home/config XDG_DATA_HOME=$OUT/home/data
unset DOCKET_DB DOCKET_TODAY DOCKET_TEMPLATES NO_COLOR || true
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
"$BIN" --db "$OUT/profile.sqlite3" init >/dev/null
"$BIN" --db "$OUT/profile.sqlite3" config set name "Bench Reporter" >/dev/null
"$BIN" --db "$OUT/profile.sqlite3" config set email bench@ledger.example >/dev/null

# The generator's inputs: a data set is made again when any of them changed.
stamp_of() {
    cat examples/gen.rs schema.sql src/law/*.rs src/app/tracker.rs src/app/deadlines.rs src/app/upgrade.rs src/model.rs \
        src/db/*.rs | sha256sum | cut -c1-16
}

generate() { # name requests events agencies
    local db=$OUT/$1.sqlite3 stamp
    stamp="$(stamp_of)-$2-$3-$4-$SEED-$TODAY"
    if [ -f "$db" ] && [ "$(cat "$db.stamp" 2>/dev/null)" = "$stamp" ]; then
        return
    fi
    echo "generating $1: $2 requests, $3 events, $4 agencies" >&2
    rm -rf "$db" "$db.stamp" "$OUT/$1.documents"
    "$GEN" --out "$db" --requests "$2" --events "$3" --agencies "$4" --seed "$SEED" \
        --today "$TODAY" --force
    echo "$stamp" >"$db.stamp"
}

ICE=$ROOT/../shared/data/ice-287g/participatingAgencies07182025pm.xlsx

# --- one data set --------------------------------------------------------------------------
bench_size() {
    local size=$1 requests events agencies
    case "$size" in
        small) requests=5000 events=50000 agencies=1000 ;;
        large) requests=100000 events=1000000 agencies=6000 ;;
    esac
    generate "$size" "$requests" "$events" "$agencies"
    local DB=$OUT/$size.sqlite3 W=$OUT/$size-work
    rm -rf "$W"
    mkdir -p "$W"
    local D="$BIN --db $DB --today $TODAY"
    # Open docket once so that rules are in sync and nothing below pays for a first open.
    $D list --status draft >/dev/null

    # The overdue query as SQL on the cached columns: open requests, not waiting for us to
    # read a reply, whose response, appeal-decision or follow-up date, or acknowledgment date,
    # has passed; with agency and batch, latest first.
    local OPEN="'filed','acknowledged','clarification-needed','fee-requested','extended','partial','appealed','appeal-granted'"
    local SQL_OVERDUE="SELECT r.id, a.slug, a.name, a.state, r.due_clock, r.due_on, r.ack_clock,
        r.ack_due_on, CAST(julianday('$TODAY') - julianday(min(coalesce(r.due_on, '9999'),
        coalesce(r.ack_due_on, '9999'))) AS INTEGER) AS late, r.title, r.status,
        r.tracking_number, b.name
      FROM requests r JOIN agencies a ON a.id = r.agency_id
      LEFT JOIN batches b ON b.id = r.batch_id
      WHERE r.status IN ($OPEN) AND NOT r.needs_review
        AND ((r.due_on < '$TODAY' AND r.due_clock IN ('response', 'appeal-decision', 'followup'))
             OR r.ack_due_on < '$TODAY')
      ORDER BY late DESC, r.id;"
    local SQL_TX="SELECT r.id, a.slug, a.name, a.state, r.title, r.status, r.filed_on, r.due_on,
        r.due_clock, r.flag, r.tracking_number, b.name
      FROM requests r JOIN agencies a ON a.id = r.agency_id
      LEFT JOIN batches b ON b.id = r.batch_id
      WHERE a.state = 'TX' ORDER BY r.id;"

    echo "$SQL_OVERDUE" >"$W/overdue.sql"
    echo "$SQL_TX" >"$W/tx.sql"

    # Requests to look at: the longest history, and an open request to log an event on.
    local SHOW LOGID
    SHOW=$(sqlite3 "$DB" "SELECT request_id FROM events GROUP BY request_id ORDER BY count(*) DESC, request_id LIMIT 1;")
    LOGID=$(sqlite3 "$DB" "SELECT id FROM requests WHERE status = 'acknowledged' ORDER BY id DESC LIMIT 1;")

    # Bulk draft: the first 3,000 agencies by slug, named one by one.
    {
        printf 'exec %q --db %q --today %s draft --template 287g-agreement --batch bench-draft' \
            "$BIN" "$W/draft.sqlite3" "$TODAY"
        sqlite3 "$DB" "SELECT slug FROM agencies ORDER BY slug LIMIT 3000;" | sed 's/^/ --agency /' | tr -d '\n'
        echo
    } >"$W/draft3000.sh"
    local NDRAFT
    NDRAFT=$(sqlite3 "$DB" "SELECT min(count(*), 3000) FROM agencies;")

    # An empty docket database for the ICE import.
    "$BIN" --db "$W/empty.sqlite3" --today "$TODAY" init >/dev/null

    # Taskwarrior: the open requests with a due date, as tasks (dates moved so that Taskwarrior's
    # real "now" stands where docket's --today does).
    local SHIFT TASKS_JSON=$W/tasks.json
    SHIFT=$(sqlite3 :memory: "SELECT CAST(julianday(date('now')) - julianday('$TODAY') AS INTEGER);")
    sqlite3 "$DB" "SELECT json_object(
            'uuid', r.uid, 'status', 'pending',
            'description', a.name || ': ' || r.title,
            'project', 'foia.' || lower(a.state),
            'entry', strftime('%Y%m%dT%H%M%SZ', r.created_at),
            'due', strftime('%Y%m%dT120000Z', date(min(
                CASE WHEN r.due_clock <> 'appeal-window' THEN coalesce(r.due_on, '9999-12-31') ELSE '9999-12-31' END,
                coalesce(r.ack_due_on, '9999-12-31')), '+$SHIFT days')))
          FROM requests r JOIN agencies a ON a.id = r.agency_id
          WHERE r.status IN ($OPEN) AND NOT r.needs_review
            AND min(CASE WHEN r.due_clock <> 'appeal-window' THEN coalesce(r.due_on, '9999-12-31') ELSE '9999-12-31' END,
                    coalesce(r.ack_due_on, '9999-12-31')) < '9999-12-31'
          ORDER BY r.id;" >"$TASKS_JSON"
    local TASKDATA_DIR=$W/taskdata TASKRC_FILE=$W/taskrc
    mkdir -p "$TASKDATA_DIR"
    printf 'data.location=%s\nconfirmation=off\nhooks=off\nnews.version=2.6.0\n' "$TASKDATA_DIR" >"$TASKRC_FILE"
    echo "importing $(wc -l <"$TASKS_JSON") tasks into Taskwarrior" >&2
    TASKRC=$TASKRC_FILE task rc.verbose=nothing import "$TASKS_JSON" >/dev/null 2>&1
    local T="env TASKRC=$TASKRC_FILE task"

    # Do all three agree on what is overdue?
    local n_docket n_sqlite n_task
    n_docket=$($D overdue --format csv | tail -n +2 | wc -l)
    n_sqlite=$(sqlite3 "$DB" "$SQL_OVERDUE" | wc -l)
    n_task=$($T rc.verbose=nothing +OVERDUE count)
    echo "overdue rows: docket $n_docket, sqlite3 $n_sqlite, taskwarrior $n_task" >&2
    local n_tx n_tx_sql
    n_tx=$($D list --state TX --format csv | tail -n +2 | wc -l)
    n_tx_sql=$(sqlite3 "$DB" "$SQL_TX" | wc -l)
    echo "list --state TX rows: docket $n_tx, sqlite3 $n_tx_sql" >&2

    # name | command | prepare (empty: none) | target
    local -a NAMES CMDS PREPS TARGETS
    add() { NAMES+=("$1"); CMDS+=("$2"); PREPS+=("$3"); TARGETS+=("$4"); }
    add "docket --help" "$BIN --help" "" ""
    add "docket overdue" "$D overdue" "" "<100 ms, <2x sqlite3"
    add "sqlite3: same overdue query" "sqlite3 $DB \".read $W/overdue.sql\"" "" "(floor)"
    add "task overdue (Taskwarrior)" "$T overdue" "" "(peer)"
    add "docket list --state TX" "$D list --state TX" "" "<100 ms, <2x sqlite3"
    add "sqlite3: same TX listing" "sqlite3 $DB \".read $W/tx.sql\"" "" "(floor)"
    add "docket list --format csv (all)" "$D list --format csv" "" "<1 s"
    add "docket stats --by agency" "$D stats --by agency" "" "<1 s"
    add "docket export --format json" "$D export --format json" "" "<1 s"
    add "docket show $SHOW" "$D show $SHOW" "" "<20 ms"
    add "docket log $LOGID extend --days 10" \
        "$BIN --db $W/log.sqlite3 --today $TODAY log $LOGID extend --days 10 --note bench" \
        "bash -c 'cp $DB $W/log.sqlite3 && sync $W/log.sqlite3'" "<20 ms"
    add "docket draft to $NDRAFT agencies" "bash $W/draft3000.sh" \
        "bash -c 'cp $DB $W/draft.sqlite3 && sync $W/draft.sqlite3'" "<2 s"
    if [ -f "$ICE" ]; then
        add "docket agency import (ICE xlsx)" \
            "$BIN --db $W/import.sqlite3 --today $TODAY agency import $ICE" \
            "bash -c 'cp $W/empty.sqlite3 $W/import.sqlite3 && sync $W/import.sqlite3'" "<300 ms"
    fi

    local table=$RESULTS/$size.md
    {
        echo "| command | median | mean ± σ | min | peak RSS | target |"
        echo "|---|---:|---:|---:|---:|---|"
    } >"$table.tmp"
    local i
    for i in "${!NAMES[@]}"; do
        local name=${NAMES[$i]} cmd=${CMDS[$i]} prep=${PREPS[$i]} csv=$W/h$i.csv
        echo "== $name" >&2
        # -N: no shell between hyperfine and the command (nothing to subtract).
        local -a hf=(hyperfine -N --runs "$RUNS" --style basic --export-csv "$csv")
        if [ -n "$prep" ]; then
            hf+=(--warmup 1 --prepare "$prep")
        else
            hf+=(--warmup 2)
        fi
        # Taskwarrior exits 1 when no task matches (a tiny data set).
        case "$name" in task*) hf+=(--ignore-failure) ;; esac
        cat "$DB" >/dev/null # the data set in the page cache, as for any command run twice
        "${hf[@]}" "$cmd" >&2
        # Peak memory of one more run (after the same preparation).
        [ -n "$prep" ] && eval "$prep"
        local rss
        rss=$(/usr/bin/time -v bash -c "exec $cmd" 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}')
        awk -F, -v name="$name" -v rss="$rss" -v target="${TARGETS[$i]}" '
            function fmt(s) { return s < 1 ? sprintf("%.1f ms", s * 1000) : sprintf("%.2f s", s) }
            NR == 2 {
                printf "| `%s` | %s | %s ± %s | %s | %.1f MB | %s |\n", name, fmt($4), fmt($2), fmt($3), fmt($7), rss / 1024, target
            }' "$csv" >>"$table.tmp"
    done
    mv "$table.tmp" "$table"

    # Ratios to the floor and to the peer.
    median() { awk -F, 'NR == 2 { print $4 }' "$W/h$1.csv"; }
    {
        echo
        echo "Ratios (medians): overdue / sqlite3 = $(awk -v a="$(median 1)" -v b="$(median 2)" 'BEGIN { printf "%.2f", a / b }')," \
            "list --state TX / sqlite3 = $(awk -v a="$(median 4)" -v b="$(median 5)" 'BEGIN { printf "%.2f", a / b }')," \
            "Taskwarrior overdue / docket overdue = $(awk -v a="$(median 3)" -v b="$(median 1)" 'BEGIN { printf "%.1f", a / b }')."
        echo
        echo "Rows: overdue $n_docket (sqlite3 $n_sqlite, Taskwarrior $n_task); list --state TX $n_tx (sqlite3 $n_tx_sql)." \
            "Data set: $requests requests, $events events, $(sqlite3 "$DB" 'SELECT count(*) FROM agencies') agencies;" \
            "file $(du -m "$DB" | cut -f1) MB. $RUNS timed runs per command; $(task --version) ($(sqlite3 --version | cut -d' ' -f1) shell)."
    } >>"$table"
    echo
    echo "## $size"
    echo
    cat "$table"
}

for size in $SIZES; do
    bench_size "$size"
done
echo
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores;" \
    "tables saved in bench/results/"
