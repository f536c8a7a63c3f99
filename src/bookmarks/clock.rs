//! The clock: when a bookmark was added, as RFC 3339 UTC with whole
//! seconds (`2026-11-24T10:00:00Z`), formatted by the `time` crate.

use std::time::{SystemTime, UNIX_EPOCH};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The current UTC time as RFC 3339 with seconds: `2026-11-24T10:00:00Z`.
pub fn now_rfc3339() -> String {
    rfc3339_from_unix(unix_now())
}

/// Seconds since 1970-01-01T00:00:00Z, from the system clock.
pub(super) fn unix_now() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// A Unix time in seconds as RFC 3339 UTC: `0` is `1970-01-01T00:00:00Z`.
/// Empty (the date not known, as for a bookmark the file gives none) for a
/// time outside the years 0000 to 9999 that RFC 3339 can write.
pub(super) fn rfc3339_from_unix(secs: i64) -> String {
    OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: &str = "2026-11-24T10:00:00Z";

    #[test]
    fn rfc3339_known_values() {
        assert_eq!(rfc3339_from_unix(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_from_unix(-1), "1969-12-31T23:59:59Z");
        // 1795996800 = 20787 days exactly; 2026-01-01 is day 20454
        // (56 years, 14 leap days), and day 333 of 2026 is 30 November.
        assert_eq!(rfc3339_from_unix(1_795_996_800), "2026-11-30T00:00:00Z");
        assert_eq!(rfc3339_from_unix(1_795_514_400), NOW);
        assert_eq!(rfc3339_from_unix(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339_from_unix(951_868_799), "2000-02-29T23:59:59Z");
        assert_eq!(rfc3339_from_unix(951_868_800), "2000-03-01T00:00:00Z");
        assert_eq!(rfc3339_from_unix(4_107_542_400), "2100-03-01T00:00:00Z");
    }

    #[test]
    fn now_has_the_right_shape() {
        let now = now_rfc3339();
        let b = now.as_bytes();
        assert_eq!(b.len(), 20, "{now}");
        for (i, c) in b.iter().enumerate() {
            match i {
                4 | 7 => assert_eq!(*c, b'-'),
                10 => assert_eq!(*c, b'T'),
                13 | 16 => assert_eq!(*c, b':'),
                19 => assert_eq!(*c, b'Z'),
                _ => assert!(c.is_ascii_digit(), "{now}"),
            }
        }
        assert!(now.as_str() >= "2025", "{now}");
        assert!(now.parse::<toml::value::Datetime>().is_ok());
    }

    #[test]
    fn a_time_rfc3339_cannot_write_is_left_empty() {
        assert_eq!(rfc3339_from_unix(253_402_300_799), "9999-12-31T23:59:59Z");
        assert_eq!(rfc3339_from_unix(253_402_300_800), "");
        assert_eq!(rfc3339_from_unix(-62_167_219_200), "0000-01-01T00:00:00Z");
        assert_eq!(rfc3339_from_unix(-62_167_219_201), "");
        assert_eq!(rfc3339_from_unix(i64::MAX), "");
        assert_eq!(rfc3339_from_unix(i64::MIN), "");
    }
}
