//! Versioned snapshots: JSON kept in a row for history (service versions and the settings today;
//! report editions later) outlives the code that wrote it, so it is stored in an envelope with a
//! format number, `{"format": 1, "data": {…}}`, and read through a type owned by the store.
//!
//! Reading accepts every format written so far: JSON without an envelope is format 0 (what was
//! written before envelopes existed), and a format newer than this build knows is refused with
//! `StoreError::SnapshotFormat` rather than misread. Unknown fields are ignored (serde's default),
//! and each stored type gives its fields defaults, so adding a field never breaks old rows.

use crate::StoreError;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A type kept as a snapshot.
pub(crate) trait Versioned: Serialize + DeserializeOwned {
    /// The format this build writes; reading accepts `0..=FORMAT`.
    const FORMAT: u64;

    /// Reads `data` written in `format` (at most `FORMAT`). The default suits a type whose
    /// shape has only grown: defaults fill what older formats lack. A type whose shape changes
    /// otherwise converts the older formats here.
    fn read(format: u64, data: Value) -> Result<Self, serde_json::Error> {
        let _ = format;
        serde_json::from_value(data)
    }
}

/// The envelope as written; reading takes it apart by hand to tell format 0 from the rest.
#[derive(Serialize)]
struct Envelope<'a, T> {
    format: u64,
    data: &'a T,
}

/// `value` in its envelope at the current format.
pub(crate) fn encode<T: Versioned>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(&Envelope { format: T::FORMAT, data: value }).map_err(|e| StoreError::Corrupt(format!("snapshot not written: {e}")))
}

/// Reads a snapshot in any format up to `T::FORMAT`; `what` names the row in errors
/// ("service 3 version 2").
pub(crate) fn decode<T: Versioned>(text: &str, what: &str) -> Result<T, StoreError> {
    let corrupt = |e: &dyn std::fmt::Display| StoreError::Corrupt(format!("{what}: {e}"));
    let mut value: Value = serde_json::from_str(text).map_err(|e| corrupt(&e))?;
    // serde reads a struct from an array too; no snapshot was ever written as one.
    let top = value.as_object_mut().ok_or_else(|| corrupt(&"snapshot is not a JSON object"))?;
    // Format 0 had no envelope; its top level never had a `format` key, so its absence marks it.
    let (format, data) = match top.remove("format").map(|f| (f, top.remove("data"))) {
        None => (0, value),
        Some((format, data)) => {
            let format = format.as_u64().ok_or_else(|| corrupt(&format_args!("snapshot format {format} is not a number")))?;
            if format > T::FORMAT {
                return Err(StoreError::SnapshotFormat { what: what.to_owned(), found: format, newest: T::FORMAT });
            }
            (format, data.ok_or_else(|| corrupt(&"snapshot envelope without data"))?)
        }
    };
    T::read(format, data).map_err(|e| corrupt(&e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    /// A snapshot type that grew a field (`b`) after format 0.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Thing {
        a: i64,
        #[serde(default)]
        b: String,
    }

    impl Versioned for Thing {
        const FORMAT: u64 = 1;
    }

    #[test]
    fn writes_the_current_format_in_an_envelope_and_reads_it_back() {
        let thing = Thing { a: 7, b: "x".into() };
        let text = encode(&thing).unwrap();
        assert_eq!(text, r#"{"format":1,"data":{"a":7,"b":"x"}}"#);
        assert_eq!(decode::<Thing>(&text, "thing").unwrap(), thing);
    }

    #[test]
    fn json_without_an_envelope_is_format_0_with_missing_fields_defaulted_and_unknown_ignored() {
        assert_eq!(decode::<Thing>(r#"{"a":7,"gone":true}"#, "thing").unwrap(), Thing { a: 7, b: String::new() });
        assert_eq!(decode::<Thing>(r#"{"format":1,"data":{"a":7},"later":1}"#, "thing").unwrap(), Thing { a: 7, b: String::new() });
    }

    #[test]
    fn a_newer_format_is_refused_and_a_broken_envelope_is_corrupt() {
        let err = decode::<Thing>(r#"{"format":2,"data":{"a":7}}"#, "thing 1").unwrap_err();
        assert!(matches!(&err, StoreError::SnapshotFormat { found: 2, newest: 1, .. }), "{err}");
        assert_eq!(err.to_string(), "thing 1: snapshot format 2 is newer than this version of Familiehus reads (up to 1)");
        for broken in [r#"{"format":"1","data":{"a":7}}"#, r#"{"format":1}"#, r#"{"format":1,"data":{}}"#, "[1]", "not json"] {
            assert!(matches!(decode::<Thing>(broken, "thing"), Err(StoreError::Corrupt(_))), "{broken}");
        }
    }
}
