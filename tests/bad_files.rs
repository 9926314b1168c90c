//! Bad cache files: each gives exit 1 and one clear line, never a panic, and
//! leaves the file as it was.

mod support;

use std::path::Path;
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn elmeg(cache: &Path, config: &Path, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_elmeg-tui"));
    cmd.args(args).env("ELMEG_CACHE", cache).env("ELMEG_CONFIG", config);
    for name in support::elmeg_vars_except(&["ELMEG_CACHE", "ELMEG_CONFIG"]) {
        cmd.env_remove(name);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// One line on stderr, saying `expected`, exit 1, and no backtrace.
fn fails_clearly(run: &Run, expected: &str) {
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains(expected), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

/// A healthy cache with the built-in Grateful Dead in it.
fn healthy(dir: &Path) -> std::path::PathBuf {
    let cache = dir.join("healthy.sqlite3");
    let config = dir.join("config.toml");
    std::fs::write(&config, "").unwrap();
    let run = elmeg(&cache, &config, &["--refresh", "grateful-dead"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Fold the write-ahead log in, so the file alone is the whole cache.
    let conn = rusqlite::Connection::open(&cache).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    cache
}

#[test]
fn a_folder_random_bytes_a_truncated_file_and_a_newer_schema_each_fail_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "").unwrap();

    let folder = dir.path().join("folder.sqlite3");
    std::fs::create_dir(&folder).unwrap();
    fails_clearly(&elmeg(&folder, &config, &["bands"]), "is a folder, not a file");

    let random = dir.path().join("random.sqlite3");
    let bytes: Vec<u8> = (0..8192u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    std::fs::write(&random, &bytes).unwrap();
    fails_clearly(
        &elmeg(&random, &config, &["bands"]),
        "may be damaged or not a cache file",
    );
    assert_eq!(std::fs::read(&random).unwrap(), bytes, "left as it was");

    let truncated = healthy(dir.path());
    let whole = std::fs::read(&truncated).unwrap();
    std::fs::write(&truncated, &whole[..whole.len() / 3]).unwrap();
    let before = std::fs::read(&truncated).unwrap();
    let run = elmeg(&truncated, &config, &["setlist", "grateful-dead", "1995-07-09"]);
    fails_clearly(&run, "malformed");
    assert_eq!(std::fs::read(&truncated).unwrap(), before, "left as it was");

    let newer = dir.path().join("newer.sqlite3");
    {
        let conn = rusqlite::Connection::open(&newer).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    fails_clearly(&elmeg(&newer, &config, &["bands"]), "written by a newer elmeg-tui");
}

/// Runs `test` on a small tmpfs mounted for it, or says why it is skipped: it
/// needs root (mount), as CI has.
fn on_tmpfs(size: &str, test: impl FnOnce(&Path)) {
    let dir = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir.path())
        .output();
    if !mounted.as_ref().is_ok_and(|o| o.status.success()) {
        eprintln!("SKIPPED: cannot mount a tmpfs here (needs root): {mounted:?}");
        return;
    }
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| test(dir.path())));
    let _ = Command::new("umount").arg("-l").arg(dir.path()).status();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

#[test]
fn a_read_only_folder_is_named_as_the_cause_and_the_cache_is_not_called_damaged() {
    on_tmpfs("16m", |mount| {
        let work = tempfile::tempdir().unwrap();
        let cache = healthy(work.path());
        let config = work.path().join("config.toml");
        let inside = mount.join("cache.sqlite3");
        std::fs::copy(&cache, &inside).unwrap();
        let before = std::fs::read(&inside).unwrap();
        let remounted = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(mount)
            .status()
            .unwrap();
        assert!(remounted.success());
        let run = elmeg(&inside, &config, &["bands"]);
        fails_clearly(&run, "no write permission on its folder");
        assert!(
            !run.stderr.contains("damaged") && !run.stderr.contains("move it aside"),
            "{}",
            run.stderr
        );
        assert_eq!(std::fs::read(&inside).unwrap(), before, "left as it was");
    });
}

#[test]
fn a_full_disk_during_a_refresh_fails_in_one_line_and_keeps_what_was_stored() {
    on_tmpfs("2m", |mount| {
        let cache = mount.join("cache.sqlite3");
        let config = mount.join("config.toml");
        std::fs::write(&config, "").unwrap();
        // The whole Grateful Dead needs about 4 MB: the disk fills up halfway.
        let run = elmeg(&cache, &config, &["--refresh", "grateful-dead"]);
        assert_eq!(run.code, 1, "{}", run.stdout);
        let errors: Vec<&str> = run.stderr.lines().filter(|l| l.contains("full")).collect();
        assert_eq!(errors.len(), 1, "{}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        // What was committed is whole: the cache opens and checks out.
        let conn = rusqlite::Connection::open(&cache).unwrap();
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok");
        let half_written: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM shows s WHERE NOT EXISTS (SELECT 1 FROM sets WHERE show_id = s.id)
                   AND EXISTS (SELECT 1 FROM performances p WHERE p.show_id = s.id)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(half_written, 0);
    });
}
