//! The HTTP layer every source shares: a polite pace, timeouts, retries with
//! backoff, and redaction so that no API key ever reaches an error or a log.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, RETRY_AFTER, USER_AGENT};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use tokio::sync::Mutex;
use tokio::time::Instant;
use url::Url;

use crate::model::SourceKind;

/// Query parameters whose values are secrets.
const SECRET_PARAMS: [&str; 4] = ["apikey", "api_key", "key", "token"];

#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// The most requests a second this client sends; the pace between two requests is its inverse.
    pub requests_per_second: f64,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Attempts per request, the first one included.
    pub max_attempts: u32,
    /// The first retry waits this long; each further one twice as long, up to `max_backoff`.
    pub base_backoff: Duration,
    pub max_backoff: Duration,
    /// The shortest wait after a 429, whatever `Retry-After` says.
    pub min_wait_on_429: Duration,
    /// The longest `Retry-After` honoured; a longer one fails the request instead of hanging.
    pub max_retry_after: Duration,
    /// The largest body read; a bigger answer fails at once and is not fetched again.
    pub max_body_bytes: usize,
    pub user_agent: String,
}

impl HttpSettings {
    pub fn with_pace(requests_per_second: f64) -> Self {
        HttpSettings {
            requests_per_second,
            // A server that accepts and never answers fails a request in under a
            // minute: two attempts of 20 s (a timeout is retried once) and a backoff.
            timeout: Duration::from_secs(20),
            connect_timeout: Duration::from_secs(10),
            max_attempts: 5,
            base_backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(60),
            min_wait_on_429: Duration::from_secs(1),
            max_retry_after: Duration::from_secs(600),
            max_body_bytes: 64 * 1024 * 1024,
            user_agent: default_user_agent(),
        }
    }
}

pub fn default_user_agent() -> String {
    format!(
        "elmeg-tui/{} (+https://github.com/elmeg/elmeg-tui)",
        env!("CARGO_PKG_VERSION")
    )
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{service} rejected the API key (HTTP {status}); check {hint}")]
    Auth {
        service: &'static str,
        status: u16,
        hint: String,
    },
    #[error("{service} answered HTTP {status} for {url}")]
    Status {
        service: &'static str,
        status: u16,
        url: String,
    },
    /// A 4xx other than 401, 403, 404 and 429: the request itself was refused.
    #[error("{service} refused the request (HTTP {status}) for {url}; check {hint}")]
    Rejected {
        service: &'static str,
        status: u16,
        url: String,
        hint: String,
    },
    #[error("{service} API error: {message}")]
    Api { service: &'static str, message: String },
    #[error("{service} is rate limiting requests to {url} and asks to wait {wait_secs} s; try again later or lower requests_per_second")]
    RateLimited {
        service: &'static str,
        url: String,
        wait_secs: u64,
    },
    #[error("could not reach {service} at {url}: {detail}")]
    Network {
        service: &'static str,
        url: String,
        detail: String,
    },
    #[error("{service} sent more than {limit_mb} MB for {url}; not read")]
    TooLarge {
        service: &'static str,
        url: String,
        limit_mb: usize,
    },
    #[error("{service} sent a response that could not be read ({url}): {detail}")]
    Decode {
        service: &'static str,
        url: String,
        detail: String,
    },
}

/// How a network failure begins its detail; the unreachable ones are retried less.
const TIMED_OUT: &str = "timed out";
const CONNECTION_FAILED: &str = "connection failed";

impl FetchError {
    /// The server never answered, or could not be reached.
    fn is_unreachable(&self) -> bool {
        matches!(self, FetchError::Network { detail, .. }
            if detail.starts_with(TIMED_OUT) || detail.starts_with(CONNECTION_FAILED))
    }

    /// Whether sending the same request again may succeed.
    fn is_transient(&self) -> bool {
        matches!(
            self,
            FetchError::Network { .. } | FetchError::Decode { .. } | FetchError::Status { status: 500.., .. }
        )
    }
}

/// One source's HTTP client. Cheap to share by reference; counts its requests.
pub struct HttpClient {
    client: reqwest::Client,
    source: SourceKind,
    /// Every path is joined under it; it always ends with `/`.
    base: Url,
    settings: HttpSettings,
    /// When the next request may go: shared by every client of the same API and
    /// key in this process (see [`shared_slot`]).
    next_slot: Slot,
    secrets: Vec<String>,
    requests: AtomicU64,
}

/// When the next request may go.
type Slot = Arc<Mutex<Option<Instant>>>;

/// The pace belongs to an API and its key, not to one client: two bands of one
/// source refreshed in one process (`--refresh all`) share one slot, so the
/// second band's first request waits for the first band's last one.
fn shared_slot(source: SourceKind, base: &Url, secrets: &[String]) -> Slot {
    static SLOTS: OnceLock<std::sync::Mutex<HashMap<String, Slot>>> = OnceLock::new();
    let key = format!("{source}|{}|{}", base.origin().ascii_serialization(), secrets.join("|"));
    let mut slots = SLOTS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    slots.entry(key).or_default().clone()
}

/// `Retry-After`: seconds, or an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`).
fn retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = at.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

/// A backoff with up to a quarter more, at random, so that clients that failed
/// together do not retry together.
fn jittered(backoff: Duration) -> Duration {
    use std::hash::{BuildHasher, Hasher};
    let random = std::collections::hash_map::RandomState::new().build_hasher().finish();
    backoff + backoff.mul_f64((random % 1000) as f64 / 4000.0)
}

/// A value made safe to put in a URL path as one segment: every byte but
/// letters, digits and `-._~` is percent-encoded, so `../x?y=` stays one segment.
pub fn segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Reads a JSON body: unparsable is garbled (retry), the wrong shape is final.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, BodyError> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| BodyError::Garbled(format!("not valid JSON ({e})")))?;
    serde_json::from_value(value).map_err(|e| BodyError::WrongShape(e.to_string()))
}

/// Why a body could not be read.
#[derive(Debug)]
pub enum BodyError {
    /// Cut short or not the format at all: worth another request.
    Garbled(String),
    /// Well formed, but not what was expected: another request will not help.
    WrongShape(String),
}

/// What a GET produced: a parsed body, or a 404.
pub enum Fetched<T> {
    Found(T),
    NotFound,
}

impl HttpClient {
    /// A client for the API under `base_url`. `secrets` are scrubbed from every
    /// error text, wherever they appear.
    pub fn new(
        source: SourceKind,
        base_url: &str,
        settings: HttpSettings,
        secrets: Vec<String>,
    ) -> Result<Self, FetchError> {
        let mut base = Url::parse(base_url).map_err(|e| FetchError::Network {
            service: source.display_name(),
            url: base_url.to_string(),
            detail: format!("not a valid base URL: {e}"),
        })?;
        // Join paths under the base, not beside its last segment.
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        let mut headers = HeaderMap::new();
        if let Ok(ua) = HeaderValue::from_str(&settings.user_agent) {
            headers.insert(USER_AGENT, ua);
        }
        let client = reqwest::Client::builder()
            .default_headers(headers)
            .timeout(settings.timeout)
            .connect_timeout(settings.connect_timeout)
            .build()
            .map_err(|e| FetchError::Network {
                service: source.display_name(),
                url: String::new(),
                detail: e.without_url().to_string(),
            })?;
        let next_slot = shared_slot(source, &base, &secrets);
        Ok(HttpClient {
            client,
            source,
            base,
            settings,
            next_slot,
            secrets: secrets.into_iter().filter(|s| !s.is_empty()).collect(),
            requests: AtomicU64::new(0),
        })
    }

    /// `path` (relative, no leading `/`) under the base URL.
    pub fn url(&self, path: &str) -> Result<Url, FetchError> {
        self.base.join(path).map_err(|e| FetchError::Network {
            service: self.source.display_name(),
            url: path.to_string(),
            detail: e.to_string(),
        })
    }

    /// Requests that reached the server so far, retries included.
    pub fn requests_made(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// GETs `url` and parses its JSON body, retrying transient failures. A 404 is an error.
    pub async fn get_json<T: DeserializeOwned>(
        &self,
        url: &Url,
        headers: &[(HeaderName, String)],
    ) -> Result<T, FetchError> {
        match self.get_json_or_404(url, headers).await? {
            Fetched::Found(t) => Ok(t),
            Fetched::NotFound => Err(FetchError::Status {
                service: self.source.display_name(),
                status: 404,
                url: self.redact(url),
            }),
        }
    }

    /// GETs `url` and parses its JSON body, retrying transient failures; a 404 is `NotFound`.
    pub async fn get_json_or_404<T: DeserializeOwned>(
        &self,
        url: &Url,
        headers: &[(HeaderName, String)],
    ) -> Result<Fetched<T>, FetchError> {
        self.get_or_404(url, headers, parse_json).await
    }

    /// GETs `url` and reads its body with `parse`, retrying transient failures and
    /// garbled bodies; a 404 is `NotFound`.
    pub async fn get_or_404<T>(
        &self,
        url: &Url,
        headers: &[(HeaderName, String)],
        parse: impl Fn(&[u8]) -> Result<T, BodyError>,
    ) -> Result<Fetched<T>, FetchError> {
        let mut attempt = 1;
        loop {
            let (result, retry_after) = self.attempt(url, headers).await;
            let err = match result {
                Ok(Fetched::Found(body)) => match parse(&body) {
                    Ok(parsed) => return Ok(Fetched::Found(parsed)),
                    // A body of the wrong shape will not improve on retry.
                    Err(BodyError::WrongShape(detail)) => return Err(self.decode_error(url, detail)),
                    Err(BodyError::Garbled(detail)) => self.decode_error(url, detail),
                },
                Ok(Fetched::NotFound) => return Ok(Fetched::NotFound),
                Err(e) => e,
            };
            let rate_limited = matches!(err, FetchError::RateLimited { .. });
            // A server that lets a request time out, or that cannot be reached at
            // all (no network at a show), gets one more try, not four.
            let attempts = if err.is_unreachable() {
                2
            } else {
                self.settings.max_attempts
            };
            if !(err.is_transient() || rate_limited) || attempt >= attempts {
                return Err(err);
            }
            let backoff = jittered(
                self.settings
                    .base_backoff
                    .saturating_mul(1 << (attempt - 1).min(16))
                    .min(self.settings.max_backoff),
            );
            let wait = if rate_limited {
                match retry_after {
                    Some(asked) if asked > self.settings.max_retry_after => return Err(err),
                    Some(asked) => asked.max(self.settings.min_wait_on_429),
                    None => backoff.max(self.settings.min_wait_on_429),
                }
            } else {
                backoff
            };
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One request. Returns the body, and any `Retry-After`.
    async fn attempt(
        &self,
        url: &Url,
        headers: &[(HeaderName, String)],
    ) -> (Result<Fetched<Vec<u8>>, FetchError>, Option<Duration>) {
        self.wait_for_slot().await;
        let mut request = self.client.get(url.clone());
        for (name, value) in headers {
            request = request.header(name, value);
        }
        // Counted when it reached the server: a refused connection did not.
        let response = match request.send().await {
            Ok(r) => {
                self.requests.fetch_add(1, Ordering::Relaxed);
                r
            }
            Err(e) => {
                if !e.is_connect() {
                    self.requests.fetch_add(1, Ordering::Relaxed);
                }
                return (Err(self.network_error(url, e)), None);
            }
        };
        let status = response.status();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(retry_after);
        let service = self.source.display_name();
        let result = match status {
            StatusCode::TOO_MANY_REQUESTS => Err(FetchError::RateLimited {
                service,
                url: self.redact(url),
                wait_secs: retry_after.unwrap_or_default().as_secs(),
            }),
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => Err(FetchError::Auth {
                service,
                status: status.as_u16(),
                hint: self.key_hint(),
            }),
            StatusCode::NOT_FOUND => Ok(Fetched::NotFound),
            s if s.is_client_error() => Err(FetchError::Rejected {
                service,
                status: s.as_u16(),
                url: self.redact(url),
                hint: self.key_hint(),
            }),
            s if !s.is_success() => Err(FetchError::Status {
                service,
                status: s.as_u16(),
                url: self.redact(url),
            }),
            _ => self.read_body(url, response).await.map(Fetched::Found),
        };
        (result, retry_after)
    }

    /// The body, read a chunk at a time and given up past `max_body_bytes`.
    async fn read_body(&self, url: &Url, mut response: reqwest::Response) -> Result<Vec<u8>, FetchError> {
        let limit = self.settings.max_body_bytes;
        let too_large = || FetchError::TooLarge {
            service: self.source.display_name(),
            url: self.redact(url),
            limit_mb: limit.div_ceil(1024 * 1024),
        };
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.network_error(url, e))? {
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    async fn wait_for_slot(&self) {
        let interval = Duration::from_secs_f64(1.0 / self.settings.requests_per_second.max(0.001));
        let mut next = self.next_slot.lock().await;
        if let Some(at) = *next {
            tokio::time::sleep_until(at).await;
        }
        *next = Some(Instant::now() + interval);
    }

    fn key_hint(&self) -> String {
        format!(
            "{}_API_KEY or [sources.{}] api_key",
            self.source.env_prefix(),
            self.source.as_str()
        )
    }

    fn network_error(&self, url: &Url, e: reqwest::Error) -> FetchError {
        let kind = if e.is_timeout() {
            TIMED_OUT
        } else if e.is_connect() {
            CONNECTION_FAILED
        } else if e.is_body() || e.is_decode() {
            "the response ended early"
        } else {
            "request failed"
        };
        let e = e.without_url();
        let mut detail = format!("{kind}: {e}");
        let mut source = std::error::Error::source(&e);
        while let Some(cause) = source {
            detail.push_str(&format!(": {cause}"));
            source = cause.source();
        }
        FetchError::Network {
            service: self.source.display_name(),
            url: self.redact(url),
            detail: self.scrub(&detail),
        }
    }

    fn decode_error(&self, url: &Url, detail: String) -> FetchError {
        FetchError::Decode {
            service: self.source.display_name(),
            url: self.redact(url),
            detail: self.scrub(&detail),
        }
    }

    /// The URL as it may be shown: secret query values replaced, other secrets scrubbed.
    pub fn redact(&self, url: &Url) -> String {
        self.scrub(&redact_url(url))
    }

    /// Removes every known secret from `text`.
    pub fn scrub(&self, text: &str) -> String {
        self.secrets
            .iter()
            .fold(text.to_string(), |t, s| t.replace(s.as_str(), "REDACTED"))
    }
}

/// `url` with the values of secret query parameters replaced by `REDACTED`.
pub fn redact_url(url: &Url) -> String {
    let mut shown = url.clone();
    if url.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let secret = SECRET_PARAMS.contains(&k.to_ascii_lowercase().as_str());
                (k.into_owned(), if secret { "REDACTED".into() } else { v.into_owned() })
            })
            .collect();
        shown.query_pairs_mut().clear().extend_pairs(pairs);
    }
    let _ = shown.set_password(None);
    shown.to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_path_segment_cannot_leave_its_place() {
        assert_eq!(segment("../../../x?y="), "..%2F..%2F..%2Fx%3Fy%3D");
        assert_eq!(segment("94f8947c-2d9c"), "94f8947c-2d9c");
        assert_eq!(segment("a b#c"), "a%20b%23c");
    }

    use super::*;

    #[test]
    fn secret_query_values_are_redacted() {
        let url = Url::parse("https://api.phish.net/v5/shows.json?apikey=SECRET123&order_by=showdate").unwrap();
        let shown = redact_url(&url);
        assert!(!shown.contains("SECRET123"), "{shown}");
        assert!(shown.contains("apikey=REDACTED"));
        assert!(shown.contains("order_by=showdate"));
    }

    #[test]
    fn scrub_removes_secrets_anywhere() {
        let client = HttpClient::new(
            SourceKind::Phishnet,
            "https://api.phish.net/v5",
            HttpSettings::with_pace(1.0),
            vec!["K3Y".into()],
        )
        .unwrap();
        assert_eq!(
            client.url("shows.json").unwrap().as_str(),
            "https://api.phish.net/v5/shows.json"
        );
        assert_eq!(client.scrub("bad key K3Y in K3Y"), "bad key REDACTED in REDACTED");
    }
}
