//! The server deploy's files, read as docker compose and Traefik will read them.

use serde_yaml_ng::Value;

fn yaml(name: &str) -> Value {
    let path = format!("{}/assets/deploy/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn text(name: &str) -> String {
    std::fs::read_to_string(format!("{}/assets/deploy/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn the_compose_file_follows_the_servers_conventions() {
    let compose = yaml("compose.yaml");
    assert!(compose.get("version").is_none(), "no version: line");
    let services = compose["services"].as_mapping().expect("a top-level services: key");
    let names: Vec<&str> = services.keys().filter_map(Value::as_str).collect();
    assert_eq!(names, ["refresher", "web"]);
    // The keys come from .env, never from the compose file.
    assert_eq!(compose["services"]["refresher"]["env_file"], ".env");
    let all = text("compose.yaml");
    for secret in ["API_KEY", "USER_ID", "apikey"] {
        assert!(!all.contains(secret), "compose.yaml names {secret}");
    }
    // The web service serves the snapshot read-only, on Traefik's external network.
    let volumes = compose["services"]["web"]["volumes"].as_sequence().unwrap();
    assert!(volumes.iter().any(|v| v.as_str() == Some("snapshot:/srv/snapshot:ro")));
    assert_eq!(compose["networks"]["traefik"]["external"], true);
    assert!(compose["services"]["web"]["networks"]["traefik"].is_mapping());
    assert!(compose["volumes"]["cache"].is_null() && compose["volumes"]["snapshot"].is_null());
}

#[test]
fn the_traefik_routes_and_the_env_example_are_complete() {
    let routes = yaml("traefik-routes.yml");
    let router = &routes["http"]["routers"]["elmeg-snapshot"];
    assert!(router["rule"].as_str().unwrap().starts_with("Host(`"));
    assert_eq!(router["entryPoints"][0], "websecure");
    assert_eq!(router["tls"]["certResolver"], "letsencrypt");
    let url = routes["http"]["services"]["elmeg-snapshot"]["loadBalancer"]["servers"][0]["url"]
        .as_str()
        .unwrap();
    // The alias the compose file gives the web container on Traefik's network.
    assert!(text("compose.yaml").contains("- elmeg-snapshot-web"));
    assert_eq!(url, "http://elmeg-snapshot-web:80");

    // Every key variable of the server's refresh, and no value for any.
    let example = text(".env.example");
    let systemd = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/systemd/refresh.env")).unwrap();
    for line in systemd.lines().filter(|l| l.starts_with("ELMEG_")) {
        assert!(example.lines().any(|l| l == line), ".env.example lacks {line}");
    }
    for line in example.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        assert!(line.ends_with('='), "a value in .env.example: {line}");
    }
    let ignored = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.gitignore")).unwrap();
    let build_context = text("Dockerfile.dockerignore");
    for secret in ["assets/deploy/.env", "assets/deploy/config.toml"] {
        assert!(ignored.lines().any(|l| l == secret), "{secret} is never committed");
        assert!(build_context.lines().any(|l| l == secret), "{secret} is not built in");
    }
}

/// The refresher script with a stand-in `elmeg-tui` first on PATH, which logs
/// its arguments and the TERM it gets.
#[cfg(unix)]
fn refresher(dir: &std::path::Path, interval: &str) -> std::process::Child {
    use std::os::unix::fs::PermissionsExt;
    let fake = dir.join("elmeg-tui");
    std::fs::write(
        &fake,
        "#!/bin/sh\necho \"$*\" >> \"$LOG\"\nsleep 60 &\ntrap 'kill $!; echo \"TERM $1\" >> \"$LOG\"; exit 143' TERM\nwait $!\n",
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", dir.display(), std::env::var("PATH").unwrap());
    std::process::Command::new("sh")
        .arg(format!("{}/assets/deploy/refresher.sh", env!("CARGO_MANIFEST_DIR")))
        .env("PATH", path)
        .env("LOG", dir.join("log"))
        .env("REFRESH_INTERVAL_HOURS", interval)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn the_refresher_passes_a_stop_on_and_refuses_a_bad_interval() {
    let dir = tempfile::tempdir().unwrap();
    // `docker compose stop` sends TERM to the script, the container's PID 1.
    let mut running = refresher(dir.path(), "06");
    let log = dir.path().join("log");
    let mut waited = 0;
    while !std::fs::read_to_string(&log)
        .unwrap_or_default()
        .contains("--refresh all")
    {
        assert!(waited < 400, "the refresher never started a refresh");
        std::thread::sleep(std::time::Duration::from_millis(50));
        waited += 1;
    }
    let pid = running.id().to_string();
    assert!(std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let status = running.wait().unwrap();
    assert_eq!(status.code(), Some(0), "a stop is a clean exit");
    let said = std::fs::read_to_string(&log).unwrap();
    assert_eq!(said, "--refresh all\nTERM --refresh\n", "the refresh got the TERM");

    for bad in ["abc", "0", "1.5"] {
        let out = refresher(dir.path(), bad).wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("REFRESH_INTERVAL_HOURS must be a whole number"),
            "{stderr}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        said,
        "no refresh on a bad interval"
    );
}
