#!/usr/bin/env bash
# Local single-node Kafka (KRaft) on 127.0.0.1:9092, from Maven Central jars.
#
#   kafka.sh fetch   download the jars into ./lib (skipped when they are there)
#   kafka.sh start   fetch, format storage once, start in the background, wait until it answers
#   kafka.sh run     the same in the foreground (Ctrl-C stops it cleanly)
#   kafka.sh stop    stop the background broker and wait for it to exit
#   kafka.sh status  say whether it answers
#
# Idempotent and quiet: a second start on a running broker returns at once; the broker's
# own log is in $KAFKA_DATA/logs/server.log. KAFKA_DATA and KAFKA_PORT run another broker
# beside it (the tests that stop and start their own do).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
lib="$here/lib"
data="${KAFKA_DATA:-$here/data}"
logs="$data/logs"
pidfile="$data/kafka.pid"
port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-$((port + 1))}"

say() { printf 'kafka: %s\n' "$*" >&2; }

fetch() {
  local stamp
  stamp=$(sha256sum "$here/pom.xml" | cut -c1-16)
  [ -f "$lib/.fetched-$stamp" ] && return 0
  command -v mvn >/dev/null || { say "mvn (Apache Maven) is needed to fetch the jars"; exit 1; }
  say "fetching Kafka jars from Maven Central"
  rm -rf "$lib"
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies >"$here/.mvn.log" 2>&1 ||
    { cat "$here/.mvn.log" >&2; exit 1; }
  touch "$lib/.fetched-$stamp"
}

java_args=(-Xms256m -Xmx768m -XX:+UseG1GC -Djava.awt.headless=true
  -Dlog4j2.configurationFile="$here/log4j2.properties" -Dkafka.logs.dir="$logs" -cp "$lib/*")
props="$data/server.properties"

# server.properties with this checkout's storage folder and the ports asked for (KAFKA_PORT,
# KAFKA_CONTROLLER_PORT), which the static file cannot know.
configure() {
  command -v java >/dev/null || { say "Java 17 or newer is needed"; exit 1; }
  mkdir -p "$data/log" "$logs"
  sed -e "s/:9092/:$port/g" -e "s/:9093/:$controller_port/g" "$here/server.properties" >"$props"
  echo "log.dirs=$data/log" >>"$props"
}

format() {
  configure
  [ -f "$data/log/meta.properties" ] && return 0
  local id
  id=$(java "${java_args[@]}" kafka.tools.StorageTool random-uuid)
  java "${java_args[@]}" kafka.tools.StorageTool format -t "$id" -c "$props" >"$logs/format.log" 2>&1 ||
    { cat "$logs/format.log" >&2; exit 1; }
}

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

running_pid() {
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && cat "$pidfile"
}

wait_ready() {
  local pid=$1
  for _ in $(seq 1 240); do
    if grep -q "Kafka Server started" "$logs/server.log" 2>/dev/null && answers; then
      say "ready on 127.0.0.1:$port"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { say "the broker exited; its log:"; tail -30 "$logs/server.log" >&2; exit 1; }
    sleep 0.25
  done
  say "no answer after 60 s; see $logs/server.log"
  exit 1
}

start() {
  if running_pid >/dev/null; then say "already running"; return 0; fi
  answers && { say "port $port is taken by another process"; exit 1; }
  fetch
  format
  : >"$logs/server.log"
  nohup java "${java_args[@]}" kafka.Kafka "$props" </dev/null >"$logs/stdout.log" 2>&1 &
  echo $! >"$pidfile"
  wait_ready $!
}

run() {
  fetch
  format
  say "starting on 127.0.0.1:$port (log: $logs/server.log)"
  exec java "${java_args[@]}" kafka.Kafka "$props"
}

stop() {
  local pid
  pid=$(running_pid) || { say "not running"; return 0; }
  kill -TERM "$pid"
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; say "stopped"; return 0; }
    sleep 0.25
  done
  say "did not stop within 30 s; killing"
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  run) run ;;
  stop) stop ;;
  status) if answers; then say "answers on 127.0.0.1:$port"; else say "down"; exit 1; fi ;;
  *) echo "usage: $0 fetch|start|run|stop|status" >&2; exit 2 ;;
esac
