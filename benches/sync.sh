#!/bin/sh
# publish and pull, whole processes, on the synthetic catalogs (1× and 10×), served
# from loopback by python3's http.server. Beside them, the anchor: the same
# download with curl and gunzip, which checks nothing.
#   sh benches/sync.sh [WORK_DIR]      (needs hyperfine, curl, python3)
set -eu
cd "$(dirname "$0")/.."
work=${1:-target/sync-bench}
mkdir -p "$work"
work=$(cd "$work" && pwd)
cargo build --release --locked --bin elmeg-tui --example bench_catalog 2>/dev/null
bin=$(pwd)/target/release/elmeg-tui
: >"$work/config.toml"
export ELMEG_CONFIG="$work/config.toml" ELMEG_MINE="$work/mine.sqlite3"

port=8731
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work" >/dev/null 2>&1 &
server=$!
trap 'kill $server' EXIT
sleep 1

for scale in 1 10; do
    catalog="$work/catalog-${scale}x.sqlite3"
    [ -f "$catalog" ] || target/release/examples/bench_catalog --scale "$scale" --out "$catalog" >/dev/null
    public="$work/public-${scale}x"
    fan="$work/fan-${scale}x.sqlite3"
    url="http://127.0.0.1:$port/public-${scale}x/"
    echo "== ${scale}×"
    "$bin" --cache "$catalog" publish "$public"
    file=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['file'])" "$public/manifest.json")
    hyperfine --runs 5 --style basic \
        --prepare true \
        --command-name "publish ${scale}×" "$bin --cache $catalog publish $public" \
        --prepare "rm -f $fan $fan.pull.json" \
        --command-name "pull ${scale}×, new" "$bin --cache $fan pull $url" \
        --prepare "rm -f $work/anchor.sqlite3" \
        --command-name "curl | gunzip ${scale}× (anchor)" "curl -s ${url}$file | gunzip >$work/anchor.sqlite3"
    "$bin" --cache "$fan" pull "$url" >/dev/null 2>&1
    hyperfine --runs 10 --warmup 1 --style basic \
        --command-name "pull ${scale}×, up to date" "$bin --cache $fan pull $url"
done
