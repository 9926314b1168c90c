//! `publish` and `pull` through a local HTTP server that answers conditional
//! requests as a static web server does (ETag, If-None-Match, 304).

mod support;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use elmeg_tui::cache::Cache;
use sha2::{Digest, Sha256};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Serves the files of a folder, with an ETag per content; a matching
/// If-None-Match gets 304 and no body.
struct Folder(PathBuf);

impl Respond for Folder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let name = request.url.path().trim_start_matches('/');
        let Ok(body) = std::fs::read(self.0.join(name)) else {
            return ResponseTemplate::new(404);
        };
        let etag = format!("\"{:x}\"", Sha256::digest(&body));
        let asked = request.headers.get("if-none-match").and_then(|v| v.to_str().ok());
        if asked == Some(etag.as_str()) {
            return ResponseTemplate::new(304).insert_header("etag", etag.as_str());
        }
        ResponseTemplate::new(200)
            .insert_header("etag", etag.as_str())
            .set_body_bytes(body)
    }
}

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), support::CONFIG).unwrap();
        Env { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs the binary on the cache `cache`.
    fn run(&self, cache: &str, args: &[&str]) -> (i32, String, String) {
        self.run_with("config.toml", cache, args)
    }

    /// Runs the binary on the cache `cache` with the config file `config`.
    fn run_with(&self, config: &str, cache: &str, args: &[&str]) -> (i32, String, String) {
        let mut cmd = Command::cargo_bin("elmeg-tui").unwrap();
        for name in support::elmeg_vars_except(&[]) {
            cmd.env_remove(name);
        }
        cmd.args(args)
            .env("ELMEG_CACHE", self.path(cache))
            .env("ELMEG_CONFIG", self.path(config))
            .env("ELMEG_MINE", self.path("mine.sqlite3"));
        support::outcome(cmd.output().unwrap())
    }

    /// The server gets a show more and publishes again: a snapshot new to the fan.
    fn publish_one_more_show(&self, folder: &Path) {
        self.publish_show(folder, "900", "2005-06-01");
    }

    /// The server gets show `id` on `date` and publishes again.
    fn publish_show(&self, folder: &Path, id: &str, date: &str) {
        let mut cache = Cache::open(&self.path("server.sqlite3")).unwrap();
        let band_id = cache.ensure_band(&support::band()).unwrap();
        cache
            .write_show(band_id, &support::show(id, date, 1, &[&["Cities"]]))
            .unwrap();
        drop(cache);
        let (code, _, stderr) = self.run("server.sqlite3", &["publish", folder.to_str().unwrap()]);
        assert_eq!(code, 0, "{stderr}");
    }

    /// The server's copy: the hand-made catalog, published.
    fn publish(&self) -> PathBuf {
        drop(support::write_catalog(&self.path("server.sqlite3")));
        let folder = self.path("public");
        let (code, stdout, stderr) = self.run("server.sqlite3", &["publish", folder.to_str().unwrap()]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.starts_with("published 1 band, 4 shows"), "{stdout}");
        folder
    }
}

async fn serve(folder: &Path) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(Folder(folder.to_path_buf()))
        .mount(&server)
        .await;
    server
}

fn manifest(folder: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(folder.join("manifest.json")).unwrap()).unwrap()
}

/// The snapshot file the manifest in `folder` names.
fn snapshot(folder: &Path) -> PathBuf {
    folder.join(manifest(folder)["file"].as_str().unwrap())
}

fn shows_in(cache: &Path) -> usize {
    Cache::open(cache).unwrap().show_ids("testband").unwrap().len()
}

/// Files beside the fan's cache, its hidden temporary ones included, but for the
/// lock files of the refreshes that filled it.
fn beside(env: &Env) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.trim_start_matches('.').starts_with("fan.sqlite3")
                && !n.contains(".refresh-")
                && !n.ends_with(".migrate.lock")
        })
        .collect();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread")]
async fn publish_then_pull_then_one_request_when_nothing_changed() {
    let env = Env::new();
    let folder = env.publish();
    let m = manifest(&folder);
    assert_eq!(m["format"], 1);
    let packed = std::fs::read(snapshot(&folder)).unwrap();
    assert_eq!(m["bytes"], packed.len());
    let sha256 = format!("{:x}", Sha256::digest(&packed));
    assert_eq!(m["sha256"], sha256);
    // Named by content, and linked under the fixed name too.
    assert_eq!(m["file"], format!("elmeg-cache-{}.sqlite3.gz", &sha256[..16]));
    assert_eq!(std::fs::read(folder.join("elmeg-cache.sqlite3.gz")).unwrap(), packed);
    // Readable by a web server running as another user, as any file written here.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let probe = env.path("probe");
        std::fs::write(&probe, "").unwrap();
        assert_eq!(mode(&snapshot(&folder)), mode(&probe));
        assert_eq!(mode(&folder.join("manifest.json")), mode(&probe));
    }
    assert_eq!(m["bands"][0]["slug"], "testband");
    assert_eq!(m["bands"][0]["shows"], 4, "counted shows, as `bands` counts them");
    assert!(!folder.join("mine.sqlite3").exists() && std::fs::read_dir(&folder).unwrap().count() == 3);

    let server = serve(&folder).await;
    let (code, stdout, stderr) = env.run("fan.sqlite3", &["pull", &server.uri()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("pulled 1 band, 4 shows (snapshot of "), "{stdout}");
    assert_eq!(
        shows_in(&env.path("fan.sqlite3")),
        shows_in(&env.path("server.sqlite3"))
    );
    // The state of the pull and its one lock file, whatever the number of bands.
    assert_eq!(
        beside(&env),
        ["fan.sqlite3", "fan.sqlite3.lock", "fan.sqlite3.pull.json"]
    );

    let before = server.received_requests().await.unwrap().len();
    let (code, stdout, _) = env.run("fan.sqlite3", &["pull", &server.uri()]);
    assert_eq!((code, stdout.as_str()), (0, "up to date\n"));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len() - before, 1, "one conditional request");
    assert!(requests.last().unwrap().headers.contains_key("if-none-match"));

    // Published again with nothing new: a new manifest, the same sha256, no download.
    env.run("server.sqlite3", &["publish", folder.to_str().unwrap()]);
    let before = server.received_requests().await.unwrap().len();
    let (_, stdout, _) = env.run("fan.sqlite3", &["pull", &server.uri()]);
    assert_eq!(stdout, "up to date\n");
    assert_eq!(server.received_requests().await.unwrap().len() - before, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pulled_snapshot_brings_the_bands_the_fans_config_does_not_name() {
    let env = Env::new();
    let folder = env.publish();
    let server = serve(&folder).await;
    // The fan's config names no band: "testband" is the server's own.
    std::fs::write(env.path("fan.toml"), "").unwrap();
    let slugs = |config: &str, cache: &str| -> Vec<String> {
        let (code, stdout, stderr) = env.run_with(config, cache, &["bands", "--json"]);
        assert_eq!(code, 0, "{stderr}");
        let bands: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let slugs = bands.as_array().unwrap().iter();
        slugs.map(|b| b["slug"].as_str().unwrap().to_string()).collect()
    };
    assert!(
        !slugs("fan.toml", "server.sqlite3").contains(&"testband".to_string()),
        "a cache not pulled lists the config's bands"
    );

    let (code, _, stderr) = env.run_with("fan.toml", "fan.sqlite3", &["pull", &server.uri()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(slugs("fan.toml", "fan.sqlite3").contains(&"testband".to_string()));
    let (code, stdout, _) = env.run_with("fan.toml", "fan.sqlite3", &["song", "testband", "Tweezer", "--json"]);
    assert_eq!(code, 0, "browsed as any band");
    assert!(stdout.contains("\"times_played\""), "{stdout}");
    // With the ids it came with: a refresh here knows its source, and its key.
    let stored = elmeg_tui::cache::stored_bands(&env.path("fan.sqlite3"));
    let band = stored.iter().find(|b| b.slug == "testband").unwrap();
    assert_eq!(
        (band.name.as_str(), band.artist_id.as_deref()),
        ("Test Band", Some("99"))
    );
    let (code, _, stderr) = env.run_with("fan.toml", "fan.sqlite3", &["--refresh", "testband"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("testband: no Phish.net API key"), "{stderr}");

    // `enabled = false` hides it, as it hides a built-in band.
    std::fs::write(
        env.path("hides.toml"),
        "[[bands]]\nslug = \"testband\"\nenabled = false\n",
    )
    .unwrap();
    assert!(!slugs("hides.toml", "fan.sqlite3").contains(&"testband".to_string()));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_snapshot_of_an_older_schema_is_migrated() {
    let env = Env::new();
    let folder = env.publish();
    // As a build of schema 4 wrote it: no band ids.
    let older = env.path("older.sqlite3");
    drop(support::write_catalog(&older));
    rusqlite::Connection::open(&older)
        .unwrap()
        .execute_batch(
            "PRAGMA journal_mode = DELETE; ALTER TABLE bands DROP COLUMN source_ids; PRAGMA user_version = 4;",
        )
        .unwrap();
    serve_as_snapshot(&folder, &std::fs::read(&older).unwrap());
    let server = serve(&folder).await;
    let (code, _, stderr) = env.run("fan.sqlite3", &["pull", &server.uri()]);
    assert_eq!(code, 0, "{stderr}");
    let fan = Cache::open(&env.path("fan.sqlite3")).unwrap();
    assert_eq!(fan.schema_version().unwrap(), elmeg_tui::cache::latest_schema_version());
    assert_eq!(shows_in(&env.path("fan.sqlite3")), shows_in(&older));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_publish_keeps_the_file_the_old_manifest_names() {
    let env = Env::new();
    let folder = env.publish();
    let first = std::fs::read_to_string(folder.join("manifest.json")).unwrap();
    let first_file = snapshot(&folder);
    env.publish_show(&folder, "900", "2005-06-01");
    let second_file = snapshot(&folder);
    assert_ne!(first_file, second_file);
    // A fan (or an HTTP cache) still holding the first manifest gets its file.
    let m: serde_json::Value = serde_json::from_str(&first).unwrap();
    let kept = std::fs::read(&first_file).unwrap();
    assert_eq!(m["sha256"], format!("{:x}", Sha256::digest(&kept)));
    assert_eq!(
        std::fs::read(folder.join("elmeg-cache.sqlite3.gz")).unwrap(),
        std::fs::read(&second_file).unwrap(),
        "the fixed name is the newest"
    );
    // One more publish: the first is no manifest's any more, and goes.
    env.publish_show(&folder, "901", "2005-06-02");
    assert!(!first_file.exists() && second_file.exists());
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names.len(),
        4,
        "two named snapshots, the fixed name, the manifest: {names:?}"
    );

    // And the fan pulls the newest.
    let server = serve(&folder).await;
    let (code, _, stderr) = env.run("fan.sqlite3", &["pull", &server.uri()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        shows_in(&env.path("fan.sqlite3")),
        shows_in(&env.path("server.sqlite3"))
    );
}

/// Gzips `bytes` as the published file and writes a manifest that matches it.
fn serve_as_snapshot(folder: &Path, bytes: &[u8]) {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    let packed = gz.finish().unwrap();
    std::fs::write(snapshot(folder), &packed).unwrap();
    let mut m = manifest(folder);
    m["bytes"] = packed.len().into();
    m["sha256"] = format!("{:x}", Sha256::digest(&packed)).into();
    std::fs::write(folder.join("manifest.json"), m.to_string()).unwrap();
}

/// A way to break what the server serves.
type Breaks = Box<dyn Fn()>;

#[tokio::test(flavor = "multi_thread")]
async fn a_broken_download_or_snapshot_leaves_the_old_cache_as_it_was() {
    let env = Env::new();
    let folder = env.publish();
    // The fan's cache: the catalog, less one show, so a pull would change it.
    let fan = env.path("fan.sqlite3");
    {
        let cache = support::write_catalog(&fan);
        let band_id = cache.ensure_band(&support::band()).unwrap();
        cache
            .remove_shows(band_id, elmeg_importers::SourceKind::Phishnet, &["301".to_string()])
            .unwrap();
    }
    let old = std::fs::read(&fan).unwrap();
    let server = serve(&folder).await;
    let packed = std::fs::read(snapshot(&folder)).unwrap();
    let good_manifest = std::fs::read_to_string(folder.join("manifest.json")).unwrap();

    let mut cases: Vec<(&str, Breaks)> = Vec::new();
    let f = folder.clone();
    let half = packed[..packed.len() / 2].to_vec();
    cases.push((
        "broke off",
        Box::new(move || std::fs::write(snapshot(&f), &half).unwrap()),
    ));
    let f = folder.clone();
    let mut flipped = packed.clone();
    flipped[packed.len() / 2] ^= 0xff;
    cases.push((
        "checksum is wrong",
        Box::new(move || std::fs::write(snapshot(&f), &flipped).unwrap()),
    ));
    let f = folder.clone();
    cases.push((
        "not a sound database",
        Box::new(move || serve_as_snapshot(&f, &[7u8; 40_000])),
    ));
    let f = folder.clone();
    cases.push((
        "not a gzip file",
        Box::new(move || {
            std::fs::write(snapshot(&f), b"plain text, not gzip").unwrap();
            let mut m = manifest(&f);
            m["bytes"] = 20.into();
            m["sha256"] = format!("{:x}", Sha256::digest(b"plain text, not gzip")).into();
            std::fs::write(f.join("manifest.json"), m.to_string()).unwrap();
        }),
    ));
    // A newer schema than this build knows.
    let newer = env.path("newer.sqlite3");
    drop(support::write_catalog(&newer));
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let mut newer_bytes = Vec::new();
    std::fs::File::open(&newer)
        .unwrap()
        .read_to_end(&mut newer_bytes)
        .unwrap();
    let f = folder.clone();
    cases.push((
        "needs a newer elmeg-tui",
        Box::new(move || serve_as_snapshot(&f, &newer_bytes)),
    ));

    for (said, break_it) in cases {
        std::fs::write(folder.join("manifest.json"), &good_manifest).unwrap();
        std::fs::write(snapshot(&folder), &packed).unwrap();
        break_it();
        let (code, stdout, stderr) = env.run("fan.sqlite3", &["pull", &server.uri()]);
        assert_eq!(code, 1, "{said}: {stdout}");
        assert!(stderr.contains(said), "{said}: {stderr}");
        // Progress lines, as --refresh prints them, then one line of error.
        let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("elmeg-tui: ")).collect();
        assert_eq!(errors.len(), 1, "{stderr}");
        assert!(
            errors[0].contains(said) && stderr.trim_end().ends_with(errors[0]),
            "{stderr}"
        );
        assert_eq!(std::fs::read(&fan).unwrap(), old, "{said}: the old cache is intact");
        assert_eq!(
            beside(&env),
            ["fan.sqlite3", "fan.sqlite3.lock"],
            "{said}: nothing left behind"
        );
    }
    // Repaired, the pull goes through.
    std::fs::write(folder.join("manifest.json"), &good_manifest).unwrap();
    std::fs::write(snapshot(&folder), &packed).unwrap();
    let (code, _, stderr) = env.run("fan.sqlite3", &["pull", &server.uri()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(shows_in(&fan), shows_in(&env.path("server.sqlite3")));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pull_with_the_explorers_connection_open_is_seen_by_it() {
    let env = Env::new();
    let folder = env.publish();
    let fan = env.path("fan.sqlite3");
    drop(Cache::open(&fan).unwrap());
    let explorer = Cache::open(&fan).unwrap();
    let version = explorer.data_version().unwrap();
    assert!(explorer.show_ids("testband").unwrap().is_empty());
    let server = serve(&folder).await;
    let (code, _, stderr) = env.run("fan.sqlite3", &["pull", &server.uri()]);
    assert_eq!(code, 0, "{stderr}");
    // Its poll sees the change, and its connection reads the new cache.
    assert_ne!(explorer.data_version().unwrap(), version);
    assert_eq!(
        explorer.show_ids("testband").unwrap().len(),
        shows_in(&env.path("server.sqlite3"))
    );
}

#[test]
fn a_snapshot_published_while_a_refresh_writes_is_sound() {
    let env = Env::new();
    let server_cache = env.path("server.sqlite3");
    drop(support::write_catalog(&server_cache));
    let writer_path = server_cache.clone();
    let writing = std::thread::spawn(move || {
        let mut cache = Cache::open(&writer_path).unwrap();
        let band_id = cache.ensure_band(&support::band()).unwrap();
        for n in 0..300 {
            let date = format!("20{:02}-01-{:02}", 10 + n / 28, 1 + n % 28);
            let show = support::show(&format!("w{n}"), &date, 1, &[&["Tweezer", "Cities", "Piper"]]);
            cache.write_show(band_id, &show).unwrap();
        }
    });
    let folder = env.path("public");
    for _ in 0..5 {
        let (code, _, stderr) = env.run("server.sqlite3", &["publish", folder.to_str().unwrap()]);
        assert_eq!(code, 0, "{stderr}");
        let mut db = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(snapshot(&folder)).unwrap())
            .read_to_end(&mut db)
            .unwrap();
        let copy = env.path("copy.sqlite3");
        std::fs::write(&copy, db).unwrap();
        let conn = rusqlite::Connection::open(&copy).unwrap();
        let sound: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(sound, "ok");
    }
    writing.join().unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pull_is_refused_while_a_refresh_of_the_same_cache_runs() {
    let env = Env::new();
    let folder = env.publish();
    let server = serve(&folder).await;
    let refreshing = elmeg_tui::refresh::BandLock::acquire(&env.path("fan.sqlite3"), "testband").unwrap();
    let (code, _, stderr) = env.run("fan.sqlite3", &["pull", &server.uri()]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("a refresh or another pull of this cache is running"),
        "{stderr}"
    );
    assert!(!env.path("fan.sqlite3").exists(), "nothing written");
    drop(refreshing);
    assert_eq!(env.run("fan.sqlite3", &["pull", &server.uri()]).0, 0);
    // Without a URL anywhere: a usage error that says where one goes.
    let (code, _, stderr) = env.run("fan.sqlite3", &["pull"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("[sync] url or ELMEG_SYNC_URL"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_band_refreshed_here_after_the_snapshot_needs_force() {
    let env = Env::new();
    let folder = env.publish();
    let server = serve(&folder).await;
    let fan = env.path("fan.sqlite3");
    let record = |requests| elmeg_tui::cache::RefreshRecord {
        started_at: "2099-01-01T00:00:00Z".into(),
        finished_at: "2099-01-01T00:01:00Z".into(),
        error: None,
        added: 1,
        updated: 0,
        unchanged: 0,
        requests,
    };
    {
        let cache = support::write_catalog(&fan);
        let band_id = cache.ensure_band(&support::band()).unwrap();
        // A load from the built-in copy makes no request, and does not count.
        cache.record_refresh(band_id, &record(0)).unwrap();
    }
    assert_eq!(env.run("fan.sqlite3", &["pull", &server.uri()]).0, 0);
    {
        let cache = Cache::open(&fan).unwrap();
        let band_id = cache.ensure_band(&support::band()).unwrap();
        cache.record_refresh(band_id, &record(12)).unwrap();
    }
    env.publish_one_more_show(&folder);
    let (code, _, stderr) = env.run("fan.sqlite3", &["pull", &server.uri()]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("testband was refreshed here") && stderr.contains("--force"),
        "{stderr}"
    );
    let (code, _, stderr) = env.run("fan.sqlite3", &["pull", "--force", &server.uri()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(shows_in(&fan), shows_in(&env.path("server.sqlite3")));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_url_comes_from_the_config_when_none_is_given() {
    let env = Env::new();
    let folder = env.publish();
    let server = serve(&folder).await;
    let config = format!("{}\n[sync]\nurl = \"{}/\"\n", support::CONFIG, server.uri());
    std::fs::write(env.path("config.toml"), config).unwrap();
    let (code, stdout, stderr) = env.run("fan.sqlite3", &["pull"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("pulled 1 band"), "{stdout}");
    // The demo is built in: nothing of it to pull into or publish.
    let (code, _, stderr) = env.run("fan.sqlite3", &["--demo", "pull"]);
    assert_eq!(code, 2, "{stderr}");
}

/// The folder, with the snapshot's answer held back: time to stop a pull.
struct Slow(Folder);

impl Respond for Slow {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let answer = self.0.respond(request);
        if request.url.path().ends_with(".gz") {
            answer.set_delay(std::time::Duration::from_secs(3))
        } else {
            answer
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stopped_or_killed_pull_leaves_the_old_cache_and_no_temporary_file() {
    let env = Env::new();
    let folder = env.publish();
    let fan = env.path("fan.sqlite3");
    drop(support::write_catalog(&fan));
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(Slow(Folder(folder.clone())))
        .mount(&server)
        .await;
    env.publish_one_more_show(&folder);
    let old = std::fs::read(&fan).unwrap();

    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_elmeg-tui"));
    for name in support::elmeg_vars_except(&[]) {
        cmd.env_remove(name);
    }
    let child = cmd
        .args(["pull", "--force", &server.uri()])
        .env("ELMEG_CACHE", &fan)
        .env("ELMEG_CONFIG", env.path("config.toml"))
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(800));
    // SIGTERM, as `kill` or a closed session sends it.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the pull was stopped; the cache is unchanged"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&fan).unwrap(), old);
    assert_eq!(beside(&env), ["fan.sqlite3", "fan.sqlite3.lock"]);

    // What a kill -9 would leave: the next pull removes it.
    std::fs::write(env.path(".fan.sqlite3.pull-left.gz"), b"half a download").unwrap();
    let (code, _, stderr) = env.run("fan.sqlite3", &["pull", "--force", &server.uri()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!env.path(".fan.sqlite3.pull-left.gz").exists());
    assert_eq!(shows_in(&fan), shows_in(&env.path("server.sqlite3")));
}
