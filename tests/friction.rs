//! Everyday friction a new user met: the names and dates people type, the
//! mistakes newcomers make at the command line, and the server's first run.

mod support;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

struct Env {
    dir: TempDir,
}

impl Env {
    /// The hand-made catalog under `testband`, also called "tb", and `config`.
    fn with_catalog(config: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let text = format!("{}aliases = [\"tb\"]\n{config}", support::CONFIG);
        std::fs::write(dir.path().join("config.toml"), text).unwrap();
        drop(support::write_catalog(&dir.path().join("cache.sqlite3")));
        Env { dir }
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("elmeg-tui").unwrap();
        cmd.args(args)
            .env("ELMEG_CACHE", self.dir.path().join("cache.sqlite3"))
            .env("ELMEG_CONFIG", self.dir.path().join("config.toml"));
        for name in support::elmeg_vars_except(&["ELMEG_CACHE", "ELMEG_CONFIG"]) {
            cmd.env_remove(name);
        }
        cmd
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        support::outcome(self.cmd(args).output().unwrap())
    }

    fn json(&self, args: &[&str]) -> Value {
        support::json_of(args, self.run(args))
    }

    /// The one line on stderr of a command that fails with `code`.
    fn fails(&self, args: &[&str], code: i32) -> String {
        let (got, stdout, stderr) = self.run(args);
        assert_eq!((got, stdout.as_str()), (code, ""), "{args:?}: {stderr}");
        stderr
    }
}

#[test]
fn a_band_by_its_slug_name_or_alias() {
    let env = Env::with_catalog("");
    let by_slug = env.json(&["song", "testband", "tweezer", "--json"]);
    for typed in ["Test Band", "test band", "TESTBAND", "tb", "TB"] {
        assert_eq!(env.json(&["song", typed, "tweezer", "--json"]), by_slug, "{typed}");
    }
    assert_eq!(by_slug["band"], "testband", "JSON keeps the slug");
    // The registry's aliases and names, for bands with nothing cached yet.
    for (typed, name) in [
        ("gd", "Grateful Dead"),
        ("grateful dead", "Grateful Dead"),
        ("dnc", "Dead & Company"),
        ("Dead and Company", "Dead & Company"),
        ("billy", "Billy Strings"),
        ("kglw", "King Gizzard & the Lizard Wizard"),
        ("umph", "Umphrey's McGee"),
        ("Phish", "Phish"),
    ] {
        let stderr = env.fails(&["song", typed, "x"], 1);
        assert!(
            stderr.starts_with(&format!("elmeg-tui: no {name} songs in the cache")),
            "{typed}: {stderr}"
        );
    }
    let stderr = env.fails(&["song", "fish", "x"], 2);
    assert!(
        stderr.contains("unknown band `fish`; the known bands:\n  phish\n"),
        "{stderr}"
    );
    // Search and stats take them too.
    assert_eq!(
        env.json(&["search", "tweezer", "--band", "Test Band", "--json"]),
        env.json(&["search", "tweezer", "--band", "testband", "--json"])
    );
    assert_eq!(env.json(&["stats", "tb", "--json"])["band"], "testband");
}

#[test]
fn dates_as_fans_write_them() {
    let env = Env::with_catalog("");
    let iso = env.json(&["setlist", "tb", "1997-11-22", "--json"]);
    assert_eq!(iso.as_array().unwrap().len(), 1);
    for typed in ["11/22/97", "11/22/1997", "1997/11/22"] {
        assert_eq!(env.json(&["setlist", "tb", typed, "--json"]), iso, "{typed}");
    }
    for (typed, says) in [
        ("1997-11-31", "`1997-11-31`: November has 30 days"),
        ("0077-05-08", "`0077-05-08`: 77 is before 1900"),
        ("5/8", "`5/8` is not a date"),
    ] {
        let stderr = env.fails(&["setlist", "tb", typed], 2);
        assert!(stderr.contains(says), "{typed}: {stderr}");
    }
}

#[test]
fn newcomers_mistakes_get_a_tip() {
    let env = Env::with_catalog("");
    assert_eq!(
        env.fails(&["refresh", "phish"], 2),
        "elmeg-tui: `refresh` is a flag, not a command: `elmeg-tui --refresh phish`\n"
    );
    assert_eq!(
        env.fails(&["setlist", "1977-05-08"], 2),
        "elmeg-tui: missing the band: `elmeg-tui setlist <band> <date>`\n"
    );
    assert_eq!(
        env.fails(&["setlist", "gd"], 2),
        "elmeg-tui: missing the date: `elmeg-tui setlist <band> <date>`\n"
    );
    // An empty band says so, as `song` does, not "no show on that date".
    assert_eq!(
        env.fails(&["setlist", "gd", "5/8/77"], 1),
        "elmeg-tui: no Grateful Dead shows in the cache; run `elmeg-tui --refresh grateful-dead` first\n"
    );
    let (code, stdout, _) = env.run(&["setlist", "tb", "1/1/99"]);
    assert_eq!(
        (code, stdout.as_str()),
        (0, "No Test Band show in the cache on 1999-01-01.\n")
    );
}

#[test]
fn a_song_history_lists_the_newest_first_unless_asked() {
    let env = Env::with_catalog("");
    let (_, text, _) = env.run(&["song", "tb", "tweezer"]);
    assert!(text.starts_with("Tweezer (Test Band)\n"), "the band's name: {text}");
    let dates = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("199"))
            .map(|l| l[..10].to_string())
            .collect()
    };
    assert_eq!(dates(&text), ["1998-04-02", "1997-11-23", "1997-11-22"]);
    let (_, oldest, _) = env.run(&["song", "tb", "tweezer", "--oldest-first"]);
    assert_eq!(dates(&oldest), ["1997-11-22", "1997-11-23", "1998-04-02"]);
    let json = env.json(&["song", "tb", "tweezer", "--json"]);
    assert_eq!(json["performances"][0]["date"], "1997-11-22", "JSON stays oldest first");
}

#[test]
fn today_in_history_from_the_command_line() {
    let env = Env::with_catalog("");
    let shows = env.json(&["today", "--date", "11/22", "--json"]);
    assert_eq!(
        shows,
        serde_json::json!([{"band": "testband", "date": "1997-11-22", "venue": "Hampton Coliseum",
                            "city": "Hampton", "state": "VA", "country": "USA"}])
    );
    let (_, text, _) = env.run(&["today", "--date", "11-22"]);
    assert!(
        text.contains("1997-11-22  Test Band  Hampton Coliseum  Hampton, VA"),
        "{text}"
    );
    let (_, none, _) = env.run(&["today", "--date", "1/2"]);
    assert_eq!(none, "No show in the cache was played on 01-02.\n");
    assert!(env
        .fails(&["today", "--date", "2/30"], 2)
        .contains("February has 29 days"));
}

#[test]
fn refresh_all_skips_bands_without_their_key_and_a_disabled_band_is_gone() {
    let disabled: String = [
        "billy-strings",
        "goose",
        "king-gizzard",
        "umphreys-mcgee",
        "grateful-dead",
    ]
    .iter()
    .map(|slug| format!("\n[[bands]]\nslug = \"{slug}\"\nenabled = false\n"))
    .collect();
    let env = Env::with_catalog(&disabled);
    // Phish, Dead & Company and the test band (a Phish.net band) need keys that
    // are not set: each is skipped in one line, and nothing failed.
    let (code, stdout, stderr) = env.run(&["--refresh", "all"]);
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    let config = env.dir.path().join("config.toml");
    assert_eq!(
        stderr,
        format!(
            "phish: skipped: no Phish.net API key; set ELMEG_PHISHNET_API_KEY or [sources.phishnet] api_key in {c}\n\
             dead-and-company: skipped: no setlist.fm API key; set ELMEG_SETLISTFM_API_KEY or [sources.setlistfm] api_key in {c}\n\
             testband: skipped: no Phish.net API key; set ELMEG_PHISHNET_API_KEY or [sources.phishnet] api_key in {c}\n",
            c = config.display()
        )
    );
    // Named, a band without its key still fails.
    let stderr = env.fails(&["--refresh", "dnc"], 1);
    assert!(
        stderr.starts_with("dead-and-company: no setlist.fm API key"),
        "{stderr}"
    );
    let slugs: Vec<String> = env
        .json(&["bands", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["slug"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(slugs, ["phish", "dead-and-company", "testband"]);
    assert!(env.fails(&["song", "gd", "x"], 2).contains("unknown band `gd`"));
}

#[test]
fn doctor_reports_a_missing_cache_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::NamedTempFile::new().unwrap();
    let cache = dir.path().join("sub").join("cache.sqlite3");
    let out = Command::cargo_bin("elmeg-tui")
        .unwrap()
        .args(["doctor"])
        .env("ELMEG_CACHE", &cache)
        .env("ELMEG_CONFIG", config.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    assert!(
        stdout.contains(&format!("cache:   {} (missing", cache.display())),
        "{stdout}"
    );
    assert!(stdout.contains("never refreshed"), "{stdout}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing made");
}

#[test]
fn the_servers_refresh_env_names_every_key_a_source_can_need() {
    for name in support::elmeg_vars_except(&[]) {
        std::env::remove_var(name);
    }
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "").unwrap();
    let settings = elmeg_tui::config::Settings::load(Some(config), Some(dir.path().join("c.sqlite3"))).unwrap();
    let env = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/systemd/refresh.env")).unwrap();
    let mut named = 0;
    for kind in elmeg_importers::SourceKind::ALL {
        let band = elmeg_tui::config::BandSpec::new("b", "B", kind);
        let Some(missing) = settings.missing_key(&band).unwrap() else {
            continue;
        };
        for variable in missing.variables.split(" and ") {
            assert!(
                env.lines().any(|l| l.starts_with(&format!("{variable}="))),
                "refresh.env lacks {variable}"
            );
            named += 1;
        }
    }
    assert_eq!(named, 4, "Phish.net, setlist.fm, and Grateful Stats' key and user id");
}
