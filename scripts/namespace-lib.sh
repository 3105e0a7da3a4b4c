# Sourced by the test and bench scripts: `namespace_prefix NAME` sets the
# array NAME to the command prefix that runs a command in a PID namespace
# of its own, with its own /proc (so that the PIDs read there are the ones
# that can be signalled), where the kernel allows it; else without its own
# /proc; else to nothing (the JS harness then ends its driver and browser
# by PID).
namespace_prefix() {
  local -n prefix=$1
  local try
  prefix=()
  for try in "unshare --pid --fork --kill-child --mount-proc" "unshare --pid --fork --kill-child"; do
    # shellcheck disable=SC2086
    if $try true 2>/dev/null; then
      read -ra prefix <<<"$try"
      return
    fi
  done
}
