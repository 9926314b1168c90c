//! The fault suite: a refresh killed at random points, and a refresh against a
//! server that fails in every way a real one does. The server is a small raw
//! HTTP server over the gdshowsdb year files in `assets/gdshowsdb/`, so that a
//! truncated body is truly cut short (a `Content-Length` it never meets).

mod support;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How the server misbehaves, by request number (1-based).
#[derive(Clone, Copy, Default)]
struct Faults {
    latency: Duration,
    /// Every n-th request answers 500.
    error_every: Option<usize>,
    /// Every n-th request sends half its body and closes.
    truncate_every: Option<usize>,
    /// This request is accepted and never answered.
    hang_at: Option<usize>,
}

struct Server {
    url: String,
    requests: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn year_files() -> HashMap<String, Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/gdshowsdb");
    (1965..=1995)
        .map(|y| {
            (
                format!("/{y}.yaml"),
                std::fs::read(dir.join(format!("{y}.yaml"))).unwrap(),
            )
        })
        .collect()
}

fn serve(faults: Faults) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let requests = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let files = Arc::new(year_files());
    let (count, halt) = (requests.clone(), stop.clone());
    std::thread::spawn(move || {
        while !halt.load(Ordering::Relaxed) {
            match listener.accept() {
                Ok((stream, _)) => {
                    let (count, files) = (count.clone(), files.clone());
                    std::thread::spawn(move || answer(stream, &count, &files, faults));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(2)),
            }
        }
    });
    Server { url, requests, stop }
}

fn answer(stream: TcpStream, count: &AtomicUsize, files: &HashMap<String, Vec<u8>>, faults: Faults) {
    let _ = stream.set_nonblocking(false);
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() || request_line.is_empty() {
        return;
    }
    // The headers, up to the blank line.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let n = count.fetch_add(1, Ordering::SeqCst) + 1;
    std::thread::sleep(faults.latency);
    let mut stream = stream;
    if faults.hang_at == Some(n) {
        std::thread::sleep(Duration::from_secs(120));
        return;
    }
    if faults.error_every.is_some_and(|k| n.is_multiple_of(k)) {
        let _ =
            stream.write_all(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let Some(body) = files.get(path) else {
        let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
    };
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/yaml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    if faults.truncate_every.is_some_and(|k| n.is_multiple_of(k)) {
        let _ = stream.write_all(&body[..body.len() / 2]);
        return; // closed short of its Content-Length
    }
    let _ = stream.write_all(body);
}

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new(server: &Server) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("config.toml"),
            format!(
                "[[bands]]\nslug = \"grateful-dead\"\nsource = \"gdshowsdb\"\n\n[sources.gdshowsdb]\n\
                 base_url = \"{}\"\nrequests_per_second = 1000\ntimeout_secs = 2\n",
                server.url
            ),
        )
        .unwrap();
        Env { dir }
    }

    fn cache(&self) -> PathBuf {
        self.dir.path().join("cache.sqlite3")
    }

    fn refresh(&self) -> Child {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_elmeg-tui"));
        cmd.args(["--refresh", "grateful-dead"])
            .env("ELMEG_CACHE", self.cache())
            .env("ELMEG_CONFIG", self.dir.path().join("config.toml"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for name in support::elmeg_vars_except(&[]) {
            cmd.env_remove(name);
        }
        cmd.spawn().unwrap()
    }
}

/// Each show's number of songs in the data set, by gdshowsdb uuid.
fn expected_songs() -> HashMap<String, i64> {
    elmeg_importers::gdshowsdb::embedded::shows_by_year()
        .unwrap()
        .into_iter()
        .flat_map(|(_, shows)| shows)
        .map(|s| (s.source_id.clone(), s.performance_count() as i64))
        .collect()
}

/// The cache is sound, and every show in it is whole: all its songs or none of it.
fn assert_whole(cache: &Path, expected: &HashMap<String, i64>) -> usize {
    let conn = rusqlite::Connection::open(cache).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let mut stmt = conn
        .prepare(
            "SELECT s.source_id, (SELECT COUNT(*) FROM performances p WHERE p.show_id = s.id)
             FROM shows s",
        )
        .unwrap();
    let stored: Vec<(String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (uuid, songs) in &stored {
        assert_eq!(Some(songs), expected.get(uuid), "show {uuid} is half-written");
    }
    assert_counts_current(&conn);
    stored.len()
}

/// The stored counts and show numbers are what counting the stored shows now
/// gives, after a kill too: the explorer never has to count live.
fn assert_counts_current(conn: &rusqlite::Connection) {
    let live: (i64, i64) = conn
        .query_row(
            "SELECT COUNT(DISTINCT s.id), COUNT(*) FROM counted_shows s JOIN performances p ON p.show_id = s.id
             WHERE p.tape = 0",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let stored: (i64, i64) = conn
        .query_row(
            "SELECT COALESCE(SUM(shows), 0), COALESCE(SUM(performances), 0) FROM band_stats",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(stored, live, "stored (shows, performances) against a live count");
    let misnumbered: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM (
               SELECT id, ROW_NUMBER() OVER (PARTITION BY band_id ORDER BY date, order_in_date, id) AS n
               FROM counted_shows) c
             LEFT JOIN show_numbers sn ON sn.show_id = c.id
             WHERE sn.n IS NOT c.n",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        misnumbered, 0,
        "shows numbered otherwise than counted_shows orders them"
    );
}

/// A small random generator: the seed is printed, so a failing run can be replayed
/// with `ELMEG_FAULT_SEED`.
fn seed() -> u64 {
    let seed = std::env::var("ELMEG_FAULT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("fault seed: {seed} (replay with ELMEG_FAULT_SEED={seed})");
    seed
}

#[test]
fn a_refresh_killed_at_ten_random_points_resumes_to_exact_counts() {
    let server = serve(Faults {
        latency: Duration::from_millis(15),
        ..Faults::default()
    });
    let env = Env::new(&server);
    let expected = expected_songs();
    // Ten different points, each after a different number of requests (1..=30).
    let mut rng = seed();
    let mut points: Vec<usize> = Vec::new();
    while points.len() < 10 {
        rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let point = (rng >> 33) as usize % 30 + 1;
        if !points.contains(&point) {
            points.push(point);
        }
    }
    eprintln!("kill points (requests): {points:?}");
    for point in points {
        let before = server.requests.load(Ordering::SeqCst);
        let mut child = env.refresh();
        let started = Instant::now();
        while server.requests.load(Ordering::SeqCst) < before + point && child.try_wait().unwrap().is_none() {
            assert!(started.elapsed() < Duration::from_secs(60), "the refresh stalled");
            std::thread::sleep(Duration::from_millis(1));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        assert_whole(&env.cache(), &expected);
    }
    // The lock left by the last kill does not block; the run ends exact.
    let out = env.refresh().wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.starts_with("grateful-dead: "), "{stdout}");
    assert_eq!(assert_whole(&env.cache(), &expected), 2358);
    let conn = rusqlite::Connection::open(env.cache()).unwrap();
    let (shows, performances): (i64, i64) = conn
        .query_row("SELECT shows, performances FROM band_stats", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((shows, performances), (2076, 39774));
}

#[test]
fn a_faulty_server_ends_exact_and_the_summary_tells_the_truth() {
    // 500 every 5th request, half a body every 7th, 300 ms on each, and one
    // request that is never answered.
    let server = serve(Faults {
        latency: Duration::from_millis(300),
        error_every: Some(5),
        truncate_every: Some(7),
        hang_at: Some(3),
    });
    let env = Env::new(&server);
    let started = Instant::now();
    let out = env.refresh().wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(300), "{:?}", started.elapsed());
    let sent = server.requests.load(Ordering::SeqCst);
    assert!(
        stdout.starts_with(&format!(
            "grateful-dead: 2358 shows added, 0 updated, 0 unchanged; {sent} requests"
        )),
        "the server saw {sent} requests: {stdout}"
    );
    assert_eq!(assert_whole(&env.cache(), &expected_songs()), 2358);
}
