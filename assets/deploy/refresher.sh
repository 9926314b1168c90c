#!/bin/sh
# Refreshes every band, then publishes the snapshot the web service serves;
# again every REFRESH_INTERVAL_HOURS (default 6). A band that fails (exit 1) does
# not stop the others or the publish: the snapshot holds what is there.
set -u
interval_hours=${REFRESH_INTERVAL_HOURS:-6}
case $interval_hours in
    *[!0-9]*) interval_hours=0 ;;
    *) interval_hours=$(expr "$interval_hours" + 0) ;; # 06 is 6, not octal
esac
if [ "$interval_hours" -lt 1 ]; then
    echo "REFRESH_INTERVAL_HOURS must be a whole number of hours from 1, not '$REFRESH_INTERVAL_HOURS'" >&2
    exit 2
fi

# This script is the container's PID 1, which gets no default handling of TERM:
# pass `docker compose stop` on to the step running, and stop at once. A killed
# refresh leaves the cache sound; the next one picks up where it stopped.
child=
trap 'if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null; wait "$child"; fi; exit 0' TERM INT
step() {
    "$@" &
    child=$!
    wait "$child"
    status=$?
    child=
    return "$status"
}

while true; do
    step elmeg-tui --refresh all
    echo "refresh exited $?"
    step elmeg-tui publish /srv/snapshot || echo "publish failed; the last snapshot is still served"
    step sleep "$((interval_hours * 3600))"
done
