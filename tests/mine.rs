//! The user's marks (attended shows): kept in their own file, they survive
//! anything done to the cache; the `attended` commands; what was seen and is
//! still chased, on a hand-made catalog with known answers.

mod support;

use assert_cmd::Command;
use elmeg_importers::{Show, SourceKind, Transition};
use elmeg_tui::cache::Cache;
use elmeg_tui::mine::{Mark, Mine};
use serde_json::Value;
use tempfile::TempDir;

struct Env {
    dir: TempDir,
}

impl Env {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), support::CONFIG).unwrap();
        Env { dir }
    }

    fn cache_path(&self) -> std::path::PathBuf {
        self.dir.path().join("cache.sqlite3")
    }

    fn mine_path(&self) -> std::path::PathBuf {
        self.dir.path().join("mine.sqlite3")
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("elmeg-tui").unwrap();
        for name in support::elmeg_vars_except(&[]) {
            cmd.env_remove(name);
        }
        cmd.args(args)
            .env("ELMEG_CACHE", self.cache_path())
            .env("ELMEG_CONFIG", self.dir.path().join("config.toml"))
            .env("ELMEG_MINE", self.mine_path());
        cmd
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        support::outcome(self.cmd(args).output().unwrap())
    }

    fn ok(&self, args: &[&str]) -> String {
        support::stdout_of(args, self.run(args))
    }

    fn json(&self, args: &[&str]) -> Value {
        support::json_of(args, self.run(args))
    }
}

/// (date, in the cache) of each listed mark, newest first.
fn listed(env: &Env) -> Vec<(String, bool)> {
    let list = env.json(&["attended", "list", "--json"]);
    list.as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["date"].as_str().unwrap().to_string(),
                m["in_cache"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
fn marks_survive_a_rewrite_a_source_switch_and_a_rebuilt_cache() {
    let env = Env::new();
    drop(support::write_catalog(&env.cache_path()));
    // By name and fan's date; the late show of a two-show date by its order.
    env.ok(&["attended", "add", "Test Band", "11/22/97"]);
    env.ok(&["attended", "add", "testband", "1998-04-02", "--order", "2"]);
    assert!(env
        .ok(&["attended", "add", "testband", "1997-11-22"])
        .starts_with("already marked"));
    let before = listed(&env);
    assert_eq!(before, [("1998-04-02".into(), true), ("1997-11-22".into(), true)]);
    let list = env.json(&["attended", "list", "--json"]);
    assert_eq!(list[0]["band"], "testband");
    assert_eq!(list[0]["order"], 2);
    assert_eq!(list[1]["venue"], "Hampton Coliseum");
    assert_eq!(list[1]["city"], "Hampton");

    // A refresh that rewrites the show (new notes, a song more).
    let mut cache = Cache::open(&env.cache_path()).unwrap();
    let band_id = cache.ensure_band(&support::band()).unwrap();
    let mut hampton = support::explorer_catalog().remove(0);
    hampton.notes = Some("Rewritten by the source.".into());
    hampton.sets[0]
        .performances
        .push(support::perf("Character Zero", 9, Transition::None, false));
    cache.write_show(band_id, &hampton).unwrap();
    cache.refresh_derived(band_id).unwrap();
    assert_eq!(listed(&env), before);

    // A switch of the band's source: other ids, the same dates.
    let switched: Vec<Show> = support::explorer_catalog()
        .into_iter()
        .map(|mut show| {
            show.source = SourceKind::Setlistfm;
            show.source_id = format!("sfm-{}", show.source_id);
            show
        })
        .collect();
    cache.write_shows(band_id, &switched).unwrap();
    cache.remove_other_sources(band_id, SourceKind::Setlistfm).unwrap();
    cache.refresh_derived(band_id).unwrap();
    drop(cache);
    assert_eq!(listed(&env), before);

    // The cache deleted: the marks are kept, not in the cache; rebuilt, found again.
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", env.cache_path().display()));
    }
    assert_eq!(
        listed(&env),
        [("1998-04-02".into(), false), ("1997-11-22".into(), false)]
    );
    drop(support::write_catalog(&env.cache_path()));
    assert_eq!(listed(&env), before);
    assert_eq!(Mine::read(&env.mine_path()).unwrap().len(), 2);
}

#[test]
fn a_mark_on_a_date_not_in_the_cache_is_kept_and_said_so() {
    let env = Env::new();
    drop(support::write_catalog(&env.cache_path()));
    let said = env.ok(&["attended", "add", "testband", "2031-07-04"]);
    assert!(said.contains("not in the cache"), "{said}");
    assert_eq!(listed(&env), [("2031-07-04".into(), false)]);
    let text = env.ok(&["attended", "list"]);
    assert!(text.contains("Test Band 2031-07-04: not in the cache"), "{text}");
    // Removing what is not there is no error either.
    assert!(env
        .ok(&["attended", "remove", "testband", "2031-07-05"])
        .starts_with("not marked"));
    assert!(env
        .ok(&["attended", "remove", "testband", "2031-07-04"])
        .starts_with("unmarked"));
    assert!(listed(&env).is_empty());
    // A bad band or date is a usage error, and writes nothing.
    assert_eq!(env.run(&["attended", "add", "nobody", "2031-07-04"]).0, 2);
    assert_eq!(env.run(&["attended", "add", "testband", "1977-05-32"]).0, 2);
    assert!(listed(&env).is_empty());
}

#[test]
fn an_import_with_a_bad_line_imports_nothing() {
    let env = Env::new();
    let file = env.dir.path().join("shows.txt");
    std::fs::write(
        &file,
        "# my shows\ntestband,1997-11-22\n\ntestband,5/8/77 # a fan's date\nnobody,1997-11-23\ntestband,1997-13-01\ntestband,1998-04-02,zero\n",
    )
    .unwrap();
    let (code, stdout, stderr) = env.run(&["attended", "import", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{stdout}");
    let reasons: Vec<&str> = stderr.lines().collect();
    assert!(
        reasons[0].ends_with("line 5: unknown band `nobody` (see `elmeg-tui bands`)"),
        "{stderr}"
    );
    assert!(reasons[1].contains("line 6: "), "{stderr}");
    assert!(reasons[2].contains("line 7: `zero` is not a show's order"), "{stderr}");
    assert!(reasons[3].contains("nothing imported: 3 bad lines"), "{stderr}");
    assert!(Mine::read(&env.mine_path()).unwrap().is_empty(), "nothing was imported");
}

#[test]
fn export_then_import_round_trips() {
    let env = Env::new();
    let file = env.dir.path().join("shows.txt");
    std::fs::write(
        &file,
        "testband,1997-11-22\ntestband,1998-04-02,2\n# fans write dates their way\nTest Band,5/8/77\n",
    )
    .unwrap();
    let said = env.ok(&["attended", "import", file.to_str().unwrap()]);
    assert_eq!(said, "imported 3 marks: 3 new, 0 already there\n");
    let exported = env.dir.path().join("export.txt");
    env.ok(&["attended", "export", "--out", exported.to_str().unwrap()]);
    let text = std::fs::read_to_string(&exported).unwrap();
    assert_eq!(
        text,
        "# elmeg-tui attended shows: band,date[,order]\ntestband,1998-04-02,2\ntestband,1997-11-22\ntestband,1977-05-08\n"
    );

    // Into a new marks file: the same marks; into the same: nothing new.
    let before = Mine::read(&env.mine_path()).unwrap();
    std::fs::remove_file(env.mine_path()).unwrap();
    env.ok(&["attended", "import", exported.to_str().unwrap()]);
    assert_eq!(Mine::read(&env.mine_path()).unwrap(), before);
    let again = env.ok(&["attended", "import", exported.to_str().unwrap()]);
    assert_eq!(again, "imported 3 marks: 0 new, 3 already there\n");
    assert_eq!(env.ok(&["attended", "export"]), text);
}

/// Twelve counted shows of Staple; a sandwich and a tape at the first attended.
fn chasing_catalog() -> Vec<Show> {
    let mut shows = Vec::new();
    for n in 1..=12u32 {
        let date = format!("2001-01-{n:02}");
        let songs: Vec<&str> = match n {
            // Attended: Sandwich twice, around Filler; a tape of Taped.
            3 => vec!["Staple", "Sandwich", "Filler", "Sandwich", "~Taped"],
            // Attended: Staple and Filler again, and Rare.
            7 => vec!["Staple", "Filler", "Rare"],
            // Not attended: Often (played 10 times, never seen) and Taped for real.
            _ => vec!["Staple", "Often", "Taped"],
        };
        shows.push(support::show(&format!("s{n}"), &date, 1, &[&songs]));
    }
    shows
}

#[test]
fn stats_count_a_song_once_a_show_leave_tapes_out_and_list_the_chasers() {
    let dir = tempfile::tempdir().unwrap();
    let mut cache = Cache::open(&dir.path().join("cache.sqlite3")).unwrap();
    let band_id = cache.ensure_band(&support::band()).unwrap();
    cache.write_shows(band_id, &chasing_catalog()).unwrap();
    cache.refresh_derived(band_id).unwrap();
    let date = |d: &str| d.parse().unwrap();
    let marks = vec![
        Mark::new("testband", date("2001-01-07"), 1),
        Mark::new("testband", date("2001-01-03"), 1),
        Mark::new("testband", date("2030-01-01"), 1),
        Mark::new("otherband", date("2001-01-03"), 1),
    ];
    let stats = cache.attended_stats(&marks, None).unwrap();
    let json = serde_json::to_value(&stats).unwrap();
    assert_eq!(json["shows"], 2, "only the cached, counted shows");
    assert_eq!(json["bands"], serde_json::json!([{"band": "testband", "shows": 2}]));
    let seen: Vec<(String, u64, String, String)> = stats
        .songs_seen
        .iter()
        .map(|s| (s.song.clone(), s.times_seen, s.first_seen.clone(), s.last_seen.clone()))
        .collect();
    let row =
        |song: &str, times, first: &str, last: &str| (song.to_string(), times, first.to_string(), last.to_string());
    assert_eq!(
        seen,
        [
            row("Filler", 2, "2001-01-03", "2001-01-07"),
            row("Staple", 2, "2001-01-03", "2001-01-07"),
            row("Rare", 1, "2001-01-07", "2001-01-07"),
            // Twice in one show, once seen; the tape is not there at all.
            row("Sandwich", 1, "2001-01-03", "2001-01-03"),
        ]
    );
    let chased: Vec<(&str, u64)> = stats
        .never_seen
        .iter()
        .map(|s| (s.song.as_str(), s.times_played))
        .collect();
    // Often: 10 plays; Taped: 10 played by the band (its tape at show 3 is none).
    assert_eq!(chased, [("Often", 10), ("Taped", 10)]);

    // One show at a time: first seen at the show, and times seen.
    let first = cache
        .shows_in("testband", elmeg_tui::cache::GroupKey::Year(2001))
        .unwrap();
    let id_of = |d: &str| first.iter().find(|s| s.date == d).unwrap().id;
    let names = |ids: Vec<i64>| -> Vec<String> {
        let setlist = cache.setlist(id_of("2001-01-07")).unwrap().unwrap();
        let mut names: Vec<String> = setlist
            .sets
            .iter()
            .flat_map(|s| &s.songs)
            .filter(|s| ids.contains(&s.song_id))
            .map(|s| s.name.clone())
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        names(cache.first_seen_at(id_of("2001-01-07"), &marks).unwrap()),
        ["Rare"]
    );
    assert!(
        cache.first_seen_at(id_of("2001-01-05"), &marks).unwrap().is_empty(),
        "not attended"
    );
    let staple = cache.setlist(id_of("2001-01-07")).unwrap().unwrap().sets[0].songs[0].song_id;
    assert_eq!(cache.times_seen("testband", staple, &marks).unwrap(), 2);
}

#[test]
fn the_marks_file_is_found_by_flag_environment_or_config_and_a_bad_one_is_refused() {
    let env = Env::new();
    drop(support::write_catalog(&env.cache_path()));
    // [paths] mine, relative to the config file's folder, when no flag or variable says otherwise.
    let config = env.dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!("{}\n[paths]\nmine = \"my-marks.sqlite3\"\n", support::CONFIG),
    )
    .unwrap();
    let mut cmd = env.cmd(&["attended", "add", "testband", "1997-11-22"]);
    cmd.env_remove("ELMEG_MINE").assert().success();
    assert!(env.dir.path().join("my-marks.sqlite3").is_file());
    assert!(!env.mine_path().exists());
    // --mine wins over ELMEG_MINE.
    let flag = env.dir.path().join("flag.sqlite3");
    env.ok(&[
        "--mine",
        flag.to_str().unwrap(),
        "attended",
        "add",
        "testband",
        "1997-11-23",
    ]);
    assert_eq!(Mine::read(&flag).unwrap().len(), 1);
    assert!(!env.mine_path().exists(), "reading and other files never create it");
    // The explorer's doctor names it; a file that is not a marks file is one line, exit 1.
    let doctor = env.ok(&["--mine", flag.to_str().unwrap(), "doctor"]);
    assert!(doctor.contains("(1 attended show)"), "{doctor}");
    std::fs::write(env.mine_path(), "not a database, only text").unwrap();
    let (code, _, stderr) = env.run(&["attended", "list"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("is not a marks file") || stderr.contains("not a database"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(env.mine_path()).unwrap(),
        "not a database, only text"
    );
}

#[test]
fn a_new_user_marks_deletes_the_cache_refreshes_and_finds_every_mark() {
    let env = Env::new();
    std::fs::write(env.dir.path().join("config.toml"), "").unwrap();
    // The Grateful Dead refreshes offline, from the copy built into the binary.
    env.ok(&["--refresh", "grateful-dead"]);
    env.ok(&["attended", "add", "gd", "5/8/77"]);
    env.ok(&["attended", "add", "grateful dead", "1977-05-09"]);
    let before = listed(&env);
    assert_eq!(before, [("1977-05-09".into(), true), ("1977-05-08".into(), true)]);
    let stats = env.json(&["attended", "stats", "--band", "gd", "--json"]);
    assert_eq!(stats["shows"], 2);
    assert_eq!(stats["bands"][0]["band"], "grateful-dead");
    assert!(
        stats["never_seen"].as_array().unwrap().len() > 100,
        "the chasers of a long career"
    );

    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", env.cache_path().display()));
    }
    assert_eq!(
        listed(&env),
        [("1977-05-09".into(), false), ("1977-05-08".into(), false)]
    );
    env.ok(&["--refresh", "grateful-dead"]);
    assert_eq!(listed(&env), before);
    assert_eq!(env.json(&["attended", "stats", "--band", "gd", "--json"]), stats);
}
