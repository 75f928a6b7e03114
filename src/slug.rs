//! Short names for agencies, made from name and state: "Mecklenburg County Sheriff's Office"
//! in NC becomes `mecklenburg-so-nc`.

/// Word sequences shortened in slugs, longest first.
const SHORTER: &[(&str, &str)] = &[
    ("county sheriff's office", "so"),
    ("county sheriffs office", "so"),
    ("county sheriff office", "so"),
    ("county sheriff's department", "sd"),
    ("county sheriffs department", "sd"),
    ("county sheriff department", "sd"),
    ("parish sheriff's office", "so"),
    ("sheriff's office", "so"),
    ("sheriffs office", "so"),
    ("sheriff office", "so"),
    ("sheriff's department", "sd"),
    ("sheriff department", "sd"),
    ("police department", "pd"),
    ("department of corrections", "doc"),
    ("department of public safety", "dps"),
    ("county jail", "jail"),
    ("detention center", "dc"),
];

/// The slug for an agency's name and state.
pub fn make(name: &str, state: &str) -> String {
    let mut s = name.to_lowercase().replace(['’', '`'], "'");
    for (long, short) in SHORTER {
        s = s.replace(long, short);
    }
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c == '\'' {
            continue;
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut out = out.trim_matches('-').to_string();
    if out.len() > 60 {
        out.truncate(60);
        out = out.trim_end_matches('-').to_string();
    }
    if out.is_empty() {
        out.push_str("agency");
    }
    format!("{out}-{}", state.to_lowercase())
}

/// Whether `s` can be used as a slug: lowercase letters, digits and single hyphens.
pub fn is_valid(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// The slugs closest to `wanted` (for "did you mean"), best first, at most `n`.
pub fn closest<'a>(
    wanted: &str,
    candidates: impl Iterator<Item = (&'a str, &'a str)>,
    n: usize,
) -> Vec<String> {
    let w = wanted.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .map(|(slug, name)| {
            let by_slug = strsim::jaro_winkler(&w, slug);
            let by_name = strsim::jaro_winkler(&w, &name.to_lowercase());
            let contains = if slug.contains(&w) || name.to_lowercase().contains(&w) {
                0.15
            } else {
                0.0
            };
            (by_slug.max(by_name) + contains, slug)
        })
        .filter(|(score, _)| *score > 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(n)
        .map(|(_, s)| s.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            make("Mecklenburg County Sheriff's Office", "NC"),
            "mecklenburg-so-nc"
        );
        assert_eq!(make("Harris County Sheriff’s Office", "TX"), "harris-so-tx");
        assert_eq!(make("Dunnellon Police Department", "FL"), "dunnellon-pd-fl");
        assert_eq!(
            make("U.S. Immigration and Customs Enforcement", "US"),
            "u-s-immigration-and-customs-enforcement-us"
        );
        assert_eq!(make("!!!", "NC"), "agency-nc");
        assert!(is_valid("wake-so-nc"));
        assert!(!is_valid("Wake SO"));
        assert!(!is_valid("a--b"));
    }

    #[test]
    fn suggestions_rank_the_closest_first() {
        let c = [
            ("wake-so-nc", "Wake County Sheriff's Office"),
            ("wake-pd-nc", "Wake Forest Police Department"),
            ("harris-so-tx", "Harris County Sheriff's Office"),
        ];
        let s = closest("wake-so", c.iter().map(|(a, b)| (*a, *b)), 3);
        assert_eq!(s.first().map(String::as_str), Some("wake-so-nc"));
        assert!(!s.contains(&"harris-so-tx".to_string()));
    }
}
