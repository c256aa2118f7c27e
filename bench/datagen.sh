#!/usr/bin/env bash
# Data set and read-path benchmark (issue 4, benchmark 2) on PostgreSQL: loads 300,000 contacts (with
# identities), 1,000,000 conversations and 5,000,000 messages straight into a fresh database
# (bench/datagen.sql: INSERT ... SELECT over generate_series, indexes rebuilt afterwards, ANALYZE), then
# measures over HTTP with the admin token, one client, random ids:
#   - filtered conversation list   GET /api/v1/conversations?status=open&teamId=<id>   (p99 <= 30 ms)
#   - contact timeline             GET /api/v1/contacts/{id}/timeline                  (p99 <= 30 ms)
#   - full-text search             GET /api/v1/search?q=<word>, if the endpoint exists  (p99 <= 150 ms)
# and records EXPLAIN ANALYZE of the list and timeline SQL (plus auto_explain of any statement over 30 ms).
#
#   bench/datagen.sh [--no-build] [--contacts N] [--conversations N] [--messages N] [--requests N] [--keep-db]
source "$(dirname "$(readlink -f "$0")")/lib.sh"

CONTACTS=300000 CONVERSATIONS=1000000 MESSAGES=5000000 REQUESTS=500 TEAMS=10 KEEP_DB=0
while (($#)); do
  case $1 in
    --no-build) BENCH_NO_BUILD=1 ;;
    --contacts) CONTACTS=$2; shift ;;
    --conversations) CONVERSATIONS=$2; shift ;;
    --messages) MESSAGES=$2; shift ;;
    --requests) REQUESTS=$2; shift ;;
    --keep-db) KEEP_DB=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) die "unknown option $1" ;;
  esac
  shift
done
TARGET_LIST=30 TARGET_TIMELINE=30 TARGET_SEARCH=150

build_jar
new_secrets
run=datagen-$(date +%Y%m%d-%H%M%S)
db=naadloos_bench_data_$$
work=$out_dir/$run
mkdir -p "$work"
log=$work/app.log
port=$(free_port)
cleanup() { stop_app; ((KEEP_DB)) || drop_db "$db"; }
trap cleanup EXIT

say "fresh database $db; schema, teams and channel accounts through the application"
fresh_db "$db"
start_app "$db" "$port" "$work/data" "$log"
q "$db" -c "create table bench_teams (i int primary key, id uuid not null); create table bench_accounts (i int primary key, id uuid not null)"
for i in $(seq 0 $((TEAMS - 1))); do
  id=$(api POST "$port" /api/v1/teams "{\"name\": \"Team $i\"}" | json_id)
  q "$db" -c "insert into bench_teams values ($i, '$id')"
done
for i in 0 1; do
  id=$(create_api_account "$port" "Datagen $i" "$(openssl rand -hex 24)")
  q "$db" -c "insert into bench_accounts values ($i, '$id')"
done
stop_app

say "loading $CONTACTS contacts, $CONVERSATIONS conversations, $MESSAGES messages"
t0=$SECONDS
psql -X -q -d "$db" -v contacts="$CONTACTS" -v conversations="$CONVERSATIONS" -v messages="$MESSAGES" \
  -f "$bench_dir/datagen.sql" >"$work/datagen.txt" 2>&1 || { tail -20 "$work/datagen.txt" >&2; die "datagen.sql failed"; }
load_seconds=$((SECONDS - t0))
read -r n_contacts n_identities n_conversations n_messages db_size < <(q "$db" -F ' ' -c "
  select (select count(*) from contacts), (select count(*) from contact_identities), (select count(*) from conversations),
         (select count(*) from messages), pg_size_pretty(pg_database_size(current_database()))")
say "loaded in ${load_seconds}s: $n_contacts contacts, $n_identities identities, $n_conversations conversations, $n_messages messages ($db_size)"

# Plans of statements slower than 30 ms, as the application runs them (plans only: no timing overhead).
q postgres -c "alter database $db set session_preload_libraries = 'auto_explain'" \
  -c "alter database $db set auto_explain.log_min_duration = '30ms'"
pglog=$(ls -t /var/log/postgresql/postgresql-*-main.log 2>/dev/null | head -1 || true)
pglog_start=$( [[ -r $pglog ]] && wc -l <"$pglog" || echo 0)
start_app "$db" "$port" "$work/data" "$log"

say "building the search index (POST /api/v1/search/reindex, mass indexer)"
index_start=$SECONDS
curl -fsS -X POST -H "Authorization: Bearer $ADMIN_TOKEN" "http://127.0.0.1:$port/api/v1/search/reindex" >/dev/null
until [[ $(curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" "http://127.0.0.1:$port/api/v1/search/reindex" | grep -o '"status":"[a-z]*"') =~ done|failed ]]; do
  ((SECONDS - index_start < 7200)) || die "the search index was not built within 2 hours"
  sleep 5
done
index_seconds=$((SECONDS - index_start))
index_result=$(curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" "http://127.0.0.1:$port/api/v1/search/reindex")
index_size=$(du -sh "$work/data/index" 2>/dev/null | cut -f1)
say "search index: $index_result in ${index_seconds}s ($index_size)"

q "$db" -c "select id from bench_teams" >"$work/teams.txt"
q "$db" -c "select id from contacts where merged_into is null order by random() limit 2000" >"$work/contacts.txt"
q "$db" -c "select contact_id from conversations group by contact_id order by count(*) desc limit 20" >"$work/heavy-contacts.txt"
heavy_count=$(q "$db" -c "select max(n) from (select count(*) n from conversations group by contact_id) x")
open_per_team=$(q "$db" -c "select round(avg(n)) from (select count(*) n from conversations where status = 'OPEN' and team_id is not null group by team_id) x")
printf '%s\n' bestelling retourneren factuur refund levering beschadigd België "order 123456" klant42@example.nl "+31 6 12345678" \
  "Anouk" "Jansen" "verzonden" "delivery address" >"$work/words.txt"

load() { "$JAVA" "$bench_dir/QueryLoad.java" base="http://127.0.0.1:$port" requests="$REQUESTS" "$@" | tee -a "$work/client.txt"; }
: >"$work/client.txt"
say "measuring: $REQUESTS requests each, one client"
load name=list template='/api/v1/conversations?status=open&teamId={}' ids="$work/teams.txt"
load name=timeline template='/api/v1/contacts/{}/timeline' ids="$work/contacts.txt"
load name=heavy requests=100 warmup=10 template='/api/v1/contacts/{}/timeline' ids="$work/heavy-contacts.txt"
load name=listall template='/api/v1/conversations?teamId={}' ids="$work/teams.txt"
search_status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ADMIN_TOKEN" "http://127.0.0.1:$port/api/v1/search?q=bestelling")
if [[ $search_status == 200 ]]; then
  load name=search template='/api/v1/search?q={}' ids="$work/words.txt"
fi
r() { sed -n "s/^RESULT $1=//p" "$work/client.txt"; }

say "EXPLAIN ANALYZE"
team=$(head -1 "$work/teams.txt") contact=$(head -1 "$work/contacts.txt") heavy=$(head -1 "$work/heavy-contacts.txt")
explain=$(psql -X -q -d "$db" 2>&1 <<EOF
\\pset pager off
\\pset tuples_only on
set session_preload_libraries = '';
prepare list_q(varchar, uuid, timestamptz, uuid, int) as
select c1_0.* from conversations c1_0
where c1_0.status = \$1 and c1_0.team_id = \$2
  and (c1_0.last_activity_at < \$3 or (c1_0.last_activity_at = \$3 and c1_0.id < \$4))
order by c1_0.last_activity_at desc, c1_0.id desc
fetch first \$5 rows only;
\\echo '--- conversation list, status=OPEN and one team, as ConversationListsImpl writes it (custom plan)'
set plan_cache_mode = force_custom_plan;
explain (analyze, buffers, costs off) execute list_q('OPEN', '$team', '9999-12-31', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 26);
\\echo '--- the same with a generic plan (what a server-side prepared statement may switch to after 5 executions)'
set plan_cache_mode = force_generic_plan;
explain (analyze, buffers, costs off) execute list_q('OPEN', '$team', '9999-12-31', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 26);
set plan_cache_mode = auto;
\\echo '--- team only (any status)'
explain (analyze, buffers, costs off)
select c1_0.* from conversations c1_0 where c1_0.team_id = '$team'
order by c1_0.last_activity_at desc, c1_0.id desc fetch first 26 rows only;
\\echo '--- timeline of a random contact: conversations, then the first page of their messages'
explain (analyze, buffers, costs off) select * from conversations where contact_id = '$contact';
explain (analyze, buffers, costs off)
select m.* from messages m where m.conversation_id in (select id from conversations where contact_id = '$contact')
  and (m.created_at > '1970-01-01' or (m.created_at = '1970-01-01' and m.id > '00000000-0000-0000-0000-000000000000'))
order by m.created_at, m.id fetch first 26 rows only;
\\echo '--- timeline of the contact with the most conversations ($heavy_count)'
explain (analyze, buffers, costs off)
select m.* from messages m where m.conversation_id in (select id from conversations where contact_id = '$heavy')
  and (m.created_at > '1970-01-01' or (m.created_at = '1970-01-01' and m.id > '00000000-0000-0000-0000-000000000000'))
order by m.created_at, m.id fetch first 26 rows only;
EOF
)
slow_plans=""
if [[ -r $pglog ]]; then
  # Only the application's statements (Hibernate's aliases end in 1_0), not this script's own set-up queries.
  slow_plans=$(tail -n +"$((pglog_start + 1))" "$pglog" | awk -v db="@$db " '
    /^[0-9]{4}-/ { keep = 0; if (index($0, db) && $0 ~ /duration:/) { header = $0; pending = 1 }; next }
    pending && /Query Text:/ { pending = 0; if ($0 ~ /1_0/) { keep = 1; print header } }
    keep { print }' | head -150 || true)
fi
n_slow=$( [[ -n $slow_plans ]] && grep -c 'duration:' <<<"$slow_plans" || echo 0)

mark() { (($(echo "$1 <= $2" | bc))) && echo met || echo "**not met**"; }
if [[ $search_status == 200 ]]; then
  search_row="| full-text search \`GET /api/v1/search?q=<word>\` | $(r search_p50_ms) / $(r search_p95_ms) / **$(r search_p99_ms)** / $(r search_max_ms) | <= $TARGET_SEARCH | $(mark "$(r search_p99_ms)" $TARGET_SEARCH) |"
else
  search_row="| full-text search \`GET /api/v1/search?q=\` | not measured: the endpoint answered $search_status (not implemented in this build) | <= $TARGET_SEARCH | — |"
fi

cat >"$out_dir/results-datagen.md" <<EOF
### Data set and queries — $(date -u +%Y-%m-%d)

Command: \`bench/datagen.sh\` (generator \`bench/datagen.sql\`, client \`bench/QueryLoad.java\`). The
application creates the schema, $TEAMS teams and 2 API channel accounts; the generator then writes
straight into PostgreSQL with \`INSERT … SELECT\` over \`generate_series\` (indexes and keys of the loaded
tables dropped first and rebuilt afterwards), and runs \`ANALYZE\`.

$(machine_info)

Data: **$n_contacts contacts** ($n_identities identities: a provider id, a Dutch mobile number, and for
half of them an e-mail address), **$n_conversations conversations** (status NEW 5 %, OPEN 10 %, PENDING 6 %,
ON_HOLD 4 %, SOLVED 20 %, CLOSED 55 %; active ones from the last 30 days; 90 % in one of $TEAMS teams; contacts
drawn with a skew, the busiest has $heavy_count conversations; about $open_per_team open conversations per team),
**$n_messages messages** (50 % inbound, 35 % replies, 9 % notes, 6 % events). Database size $db_size.
Load time: **${load_seconds} s** in all (inserts, index rebuild, ANALYZE; step times in
\`bench/out/$run/datagen.txt\`). Search index (Lucene, on the application's disk) built afterwards by the
mass indexer (\`POST /api/v1/search/reindex\`, 2 loader threads): **${index_seconds} s**, $index_size
(contacts, identities, conversations and messages).

Latency over HTTP, one client, $REQUESTS requests per row after 200 warm-up requests (10 for the busiest contacts), random ids, first page
(25 items):

| request | p50 / p95 / p99 / max (ms) | target p99 (ms) | |
|---|---|---|---|
| conversation list \`?status=open&teamId=<random team>\` | $(r list_p50_ms) / $(r list_p95_ms) / **$(r list_p99_ms)** / $(r list_max_ms) | <= $TARGET_LIST | $(mark "$(r list_p99_ms)" $TARGET_LIST) |
| contact timeline \`/contacts/<random contact>/timeline\` | $(r timeline_p50_ms) / $(r timeline_p95_ms) / **$(r timeline_p99_ms)** / $(r timeline_max_ms) | <= $TARGET_TIMELINE | $(mark "$(r timeline_p99_ms)" $TARGET_TIMELINE) |
$search_row
| (extra) timeline of the 20 busiest contacts, 100 requests | $(r heavy_p50_ms) / $(r heavy_p95_ms) / $(r heavy_p99_ms) / $(r heavy_max_ms) | | |
| (extra) conversation list \`?teamId=<random team>\`, any status | $(r listall_p50_ms) / $(r listall_p95_ms) / $(r listall_p99_ms) / $(r listall_max_ms) | | |

Errors: list $(r list_errors), timeline $(r timeline_errors), heavy $(r heavy_errors), list-all $(r listall_errors). $(r list_error_sample) $(r timeline_error_sample)

EXPLAIN ANALYZE of the SQL the application runs (the list query in the form \`ConversationListsImpl\` writes it):

\`\`\`
$explain
\`\`\`

Statements over 30 ms from the application's start, the search mass indexing included (auto_explain, plan only): $n_slow.
$( [[ -n $slow_plans ]] && printf '\n```\n%s\n```\n' "$(cut -c1-220 <<<"$slow_plans" | head -80)")
EOF
say "wrote $out_dir/results-datagen.md"
cat "$out_dir/results-datagen.md"
