#!/usr/bin/env bash
# docket's benchmark suite: builds in release mode, generates the data sets (cached under
# bench/out/, git-ignored), times each command with hyperfine and measures its peak memory with
# GNU time, and prints a table beside the same queries run by the sqlite3 shell (the floor) and
# Taskwarrior's `task overdue` (the peer). See BENCHMARKS.md.
#
#   bench/run.sh                 every data set below
#   bench/run.sh small           5,000 requests and 50,000 events only (a quick run)
#   bench/run.sh large           100,000 requests and 1,000,000 events only
#   bench/run.sh rows            listings of 100 and of 30,000 rows, each beside the sqlite3
#                                shell printing the same rows (the cost per printed row)
#   bench/run.sh scale           overdue on 1,000,000 requests (10% open) beside overdue on
#                                the large set's 100,000, with the same overdue rows
#   bench/run.sh sync            team sync over a shared folder: seconds and bytes per 1,000
#                                events, and a new member joining a team whose tracker holds
#                                the large set's 1,000,000 events
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
    all) SIZES="small large rows scale sync" ;;
    small | large | rows | scale | sync) ;;
    *) echo "usage: bench/run.sh [small|large|rows|scale|sync|all]" >&2; exit 2 ;;
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

generate() { # name requests events agencies [more generator arguments]
    local name=$1 requests=$2 events=$3 agencies=$4
    shift 4
    local db=$OUT/$name.sqlite3 stamp
    stamp="$(stamp_of)-$requests-$events-$agencies-$*-$SEED-$TODAY"
    if [ -f "$db" ] && [ "$(cat "$db.stamp" 2>/dev/null)" = "$stamp" ]; then
        return
    fi
    echo "generating $name: $requests requests, $events events, $agencies agencies $*" >&2
    rm -rf "$db" "$db.stamp" "$OUT/$name.documents"
    "$GEN" --out "$db" --requests "$requests" --events "$events" --agencies "$agencies" \
        --seed "$SEED" --today "$TODAY" --force "$@"
    echo "$stamp" >"$db.stamp"
}

# The open statuses, as SQL.
OPEN="'filed','acknowledged','clarification-needed','fee-requested','extended','partial','appealed','appeal-granted'"

# The overdue query as SQL on the cached columns: open requests, not waiting for us to read a
# reply, whose response, appeal-decision or follow-up date, or acknowledgment date, has passed;
# with agency and batch, latest first.
SQL_OVERDUE="SELECT r.id, a.slug, a.name, a.state, r.due_clock, r.due_on, r.ack_clock,
    r.ack_due_on, CAST(julianday('$TODAY') - julianday(min(coalesce(r.due_on, '9999'),
    coalesce(r.ack_due_on, '9999'))) AS INTEGER) AS late, r.title, r.status,
    r.tracking_number, b.name
  FROM requests r JOIN agencies a ON a.id = r.agency_id
  LEFT JOIN batches b ON b.id = r.batch_id
  WHERE r.status IN ($OPEN) AND NOT r.needs_review
    AND ((r.due_on < '$TODAY' AND r.due_clock IN ('response', 'appeal-decision', 'followup'))
         OR r.ack_due_on < '$TODAY')
  ORDER BY late DESC, r.id;"

# A listing's columns with agency and batch, by id (add a WHERE before the ORDER BY).
sql_list() {
    echo "SELECT r.id, a.slug, a.name, a.state, r.title, r.status, r.filed_on, r.due_on,
    r.due_clock, r.flag, r.tracking_number, b.name
  FROM requests r JOIN agencies a ON a.id = r.agency_id
  LEFT JOIN batches b ON b.id = r.batch_id $1 ORDER BY r.id;"
}

# The export's 28 columns as CSV with a header, by id.
SQL_EXPORT=".headers on
.mode csv
SELECT r.id, r.uid, a.slug AS agency, a.name AS agency_name, a.state, b.name AS batch, r.title,
    r.template, r.status, r.filed_on, r.due_on, r.due_clock, r.flag, r.flag AS flags,
    r.paused_days AS days_overdue, r.paused_days AS calendar_days_overdue, r.waiting_since,
    r.paused_days, r.tracking_number, r.fees_requested_cents / 100.0 AS fees_requested,
    r.fees_paid_cents / 100.0 AS fees_paid, r.last_event_kind, r.last_event_on,
    r.completed_on, r.answered_on_time, r.due_clock || ' ' || r.due_on AS next_action,
    a.kind AS citation, NULL AS about
  FROM requests r JOIN agencies a ON a.id = r.agency_id
  LEFT JOIN batches b ON b.id = r.batch_id ORDER BY r.id;"

# Runs the commands in NAMES, CMDS, PREPS (empty: none) and TARGETS with hyperfine (medians into
# $W/h<i>.csv), measures each one's peak memory, and writes the results table to $1.
run_cases() {
    local table=$1 i
    {
        echo "| command | median | mean ± σ | min | peak RSS | target |"
        echo "|---|---:|---:|---:|---:|---|"
    } >"$table.tmp"
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
        cat "${DBS[$i]}" >/dev/null # the data set in the page cache, as for any command run twice
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
}

# The median of case $1, and the ratio of two cases' medians.
median() { awk -F, 'NR == 2 { print $4 }' "$W/h$1.csv"; }
ratio() { awk -v a="$(median "$1")" -v b="$(median "$2")" 'BEGIN { printf "%.2f", a / b }'; }

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

    local SQL_TX
    SQL_TX=$(sql_list "WHERE a.state = 'TX'")

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
        sqlite3 "$DB" "SELECT slug FROM agencies WHERE state <> 'US' ORDER BY slug LIMIT 3000;" | sed 's/^/ --agency /' | tr -d '\n'
        echo
    } >"$W/draft3000.sh"
    local NDRAFT
    NDRAFT=$(sqlite3 "$DB" "SELECT min(count(*), 3000) FROM agencies WHERE state <> 'US';")

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
    NAMES=() CMDS=() PREPS=() TARGETS=() DBS=()
    add() { NAMES+=("$1"); CMDS+=("$2"); PREPS+=("$3"); TARGETS+=("$4"); DBS+=("$DB"); }
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
    run_cases "$table"

    # Ratios to the floor and to the peer.
    {
        echo
        echo "Ratios (medians): overdue / sqlite3 = $(ratio 1 2)," \
            "list --state TX / sqlite3 = $(ratio 4 5)," \
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

# --- listings of 100 and of 30,000 rows beside the sqlite3 shell ----------------------------
# Requests that are all late (filed and never answered), so that overdue, list and export print
# the same rows: the cost per printed row, against the shell printing those rows.
bench_rows() {
    local table=$RESULTS/rows.md W=$OUT/rows-work n
    rm -rf "$W"
    mkdir -p "$W"
    echo "$SQL_OVERDUE" >"$W/overdue.sql"
    sql_list "" >"$W/list.sql"
    echo "$SQL_EXPORT" >"$W/export.sql"
    NAMES=() CMDS=() PREPS=() TARGETS=() DBS=()
    add() { NAMES+=("$1"); CMDS+=("$2"); PREPS+=("$3"); TARGETS+=("$4"); DBS+=("$DB"); }
    local counts=""
    for n in 100 30000; do
        generate "late$n" 0 0 6000 --late "$n"
        local DB=$OUT/late$n.sqlite3
        local D="$BIN --db $DB --today $TODAY"
        $D list --status draft >/dev/null
        counts+="$n late requests: overdue prints $($D overdue --format csv | tail -n +2 | wc -l) rows (sqlite3 $(sqlite3 "$DB" "$SQL_OVERDUE" | wc -l)), list $($D list --format csv | tail -n +2 | wc -l) (sqlite3 $(sqlite3 "$DB" ".read $W/list.sql" | wc -l)), export $($D export --format csv | tail -n +2 | wc -l) (sqlite3 $(sqlite3 "$DB" ".read $W/export.sql" | tail -n +2 | wc -l)). "
        add "docket overdue ($n rows)" "$D overdue" "" "<1.5x sqlite3"
        add "sqlite3: same overdue query ($n rows)" "sqlite3 $DB \".read $W/overdue.sql\"" "" "(floor)"
        add "docket list ($n rows)" "$D list" "" "<1.5x sqlite3"
        add "sqlite3: same listing ($n rows)" "sqlite3 $DB \".read $W/list.sql\"" "" "(floor)"
        add "docket export --format csv ($n rows)" "$D export --format csv" "" "<1.5x sqlite3"
        add "sqlite3: the export's columns as CSV ($n rows)" "sqlite3 $DB \".read $W/export.sql\"" "" "(floor)"
    done
    run_cases "$table"
    {
        echo
        echo "Ratios to sqlite3 (medians): 100 rows: overdue $(ratio 0 1), list $(ratio 2 3)," \
            "export --format csv $(ratio 4 5); 30,000 rows: overdue $(ratio 6 7), list $(ratio 8 9)," \
            "export --format csv $(ratio 10 11)."
        echo
        echo "Rows: $counts$RUNS timed runs per command; $(sqlite3 --version | cut -d' ' -f1) shell."
    } >>"$table"
    echo
    echo "## rows"
    echo
    cat "$table"
}

# --- 1,000,000 requests beside 100,000, the same overdue rows --------------------------------
# The large set's recipe, and the same requests followed by requests filed today (open, nothing
# due) and closed requests, to 1,000,000 requests of which 10% are open: the same overdue rows
# in an archive ten times as large.
bench_scale() {
    local table=$RESULTS/scale.md W=$OUT/scale-work
    rm -rf "$W"
    mkdir -p "$W"
    echo "$SQL_OVERDUE" >"$W/overdue.sql"
    generate large 100000 1000000 6000
    local open pending
    open=$(sqlite3 "$OUT/large.sqlite3" "SELECT count(*) FROM requests WHERE status IN ($OPEN);")
    pending=$((100000 - open))
    generate million 100000 1000000 6000 --pending "$pending" --closed $((900000 - pending))
    NAMES=() CMDS=() PREPS=() TARGETS=() DBS=()
    add() { NAMES+=("$1"); CMDS+=("$2"); PREPS+=("$3"); TARGETS+=("$4"); DBS+=("$DB"); }
    local counts="" set DB D
    for set in large million; do
        DB=$OUT/$set.sqlite3
        D="$BIN --db $DB --today $TODAY"
        $D list --status draft >/dev/null
        counts+="$set: $(sqlite3 "$DB" "SELECT count(*) || ' requests, ' || sum(status IN ($OPEN)) || ' open' FROM requests;"), overdue prints $($D overdue --format csv | tail -n +2 | wc -l) rows (sqlite3 $(sqlite3 "$DB" "$SQL_OVERDUE" | wc -l)), file $(du -m "$DB" | cut -f1) MB. "
    done
    DB=$OUT/large.sqlite3
    add "docket overdue (100,000 requests)" "$BIN --db $DB --today $TODAY overdue" "" ""
    add "sqlite3: same overdue query (100,000)" "sqlite3 $DB \".read $W/overdue.sql\"" "" "(floor)"
    DB=$OUT/million.sqlite3
    add "docket overdue (1,000,000 requests)" "$BIN --db $DB --today $TODAY overdue" "" "<1.5x the 100,000"
    add "sqlite3: same overdue query (1,000,000)" "sqlite3 $DB \".read $W/overdue.sql\"" "" "(floor)"
    run_cases "$table"
    {
        echo
        echo "Ratios (medians): overdue on 1,000,000 / on 100,000 = $(ratio 2 0)" \
            "(sqlite3 shell: $(ratio 3 1)); overdue / sqlite3 = $(ratio 0 1) on 100,000, $(ratio 2 3) on 1,000,000."
        echo
        echo "Data sets: $counts$RUNS timed runs per command."
    } >>"$table"
    echo
    echo "## scale"
    echo
    cat "$table"
}

# --- team sync over a shared folder ------------------------------------------------------------
# One run of each step (a sync changes what the next one has to do), timed with GNU time for
# seconds and peak memory; bytes are what the step added to the shared folder.
bench_sync() {
    local table=$RESULTS/sync.md W=$OUT/sync-work
    rm -rf "$W"
    mkdir -p "$W/folder"
    generate large 100000 1000000 6000
    local A=$W/a.sqlite3 B=$W/b.sqlite3 C=$W/c.sqlite3
    cp "$OUT/large.sqlite3" "$A"
    [ -d "$OUT/large.documents" ] && cp -r "$OUT/large.documents" "$W/a.documents"
    "$BIN" --db "$B" init >/dev/null
    "$BIN" --db "$C" init >/dev/null
    step() { # name db args...: one timed run; prints a table row
        local name=$1 db=$2
        shift 2
        local before after
        before=$(du -sb "$W/folder" | cut -f1)
        /usr/bin/time -f "%e %M" -o "$W/time" "$BIN" --db "$db" --today "$TODAY" "$@" >"$W/out" 2>&1 || {
            cat "$W/out" >&2
            exit 1
        }
        after=$(du -sb "$W/folder" | cut -f1)
        read -r secs kb <"$W/time"
        echo "| $name | $secs s | $((kb / 1024)) MB | $(((after - before) / 1024)) KiB | $(tail -n 1 "$W/out" | sed "s|$ROOT/||g" | cut -c1-90) |"
    }
    {
        echo "| step | time | peak RSS | added to the folder | what it said |"
        echo "|---|---|---|---|---|"
        step "team init (the large set's tracker)" "$A" team init "$W/folder" --name Bench
        local code
        code=$("$BIN" --db "$A" team invite)
        step "first sync: everything sent" "$A" sync
        step "team join (an empty database)" "$B" team join "$W/folder" --invite "$code" --name Joiner
        step "a new member's first sync: 1,000,000 events received" "$B" sync
        "$BIN" --db "$C" team join "$W/folder" --invite "$code" --name Third >/dev/null
        step "a third member's first sync" "$C" sync
        # 1,000 events logged on one laptop, then synced out and in.
        local ids
        ids=$(sqlite3 "$A" "SELECT id FROM requests WHERE status IN ($OPEN) ORDER BY id LIMIT 1000;")
        for id in $ids; do
            echo "log $id note --note bench --on $TODAY"
        done >"$W/log.txt"
        while read -r line; do
            # shellcheck disable=SC2086
            "$BIN" --db "$A" --today "$TODAY" $line >/dev/null
        done <"$W/log.txt"
        step "1,000 new events sent" "$A" sync
        step "1,000 new events received" "$B" sync
        step "a sync with nothing new" "$B" sync
        step "the third member catches up" "$C" sync
    } >"$table"
    # What every laptop must agree on: each request's uid, status, dates and flags, and each
    # event's uid, kind and day, hashed.
    fingerprint() {
        sqlite3 "$1" "SELECT uid, status, coalesce(filed_on,''), coalesce(due_on,''), coalesce(flags,'')
                      FROM requests ORDER BY uid; SELECT uid, kind, occurred_on FROM events ORDER BY uid;" |
            sha256sum | cut -c1-16
    }
    local fa fb fc
    fa=$(fingerprint "$A") fb=$(fingerprint "$B") fc=$(fingerprint "$C")
    {
        echo
        echo "Data set: $(sqlite3 "$A" 'SELECT count(*) FROM requests') requests, $(sqlite3 "$A" 'SELECT count(*) FROM events') events, $(sqlite3 "$A" 'SELECT count(*) FROM agencies') agencies; folder $(du -sm "$W/folder" | cut -f1) MB in $(find "$W/folder" -type f | wc -l) files; the three databases agree (requests and events, hashed): $([ "$fa" = "$fb" ] && [ "$fb" = "$fc" ] && echo "yes ($fa)" || echo "NO ($fa $fb $fc)")."
    } >>"$table"
    echo
    echo "## sync"
    echo
    cat "$table"
}

for size in $SIZES; do
    case "$size" in
        sync) bench_sync ;;
        rows) bench_rows ;;
        scale) bench_scale ;;
        *) bench_size "$size" ;;
    esac
done
echo
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores;" \
    "tables saved in bench/results/"
