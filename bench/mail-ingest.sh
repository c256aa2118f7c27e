#!/usr/bin/env bash
# E-mail ingestion benchmark (issue 5) on PostgreSQL: a GreenMail mailbox (bench/MailBench.java) receives
# 10,000 mixed mails (2,000 customers; plain, HTML, multipart, several charsets, replies with quoted history,
# auto-replies, 20 % with a 50 KB–2 MB file, one in 2,000 with 10 MB) while the application reads it over IMAP;
# measures mails/s end to end (in the mailbox -> threaded into a conversation), latency, the application's
# heap (also in a phase of 5–20 MB attachments), and checks in SQL that every mail became exactly one message.
#
#   bench/mail-ingest.sh               build a private jar, run all phases, write bench/out/results-mail-ingest.md
#                                      and its section of docs/benchmarks.md
#   bench/mail-ingest.sh --no-build    reuse the jar in $BENCH_SRC/target (default /tmp/bench-src)
#   options: --mails N (10000)      mails of the mixed phase      --customers N (2000)  distinct senders
#            --backlog N (200)      at most N untaken mails in the INBOX during the mixed phase
#                                   (0: all mails appended before the application reads)
#            --paced N (300) --rate R (auto)  paced phase: N mails at R mails/s (latency without a backlog);
#                                   auto: half the steady rate of the mixed phase
#            --big N (6) --big-mb LIST (5,10,20)   big phase: N mails with one file each of these sizes
#            --huge-every N (2000)  every N-th mixed mail has a 10 MB file (0: none)
#            --poll DURATION (PT0.5S)  the application's naadloos.channels.email.poll-interval (see README)
#            --attach-share F (0.2) share of mixed mails with a 50 KB–2 MB file
#            --phases LIST (mixed,paced,big)   --app-opts "JVM FLAGS"   --no-jfr --keep-db --no-docs
#
# Targets: >= 100 mails/s end to end into conversations; heap flat (no growth with attachment size).
source "$(dirname "$(readlink -f "$0")")/lib.sh"

MAILS=10000 CUSTOMERS=2000 BACKLOG=200 PACED=300 RATE=auto BIG=6 BIG_MB=5,10,20 HUGE_EVERY=2000 ATTACH_SHARE=0.2 POLL=PT0.5S
PHASES=mixed,paced,big APP_OPTS="" JFR=1 KEEP_DB=0 DOCS=1
while (($#)); do
  case $1 in
    --no-build) BENCH_NO_BUILD=1 ;;
    --mails) MAILS=$2; shift ;;
    --customers) CUSTOMERS=$2; shift ;;
    --backlog) BACKLOG=$2; shift ;;
    --paced) PACED=$2; shift ;;
    --rate) RATE=$2; shift ;;
    --big) BIG=$2; shift ;;
    --big-mb) BIG_MB=$2; shift ;;
    --huge-every) HUGE_EVERY=$2; shift ;;
    --attach-share) ATTACH_SHARE=$2; shift ;;
    --poll) POLL=$2; shift ;;
    --phases) PHASES=$2; shift ;;
    --app-opts) APP_OPTS=$2; shift ;;
    --no-jfr) JFR=0 ;;
    --keep-db) KEEP_DB=1 ;;
    --no-docs) DOCS=0 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) die "unknown option $1" ;;
  esac
  shift
done
TARGET_RATE=100

# GreenMail standalone, from Maven Central through Maven (version as in the pom).
gm_version=$(sed -n 's:.*<greenmail.version>\(.*\)</greenmail.version>.*:\1:p' "$repo_root/pom.xml" | head -1)
gm_jar=$HOME/.m2/repository/com/icegreen/greenmail-standalone/$gm_version/greenmail-standalone-$gm_version.jar
if [[ ! -f $gm_jar ]]; then
  say "fetching com.icegreen:greenmail-standalone:$gm_version with Maven"
  mvn -B -q dependency:get -Dartifact="com.icegreen:greenmail-standalone:$gm_version" -Dtransitive=false >&2 \
    || die "could not fetch greenmail-standalone $gm_version"
fi

build_jar
new_secrets
run=mail-$(date +%Y%m%d-%H%M%S)
tag=r$(date +%H%M%S)$$
db=naadloos_bench_mail_$$
work=$out_dir/$run
mail=$work/mail
mkdir -p "$mail"
log=$work/app.log
port=$(free_port) imap_port=$(free_port) smtp_port=$(free_port) proxy_port=$(free_port)
mail_password=$(openssl rand -hex 12)
address=support@bench.naadloos.test
corpus_dir=$repo_root/src/test/resources/mail/corpus
cleanup() {
  [[ -n ${jstat_pid:-} ]] && { kill "$jstat_pid" 2>/dev/null || true; }
  stop_app
  if [[ -n ${mail_pid:-} ]] && kill -0 "$mail_pid" 2>/dev/null; then
    touch "$mail/stop"; sleep 2; kill "$mail_pid" 2>/dev/null || true; wait "$mail_pid" 2>/dev/null || true
  fi
  ((KEEP_DB)) || drop_db "$db"
}
trap cleanup EXIT
trap 'exit 143' INT TERM

say "mail server: GreenMail $gm_version, IMAP 127.0.0.1:$imap_port behind the counting proxy :$proxy_port (log $work/mailserver.log)"
"$JAVA" -Xmx8g -XX:+UseParallelGC -cp "$gm_jar" "$bench_dir/MailBench.java" dir="$mail" run="$tag" \
  imapPort="$imap_port" smtpPort="$smtp_port" proxyPort="$proxy_port" address="$address" login=support \
  password="$mail_password" phases="$PHASES" mixed="$MAILS" customers="$CUSTOMERS" backlog="$BACKLOG" \
  paced="$PACED" rate="$RATE" big="$BIG" bigMb="$BIG_MB" hugeEvery="$HUGE_EVERY" attachShare="$ATTACH_SHARE" \
  corpus="$corpus_dir" >"$work/mailserver.log" 2>&1 &
mail_pid=$!
for _ in $(seq 1 240); do [[ -f $mail/ready ]] && break; kill -0 "$mail_pid" 2>/dev/null || break; sleep 0.25; done
[[ -f $mail/ready ]] || { cat "$work/mailserver.log" >&2; die "the mail server did not start"; }
corpus_files=$(awk '{print $NF}' "$mail/ready")

say "fresh database $db, app on port $port (log $log)"
fresh_db "$db"
# shellcheck disable=SC2086
start_app "$db" "$port" "$work/data" "$log" -Dnaadloos.channels.email.poll-interval="$POLL" $APP_OPTS
account=$(api POST "$port" /api/v1/channel-accounts "{\"kind\":\"email\",\"name\":\"Bench mailbox\",\"settings\":{
  \"address\":\"$address\",\"imapHost\":\"127.0.0.1\",\"imapPort\":$proxy_port,\"imapSecurity\":\"none\",
  \"smtpHost\":\"127.0.0.1\",\"smtpPort\":$smtp_port,\"smtpSecurity\":\"none\",\"username\":\"support\",
  \"password\":\"$mail_password\",\"folder\":\"INBOX\",\"processedAction\":\"move\",\"processedFolder\":\"Processed\"}}" | json_id)
say "email channel account $account"

jcmd() { "$JAVA_HOME/bin/jcmd" "$APP_PID" "$@"; }
# Heap in use right after a full GC (what the application holds on to), in MB.
live_heap_mb() {
  jcmd GC.run >/dev/null
  jcmd GC.heap_info | awk '/used [0-9]+K/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i+1); sub("K,?", "", v); printf "%.0f", v / 1024; exit}}'
}
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$APP_PID/status"; }
machine_busy() { awk -v hz="$(getconf CLK_TCK)" '/^cpu / {printf "%.1f", ($2+$3+$4+$7+$8)/hz}' /proc/stat; }
# Heap occupancy once a second over the whole run (columns of jstat -gc, with a time stamp).
"$JAVA_HOME/bin/jstat" -gc -t "$APP_PID" 1000 >"$work/jstat.txt" 2>/dev/null &
jstat_pid=$!

live_start=$(live_heap_mb) rss_start=$(rss_mb)
say "live heap after a full GC before the first mail: $live_start MB (RSS $rss_start MB)"
declare -A P_SECONDS P_CPU_APP P_CPU_PG P_CPU_MAIL P_BUSY P_LIVE P_RSS P_LOAD0 P_LOAD1 P_COUNT
phase_ids() { echo "'%$1-%.$tag@bench.naadloos.test>'"; }
IFS=, read -ra phase_list <<<"$PHASES"
for phase in "${phase_list[@]}"; do
  thread_cpu "$APP_PID" >"$work/threads-cpu-$phase-0.txt"
  cpu_app0=$(cpu_seconds "$APP_PID") cpu_pg0=$(cpu_seconds pg) cpu_mail0=$(cpu_seconds "$mail_pid") busy0=$(machine_busy)
  P_LOAD0[$phase]=$(cut -d' ' -f1 /proc/loadavg)
  # profile settings, plus every socket read and write (threshold 0): where the reader and the workers wait
  ((JFR)) && jcmd JFR.start name="$phase" settings=profile 'jdk.SocketRead#threshold=0ms' \
    'jdk.SocketWrite#threshold=0ms' >/dev/null
  start=$SECONDS
  echo "$phase $(date +%s.%N)" >>"$work/phase-times.txt"
  if [[ $phase == paced ]]; then
    paced_rate=$RATE
    if [[ $RATE == auto ]]; then
      paced_rate=$(q "$db" -c "select coalesce(greatest(1, round((0.8 * count(*) / nullif(extract(epoch from
          percentile_disc(0.9) within group (order by processed_at) - percentile_disc(0.1) within group (order by processed_at)), 0)
          / 2)::numeric, 1)), 5) from inbound_events where channel_account_id = '$account' and provider_id like $(phase_ids mixed)
          and processed_at is not null")
    fi
    echo "$paced_rate" >"$mail/rate"
    say "paced rate: $paced_rate mails/s"
  fi
  touch "$mail/go-$phase"
  say "phase $phase: appending (see $work/mailserver.log)"
  last_done=-1 last_change=$SECONDS
  while :; do
    done_count=$(q "$db" -c "select count(*) from inbound_events where channel_account_id = '$account'
      and provider_id like $(phase_ids "$phase") and processed_at is not null")
    if [[ -f $mail/done-$phase ]] && ((done_count >= $(cat "$mail/done-$phase"))); then break; fi
    if ((done_count != last_done)); then last_done=$done_count last_change=$SECONDS; fi
    if ((SECONDS - last_change > 180)); then say "no progress for 180 s in phase $phase; going on"; break; fi
    if ((SECONDS - start > 3600)); then say "phase $phase takes over an hour; going on"; break; fi
    if (((SECONDS - start) % 15 == 0)); then say "  $phase: $done_count threaded after $((SECONDS - start)) s"; fi
    sleep 1
  done
  P_SECONDS[$phase]=$((SECONDS - start)) P_COUNT[$phase]=$done_count
  P_CPU_APP[$phase]=$(echo "$(cpu_seconds "$APP_PID") - $cpu_app0" | bc)
  P_CPU_PG[$phase]=$(echo "$(cpu_seconds pg) - $cpu_pg0" | bc)
  P_CPU_MAIL[$phase]=$(echo "$(cpu_seconds "$mail_pid") - $cpu_mail0" | bc)
  P_BUSY[$phase]=$(echo "$(machine_busy) - $busy0" | bc)
  P_LOAD1[$phase]=$(cut -d' ' -f1 /proc/loadavg)
  thread_cpu "$APP_PID" >"$work/threads-cpu-$phase-1.txt"
  echo "$phase-end $(date +%s.%N)" >>"$work/phase-times.txt"
  ((JFR)) && jcmd JFR.stop name="$phase" filename="$work/$phase.jfr" >/dev/null
  P_RSS[$phase]=$(rss_mb)
  P_LIVE[$phase]=$(live_heap_mb)
  say "phase $phase: $done_count threaded in ${P_SECONDS[$phase]} s; live heap after full GC ${P_LIVE[$phase]} MB"
done
touch "$mail/stop"
wait "$mail_pid" 2>/dev/null || true
mail_pid=""
kill "$jstat_pid" 2>/dev/null || true
jstat_pid=""

say "verifying in SQL"
q "$db" -c "create table bench_appended (provider_id text primary key, appended_ms bigint, bytes bigint, kind text, phase text)"
for phase in "${phase_list[@]}"; do
  [[ -f $mail/appended-$phase.tsv ]] || continue
  awk -F'\t' -v p="$phase" 'BEGIN {OFS = "\t"} {print $1, $2, $3, $4, p}' "$mail/appended-$phase.tsv" >"$work/appended-$phase.load"
  q "$db" -c "\\copy bench_appended from '$work/appended-$phase.load'"
done
q "$db" -c "create table bench_mail as
  select a.*, e.received_at, e.processed_at, e.attempts, e.last_error, m.id message_id, m.conversation_id,
         to_timestamp(a.appended_ms / 1000.0) appended_at
  from bench_appended a
  left join inbound_events e on e.channel_account_id = '$account' and e.provider_id = a.provider_id
  left join messages m on m.channel_account_id = '$account' and m.provider_message_id = a.provider_id"

pct() { echo "percentile_cont($1) within group (order by extract(epoch from $2) * 1000)"; }
phase_md() {
  local phase=$1 n rows
  n=$(q "$db" -c "select count(*) from bench_appended where phase = '$phase'")
  ((n > 0)) || return 0
  read -r appended events processed messages distinct_msgs all_msgs no_conv unknown_conv failed < <(q "$db" -F ' ' -c "
    select count(*), count(received_at), count(processed_at), count(message_id), count(distinct message_id),
      (select count(*) from messages m join bench_appended a on a.provider_id = m.provider_message_id
        where a.phase = '$phase' and m.channel_account_id = '$account'),
      count(*) filter (where message_id is not null and conversation_id is null),
      count(*) filter (where conversation_id is not null and not exists (select 1 from conversations c where c.id = conversation_id)),
      count(*) filter (where last_error is not null)
    from bench_mail where phase = '$phase'")
  read -r span rate steady p10t p90t < <(q "$db" -F ' ' -c "
    with t as (select processed_at, received_at, row_number() over (order by processed_at) r, count(*) over () n
               from bench_mail where phase = '$phase' and processed_at is not null)
    select round(extract(epoch from max(processed_at) - min(received_at))::numeric, 1),
      round((count(*) / nullif(extract(epoch from max(processed_at) - min(received_at)), 0))::numeric, 1),
      round(((max(r) filter (where r <= 0.9 * n) - max(r) filter (where r <= 0.1 * n)) /
        nullif(extract(epoch from max(processed_at) filter (where r <= 0.9 * n) - max(processed_at) filter (where r <= 0.1 * n)), 0))::numeric, 1),
      round(extract(epoch from max(processed_at) filter (where r <= 0.1 * n) - min(received_at))::numeric, 1),
      round(extract(epoch from max(processed_at) filter (where r <= 0.9 * n) - min(received_at))::numeric, 1)
    from t")
  local series bucket
  # at most about 120 numbers: per second, or per 5, 10, ... seconds in a long phase
  bucket=$(awk -v s="${span:-0}" 'BEGIN {b = 1; while (s / b > 120) b = (b == 1 ? 5 : b + 5); print b}')
  series=$(q "$db" -c "
    with t as (select processed_at, min(received_at) over () t0 from bench_mail where phase = '$phase' and processed_at is not null),
         s as (select floor(extract(epoch from processed_at - t0) / $bucket)::int sec, count(*) c from t group by 1)
    select string_agg(round(coalesce(s.c, 0) / $bucket.0, 1)::text, ' ' order by g) from generate_series(0, (select max(sec) from s)) g left join s on s.sec = g")
  local lat
  lat=$(q "$db" -F ' | ' -c "
    select 'append → threaded', round(($(pct 0.5 'processed_at - appended_at'))::numeric), round(($(pct 0.9 'processed_at - appended_at'))::numeric),
      round(($(pct 0.99 'processed_at - appended_at'))::numeric), round(max(extract(epoch from processed_at - appended_at) * 1000)::numeric)
      from bench_mail where phase = '$phase' and processed_at is not null
    union all
    select 'append → taken (event stored)', round(($(pct 0.5 'received_at - appended_at'))::numeric), round(($(pct 0.9 'received_at - appended_at'))::numeric),
      round(($(pct 0.99 'received_at - appended_at'))::numeric), round(max(extract(epoch from received_at - appended_at) * 1000)::numeric)
      from bench_mail where phase = '$phase' and processed_at is not null
    union all
    select 'taken → threaded', round(($(pct 0.5 'processed_at - received_at'))::numeric), round(($(pct 0.9 'processed_at - received_at'))::numeric),
      round(($(pct 0.99 'processed_at - received_at'))::numeric), round(max(extract(epoch from processed_at - received_at) * 1000)::numeric)
      from bench_mail where phase = '$phase' and processed_at is not null" | sed 's/^/| /; s/$/ |/')
  local kinds
  kinds=$(q "$db" -F ' | ' -c "
    select kind, count(*), round(avg(bytes) / 1024), round(max(bytes) / 1024),
      round(($(pct 0.5 'received_at - appended_at'))::numeric), round(($(pct 0.5 'processed_at - received_at'))::numeric)
    from bench_mail where phase = '$phase' and processed_at is not null group by kind order by count(*) desc" | sed 's/^/| /; s/$/ |/')
  read -r files_expected files_stored files_bytes < <(q "$db" -F ' ' -c "
    select (select count(*) from bench_appended where phase = '$phase' and kind like '%+file'),
      count(*), coalesce(round(sum(ma.size_bytes) / 1048576.0), 0)
    from message_attachments ma join bench_mail b on b.message_id = ma.message_id where b.phase = '$phase'" 2>/dev/null || echo "? ? ?")
  read -r convs new_convs contacts < <(q "$db" -F ' ' -c "
    select count(distinct conversation_id),
      (select count(*) from conversations c where c.id in (select conversation_id from bench_mail where phase = '$phase')
        and c.created_at >= (select min(received_at) from bench_mail where phase = '$phase')),
      (select count(distinct c.contact_id) from conversations c where c.id in (select conversation_id from bench_mail where phase = '$phase'))
    from bench_mail where phase = '$phase'" 2>/dev/null || echo "? ? ?")
  local ok
  ok=$([[ $appended == "$events" && $events == "$processed" && $processed == "$messages" && $distinct_msgs == "$messages" \
    && $all_msgs == "$messages" && $no_conv == 0 && $unknown_conv == 0 ]] && echo "yes" || echo "**NO**")
  local cpu_app=${P_CPU_APP[$phase]} cpu_pg=${P_CPU_PG[$phase]} cpu_mail=${P_CPU_MAIL[$phase]} secs=${P_SECONDS[$phase]}
  cat <<EOF
| | |
|---|---|
| mails appended / events stored / processed / messages | $appended / $events / $processed / $messages |
| none doubled, every one in a conversation | distinct messages $distinct_msgs, messages with these Message-IDs $all_msgs, without conversation $no_conv, in a missing conversation $unknown_conv, failed attempts recorded $failed: **$ok** |
| conversations (new in this phase) / contacts | $convs ($new_convs) / $contacts |
| files: mails with a file / attachments stored / MB | $files_expected / $files_stored / $files_bytes |
| first mail taken → last threaded | $span s → **$rate mails/s** |
| steady state (10 % → 90 % of the mails threaded$( ((processed >= 20)) && echo ", $p10t s → $p90t s") | $( ((processed >= 20)) && echo "**$steady mails/s**" || echo "n/a (fewer than 20 mails)") |
| wall time of the phase (script) | $secs s |
| CPU in the phase (core-seconds; 2 cores = $((2 * secs)) available) | application $cpu_app, PostgreSQL $cpu_pg, mail server + generator $cpu_mail, whole machine ${P_BUSY[$phase]} (so others: $(echo "${P_BUSY[$phase]} - $cpu_app - $cpu_pg - $cpu_mail" | bc)); load average ${P_LOAD0[$phase]} → ${P_LOAD1[$phase]} |
| application CPU per mail | $(echo "scale=1; 1000 * $cpu_app / ($processed + 0.0001)" | bc) ms (PostgreSQL $(echo "scale=1; 1000 * $cpu_pg / ($processed + 0.0001)" | bc) ms) |
| live heap after a full GC at the end of the phase / RSS | ${P_LIVE[$phase]} MB / ${P_RSS[$phase]} MB |

Mails threaded per second$( ((bucket > 1)) && echo " (average of each $bucket s)"), from the first taken: \`$series\`

| latency (ms) | p50 | p90 | p99 | max |
|---|---:|---:|---:|---:|
$lat

| kind | mails | avg KB | max KB | p50 append → taken (ms) | p50 taken → threaded (ms) |
|---|---:|---:|---:|---:|---:|
$kinds
EOF
}

imap_md() {
  local phase=$1 n
  n=$(q "$db" -c "select count(*) from bench_mail where phase = '$phase' and processed_at is not null")
  [[ -f $mail/imap-$phase.tsv ]] && ((n > 0)) || return 0
  echo "IMAP commands the application sent in this phase (counted by the proxy), per mail taken:"
  echo
  echo "| command | count | per mail |"
  echo "|---|---:|---:|"
  sort -t$'\t' -k2 -rn "$mail/imap-$phase.tsv" | awk -F'\t' -v n="$n" '
    /^#bytes/ {printf "| %s | %.0f MB | %.1f KB |\n", substr($1, 2), $2 / 1048576, $2 / n / 1024; next}
    /^#/ {printf "| %s | %d | |\n", substr($1, 2), $2; next}
    {printf "| `%s` | %d | %.1f |\n", $1, $2, $2 / n}'
}

threads_md() {
  local phase=$1
  echo "The application's CPU by thread (mailbox reads run on virtual threads, so on \`ForkJoinPool-N-worker-N\`):"
  echo
  echo "| threads | CPU (s) | share |"
  echo "|---|---:|---:|"
  thread_cpu_table "$work/threads-cpu-$phase-0.txt" "$work/threads-cpu-$phase-1.txt"
}

results=$out_dir/results-mail-ingest.md
{
  echo "<!-- bench/mail-ingest.sh: begin (this section is rewritten by the script) -->"
  echo "## E-mail ingestion"
  echo
  echo "Command: \`bench/mail-ingest.sh$( ((MAILS != 10000)) && echo " --mails $MAILS")\` (mail server and generator \`bench/MailBench.java\`, on GreenMail $gm_version standalone)."
  cat <<EOF
The application reads one mailbox (channel account of kind \`email\`, IMAP without TLS on loopback, IMAP IDLE
plus its poll, every $POLL here instead of 30 s, see bench/README.md; \`processedAction: move\`) on a fresh PostgreSQL database. The generator appends mails straight
into GreenMail's INBOX and notes the time of each append; "threaded" is \`inbound_events.processed_at\` (the
transaction that made the message in its conversation), "taken" is \`received_at\` (the raw mail stored).

- **mixed**: $MAILS mails from $CUSTOMERS customers: new mails (plain text, HTML only, multipart/alternative;
  UTF-8, ISO-8859-1/15, windows-1252, US-ASCII; encoded subjects and names), replies with quoted history
  (\`In-Reply-To\`/\`References\` to the customer's earlier mail, some as HTML with a blockquote), auto-replies
  (\`Auto-Submitted\`, out-of-office subjects); $(echo "$ATTACH_SHARE * 100" | bc | sed 's/\.0*$//') % with a file of 50 KB–2 MB (log-uniform), $( ((HUGE_EVERY > 0)) && echo "one in $HUGE_EVERY with 10 MB" || echo "none with 10 MB")$( ((corpus_files > 0)) && echo "; every 25th mail one of the $corpus_files files of \`src/test/resources/mail/corpus\`").
  $( ((BACKLOG > 0)) && echo "Appended as fast as the application takes them, with at most $BACKLOG untaken mails in the INBOX: this measures the throughput of a busy mailbox; the latency includes the wait behind up to $BACKLOG mails." || echo "All appended before the application reads (a backlog), so latency means nothing here; throughput is from the first mail taken.")
- **paced**: $PACED mails (same mix, 20 % with a file) at ${paced_rate:-$RATE} mails/s$([[ $RATE == auto ]] && echo " (half the steady rate of the mixed phase)") whatever the application does: the latency of a mailbox that keeps up.
- **big**: $BIG mails, each with one file of $(echo "$BIG_MB" | sed 's/,/, /g') MB in turn, at most 2 untaken at a time: the heap with large attachments.

$(machine_info)
- Mail server: GreenMail $gm_version in its own JVM (\`-Xmx8g\`), with the generator and a counting TCP proxy in
  front of its IMAP port (the application talks to the proxy); its CPU is reported separately below.

EOF
  for phase in "${phase_list[@]}"; do
    echo "### Phase $phase"
    echo
    phase_md "$phase"
    echo
    imap_md "$phase"
    echo
    threads_md "$phase"
    echo
    if ((JFR)) && [[ -f $work/$phase.jfr ]]; then
      echo "Heap, GC, allocation and network waits (JFR \`profile\` recording of the phase):"
      echo
      python3 "$bench_dir/mail_jfr.py" "$work/$phase.jfr" "$JAVA_HOME/bin/jfr" "${P_COUNT[$phase]}" \
        "${P_SECONDS[$phase]}" "$proxy_port" "$PGPORT"
      echo
      if [[ $phase == mixed || $phase == big ]]; then
        echo "Where the application's CPU goes:"
        echo
        python3 "$bench_dir/jfr_summary.py" "$work/$phase.jfr" "$JAVA_HOME/bin/jfr"
        echo
      fi
    fi
  done
  echo "### Heap over the whole run"
  echo
  echo "Live heap after a full GC (\`jcmd GC.run\`, then \`GC.heap_info\`): before the first mail $live_start MB, then after each phase:"
  for phase in "${phase_list[@]}"; do echo -n " $phase ${P_LIVE[$phase]} MB;"; done
  echo " RSS at the start $rss_start MB."
  echo
  python3 - "$work/jstat.txt" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip() and not l.lstrip().startswith("Timestamp")]
if rows:
    # jstat -gc -t: Timestamp S0C S1C S0U S1U EC EU OC OU MC MU CCSC CCSU YGC YGCT FGC FGCT CGC CGCT GCT
    #              0         1   2   3   4   5  6  7  8  9  10 11   12   13  14   15  16   17  18   19
    rows = [r for r in rows if len(r) >= 20]
    used = [(float(r[3]) + float(r[4]) + float(r[6]) + float(r[8])) / 1024 for r in rows]
    old = [float(r[8]) / 1024 for r in rows]
    committed = [(float(r[1]) + float(r[2]) + float(r[5]) + float(r[7])) / 1024 for r in rows]
    print(f"`jstat -gc` once a second ({len(rows)} samples): heap in use max {max(used):.0f} MB (median "
          f"{sorted(used)[len(used) // 2]:.0f} MB), old generation (with humongous objects) max {max(old):.0f} MB, heap "
          f"committed max {max(committed):.0f} MB; young GCs {rows[-1][13]}, full GCs {rows[-1][15]} (the script's own "
          f"`GC.run`), concurrent cycles {rows[-1][17]}.")
PY
  echo
  echo "<!-- bench/mail-ingest.sh: end -->"
} >"$results"
say "wrote $results"

if ((DOCS)); then
  docs_file=$repo_root/docs/benchmarks.md
  tmp=$(mktemp)
  SECTION=$(cat "$results") awk '
    /^<!-- bench\/mail-ingest.sh: begin/ { skipping = 1; if (!done) { print ENVIRON["SECTION"]; done = 1 }; next }
    /^<!-- bench\/mail-ingest.sh: end/ { skipping = 0; next }
    !skipping { print }
    END { if (!done) { print ""; print ENVIRON["SECTION"] } }
  ' "$docs_file" >"$tmp"
  cat "$tmp" >"$docs_file"; rm -f "$tmp"
  say "wrote its section of docs/benchmarks.md"
fi
cat "$results"
