#!/bin/sh
# Refreshes every band, then publishes the snapshot the web service serves;
# again every REFRESH_INTERVAL_HOURS (default 6). A band that fails (exit 1) does
# not stop the others or the publish: the snapshot holds what is there.
set -u
interval_hours=${REFRESH_INTERVAL_HOURS:-6}
while true; do
    elmeg-tui --refresh all
    echo "refresh exited $?"
    elmeg-tui publish /srv/snapshot || echo "publish failed; the last snapshot is still served"
    sleep "$((interval_hours * 3600))"
done
