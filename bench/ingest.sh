#!/usr/bin/env bash
# Ingestion benchmark (issue 4, benchmark 1) on PostgreSQL: 32 concurrent clients post signed inbound
# messages through the API channel for 60 s after a 10 s warm-up; reports sustained messages/s and
# acknowledgement latency, checks in SQL that every 202 became exactly one message, and profiles the
# server (JFR CPU samples, PostgreSQL wait events, transactions per message, thread dumps).
#
#   bench/ingest.sh                    build a private jar, run, write bench/out/results-ingest.md
#                                      (results-ingest-async.md with --async)
#   bench/ingest.sh --no-build         reuse the jar in $BENCH_SRC/target (default /tmp/bench-src)
#   options: --clients N (32) --warmup S (10) --duration S (60) --customers N (20000) --no-jfr --keep-db
#            --async: clients send "Prefer: respond-async" (acknowledged once stored, threaded by the
#            workers afterwards); the script then waits until every event is processed and reports how
#            fast the workers threaded them
#
# Targets: >= 1,000 messages/s sustained for 60 s, acknowledgement p99 <= 50 ms.
source "$(dirname "$(readlink -f "$0")")/lib.sh"

CLIENTS=32 WARMUP=10 DURATION=60 CUSTOMERS=20000 JFR=1 KEEP_DB=0 ASYNC=0
while (($#)); do
  case $1 in
    --no-build) BENCH_NO_BUILD=1 ;;
    --clients) CLIENTS=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --duration) DURATION=$2; shift ;;
    --customers) CUSTOMERS=$2; shift ;;
    --no-jfr) JFR=0 ;;
    --keep-db) KEEP_DB=1 ;;
    --async) ASYNC=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) die "unknown option $1" ;;
  esac
  shift
done
TARGET_RATE=1000 TARGET_P99=50

build_jar
new_secrets
run=ingest-$(date +%Y%m%d-%H%M%S)
db=naadloos_bench_ingest_$$
work=$out_dir/$run
mkdir -p "$work"
log=$work/app.log
port=$(free_port)
cleanup() {
  stop_app
  [[ -n ${watch_pid:-} ]] && { kill "$watch_pid" 2>/dev/null || true; }
  ((KEEP_DB)) || drop_db "$db"
}
trap cleanup EXIT

say "fresh database $db, app on port $port (log $log)"
fresh_db "$db"
start_app "$db" "$port" "$work/data" "$log"
secret_a=$(openssl rand -hex 24) secret_b=$(openssl rand -hex 24)
acct_a=$(create_api_account "$port" "Bench shop" "$secret_a")
acct_b=$(create_api_account "$port" "Bench app" "$secret_b")
say "accounts $acct_a, $acct_b"

stats_sql="select xact_commit, xact_rollback, tup_inserted, tup_updated, tup_fetched, tup_returned from pg_stat_database where datname = '$db'"
read -r commits0 rollbacks0 ins0 upd0 fetched0 returned0 < <(q "$db" -F ' ' -c "$stats_sql")
machine_busy() { awk -v hz="$(getconf CLK_TCK)" '/^cpu / {printf "%.1f", ($2+$3+$4+$7+$8)/hz}' /proc/stat; }
cpu_app0=$(cpu_seconds "$APP_PID") cpu_pg0=$(cpu_seconds pg) busy0=$(machine_busy) load0=$(cut -d' ' -f1 /proc/loadavg)
thread_cpu "$APP_PID" >"$work/threads-cpu-0.txt"

if ((JFR)); then
  "$JAVA_HOME/bin/jcmd" "$APP_PID" JFR.start name=ingest settings=profile delay="${WARMUP}s" \
    duration="${DURATION}s" filename="$work/ingest.jfr" >/dev/null
fi
# Sample what PostgreSQL's client backends are doing, four times a second, during the measured window.
(sleep "$WARMUP"; printf "select coalesce(wait_event_type,'CPU') || ':' || coalesce(wait_event, state) from pg_stat_activity where datname = '%s' and backend_type = 'client backend' and pid <> pg_backend_pid() and state <> 'idle'\n\\\\watch 0.25\n" "$db" \
  | timeout "$DURATION" psql -X -At -d "$db" >"$work/pg-activity.txt" 2>/dev/null) &
watch_pid=$!
# Thread dumps in the middle of the measured window.
(for t in 20 40; do sleep $((t - ${prev:-0})); prev=$t; "$JAVA_HOME/bin/jcmd" "$APP_PID" Thread.print >"$work/threads-$t.txt" 2>/dev/null; done) &
dump_pid=$!

say "load: $CLIENTS clients, ${WARMUP}s warm-up + ${DURATION}s measured, $CUSTOMERS customers"
"$JAVA" -Xmx1g "$bench_dir/IngestLoad.java" mode=load base="http://127.0.0.1:$port" \
  accounts="$acct_a:$secret_a,$acct_b:$secret_b" clients="$CLIENTS" warmup="$WARMUP" duration="$DURATION" \
  customers="$CUSTOMERS" prefix="$run" prefer="$( ((ASYNC)) && echo async || echo wait)" | tee "$work/client.txt"
client_done=$SECONDS
cpu_app1=$(cpu_seconds "$APP_PID") cpu_pg1=$(cpu_seconds pg) busy1=$(machine_busy) load1=$(cut -d' ' -f1 /proc/loadavg)
thread_cpu "$APP_PID" >"$work/threads-cpu-1.txt"
wait "$dump_pid" 2>/dev/null || true
wait "$watch_pid" 2>/dev/null || true
read -r commits1 rollbacks1 ins1 upd1 fetched1 returned1 < <(q "$db" -F ' ' -c "$stats_sql")
r() { sed -n "s/^RESULT $1=//p" "$work/client.txt"; }

drain_md=""
if ((ASYNC)); then
  say "waiting until the workers have processed every stored event"
  until [[ $(q "$db" -c "select count(*) from inbound_events where provider_id like '$run-%' and processed_at is null") == 0 ]]; do
    ((SECONDS - client_done < 900)) || { say "still unprocessed events after 900 s"; break; }
    sleep 1
  done
  read -r span processed_rate < <(q "$db" -F ' ' -c "
    select round(extract(epoch from max(processed_at) - min(received_at))::numeric, 1),
           round(count(*) / nullif(extract(epoch from max(processed_at) - min(received_at)), 0)::numeric, 1)
    from inbound_events where provider_id like '$run-%'")
  drain_md="Processing (\`Prefer: respond-async\`: acknowledged once stored, threaded by the inbound workers): the last
event was processed $((SECONDS - client_done)) s after the client finished; from the first event received to the
last processed took $span s: the workers threaded **$processed_rate msg/s** on average over that span (sharing the
CPU with the acknowledgements during the load, alone afterwards)."
fi
say "verifying in SQL"
sleep 2
accepted=$(r accepted_total)
read -r messages distinct_ids events unprocessed conversations contacts identities < <(q "$db" -F ' ' -c "
  select (select count(*) from messages where provider_message_id like '$run-%'),
         (select count(distinct (channel_account_id, provider_message_id)) from messages where provider_message_id like '$run-%'),
         (select count(*) from inbound_events where provider_id like '$run-%'),
         (select count(*) from inbound_events where provider_id like '$run-%' and processed_at is null),
         (select count(*) from conversations), (select count(*) from contacts), (select count(*) from contact_identities)")
verdict_loss=$([[ $messages == "$accepted" && $distinct_ids == "$messages" && $events == "$accepted" && $unprocessed == 0 ]] && echo "yes" || echo "**NO**")

table_stats=$(q "$db" -F '|' -c "select relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, seq_scan, idx_scan from pg_stat_user_tables where n_tup_ins + n_tup_upd + seq_scan + coalesce(idx_scan,0) > 0 order by n_tup_ins + n_tup_upd desc" \
  | awk -F'|' '{printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6}')
wait_events=$(sort "$work/pg-activity.txt" | grep -v '^$' | uniq -c | sort -rn | head -8 \
  | awk -v total="$(grep -cv '^$' "$work/pg-activity.txt")" '{printf "| %s | %d | %.0f %% |\n", $2, $1, 100*$1/total}')
samples=$(grep -c 'now' "$work/pg-activity.txt" 2>/dev/null || true)

thread_summary=""
if [[ -f $work/threads-40.txt ]]; then
  thread_summary=$(awk '/^"http-nio/ {t=1; next} t && /^\s+at / {print $2; t=0} /^$/ {t=0}' "$work/threads-40.txt" \
    | sed 's/(.*//' | sort | uniq -c | sort -rn | head -6 | awk '{printf "| `%s` | %d |\n", $2, $1}')
fi
jfr_md="(JFR off)"
if ((JFR)) && [[ -f $work/ingest.jfr ]]; then
  jfr_md=$(python3 "$bench_dir/jfr_summary.py" "$work/ingest.jfr" "$JAVA_HOME/bin/jfr")
fi

rate=$(r rate) p99=$(r p99_ms) min_second=$(r rate_min_second)
total_msgs=$((commits1 - commits0))
ok_rate=$(echo "$rate >= $TARGET_RATE && $min_second >= $TARGET_RATE" | bc) ok_p99=$(echo "$p99 <= $TARGET_P99" | bc)
errors=$(( $(r non_202) + $(r exceptions) ))
measured_total=$(r requests_measured)
mark() { (($1)) && echo "met" || echo "**not met**"; }

results_file=$out_dir/results-ingest.md
((ASYNC == 0)) || results_file=$out_dir/results-ingest-async.md
cat >"$results_file" <<EOF
### Ingestion through the API channel — $(date -u +%Y-%m-%d)

Command: \`bench/ingest.sh$( ((ASYNC)) && echo " --async")\` (load client \`bench/IngestLoad.java\`, JDK only). $CLIENTS concurrent clients in
closed loops post signed messages (\`POST /api/v1/channels/api/{accountId}/messages\`) to 2 trusted API
channel accounts for ${WARMUP} s warm-up + ${DURATION} s measured, on a fresh PostgreSQL database. Senders are
drawn uniformly from $CUSTOMERS customers (each with a Dutch mobile number, \`+316…\` on one account and
\`06 …\` on the other, so both accounts resolve to the same contact); by the end the database held
$contacts contacts, $identities identities, $conversations conversations.

$(machine_info)

| | measured | target | |
|---|---|---|---|
| sustained rate (202s/s over ${DURATION} s) | **$rate msg/s** (slowest second $min_second, fastest $(r rate_max_second)) | >= $TARGET_RATE msg/s | $(mark "$ok_rate") |
| acknowledgement latency p50 / p95 / p99 | $(r p50_ms) / $(r p95_ms) / **$p99 ms** | p99 <= $TARGET_P99 ms | $(mark "$ok_p99") |
| p99.9 / max | $(r p999_ms) / $(r max_ms) ms | | |
| errors (non-202 answers + I/O errors) | $errors of $measured_total measured requests | 0 | $( ((errors == 0)) && echo met || echo "**not met**") |
| 202s answered \`queued\` (stored, processed later) | $(r queued_answers) | | |
| no loss, no duplicates: 202 answers = messages = inbound events, all processed | $accepted = $messages = $events, distinct ids $distinct_ids, unprocessed $unprocessed | equal | $verdict_loss |

Messages per second, second by second: \`$(r per_second)\`

$drain_md

CPU during the measured window (2 cores = $((2 * DURATION)) core-seconds available): application
$(echo "$cpu_app1 - $cpu_app0" | bc) s, PostgreSQL $(echo "$cpu_pg1 - $cpu_pg0" | bc) s, load client $(r client_cpu_s) s
(application and PostgreSQL counted over warm-up + measured window, $((WARMUP + DURATION)) s; the client over its whole run).
The machine as a whole was busy for $(echo "$busy1 - $busy0" | bc) of $((2 * (WARMUP + DURATION))) core-seconds in that time, so other
processes on this shared machine took about $(echo "$busy1 - $busy0 - ($cpu_app1 - $cpu_app0) - ($cpu_pg1 - $cpu_pg0) - $(r client_cpu_s)" | bc) core-seconds
(load average $load0 before, $load1 after). Application CPU per acknowledged message:
$(echo "scale=2; 1000 * ($cpu_app1 - $cpu_app0) / $accepted" | bc) ms, PostgreSQL: $(echo "scale=2; 1000 * ($cpu_pg1 - $cpu_pg0) / $accepted" | bc) ms.

PostgreSQL work for all $accepted messages (warm-up included): $total_msgs committed transactions
($(echo "scale=1; $total_msgs / $accepted" | bc) per message), $(( rollbacks1 - rollbacks0 )) rollbacks,
$(( ins1 - ins0 )) rows inserted ($(echo "scale=1; ($ins1 - $ins0) / $accepted" | bc) per message), $(( upd1 - upd0 )) updated ($(echo "scale=1; ($upd1 - $upd0) / $accepted" | bc) per message).

| table | inserted | updated | HOT updated | seq scans | index scans |
|---|---|---|---|---|---|
$table_stats

What PostgreSQL's busy client backends were doing (sampled every 250 ms; \`CPU:active\` = running):

| wait event | samples | share |
|---|---|---|
$wait_events

Top frames of Tomcat request threads in a thread dump 40 s into the run:

| frame | threads |
|---|---|
$thread_summary

The application's CPU by thread (\`/proc/<pid>/task/*/stat\`, warm-up + measured window; JIT compiler and GC
threads are not in the JFR samples below):

| threads | CPU (s) | share |
|---|---:|---:|
$(thread_cpu_table "$work/threads-cpu-0.txt" "$work/threads-cpu-1.txt")

Where the application's CPU goes (JFR \`profile\` recording of the measured window):

$jfr_md
EOF
say "wrote $results_file"
cat "$results_file"
