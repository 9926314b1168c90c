#!/usr/bin/env bash
# Whole-process figures side by side with their anchors, in one run: the import
# against a bare Python insert, `song --json` against the sqlite3 shell, and
# `songs` and `stats --json` against one sqlite3 aggregate, and `search --json`
# against `fzf --filter`, at 1× and 10×. Prints markdown tables.
# Usage: benches/compare.sh [WORKDIR]   (needs hyperfine, sqlite3, fzf, strace, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-/tmp/elmeg-compare}
mkdir -p "$work"
for tool in hyperfine sqlite3 fzf strace; do
    command -v "$tool" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$tool" >/dev/null; }
done
cargo build --release --locked --bin elmeg-tui --example bench_catalog 2>/dev/null
bin=target/release/elmeg-tui
touch "$work/empty.toml"
elmeg() { "$bin" --config "$1" --cache "$2" "${@:3}"; }

# Bytes a command writes: the sum of its write calls.
written() {
    strace -f -qq -e trace=write,pwrite64,writev -o "$work/strace.out" "$@" >/dev/null 2>&1
    awk -F'= ' '/= [0-9]+$/ {s += $NF} END {print s}' "$work/strace.out"
}
mean_ms() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(' '.join(f\"{x['mean']*1000:.1f}\" for x in r))" "$1"; }

echo "## import: the embedded gdshowsdb on an empty cache"
gd="$work/gd.sqlite3"
clean="rm -f $gd $gd-wal $gd-shm $work/anchor.sqlite3 $work/anchor.sqlite3-wal $work/anchor.sqlite3-shm"
eval "$clean"; elmeg "$work/empty.toml" "$gd" --refresh grateful-dead >/dev/null 2>&1
cp "$gd" "$work/source.sqlite3"
hyperfine -N --warmup 2 --runs 15 --prepare "$clean" --export-json "$work/import.json" \
    "$bin --config $work/empty.toml --cache $gd --refresh grateful-dead" \
    "python3 benches/anchor_import.py $work/source.sqlite3 $work/anchor.sqlite3" >/dev/null
read -r ours anchor < <(mean_ms "$work/import.json")
eval "$clean"; ours_bytes=$(written "$bin" --config "$work/empty.toml" --cache "$gd" --refresh grateful-dead)
ours_size=$(stat -c %s "$gd")
eval "$clean"; anchor_bytes=$(written python3 benches/anchor_import.py "$work/source.sqlite3" "$work/anchor.sqlite3")
anchor_size=$(stat -c %s "$work/anchor.sqlite3")
python3 - "$ours" "$anchor" "$ours_bytes" "$ours_size" "$anchor_bytes" "$anchor_size" <<'PY'
import sys
ours, anchor, ob, osz, ab, asz = map(float, sys.argv[1:])
n = 39774
print("| | time | performances/s | written | cache | written / cache |")
print("| --- | --- | --- | --- | --- | --- |")
print(f"| elmeg-tui --refresh grateful-dead | {ours:.0f} ms | {n/ours*1000/1000:.0f}k | {ob/1e6:.1f} MB | {osz/1e6:.1f} MB | {ob/osz:.1f}× |")
print(f"| Python, one transaction (reads the rows first) | {anchor:.0f} ms | {n/anchor*1000/1000:.0f}k | {ab/1e6:.1f} MB | {asz/1e6:.1f} MB | {ab/asz:.1f}× |")
PY

echo; echo "## song --json against the sqlite3 shell's plain listing"
eval "$clean"; elmeg "$work/empty.toml" "$gd" --refresh grateful-dead >/dev/null 2>&1
[ -f "$work/catalog-deep10.sqlite3" ] || target/release/examples/bench_catalog --deep 10 --out "$work/catalog-deep10.sqlite3" >/dev/null
[ -f "$work/catalog-10x.sqlite3" ] || target/release/examples/bench_catalog --scale 10 --out "$work/catalog-10x.sqlite3" >/dev/null
[ -f "$work/catalog-1x.sqlite3" ] || target/release/examples/bench_catalog --scale 1 --out "$work/catalog-1x.sqlite3" >/dev/null
printf '[[bands]]\nslug = "deep"\nname = "Deep Band"\nsource = "phishnet"\n' > "$work/deep.toml"
echo "| cache | song (plays) | elmeg-tui song --json | sqlite3 listing | ratio |"
echo "| --- | --- | --- | --- | --- |"
for pair in "gd:grateful-dead:$gd:$work/empty.toml" "deep10:deep:$work/catalog-deep10.sqlite3:$work/deep.toml"; do
    IFS=: read -r name band cache config <<<"$pair"
    song=$(sqlite3 "$cache" "SELECT so.name FROM performances p JOIN songs so ON so.id = p.song_id JOIN bands b ON b.id = so.band_id WHERE b.slug = '$band' GROUP BY so.id ORDER BY COUNT(*) DESC LIMIT 1")
    plays=$(elmeg "$config" "$cache" song "$band" "$song" --json | python3 -c "import json,sys; print(json.load(sys.stdin)['times_played'])")
    sql="SELECT s.date, v.name, v.city, st.label FROM performances p JOIN songs so ON so.id = p.song_id JOIN shows s ON s.id = p.show_id JOIN venues v ON v.id = s.venue_id JOIN sets st ON st.id = p.set_id JOIN bands b ON b.id = so.band_id WHERE b.slug = '$band' AND so.name = '$song' AND p.tape = 0 ORDER BY s.date, s.order_in_date;"
    echo "$sql" > "$work/listing.sql"
    hyperfine -N --warmup 5 --runs 40 --export-json "$work/song.json" \
        "$bin --config $config --cache $cache song $band '$song' --json" \
        "sqlite3 $cache '.read $work/listing.sql'" >/dev/null
    read -r ours anchor < <(mean_ms "$work/song.json")
    echo "| $name | $song ($plays) | $ours ms | $anchor ms | $(python3 -c "print(f'{$ours/$anchor:.2f}')")× |"
done

echo; echo "## songs --json and stats --json against one sqlite3 aggregate (per song: shows, first and last date)"
echo "| cache | band | elmeg-tui songs --json | elmeg-tui stats --json | sqlite3 aggregate | ratios |"
echo "| --- | --- | --- | --- | --- | --- |"
for pair in "gd:grateful-dead:$gd:$work/empty.toml" "1x:grateful-dead:$work/catalog-1x.sqlite3:$work/empty.toml" \
    "deep10:deep:$work/catalog-deep10.sqlite3:$work/deep.toml"; do
    IFS=: read -r name band cache config <<<"$pair"
    echo "SELECT so.name, COUNT(DISTINCT p.show_id), MIN(s.date), MAX(s.date) FROM performances p JOIN shows s ON s.id = p.show_id JOIN songs so ON so.id = p.song_id JOIN bands b ON b.id = so.band_id WHERE b.slug = '$band' AND p.tape = 0 AND s.excluded IS NULL GROUP BY p.song_id;" > "$work/aggregate.sql"
    hyperfine -N --warmup 3 --runs 20 --export-json "$work/songs.json" \
        "$bin --config $config --cache $cache songs $band --json" \
        "$bin --config $config --cache $cache stats $band --json" \
        "sqlite3 $cache '.read $work/aggregate.sql'" >/dev/null 2>&1
    read -r songs stats anchor < <(mean_ms "$work/songs.json")
    echo "| $name | $band | $songs ms | $stats ms | $anchor ms | $(python3 -c "print(f'{$songs/$anchor:.2f}× / {$stats/$anchor:.2f}×')") |"
done

echo; echo "## search --json (every match printed) against fzf --filter"
echo "| catalog | query | matches (elmeg / fzf) | elmeg-tui search | fzf --filter | ratio |"
echo "| --- | --- | --- | --- | --- | --- |"
for scale in 1x 10x; do
    cache="$work/catalog-$scale.sqlite3"
    sqlite3 "$cache" "SELECT label FROM search_items" > "$work/labels-$scale.txt"
    for query in "d" "dark" "tweezer reprise" "ghost arena" "scarlet fire"; do
        ours_n=$(elmeg "$work/empty.toml" "$cache" search "$query" --json --limit 1000000 | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")
        fzf_n=$(fzf --filter "$query" --literal < "$work/labels-$scale.txt" | wc -l)
        hyperfine --warmup 5 --runs 30 -i --export-json "$work/search.json" \
            "$bin --config $work/empty.toml --cache $cache search '$query' --json --limit 1000000 > /dev/null" \
            "fzf --filter '$query' --literal < $work/labels-$scale.txt > /dev/null" >/dev/null 2>&1
        read -r ours anchor < <(mean_ms "$work/search.json")
        echo "| $scale | \`$query\` | $ours_n / $fzf_n | $ours ms | $anchor ms | $(python3 -c "print(f'{$ours/$anchor:.2f}')")× |"
    done
done
