//! The real binary in a real terminal (tmux): search a song, see its history,
//! quit, and find the terminal restored. `.ci/run` installs tmux.

mod support;

use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs")
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", "e2e"]).stdout).into_owned()
    }

    fn flag(&self, name: &str) -> String {
        let out = self.cmd(&["display-message", "-p", "-t", "e2e", &format!("#{{{name}}}")]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        assert!(self.cmd(&args).status.success());
    }

    /// A tmux server of its own, `name`d, with session `e2e` of `width`×`height`
    /// running `command`; `None` (and a SKIPPED line) without tmux.
    fn start(name: &str, width: u16, height: u16, command: &[&str]) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            // .ci/run installs tmux, and fails in CI if it cannot; a developer
            // without it is told, not failed.
            eprintln!("SKIPPED: tmux is not installed (apt-get install tmux)");
            return None;
        }
        let tmux = Tmux {
            socket: format!("elmeg-e2e-{name}-{}", std::process::id()),
        };
        let (width, height) = (width.to_string(), height.to_string());
        let mut args = vec!["new-session", "-d", "-s", "e2e", "-x", &width, "-y", &height];
        args.extend_from_slice(command);
        let started = tmux.cmd(&args);
        assert!(started.status.success(), "{started:?}");
        Some(tmux)
    }

    /// Waits until the screen shows `text`, or fails with the screen.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waited for {text:?}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

#[test]
fn search_a_song_see_its_history_and_quit_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache.sqlite3");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, support::CONFIG).unwrap();
    drop(support::write_catalog(&cache));

    let program = format!(
        "'{}' --cache '{}' --config '{}'; echo EXITED=$?; sleep 30",
        env!("CARGO_BIN_EXE_elmeg-tui"),
        cache.display(),
        config.display()
    );
    let Some(tmux) = Tmux::start("search", 80, 24, &["sh", "-c", &program]) else {
        return;
    };

    tmux.wait_for("Bands");
    assert_eq!(
        tmux.flag("alternate_on"),
        "1",
        "the explorer draws on the alternate screen"
    );
    // Another process writes to the cache: the panes reload on their own.
    tmux.keys(&["G"]);
    tmux.wait_for("4 shows");
    let mut writer = elmeg_tui::cache::Cache::open(&cache).unwrap();
    let band_id = writer.ensure_band(&support::band()).unwrap();
    let mut added = support::show("900", "2005-06-01", 1, &[&["Cities"]]);
    added.tour = Some(elmeg_importers::Tour {
        source_id: "900".into(),
        name: "Reload Tour".into(),
    });
    writer.write_show(band_id, &added).unwrap();
    writer.refresh_derived(band_id).unwrap();
    drop(writer);
    tmux.wait_for("Reload Tour");

    tmux.keys(&["/"]);
    tmux.wait_for("Search");
    tmux.keys(&["-l", "Tweezer Reprise"]);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Song history");
    assert!(screen.contains("Tweezer Reprise"), "{screen}");
    assert!(screen.contains("Times played 1"), "{screen}");

    tmux.keys(&["q"]);
    let screen = tmux.wait_for("EXITED=0");
    assert!(
        !screen.contains("Song history"),
        "the explorer's screen is gone:\n{screen}"
    );
    assert_eq!(tmux.flag("alternate_on"), "0", "back on the main screen");
    assert_eq!(tmux.flag("cursor_flag"), "1", "the cursor is visible again");
    assert_eq!(tmux.flag("mouse_any_flag"), "0", "mouse reporting is off");
}

#[test]
fn the_demo_opens_marked_as_demo_loads_the_grateful_dead_and_quits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let program = format!(
        "'{}' --demo --cache '{}' --config '{}'; echo EXITED=$?; sleep 30",
        env!("CARGO_BIN_EXE_elmeg-tui"),
        dir.path().join("never.sqlite3").display(),
        dir.path().join("none.toml").display()
    );
    std::fs::write(dir.path().join("none.toml"), "").unwrap();
    let Some(tmux) = Tmux::start("demo", 120, 30, &["sh", "-c", &program]) else {
        return;
    };
    // The Grateful Dead loads from the binary in the background, said in the status bar.
    let screen = tmux.wait_for("grateful-dead: 2358 shows added");
    assert!(screen.contains("2076 shows") && screen.contains("Phish"), "{screen}");
    // The next key clears the message; the demo banner is back.
    tmux.keys(&["j"]);
    tmux.wait_for("demo data: run `elmeg-tui --refresh <band>` for the full catalog");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED=0");
    assert!(
        !dir.path().join("never.sqlite3").exists(),
        "the user's cache is untouched"
    );
}

/// The explorer's process under tmux's shell.
fn explorer_pid(tmux: &Tmux) -> String {
    let shell = tmux.flag("pane_pid");
    let out = Command::new("pgrep").args(["-P", &shell]).output().expect("pgrep runs");
    let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(!pid.is_empty(), "no explorer under the shell {shell}");
    pid
}

#[test]
fn paste_never_fires_keys_resizes_are_survived_and_signals_restore_the_terminal() {
    for signal in ["TERM", "HUP"] {
        // A first run with default paths: nothing exists under this home yet.
        let home = tempfile::tempdir().unwrap();
        let program = format!(
            "env -u ELMEG_CACHE -u ELMEG_CONFIG HOME='{home}' XDG_DATA_HOME='{home}/data' XDG_CONFIG_HOME='{home}/config' \
             '{bin}'; echo EXITED=$?; sleep 30",
            home = home.path().display(),
            bin = env!("CARGO_BIN_EXE_elmeg-tui"),
        );
        let Some(tmux) = Tmux::start(&format!("signal-{signal}"), 100, 30, &["sh", "-c", &program]) else {
            return;
        };
        tmux.wait_for("Bands");

        // A paste outside the search box is ignored, `q` included.
        assert!(tmux.cmd(&["set-buffer", "--", "jjq"]).status.success());
        assert!(tmux.cmd(&["paste-buffer", "-p", "-t", "e2e"]).status.success());
        std::thread::sleep(Duration::from_millis(300));
        assert!(!tmux.screen().contains("EXITED"), "a pasted q quit:\n{}", tmux.screen());
        assert_eq!(tmux.flag("alternate_on"), "1");
        // In the search box it is the query.
        tmux.keys(&["/"]);
        tmux.wait_for("Search");
        assert!(tmux.cmd(&["set-buffer", "--", "dark star q"]).status.success());
        assert!(tmux.cmd(&["paste-buffer", "-p", "-t", "e2e"]).status.success());
        tmux.wait_for("dark star q");
        tmux.keys(&["Escape"]);

        // A resize storm, down to a screen too small and back.
        for (x, y) in [(20, 5), (120, 40), (31, 9), (200, 60), (1, 1), (80, 24), (100, 30)] {
            assert!(tmux
                .cmd(&["resize-window", "-t", "e2e", "-x", &x.to_string(), "-y", &y.to_string()])
                .status
                .success());
        }
        tmux.wait_for("Bands");

        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &explorer_pid(&tmux)])
            .status()
            .unwrap();
        assert!(killed.success());
        tmux.wait_for("EXITED=0");
        assert_eq!(tmux.flag("alternate_on"), "0", "SIG{signal}: back on the main screen");
        assert_eq!(tmux.flag("mouse_any_flag"), "0", "SIG{signal}: mouse reporting is off");
        assert_eq!(
            tmux.flag("cursor_flag"),
            "1",
            "SIG{signal}: the cursor is visible again"
        );
        assert!(
            home.path().join("data/elmeg-tui/elmeg-tui.log").exists(),
            "a first run has a log file"
        );
    }
}

#[test]
fn after_ctrl_z_and_fg_the_explorer_draws_at_the_new_size() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache.sqlite3");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, support::CONFIG).unwrap();
    drop(support::write_catalog(&cache));
    // An interactive shell, for job control (Ctrl-Z, fg).
    let Some(tmux) = Tmux::start(
        "suspend",
        120,
        40,
        &["env", "PS1=$ ", "bash", "--norc", "--noprofile", "-i"],
    ) else {
        return;
    };
    let program = format!(
        "'{}' --cache '{}' --config '{}'",
        env!("CARGO_BIN_EXE_elmeg-tui"),
        cache.display(),
        config.display()
    );
    tmux.keys(&["-l", &program]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Bands");
    tmux.keys(&["C-z"]);
    tmux.wait_for("Stopped");
    assert_eq!(tmux.flag("alternate_on"), "0", "suspended: the shell's screen");
    assert!(tmux
        .cmd(&["resize-window", "-t", "e2e", "-x", "80", "-y", "24"])
        .status
        .success());
    tmux.keys(&["-l", "fg"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Bands");
    // The status bar's key hints sit on the last row of the new size.
    std::thread::sleep(Duration::from_millis(300));
    let screen = tmux.screen();
    let rows: Vec<&str> = screen.lines().collect();
    assert_eq!(rows.len(), 24, "{screen}");
    assert!(rows[23].contains("q quit"), "{screen}");
    tmux.keys(&["q"]);
    let started = Instant::now();
    while tmux.flag("alternate_on") != "0" {
        assert!(started.elapsed() < Duration::from_secs(20), "{}", tmux.screen());
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_demos_long_notes_scroll_to_the_link_and_esc_returns_from_a_show_to_the_history() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("none.toml"), "").unwrap();
    let program = format!(
        "'{}' --demo --cache '{}' --config '{}'; echo EXITED=$?; sleep 30",
        env!("CARGO_BIN_EXE_elmeg-tui"),
        dir.path().join("never.sqlite3").display(),
        dir.path().join("none.toml").display()
    );
    let Some(tmux) = Tmux::start("back", 80, 24, &["sh", "-c", &program]) else {
        return;
    };
    tmux.wait_for("2076 shows");
    // Phish's newest show, 2025-12-31: its notes run far below the pane.
    tmux.keys(&["Enter", "Enter", "Enter"]);
    tmux.wait_for("▶ Free");
    tmux.keys(&["G"]);
    let screen = tmux.wait_for("https://phish.net/setlists/phish-december-31-");
    assert!(!screen.contains("Set 1"), "scrolled past the songs:\n{screen}");

    // Stash's history, back to the show from it (the cursor on Stash), and Esc.
    tmux.keys(&["g", "j", "j", "j", "Enter"]);
    tmux.wait_for("Times played 1");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("▶ Stash");
    assert!(screen.contains("Setlist"), "{screen}");
    tmux.keys(&["j", "Escape"]);
    let screen = tmux.wait_for("Song history");
    assert!(screen.contains("Stash  Phish"), "{screen}");

    // At 60 columns the hints keep the most important, and quit.
    tmux.cmd(&["resize-window", "-t", "e2e", "-x", "60", "-y", "20"]);
    let screen = tmux.wait_for("q quit");
    assert!(screen.contains("enter show  esc back"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED=0");
}

#[test]
fn a_show_marked_in_the_explorer_is_in_my_shows_and_outlives_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("none.toml"), "").unwrap();
    let mine = dir.path().join("mine.sqlite3");
    let program = format!(
        "'{}' --demo --mine '{}' --config '{}'; echo EXITED=$?; sleep 30",
        env!("CARGO_BIN_EXE_elmeg-tui"),
        mine.display(),
        dir.path().join("none.toml").display()
    );
    let Some(tmux) = Tmux::start("mine", 120, 40, &["sh", "-c", &program]) else {
        return;
    };
    tmux.wait_for("2076 shows");
    // Phish's newest show, in the shows pane: m marks it.
    tmux.keys(&["Enter", "Enter", "m"]);
    let screen = tmux.wait_for("marked Phish 2025-12-31 as attended");
    assert!(
        screen.contains("✓ 2025-12-31 · Madison") && screen.contains("✓ New York, NY"),
        "{screen}"
    );
    tmux.keys(&["M"]);
    let screen = tmux.wait_for("My shows · 1 show");
    assert!(screen.contains("2025-12-31  Phish"), "{screen}");
    tmux.keys(&["Escape"]);
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED=0");

    // The demo's cache is gone with the explorer; the mark is not.
    let list = std::process::Command::new(env!("CARGO_BIN_EXE_elmeg-tui"))
        .args(["--mine", mine.to_str().unwrap(), "--demo", "attended", "list", "--json"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(list[0]["band"], "phish");
    assert_eq!(list[0]["date"], "2025-12-31");
    assert_eq!(list[0]["in_cache"], true, "found again in a new demo cache");
}

#[test]
fn a_pull_while_the_explorer_runs_shows_up_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, support::CONFIG).unwrap();
    // The server's cache, published into a folder served over HTTP. The server
    // also follows a band of its own, which the fan's config does not name.
    let server_config = dir.path().join("server.toml");
    let own = "[[bands]]\nslug = \"serverband\"\nname = \"Server Band\"\nsource = \"songfish\"\nbase_url = \"http://127.0.0.1:9/api/v2\"\n";
    std::fs::write(&server_config, format!("{}{own}", support::CONFIG)).unwrap();
    let server_cache = dir.path().join("server.sqlite3");
    {
        let mut cache = support::write_catalog(&server_cache);
        let band = elmeg_tui::config::BandSpec {
            base_url: Some("http://127.0.0.1:9/api/v2".into()),
            ..elmeg_tui::config::BandSpec::new("serverband", "Server Band", elmeg_importers::SourceKind::Songfish)
        };
        let band_id = cache.ensure_band(&band).unwrap();
        cache
            .write_show(band_id, &support::show("s1", "2024-07-04", 1, &[&["Arcadia"]]))
            .unwrap();
    }
    let public = dir.path().join("public");
    let bin = env!("CARGO_BIN_EXE_elmeg-tui");
    let published = Command::new(bin)
        .args([
            "--cache",
            server_cache.to_str().unwrap(),
            "--config",
            server_config.to_str().unwrap(),
        ])
        .args(["publish", public.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(published.status.success(), "{published:?}");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(wiremock::MockServer::start());
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(public.join("manifest.json")).unwrap()).unwrap();
    for name in ["manifest.json", manifest["file"].as_str().unwrap()] {
        let body = std::fs::read(public.join(name)).unwrap();
        runtime.block_on(
            wiremock::Mock::given(wiremock::matchers::path(format!("/{name}")))
                .respond_with(wiremock::ResponseTemplate::new(200).set_body_bytes(body))
                .mount(&server),
        );
    }

    // The fan's explorer, on an empty cache.
    let fan = dir.path().join("fan.sqlite3");
    let program = format!(
        "'{bin}' --cache '{}' --config '{}' --mine '{}'; echo EXITED=$?; sleep 30",
        fan.display(),
        config.display(),
        dir.path().join("mine.sqlite3").display()
    );
    let Some(tmux) = Tmux::start("pull", 120, 40, &["sh", "-c", &program]) else {
        return;
    };
    // Its first start loads the built-in Grateful Dead: a refresh, which a pull waits out.
    tmux.wait_for("grateful-dead: 2358 shows added");
    tmux.keys(&["G"]);
    tmux.wait_for("Test Band");
    let pulled = Command::new(bin)
        .args(["--cache", fan.to_str().unwrap(), "--config", config.to_str().unwrap()])
        .args(["pull", &server.uri()])
        .output()
        .unwrap();
    assert!(pulled.status.success(), "{pulled:?}");
    // The explorer reloads in place: the band's shows and tours appear, and the
    // server's own band joins the list.
    let screen = tmux.wait_for("Fall Tour");
    assert!(screen.contains("4 shows"), "{screen}");
    tmux.wait_for("Server Band");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED=0");
}
