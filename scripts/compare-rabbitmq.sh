#!/usr/bin/env bash
# Side by side with RabbitMQ (docs/benchmarks.md, "Side by side with RabbitMQ").
#
# Installs Debian's rabbitmq-server (and nodejs/npm when missing), starts it on 127.0.0.1 only, measures
# its time to ready and idle memory, runs tools/MqApi.Bench's comparison workloads against it, stops it,
# then runs the same workloads against MqApi (the published Release build, its own process, a free
# port) and prints one markdown table with MqApi/RabbitMQ ratios. Run as root from anywhere in the repo:
#
#   scripts/compare-rabbitmq.sh [--runs 3] [--warmup 2] [--duration 5] [--keep <folder>]
#
# --runs/--warmup/--duration go to the tool (a cell is the median of the runs, with min–max);
# --keep keeps the JSON figure files and logs in <folder>. It overwrites /etc/rabbitmq/rabbitmq.conf and
# rabbitmq-env.conf, and leaves RabbitMQ stopped (also on error or Ctrl+C).
set -euo pipefail

runs=3
warmup=2
duration=5
keep=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    *) echo "usage: $0 [--runs n] [--warmup s] [--duration s] [--keep folder]" >&2; exit 2 ;;
  esac
done
[[ $(id -u) -eq 0 ]] || { echo "run as root (it installs packages and starts RabbitMQ)" >&2; exit 2; }

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d -t mqapi-compare-XXXXXX)"
mgmt="http://127.0.0.1:15672"
clock_start=$(date +%s)

log() { echo "[compare $(date +%H:%M:%S)] $*"; }

rabbit_pids() { pgrep -u rabbitmq -x beam.smp || true; }

stop_rabbitmq() {
  if [[ -n "$(rabbit_pids)" ]]; then
    rabbitmqctl stop >/dev/null 2>&1 || true
    for _ in $(seq 1 100); do [[ -z "$(rabbit_pids)" ]] && break; sleep 0.2; done
    # Still there after 20 s: end it by its process id.
    for pid in $(rabbit_pids); do kill "$pid" 2>/dev/null || true; done
  fi
  # epmd was started for RabbitMQ; it stays after the node stops.
  for pid in $(pgrep -u rabbitmq -x epmd || true); do kill "$pid" 2>/dev/null || true; done
}

finish() {
  local status=$?
  stop_rabbitmq
  if [[ -n "$keep" ]]; then mkdir -p "$keep" && cp "$work"/*.json "$work"/*.log "$keep"/ 2>/dev/null || true; fi
  rm -rf "$work"
  [[ -z "$(rabbit_pids)" ]] && log "RabbitMQ is stopped."
  exit $status
}
trap finish EXIT
trap 'exit 130' INT TERM

log "load: $(uptime)"

# 1. Packages. Debian 12's rabbitmq-server is 3.10; node 18+ and npm run the Node consumers.
missing=()
command -v rabbitmq-server >/dev/null || missing+=(rabbitmq-server)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v curl >/dev/null || missing+=(curl)
if [[ ${#missing[@]} -gt 0 ]]; then
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The package's post-install may have started a node on the default settings: stop it first.
stop_rabbitmq
(cd "$repo/tools/bench-node" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

# 2. RabbitMQ on 127.0.0.1 only: AMQP, management, Web-STOMP, and STOMP (a dependency of Web-STOMP);
# Erlang distribution and epmd too. Everything else stays at RabbitMQ's defaults.
cat > /etc/rabbitmq/rabbitmq.conf <<'CONF'
listeners.tcp.default = 127.0.0.1:5672
management.tcp.ip = 127.0.0.1
web_stomp.tcp.ip = 127.0.0.1
stomp.listeners.tcp.1 = 127.0.0.1:61613
CONF
cat > /etc/rabbitmq/rabbitmq-env.conf <<'CONF'
ERL_EPMD_ADDRESS=127.0.0.1
SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
CONF
rabbitmq-plugins enable --offline rabbitmq_management rabbitmq_web_stomp >/dev/null

# 3. Build the tool and publish MqApi (Release) while nothing is running.
log "building tools/MqApi.Bench and publishing src/MqApi (Release)"
dotnet build "$repo/tools/MqApi.Bench" -c Release --nologo -v quiet >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
dotnet publish "$repo/src/MqApi" -c Release -o "$work/app" --nologo -v quiet >>"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
bench=(dotnet run --no-build -c Release --project "$repo/tools/MqApi.Bench" --)

# 4. RabbitMQ's time to ready (start → GET /api/overview answers 200, probed every 50 ms) and its
# resident memory after sitting idle for --duration seconds: the sum of VmRSS over every process of
# the rabbitmq user (beam.smp, epmd, erl_child_setup, inet_gethost). Measured --runs times.
ready=()
rss=()
for run in $(seq 1 "$runs"); do
  stop_rabbitmq
  start=$(date +%s.%N)
  rabbitmq-server -detached
  until curl -sf -o /dev/null -u guest:guest "$mgmt/api/overview"; do
    sleep 0.05
    if (( $(date +%s) - ${start%.*} > 120 )); then echo "RabbitMQ did not answer within 120 s" >&2; exit 1; fi
  done
  end=$(date +%s.%N)
  ready+=("$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')")
  sleep "$duration"
  rss+=("$(ps -u rabbitmq -o rss= | awk '{ kib += $1 } END { printf "%.1f", kib / 1024 }')")
  log "RabbitMQ start $run/$runs: ready after ${ready[-1]} s, idle RSS ${rss[-1]} MiB"
done
join() { local IFS=,; echo "$*"; }
cat > "$work/rabbitmq-start.json" <<JSON
{"target":"rabbitmq","figures":{"start-to-ready":[$(join "${ready[@]}")],"idle-rss":[$(join "${rss[@]}")]}}
JSON
log "RabbitMQ $(rabbitmqctl version 2>/dev/null || echo '?') ready"

# 5. The workloads against RabbitMQ, then stop it.
log "RabbitMQ workloads"
"${bench[@]}" --target rabbitmq --url "$mgmt/" --scenario compare --runs "$runs" --warmup "$warmup" --duration "$duration" \
  --json "$work/rabbitmq.json" 2>&1 | tee "$work/rabbitmq.log" || log "the tool reported errors against RabbitMQ (exit $?): see above"
stop_rabbitmq
[[ -z "$(rabbit_pids)" ]] || { echo "RabbitMQ did not stop" >&2; exit 1; }

# 6. The same workloads against MqApi, alone on the machine now.
log "MqApi workloads"
"${bench[@]}" --target mqapi --app "$work/app" --scenario compare --runs "$runs" --warmup "$warmup" --duration "$duration" \
  --json "$work/mqapi.json" 2>&1 | tee "$work/mqapi.log" || log "the tool reported errors against MqApi (exit $?): see above"

# 7. The table.
log "load: $(uptime)"
log "took $(( ($(date +%s) - clock_start) / 60 )) min $(( ($(date +%s) - clock_start) % 60 )) s; runs $runs, warm-up $warmup s, measured $duration s"
echo
"${bench[@]}" --report "$work/mqapi.json" "$work/rabbitmq-start.json" "$work/rabbitmq.json"
