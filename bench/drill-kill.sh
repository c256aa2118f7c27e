#!/usr/bin/env bash
# Crash drill (issue 4, benchmark 3) on PostgreSQL: a client posts 20,000 signed messages through the
# API channel, retrying connection errors, timeouts and 5xx with the same body (same messageId), while
# this script kills the server with SIGKILL at ~30 % and ~60 % and starts it again. Afterwards it waits
# for the inbound recovery job (events unprocessed for 30 s are reprocessed every 10 s) and checks in SQL:
# exactly 20,000 messages from the drill, no duplicates, each in a conversation of the sender's contact,
# one conversation per contact, every inbound event processed.
#
#   bench/drill-kill.sh [--no-build] [--total N] [--clients N] [--customers N] [--keep-db] [--async]
#   --async: the client sends "Prefer: respond-async", so a kill also loses the in-memory work queues
#            (acknowledged, stored, not yet threaded); the recovery job must find those events
source "$(dirname "$(readlink -f "$0")")/lib.sh"

TOTAL=20000 CLIENTS=16 CUSTOMERS=5000 KEEP_DB=0 KILLS="30 60" ASYNC=0
while (($#)); do
  case $1 in
    --no-build) BENCH_NO_BUILD=1 ;;
    --total) TOTAL=$2; shift ;;
    --clients) CLIENTS=$2; shift ;;
    --customers) CUSTOMERS=$2; shift ;;
    --kills) KILLS=$2; shift ;;
    --keep-db) KEEP_DB=1 ;;
    --async) ASYNC=1 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) die "unknown option $1" ;;
  esac
  shift
done

build_jar
new_secrets
run=drill-$(date +%Y%m%d-%H%M%S)
db=naadloos_bench_drill_$$
work=$out_dir/$run
mkdir -p "$work"
log=$work/app.log
port=$(free_port)
client_pid=""
cleanup() {
  [[ -n $client_pid ]] && { kill "$client_pid" 2>/dev/null || true; }
  stop_app
  ((KEEP_DB)) || drop_db "$db"
}
trap cleanup EXIT

say "fresh database $db, app on port $port (log $log)"
fresh_db "$db"
start_app "$db" "$port" "$work/data" "$log"
secret_a=$(openssl rand -hex 24) secret_b=$(openssl rand -hex 24)
acct_a=$(create_api_account "$port" "Drill shop" "$secret_a")
acct_b=$(create_api_account "$port" "Drill app" "$secret_b")

progress=$work/progress
echo 0 >"$progress"
say "client: $TOTAL messages, $CLIENTS clients, $CUSTOMERS customers; SIGKILL at ${KILLS// /% and }%"
t_start=$SECONDS
"$JAVA" "$bench_dir/IngestLoad.java" mode=drill base="http://127.0.0.1:$port" \
  accounts="$acct_a:$secret_a,$acct_b:$secret_b" clients="$CLIENTS" total="$TOTAL" customers="$CUSTOMERS" \
  prefix="$run" progress="$progress" prefer="$( ((ASYNC)) && echo async || echo wait)" >"$work/client.txt" 2>&1 &
client_pid=$!

kill_log=""
for pct in $KILLS; do
  threshold=$((TOTAL * pct / 100))
  acked_now() { local v; v=$(cat "$progress" 2>/dev/null || true); echo "${v:-0}"; }
  while (( $(acked_now) < threshold )); do
    kill -0 "$client_pid" 2>/dev/null || break
    sleep 0.05
  done
  acked=$(acked_now)
  kill -9 "$APP_PID"
  wait "$APP_PID" 2>/dev/null || true
  at=$((SECONDS - t_start))
  events_then=$(q "$db" -c "select count(*) || ' stored, ' || count(*) filter (where processed_at is null) || ' unprocessed' from inbound_events where provider_id like '$run-%'")
  say "SIGKILL at ${at}s with $acked acknowledged ($events_then); restarting"
  t0=$(date +%s.%N)
  echo "---- restart after SIGKILL ----" >>"$log"
  start_app "$db" "$port" "$work/data" "$log"
  restart=$(echo "$(date +%s.%N) - $t0" | bc | xargs printf '%.1f')
  kill_log+="| ${pct} % | ${at} s | $acked | $events_then | $restart s |"$'\n'
done
wait "$client_pid" || true
client_pid=""
client_seconds=$((SECONDS - t_start))
cat "$work/client.txt"
r() { sed -n "s/^RESULT $1=//p" "$work/client.txt"; }

say "waiting for the recovery job to process what the kills left (grace 30 s, every 10 s)"
t0=$SECONDS
while :; do
  left=$(q "$db" -c "select count(*) from inbound_events where provider_id like '$run-%' and processed_at is null")
  ((left == 0)) && break
  ((SECONDS - t0 < (ASYNC ? 900 : 180))) || break
  sleep 2
done
recovery_wait=$((SECONDS - t0))

say "verifying in SQL"
read -r messages distinct_ids dup_ids in_conv right_contact events unprocessed event_msg_match contacts convs multi < <(q "$db" -F ' ' -c "
  with m as (select * from messages where provider_message_id like '$run-%')
  select (select count(*) from m),
         (select count(distinct provider_message_id) from m),
         (select count(*) from (select provider_message_id from m group by provider_message_id having count(*) > 1) d),
         (select count(*) from m join conversations c on c.id = m.conversation_id join contacts k on k.id = c.contact_id),
         (select count(*) from m join conversations c on c.id = m.conversation_id
                                 join contact_identities i on i.id = m.identity_id and i.contact_id = c.contact_id),
         (select count(*) from inbound_events where provider_id like '$run-%'),
         (select count(*) from inbound_events where provider_id like '$run-%' and processed_at is null),
         (select count(*) from inbound_events e join m on m.id = e.message_id where e.provider_id like '$run-%'),
         (select count(distinct c.contact_id) from m join conversations c on c.id = m.conversation_id),
         (select count(distinct m.conversation_id) from m),
         (select count(*) from (select c.contact_id from conversations c where c.status <> 'CLOSED'
                                group by c.contact_id having count(*) > 1) x)")
ok() { [[ $1 == "$2" ]] && echo "yes" || echo "**NO**"; }
all_ok=$([[ $messages == "$TOTAL" && $distinct_ids == "$TOTAL" && $dup_ids == 0 && $in_conv == "$TOTAL" \
  && $right_contact == "$TOTAL" && $events == "$TOTAL" && $unprocessed == 0 && $event_msg_match == "$TOTAL" && $multi == 0 ]] \
  && echo "**passed**" || echo "**FAILED**")
errors_in_log=$(grep -c 'Processing inbound event .* failed' "$log" || true)
# Events whose processing finished 30 s or more after they were stored: picked up by the recovery job
# (a client retry of the same messageId processes a left-over event at once instead).
recovered=$(q "$db" -c "select count(*) from inbound_events where provider_id like '$run-%' and processed_at >= received_at + interval '30 seconds'")

results_file=$out_dir/results-drill.md
((ASYNC == 0)) || results_file=$out_dir/results-drill-async.md
cat >"$results_file" <<EOF
### Crash drill — $(date -u +%Y-%m-%d)

Command: \`bench/drill-kill.sh$( ((ASYNC)) && echo " --async")\` (client \`bench/IngestLoad.java mode=drill\`). $CLIENTS clients post $TOTAL
signed messages ($CUSTOMERS customers, 2 trusted API accounts), retrying connection errors, timeouts and 5xx
with exactly the same body; the script kills the server with \`SIGKILL\` twice and starts it again on the
same database. Result: $all_ok.

$(machine_info)

| kill at | seconds into the drill | acknowledged then | inbound events then | restart to healthy |
|---|---|---|---|---|
$kill_log
Client: $(r acked) of $TOTAL acknowledged in $(r seconds) s; $(r retries) retries ($(r connection_errors)
connection errors, $(r server_errors) 5xx), at most $(r max_attempts) attempts for one message, $(r client_errors) 4xx.
Recovery: events left unprocessed by a kill were processed by the client's retry of the same messageId
or by the recovery job ($recovered events finished 30 s or more after they were stored); the last one was
processed ${recovery_wait} s after the client finished; $errors_in_log processing failures were logged (each retried).

| check (SQL) | result | expected | |
|---|---|---|---|
| messages with a drill messageId | $messages | $TOTAL | $(ok "$messages" "$TOTAL") |
| distinct provider message ids / ids stored twice | $distinct_ids / $dup_ids | $TOTAL / 0 | $(ok "$distinct_ids/$dup_ids" "$TOTAL/0") |
| messages in an existing conversation of an existing contact | $in_conv | $TOTAL | $(ok "$in_conv" "$TOTAL") |
| … of the contact that owns the sender's identity | $right_contact | $TOTAL | $(ok "$right_contact" "$TOTAL") |
| inbound events stored / unprocessed | $events / $unprocessed | $TOTAL / 0 | $(ok "$events/$unprocessed" "$TOTAL/0") |
| inbound events pointing at their stored message | $event_msg_match | $TOTAL | $(ok "$event_msg_match" "$TOTAL") |
| contacts with more than one open conversation (threading raced) | $multi | 0 | $(ok "$multi" 0) |
| contacts / conversations of the drill | $contacts / $convs | | |
EOF
say "wrote $results_file"
cat "$results_file"
