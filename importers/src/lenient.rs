//! Serde helpers for APIs that send the same field as a number in one era and a
//! string in another (`"showid": "1252683584"` vs `"showid": 1252683584`).

use serde::{Deserialize, Deserializer};

#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
}

impl Scalar {
    fn into_text(self) -> String {
        match self {
            Scalar::Bool(b) => b.to_string(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Str(s) => s,
        }
    }
}

/// An id sent as a number or a string; always returned as a string.
pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Option::<Scalar>::deserialize(d)? {
        Some(s) => Ok(s.into_text()),
        None => Err(serde::de::Error::custom("missing id")),
    }
}

/// Text that may be missing, `null`, empty, or a bare number.
pub fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<Scalar>::deserialize(d)?
        .map(Scalar::into_text)
        .filter(|s| !s.trim().is_empty()))
}

/// A whole number sent as a number or a numeric string; `""` and `null` are `None`.
pub fn opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match Option::<Scalar>::deserialize(d)? {
        None => Ok(None),
        Some(Scalar::Int(i)) => u64::try_from(i)
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("expected a whole number ≥ 0, got {i}"))),
        Some(Scalar::Float(f)) if f >= 0.0 && f.fract() == 0.0 => Ok(Some(f as u64)),
        Some(Scalar::Str(s)) if s.trim().is_empty() => Ok(None),
        Some(Scalar::Str(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("expected a whole number, got {s:?}"))),
        Some(other) => Err(serde::de::Error::custom(format!(
            "expected a whole number, got {}",
            other.into_text()
        ))),
    }
}

/// A flag sent as `0`/`1`, `"0"`/`"1"`, or `true`/`false`; missing is `false`.
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match Option::<Scalar>::deserialize(d)? {
        None => false,
        Some(Scalar::Bool(b)) => b,
        Some(Scalar::Int(i)) => i != 0,
        Some(Scalar::Float(f)) => f != 0.0,
        Some(Scalar::Str(s)) => !matches!(s.trim(), "" | "0" | "false"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Row {
        #[serde(deserialize_with = "id")]
        id: String,
        #[serde(default, deserialize_with = "opt_u64")]
        n: Option<u64>,
        #[serde(default, deserialize_with = "flag")]
        f: bool,
        #[serde(default, deserialize_with = "opt_text")]
        t: Option<String>,
    }

    fn row(json: &str) -> Row {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn numbers_and_strings_are_both_accepted() {
        let a = row(r#"{"id": 12, "n": 3, "f": 1, "t": "x"}"#);
        let b = row(r#"{"id": "12", "n": "3", "f": "1", "t": "x"}"#);
        for r in [a, b] {
            assert_eq!(r.id, "12");
            assert_eq!(r.n, Some(3));
            assert!(r.f);
            assert_eq!(r.t.as_deref(), Some("x"));
        }
    }

    #[test]
    fn empty_and_missing_values() {
        let r = row(r#"{"id": "7", "n": "", "f": "0", "t": ""}"#);
        assert_eq!((r.n, r.f, r.t), (None, false, None));
        let r = row(r#"{"id": "7", "n": null, "t": null}"#);
        assert_eq!((r.n, r.f, r.t), (None, false, None));
        assert!(serde_json::from_str::<Row>(r#"{"id": "7", "n": "x"}"#).is_err());
    }
}
