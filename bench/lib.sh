# Shared helpers of the PostgreSQL benchmarks (ingest.sh, datagen.sh, drill-kill.sh). Sourced, not run.
#
# Environment (all optional):
#   BENCH_JAR       use this jar instead of building one
#   BENCH_SRC       private build copy of the repository (default /tmp/bench-src), so that a benchmark
#                   never collides with a build in the working tree
#   BENCH_NO_BUILD  =1: reuse the jar already in $BENCH_SRC/target
#   JAVA_HOME       a JDK >= 21 (default /usr/lib/jvm/temurin-25-jdk-amd64)
#   PGHOST/PGPORT/PGUSER  PostgreSQL to use (default 127.0.0.1:5432, postgres, trust auth)

set -euo pipefail

repo_root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
bench_dir="$repo_root/bench"
out_dir="$bench_dir/out"
mkdir -p "$out_dir/logs"

JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="$JAVA_HOME/bin/java"
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_SRC=${BENCH_SRC:-/tmp/bench-src}

say() { printf '==> %s\n' "$*" >&2; }
die() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

# psql against database $1, quiet, unaligned, failing on the first error
q() { local db=$1; shift; psql -X -q -v ON_ERROR_STOP=1 -At -d "$db" "$@"; }

# Builds the jar into a private copy of the repository (not the working tree) and sets APP_JAR.
build_jar() {
  if [[ -n ${BENCH_JAR:-} ]]; then APP_JAR=$BENCH_JAR; return; fi
  if [[ ${BENCH_NO_BUILD:-0} != 1 ]]; then
    say "building the jar in $BENCH_SRC (private copy of $repo_root)"
    rsync -a --delete --exclude target --exclude .git --exclude data --exclude bench/out \
      "$repo_root/" "$BENCH_SRC/"
    (cd "$BENCH_SRC" && mvn -B -q -DskipTests package) >"$out_dir/logs/build.log" 2>&1 \
      || { tail -30 "$out_dir/logs/build.log" >&2; die "build failed (bench/out/logs/build.log)"; }
    local commit
    commit=$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)
    if [[ -n $(git -C "$repo_root" status --porcelain -- src pom.xml 2>/dev/null) ]]; then
      commit="$commit + uncommitted changes"
    fi
    echo "jar built $(date -u '+%Y-%m-%d %H:%M UTC') from $commit" >"$BENCH_SRC/target/bench-build.txt"
  fi
  APP_JAR=$(ls "$BENCH_SRC"/target/naadloos-*.jar 2>/dev/null | grep -v plain | head -1)
  [[ -f $APP_JAR ]] || die "no jar in $BENCH_SRC/target"
  APP_COMMIT=$(cat "$BENCH_SRC/target/bench-build.txt" 2>/dev/null || echo "jar of $(date -u -r "$APP_JAR" '+%Y-%m-%d %H:%M UTC'), source unknown")
}

fresh_db() {
  local db=$1
  q postgres -c "drop database if exists $db with (force)"
  q postgres -c "create database $db"
}

drop_db() { q postgres -c "drop database if exists $1 with (force)" || true; }

free_port() {
  python3 - <<'EOF'
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
EOF
}

# Secrets of one benchmark run (exported, so the Java clients see the token).
new_secrets() {
  ADMIN_PASSWORD="bench-admin-$(openssl rand -hex 12)"
  ADMIN_TOKEN="nld_$(openssl rand -hex 32)"
  SECRET_KEY=$(openssl rand -base64 32)
  export ADMIN_TOKEN
}

# start_app <db> <port> <data dir> <log file> [extra JVM options...]; sets APP_PID
start_app() {
  local db=$1 port=$2 data=$3 log=$4; shift 4
  mkdir -p "$data"
  SPRING_PROFILES_ACTIVE=postgres \
  NAADLOOS_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" NAADLOOS_DB_USER=$PGUSER \
  NAADLOOS_ADMIN_PASSWORD=$ADMIN_PASSWORD NAADLOOS_ADMIN_TOKEN=$ADMIN_TOKEN NAADLOOS_SECRET_KEY=$SECRET_KEY \
  NAADLOOS_DATA_DIR=$data NAADLOOS_DEMO_DATA=false \
    "$JAVA" "$@" -jar "$APP_JAR" --server.port="$port" >>"$log" 2>&1 &
  APP_PID=$!
  local deadline=$((SECONDS + 180))
  until curl -fsS "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q UP; do
    kill -0 "$APP_PID" 2>/dev/null || { tail -40 "$log" >&2; die "the app exited during start (log: $log)"; }
    ((SECONDS < deadline)) || { kill "$APP_PID"; die "the app did not become healthy in 180 s (log: $log)"; }
    sleep 0.5
  done
}

stop_app() {
  local pid=${1:-${APP_PID:-}}
  [[ -n $pid ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# api <method> <port> <path> [json body] -> prints the response body, fails on non-2xx
api() {
  local method=$1 port=$2 path=$3 body=${4:-}
  if [[ -n $body ]]; then
    curl -fsS -X "$method" -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
      -d "$body" "http://127.0.0.1:$port$path"
  else
    curl -fsS -X "$method" -H "Authorization: Bearer $ADMIN_TOKEN" "http://127.0.0.1:$port$path"
  fi
}

json_id() { python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }

# create_api_account <port> <name> <secret> -> prints the account id
create_api_account() {
  api POST "$1" /api/v1/channel-accounts \
    "{\"kind\":\"api\",\"name\":\"$2\",\"settings\":{\"secret\":\"$3\",\"webhookUrl\":\"http://127.0.0.1:9/none\",\"trusted\":true}}" \
    | json_id
}

# Markdown lines describing the machine and software.
machine_info() {
  local cpu mem pgv jv
  cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
  mem=$(free -g | awk '/^Mem:/ {print $2 " GiB"}')
  jv=$("$JAVA" -version 2>&1 | head -2 | tr '\n' ' ' | sed 's/ *$//')
  pgv=$(q postgres -c 'show server_version')
  echo "- Machine: $(nproc) cores ($cpu), $mem RAM, $(uname -sr); load client, application and PostgreSQL on the same machine"
  echo "- Java: $jv"
  echo "- PostgreSQL: $pgv on $PGHOST:$PGPORT (shared_buffers $(q postgres -c 'show shared_buffers'), synchronous_commit $(q postgres -c 'show synchronous_commit'), max_connections $(q postgres -c 'show max_connections'))"
  echo "- Application: ${APP_COMMIT:-unknown}, \`java -jar\` with the \`postgres\` profile (Hikari pool ${NAADLOOS_DB_POOL_SIZE:-20}), default JVM flags"
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
}

# Total CPU seconds (user+system) used so far by the given pids and, with "pg", all postgres processes.
cpu_seconds() {
  local total=0 hz pid
  hz=$(getconf CLK_TCK)
  for pid in "$@"; do
    if [[ $pid == pg ]]; then
      for p in $(pgrep -x postgres || true); do
        [[ -r /proc/$p/stat ]] && total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
      done
    elif [[ -r /proc/$pid/stat ]]; then
      total=$((total + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$pid/stat")))
    fi
  done
  echo "scale=1; $total / $hz" | bc
}

# thread_cpu PID: "group ticks" per thread of the process, threads grouped by name (numbers dropped:
# "http-nio-8080-exec-12" and "http-nio-8080-exec-3" are both "http-nio-N-exec-N").
thread_cpu() {
  local pid=$1 task
  for task in /proc/"$pid"/task/*; do
    [[ -r $task/stat && -r $task/comm ]] || continue
    printf '%s\t%s\n' "$(sed 's/[0-9][0-9]*/N/g' "$task/comm" 2>/dev/null)" \
      "$(sed 's/.*) //' "$task/stat" 2>/dev/null | awk '{print $12 + $13}')"
  done | awk -F'\t' '{t[$1] += $2} END {for (g in t) printf "%s\t%d\n", g, t[g]}'
}

# thread_cpu_table BEFORE AFTER SECONDS: markdown rows "| group | CPU s | share |" of what each thread group
# used between two thread_cpu snapshots (threads that ended in between are not counted).
thread_cpu_table() {
  local hz
  hz=$(getconf CLK_TCK)
  awk -F'\t' -v hz="$hz" 'NR == FNR {before[$1] = $2; next} {d = $2 - before[$1]; if (d > 0) {used[$1] = d; total += d}}
    END {for (g in used) printf "%s\t%.1f\t%.0f\n", g, used[g] / hz, 100 * used[g] / total}' "$1" "$2" \
    | sort -t$'\t' -k2 -rn | head -12 | awk -F'\t' '{printf "| `%s` | %s | %s %% |\n", $1, $2, $3}'
}
