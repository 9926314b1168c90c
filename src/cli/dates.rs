//! Dates as fans type them: `1977-05-08`, `5/8/77`, `5/8/1977`, `1977/05/08`.

use chrono::{Datelike, NaiveDate};
use elmeg_importers::ShowDate;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A typed date. A two-digit year is the most recent year up to `this_year` with
/// those digits (in 2026, `77` is 1977 and `24` is 2024). A year before 1900 or a
/// day the month does not have is an error naming the problem.
pub fn parse_typed_date(text: &str, this_year: i32) -> Result<ShowDate, String> {
    let t = text.trim();
    let form = || format!("`{t}` is not a date: write YYYY-MM-DD, M/D/YY, M/D/YYYY or YYYY/MM/DD");
    let parts: Vec<&str> = if t.contains('/') {
        t.split('/').collect()
    } else {
        t.split('-').collect()
    };
    let [a, b, c] = parts.as_slice() else {
        return Err(form());
    };
    if [a, b, c]
        .iter()
        .any(|p| p.is_empty() || !p.bytes().all(|x| x.is_ascii_digit()))
    {
        return Err(form());
    }
    // Year first (`1977-05-08`, `1977/05/08`), else month/day/year.
    let (year, month, day) = match (a.len(), t.contains('/')) {
        (4, _) => (*a, *b, *c),
        (_, true) => (*c, *a, *b),
        _ => return Err(form()),
    };
    let number = |s: &str| s.parse::<u32>().map_err(|_| form());
    let (month, day) = (number(month)?, number(day)?);
    let year = match year.len() {
        2 => {
            let digits = number(year)? as i32;
            let mut full = this_year - this_year.rem_euclid(100) + digits;
            if full > this_year {
                full -= 100;
            }
            full
        }
        4 => number(year)? as i32,
        _ => return Err(form()),
    };
    if year < 1900 {
        return Err(format!("`{t}`: {year} is before 1900, before any band here played"));
    }
    if !(1..=12).contains(&month) {
        return Err(format!("`{t}`: there is no month {month}"));
    }
    let name = MONTHS[month as usize - 1];
    let days = days_in(year, month);
    if day == 0 || day > days {
        return Err(if month == 2 {
            format!("`{t}`: February {year} has {days} days")
        } else {
            format!("`{t}`: {name} has {days} days")
        });
    }
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(form)?;
    Ok(ShowDate::new(date))
}

/// A month and day as typed for `today --date`: `MM-DD`, `M/D`; as `MM-DD`.
pub fn parse_month_day(text: &str) -> Result<String, String> {
    let t = text.trim();
    let form = || format!("`{t}` is not a month and day: write MM-DD or M/D");
    let parts: Vec<&str> = t.split(['-', '/']).collect();
    let [month, day] = parts.as_slice() else {
        return Err(form());
    };
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
            .ok_or_else(form)
    };
    let (month, day) = (number(month)?, number(day)?);
    if !(1..=12).contains(&month) {
        return Err(format!("`{t}`: there is no month {month}"));
    }
    // A leap year, so that February 29 is a day some show could have.
    let days = days_in(2000, month);
    if day == 0 || day > days {
        return Err(format!("`{t}`: {} has {days} days", MONTHS[month as usize - 1]));
    }
    Ok(format!("{month:02}-{day:02}"))
}

fn days_in(year: i32, month: u32) -> u32 {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    next.and_then(|n| n.pred_opt()).map_or(31, |last| last.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> String {
        parse_typed_date(text, 2026).unwrap().to_string()
    }

    fn err(text: &str) -> String {
        parse_typed_date(text, 2026).unwrap_err()
    }

    #[test]
    fn every_form_a_fan_types() {
        for text in [
            "1977-05-08",
            "5/8/77",
            "05/08/77",
            "5/8/1977",
            "1977/05/08",
            " 1977/5/8 ",
        ] {
            assert_eq!(ok(text), "1977-05-08", "{text}");
        }
        assert_eq!(ok("12/31/24"), "2024-12-31", "24 is 2024");
        assert_eq!(ok("1/1/26"), "2026-01-01", "this year's digits are this year");
        assert_eq!(ok("1/1/27"), "1927-01-01", "a year to come is a century back");
        assert_eq!(ok("2/29/2024"), "2024-02-29");
    }

    #[test]
    fn a_month_and_day() {
        assert_eq!(parse_month_day("5/8"), Ok("05-08".into()));
        assert_eq!(parse_month_day("05-08"), Ok("05-08".into()));
        assert_eq!(parse_month_day("2/29"), Ok("02-29".into()));
        assert_eq!(parse_month_day("2/30"), Err("`2/30`: February has 29 days".into()));
        assert_eq!(parse_month_day("13/1"), Err("`13/1`: there is no month 13".into()));
        assert!(parse_month_day("May 8").unwrap_err().contains("MM-DD"));
    }

    #[test]
    fn impossible_dates_say_why() {
        assert_eq!(err("1977-05-32"), "`1977-05-32`: May has 31 days");
        assert_eq!(err("4/31/77"), "`4/31/77`: April has 30 days");
        assert_eq!(err("2/29/77"), "`2/29/77`: February 1977 has 28 days");
        assert_eq!(err("1977-13-01"), "`1977-13-01`: there is no month 13");
        assert_eq!(
            err("0077-05-08"),
            "`0077-05-08`: 77 is before 1900, before any band here played"
        );
        assert_eq!(
            err("5/8/077"),
            "`5/8/077` is not a date: write YYYY-MM-DD, M/D/YY, M/D/YYYY or YYYY/MM/DD"
        );
        for text in ["May 8", "77-05-08", "1977-05", "5-8-77", ""] {
            assert!(err(text).contains("is not a date"), "{text}");
        }
    }
}
