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
  # Waits for the server this script started: another one answering on
  # the port (another run's) has another process id, and fails the run.
  local answer
  for _ in $(seq 1 100); do
    answer=$(curl -s "$NANGO_DEV_SERVER_URL/dev/pid" || true)
    if [ -n "$answer" ]; then
      if [ "$answer" = "{\"pid\":$DEV_SERVER_PID}" ]; then return 0; fi
      echo "another server answers on port $port ($answer, not pid $DEV_SERVER_PID): stop it, or set NANGO_TEST_PORT" >&2
      return 1
    fi
    if ! kill -0 "$DEV_SERVER_PID" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "the dev server did not start; see $workdir/dev-server.log" >&2
  return 1
}
