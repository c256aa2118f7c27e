#!/usr/bin/env bash
# Start-up benchmark for the Naadloos jar: time to ready and idle RSS, on a fresh empty data
# directory (embedded H2, demo data on), for the recommended production launch and, for
# comparison, a plain `java -jar`. Writes the results into docs/benchmarks.md.
#
#   bench/startup.sh                 build, prepare, measure, write docs/benchmarks.md
#   bench/startup.sh --no-build      use the jar already in target/
#   bench/startup.sh --help          all options
#
# Knows nothing about the application beyond: the jar target/naadloos-*.jar, the health URL
# /actuator/health, and the environment variables NAADLOOS_DATA_DIR and NAADLOOS_ADMIN_PASSWORD.
set -euo pipefail

# ---- the recommended production launch (see bench/README.md for why each flag is here) --------
# Applied to the extracted jar (java -Djarmode=tools -jar app.jar extract) together with
# -XX:AOTCache=<cache made by a training run with the same flags> on JDK 25 or later.
RECOMMENDED_OPTS=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms64m)

TARGET_READY_MS=8000
TARGET_RSS_MB=450
HEALTH_PATH=/actuator/health
READY_TIMEOUT_S=180
IDLE_WAIT_S=5
QUIET_WAIT_S=${BENCH_QUIET_WAIT:-120}  # before each start, wait up to this long for the machine to be quiet
QUIET_MAX_PERCENT=25  # "quiet": the machine was busy for less than this share of one core over 1 s
ADMIN_PASSWORD="bench-admin-password-$(date +%s)-xyz"   # 20+ characters, so none is generated

usage() {
  cat <<'EOF'
Usage: bench/startup.sh [options]

  --no-build            do not run `mvn -B -q -DskipTests package` first
  --runs N              starts per variant (default 5)
  --variants LIST       comma-separated, measured in this order (default recommended,plain):
                          recommended  extracted jar + AOT cache + the recommended JVM flags
                          extracted    extracted jar, no flags
                          plain        java -jar on the jar itself (a copy in bench/out/), no flags
  --opts "FLAGS"        replace the recommended JVM flags (experiments; the AOT cache is
                        trained with the same flags). Current: RECOMMENDED_OPTS in this script
  --no-aot              recommended variant without the AOT cache
  --no-spring-aot       do not add -Dspring.aot.enabled=true, even if the jar was built with
                        Spring AOT (spring-boot-maven-plugin's process-aot goal)
  --training MODE       how the AOT cache is trained: ready (default; start on a throwaway data
                        dir until the health URL answers, then SIGTERM) or refresh (Spring's
                        -Dspring.context.exit=onRefresh: exit once the context is refreshed,
                        before the web server and runners start)
  --no-docs             do not write docs/benchmarks.md
  --no-wait             start each run at once, without first waiting (up to BENCH_QUIET_WAIT
                        seconds, default 120) for the machine to be quiet
  -h, --help            this text

Environment: JAVA_HOME (used if it is a JDK >= 21; otherwise /usr/lib/jvm/temurin-25-jdk-amd64),
BENCH_QUIET_WAIT (seconds, default 120).
Output (logs, extracted jar, AOT cache, data dirs) goes to bench/out/ (git-ignored).
EOF
}

die() { printf 'startup.sh: %s\n' "$*" >&2; exit 1; }
say() { printf '==> %s\n' "$*"; }

repo_root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
out_dir="$repo_root/bench/out"
docs_file="$repo_root/docs/benchmarks.md"

build=1 runs=5 variants="recommended,plain" use_aot=1 training=ready write_docs=1 custom_opts=0 wait_quiet=1 use_spring_aot=1
while (($#)); do
  case $1 in
    --no-build) build=0 ;;
    --runs) runs=${2:?}; shift ;;
    --variants) variants=${2:?}; shift ;;
    --opts) read -r -a RECOMMENDED_OPTS <<<"${2?}"; custom_opts=1; shift ;;
    --no-aot) use_aot=0 ;;
    --no-spring-aot) use_spring_aot=0 ;;
    --training) training=${2:?}; shift ;;
    --no-docs) write_docs=0 ;;
    --no-wait) wait_quiet=0 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
  shift
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs needs a positive number"
[[ $training == refresh || $training == ready ]] || die "--training is refresh or ready"
IFS=, read -r -a variant_list <<<"$variants"
for v in "${variant_list[@]}"; do
  [[ $v == recommended || $v == extracted || $v == plain ]] || die "unknown variant: $v"
done

# ---- JDK ----------------------------------------------------------------------------------------
java_major() { "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print v[1]; exit }'; }
JAVA=""
if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]] && (( $(java_major "$JAVA_HOME/bin/java") >= 21 )); then
  JAVA="$JAVA_HOME/bin/java"
elif [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
  JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
else
  die "need a JDK >= 21: set JAVA_HOME (JDK 25 recommended for the AOT cache)"
fi
JAVA_MAJOR=$(java_major "$JAVA")
if (( JAVA_MAJOR < 25 && use_aot )); then
  say "JDK $JAVA_MAJOR has no -XX:AOTCacheOutput (JDK 25+): measuring without the AOT cache"
  use_aot=0
fi

# ---- helpers ------------------------------------------------------------------------------------
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

free_port() {
  local p
  for _ in $(seq 1 100); do
    p=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  die "no free port found"
}

# http_ok PORT PATH: true when GET answers 200. Plain bash (no curl process per poll), so polling
# every 50 ms costs the measured application almost no CPU.
http_ok() {
  local line=""
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&3
  read -r -t 2 line <&3 || true
  exec 3<&- 3>&-
  [[ $line == HTTP/1.?\ 200* ]]
}

# CPU accounting, in clock ticks: the application's own (user+system) and the whole machine's busy time.
CLK_TCK=$(getconf CLK_TCK)
proc_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }

RUN_PID=""
cleanup() {
  if [[ -n $RUN_PID ]] && kill -0 "$RUN_PID" 2>/dev/null; then
    kill -TERM "$RUN_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$RUN_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$RUN_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wait_for_quiet: other work on the machine (builds, tests) inflates start-up times, so wait until
# the machine has been nearly idle for a second, at most QUIET_WAIT_S seconds.
wait_for_quiet() {
  local waited=0 b0 b1 busy
  ((wait_quiet)) || return 0
  while :; do
    b0=$(busy_ticks); sleep 1; b1=$(busy_ticks)
    busy=$(( (b1 - b0) * 100 / CLK_TCK ))
    (( busy >= QUIET_MAX_PERCENT )) || return 0
    (( waited > 0 )) || say "  the machine is busy (${busy}% of a core); waiting up to ${QUIET_WAIT_S}s for it to be quiet"
    waited=$((waited + 1))
    if (( waited >= QUIET_WAIT_S )); then say "  still busy; measuring anyway"; return 0; fi
  done
}

# stop_app PID: SIGTERM, wait up to 30 s, then SIGKILL
stop_app() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    say "pid $pid did not stop within 30 s of SIGTERM; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  RUN_PID=""
}

# start_app LOG DATA_DIR PORT CMD... : start in the background, sets RUN_PID
start_app() {
  local log=$1 data=$2 port=$3; shift 3
  rm -rf "$data"; mkdir -p "$data"
  NAADLOOS_DATA_DIR="$data" NAADLOOS_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
    "$@" "--server.port=$port" >"$log" 2>&1 &
  RUN_PID=$!
}

# wait_ready PORT LOG: wait until the health URL answers 200; fails if the process dies
wait_ready() {
  local port=$1 log=$2 deadline=$(( SECONDS + READY_TIMEOUT_S ))   # builtins only: no process per poll
  until http_ok "$port" "$HEALTH_PATH"; do
    if ! kill -0 "$RUN_PID" 2>/dev/null; then
      tail -n 30 "$log" >&2; die "the application exited before it was ready (log: $log)"
    fi
    (( SECONDS < deadline )) || { tail -n 30 "$log" >&2; die "not ready after ${READY_TIMEOUT_S}s (log: $log)"; }
    sleep 0.05
  done
}

rss_mb() { awk '/^VmRSS:/ { printf "%d", $2 * 1024 / 1000000 }' "/proc/$1/status"; }   # MB = 10^6 bytes

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%d\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
minimum() { sort -n | head -n1; }
maximum() { sort -n | tail -n1; }

# ---- build and locate the jar ------------------------------------------------------------------
cd "$repo_root"
if ((build)); then
  say "building: mvn -B -q -DskipTests package"
  mvn -B -q -DskipTests package
fi
jar=""
for f in target/naadloos-*.jar; do
  [[ -f $f && $f != *.original ]] || continue
  [[ -z $jar ]] || die "more than one jar matches target/naadloos-*.jar: $jar $f"
  jar=$f
done
[[ -n $jar ]] || die "no target/naadloos-*.jar; build first (without --no-build)"
jar_name=$(basename "$jar")
say "jar: $jar ($(( $(stat -c %s "$jar") / 1000000 )) MB), JDK: $JAVA ($JAVA_MAJOR)"
# Work on a copy, so that a build running meanwhile (mvn clean/package) cannot change the jar under us.
mkdir -p "$out_dir"
cp "$jar" "$out_dir/$jar_name"
jar_copy="$out_dir/$jar_name"

# A jar built with Spring AOT (process-aot) holds generated *__ApplicationContextInitializer classes;
# it only uses them when started with -Dspring.aot.enabled=true.
spring_aot_opts=()
if ((use_spring_aot)); then
  if command -v unzip >/dev/null 2>&1; then listing=$(unzip -Z1 "$jar_copy"); else listing=$("${JAVA%/*}/jar" tf "$jar_copy"); fi
  if grep -qE '^BOOT-INF/classes/.*__ApplicationContextInitializer\.class$' <<<"$listing"; then
    spring_aot_opts=(-Dspring.aot.enabled=true)
    say "the jar was built with Spring AOT: the recommended launch adds -Dspring.aot.enabled=true"
  fi
fi

mkdir -p "$out_dir/logs"
rm -rf "$out_dir/data"

# ---- prepare: extracted layout and AOT cache -----------------------------------------------------
app_dir="$out_dir/app"
aot_file="$app_dir/${jar_name%.jar}.aot"
extract_ms="" train_ms="" aot_size=""
needs_extract=0
for v in "${variant_list[@]}"; do [[ $v == plain ]] || needs_extract=1; done
if ((needs_extract)); then
  say "extracting: java -Djarmode=tools -jar $jar extract --destination $app_dir"
  rm -rf "$app_dir"
  t0=$(now_ms)
  "$JAVA" -Djarmode=tools -jar "$jar_copy" extract --destination "$app_dir" >/dev/null
  extract_ms=$(( $(now_ms) - t0 ))
  [[ -f $app_dir/$jar_name ]] || die "extract did not produce $app_dir/$jar_name"
fi

recommended_cmd=("$JAVA" "${RECOMMENDED_OPTS[@]}" "${spring_aot_opts[@]}")
if ((use_aot)) && [[ ,$variants, == *,recommended,* ]]; then
  say "training the AOT cache ($training): ${RECOMMENDED_OPTS[*]} ${spring_aot_opts[*]} -XX:AOTCacheOutput=$aot_file"
  train_log="$out_dir/logs/aot-training.log"
  train_cmd=("$JAVA" "${RECOMMENDED_OPTS[@]}" "${spring_aot_opts[@]}" "-XX:AOTCacheOutput=$aot_file")
  [[ $training == refresh ]] && train_cmd+=(-Dspring.context.exit=onRefresh)
  train_cmd+=(-jar "$app_dir/$jar_name")
  port=$(free_port)
  t0=$(now_ms)
  start_app "$train_log" "$out_dir/data/training" "$port" "${train_cmd[@]}"
  if [[ $training == ready ]]; then
    wait_ready "$port" "$train_log"
    sleep 2
    kill -TERM "$RUN_PID"
  fi
  wait "$RUN_PID" || true   # exits through onRefresh (halt) or SIGTERM (143)
  RUN_PID=""
  train_ms=$(( $(now_ms) - t0 ))
  [[ -s $aot_file ]] || { tail -n 30 "$train_log" >&2; die "training run made no AOT cache (log: $train_log)"; }
  aot_size=$(( $(stat -c %s "$aot_file") / 1000000 ))
  say "AOT cache: $aot_file ($aot_size MB) in $(( train_ms / 1000 )).$(( train_ms % 1000 / 100 )) s"
  recommended_cmd+=("-XX:AOTCache=$aot_file")
fi
recommended_cmd+=(-jar "$app_dir/$jar_name")
sync   # write the fresh jar copy, extracted files and cache to disk now, not during the first measured start

command_for() {
  case $1 in
    recommended) printf '%s\n' "${recommended_cmd[@]}" ;;
    extracted) printf '%s\n' "$JAVA" -jar "$app_dir/$jar_name" ;;
    plain) printf '%s\n' "$JAVA" -jar "$jar_copy" ;;
  esac
}

# ---- measure ------------------------------------------------------------------------------------
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A READY RSS CPU OTHER SUMMARY CMDLINE
for v in "${variant_list[@]}"; do
  mapfile -t cmd < <(command_for "$v")
  CMDLINE[$v]="${cmd[*]//"$repo_root"\//}"
  say "variant $v: ${CMDLINE[$v]}"
  READY[$v]="" RSS[$v]="" CPU[$v]="" OTHER[$v]=""
  for i in $(seq 1 "$runs"); do
    log="$out_dir/logs/$v-$i.log" data="$out_dir/data/$v-$i" port=$(free_port)
    wait_for_quiet
    busy0=$(busy_ticks)
    t0=$(date +%s%N)
    start_app "$log" "$data" "$port" "${cmd[@]}"
    wait_ready "$port" "$log"
    ready_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    app_ticks=$(proc_ticks "$RUN_PID") busy1=$(busy_ticks)
    cpu_ms=$(( app_ticks * 1000 / CLK_TCK ))
    other_ms=$(( (busy1 - busy0 - app_ticks) * 1000 / CLK_TCK ))
    (( other_ms >= 0 )) || other_ms=0
    sleep "$IDLE_WAIT_S"
    rss=$(rss_mb "$RUN_PID")
    stop_app "$RUN_PID"
    printf '    run %d: ready %6d ms   RSS %4d MB   app CPU to ready %6d ms   other CPU meanwhile %5d ms\n' \
      "$i" "$ready_ms" "$rss" "$cpu_ms" "$other_ms"
    # The JVM prints AOT cache problems as [warning][aot...] lines (e.g. a cache that does not match).
    if (( i == 1 )) && grep -qE '^\[[^]]*\]\[(warning|error)\]\[(aot|cds)' "$log"; then
      say "  the JVM printed AOT/CDS warnings (see $log), e.g.:"
      grep -E '^\[[^]]*\]\[(warning|error)\]\[(aot|cds)' "$log" | head -n 3 | sed 's/^/      /'
    fi
    rm -rf "$data"
    READY[$v]+="$ready_ms " RSS[$v]+="$rss " CPU[$v]+="$cpu_ms " OTHER[$v]+="$other_ms "
  done
  r=$(tr ' ' '\n' <<<"${READY[$v]}" | grep .) m=$(tr ' ' '\n' <<<"${RSS[$v]}" | grep .)
  c=$(tr ' ' '\n' <<<"${CPU[$v]}" | grep .)
  SUMMARY[$v]="$(minimum <<<"$r") $(median <<<"$r") $(maximum <<<"$r") $(minimum <<<"$m") $(median <<<"$m") $(maximum <<<"$m") $(median <<<"$c")"
done
rm -rf "$out_dir/data"

# ---- report ---------------------------------------------------------------------------------------
fmt_s() { printf '%d.%02d' $(( $1 / 1000 )) $(( $1 % 1000 / 10 )); }
# verdict MEDIAN MAX TARGET
verdict() {
  if (( $2 <= $3 )); then echo "met (every run)"
  elif (( $1 <= $3 )); then echo "met by the median, not by every run"
  else echo "NOT met"; fi
}

echo
printf '%-12s %28s   %23s   %s\n' "variant" "ready s (min / median / max)" "RSS MB (min/median/max)" "app CPU s to ready (median)"
for v in "${variant_list[@]}"; do
  read -r a b c d e f g <<<"${SUMMARY[$v]}"
  printf '%-12s %8s / %6s / %6s      %5d / %5d / %5d   %8s\n' "$v" "$(fmt_s "$a")" "$(fmt_s "$b")" "$(fmt_s "$c")" "$d" "$e" "$f" "$(fmt_s "$g")"
done
main_variant=${variant_list[0]}
read -r _ med_ready max_ready _ med_rss max_rss _ <<<"${SUMMARY[$main_variant]}"
echo "targets for $main_variant: ready <= $(fmt_s $TARGET_READY_MS) s: $(verdict "$med_ready" "$max_ready" $TARGET_READY_MS); RSS <= $TARGET_RSS_MB MB: $(verdict "$med_rss" "$max_rss" $TARGET_RSS_MB)"

((write_docs)) || exit 0

cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem_total=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
java_version=$("$JAVA" -version 2>&1)
git_rev=$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -z $(git -C "$repo_root" status --porcelain -- src pom.xml 2>/dev/null) ]] || git_rev+=" (with uncommitted changes in src/ or pom.xml)"
invocation="bench/startup.sh"
((build)) || invocation+=" --no-build"
((runs == 5)) || invocation+=" --runs $runs"
[[ $variants == recommended,plain ]] || invocation+=" --variants $variants"
((custom_opts)) && invocation+=" --opts \"${RECOMMENDED_OPTS[*]}\""
((use_aot)) || invocation+=" --no-aot"
[[ $training == ready ]] || invocation+=" --training $training"
((use_spring_aot)) || invocation+=" --no-spring-aot"

section=$(
  echo "<!-- bench/startup.sh: begin (this section is rewritten by the script) -->"
  echo "## Start-up and idle memory"
  echo
  echo "Measured by \`$invocation\` on $(date -u '+%Y-%m-%d %H:%M UTC'), commit $git_rev."
  echo
  echo "- Machine: $(nproc) cores ($cpu_model), $mem_total memory; load average before the runs: $load_before."
  echo "- JDK: \`$JAVA\`"
  echo
  echo '  ```'
  sed 's/^/  /' <<<"$java_version"
  echo '  ```'
  echo "- Data: a fresh, empty data directory per start (\`NAADLOOS_DATA_DIR\`, embedded H2 in file mode), demo data on (the default),"
  echo "  \`NAADLOOS_ADMIN_PASSWORD\` set. Each variant is started $runs times, one after another."
  echo "- Ready: from process start until \`GET $HEALTH_PATH\` answers 200 (polled every 50 ms from bash, no process per poll)."
  echo "  RSS: \`VmRSS\` from \`/proc/<pid>/status\`, ${IDLE_WAIT_S} s after ready, with no requests; MB = 10^6 bytes. Then SIGTERM."
  echo "- Targets: ready <= $(fmt_s $TARGET_READY_MS) s, RSS <= $TARGET_RSS_MB MB idle."
  if ((${#spring_aot_opts[@]})); then
    echo "- Spring AOT: the jar was built with \`process-aot\`; the recommended launch adds \`-Dspring.aot.enabled=true\`."
  else
    echo "- Spring AOT: not in this jar (see bench/README.md for the pom change and what it gains)."
  fi
  echo
  echo "Launch commands (paths relative to the repository root; \`--server.port\` added per run):"
  echo
  for v in "${variant_list[@]}"; do echo "- **$v**: \`${CMDLINE[$v]}\`"; done
  if [[ -n $extract_ms ]]; then
    echo
    echo "One-off preparation: extracting the jar took $(fmt_s "$extract_ms") s."
    [[ -z $train_ms ]] || echo "The AOT cache training run ($training) took $(fmt_s "$train_ms") s and made a $aot_size MB cache."
  fi
  echo
  echo "| variant | run | ready (s) | RSS idle (MB) | app CPU to ready (s) | other CPU meanwhile (s) |"
  echo "|---|---:|---:|---:|---:|---:|"
  for v in "${variant_list[@]}"; do
    read -r -a rr <<<"${READY[$v]}"; read -r -a mm <<<"${RSS[$v]}"
    read -r -a cc <<<"${CPU[$v]}"; read -r -a oo <<<"${OTHER[$v]}"
    for i in "${!rr[@]}"; do
      echo "| $v | $((i + 1)) | $(fmt_s "${rr[$i]}") | ${mm[$i]} | $(fmt_s "${cc[$i]}") | $(fmt_s "${oo[$i]}") |"
    done
  done
  echo
  echo "\"Other CPU\" is what the rest of the machine used while the application started (CPU time, both cores"
  echo "together; the benchmark's own polling and the machine's idle services take a few tenths of a second). Well over"
  echo "1 s means something else was running and the times of that run are inflated."
  echo
  echo "| variant | ready min / median / max (s) | RSS min / median / max (MB) | ready <= $(fmt_s $TARGET_READY_MS) s | RSS <= $TARGET_RSS_MB MB |"
  echo "|---|---|---|---|---|"
  for v in "${variant_list[@]}"; do
    read -r a b c d e f _ <<<"${SUMMARY[$v]}"
    echo "| $v | $(fmt_s "$a") / $(fmt_s "$b") / $(fmt_s "$c") | $d / $e / $f | $(verdict "$b" "$c" $TARGET_READY_MS) | $(verdict "$e" "$f" $TARGET_RSS_MB) |"
  done
  echo "<!-- bench/startup.sh: end -->"
)

mkdir -p "$(dirname "$docs_file")"
[[ -f $docs_file ]] || printf '# Benchmarks\n\nHow to reproduce: see `bench/README.md`.\n\n' >"$docs_file"
tmp=$(mktemp)
SECTION="$section" awk '
  /^<!-- bench\/startup.sh: begin/ { skipping = 1; if (!done) { print ENVIRON["SECTION"]; done = 1 }; next }
  /^<!-- bench\/startup.sh: end/ { skipping = 0; next }
  !skipping { print }
  END { if (!done) { print ""; print ENVIRON["SECTION"] } }
' "$docs_file" >"$tmp"
cat "$tmp" >"$docs_file"; rm -f "$tmp"
say "wrote the results into ${docs_file#"$repo_root"/}"
