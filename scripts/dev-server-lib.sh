# Sourced by the test and bench scripts: start_dev_server BINARY PORT WORKDIR
# starts the dev server on 127.0.0.1:PORT with a fresh database in WORKDIR,
# stops it when the script exits, and waits until it answers.
start_dev_server() {
  local binary=$1 port=$2 workdir=$3
  rm -rf "$workdir" && mkdir -p "$workdir"
  "$binary" --port "$port" --db "$workdir/nango.db" --root . > "$workdir/dev-server.log" 2>&1 &
  DEV_SERVER_PID=$!
  trap 'kill $DEV_SERVER_PID 2>/dev/null || true' EXIT
  export NANGO_DEV_SERVER_URL="http://127.0.0.1:${port}"
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null "$NANGO_DEV_SERVER_URL/connect/session"; then return 0; fi
    sleep 0.1
  done
  echo "the dev server did not start; see $workdir/dev-server.log" >&2
  return 1
}
