//! Which federal FOIA regulation an agency follows. The statute sets the clocks every federal
//! agency shares; each department's own regulation sets the rest (the appeal window above all:
//! DHS allows 90 working days, DOJ 90 calendar days). A federal agency is matched to its
//! department's rule row (`US-DHS`, `US-DOJ`) by the names and abbreviations in its own name;
//! one that matches none keeps the `US` row, whose notes say to read its regulation.

/// One department's FOIA regulation and the names that place an agency under it.
struct Regulation {
    /// The rule row's code.
    code: &'static str,
    /// Phrases that name the department or one of its components, lower case.
    phrases: &'static [&'static str],
    /// Abbreviations, matched as whole words in the agency's name as written.
    abbreviations: &'static [&'static str],
}

const REGULATIONS: &[Regulation] = &[
    Regulation {
        code: "US-DHS",
        phrases: &[
            "homeland security",
            "immigration and customs enforcement",
            "customs and border protection",
            "citizenship and immigration services",
            "transportation security administration",
            "federal emergency management",
            "secret service",
            "coast guard",
            "cybersecurity and infrastructure security",
        ],
        abbreviations: &[
            "DHS", "ICE", "CBP", "USCIS", "TSA", "FEMA", "USSS", "USCG", "CISA",
        ],
    },
    Regulation {
        code: "US-DOJ",
        phrases: &[
            "department of justice",
            "federal bureau of investigation",
            "drug enforcement administration",
            "marshals service",
            "executive office for immigration review",
            "bureau of prisons",
            "alcohol, tobacco, firearms",
            "office of information policy",
        ],
        abbreviations: &["DOJ", "FBI", "DEA", "USMS", "EOIR", "BOP", "ATF"],
    },
];

/// The code of the rule row for an agency of `state` named `agency_name`: the department's row
/// for a federal agency docket can place, else the jurisdiction's own code.
pub fn rule_code(state: &str, agency_name: &str) -> String {
    if !state.eq_ignore_ascii_case("US") {
        return state.to_string();
    }
    regulation_of(agency_name)
        .map(|r| r.code)
        .unwrap_or("US")
        .to_string()
}

fn regulation_of(name: &str) -> Option<&'static Regulation> {
    let lower = name.to_lowercase();
    let words: Vec<&str> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    REGULATIONS.iter().find(|r| {
        r.phrases.iter().any(|p| lower.contains(p))
            || r.abbreviations.iter().any(|a| words.contains(a))
    })
}

/// What a rule row covers, for listings: a jurisdiction's name, or a department's.
pub fn rule_name(code: &str) -> &'static str {
    match code {
        "US-DHS" => "Department of Homeland Security and its components (ICE, CBP, USCIS...)",
        "US-DOJ" => "Department of Justice and its components (FBI, DEA, USMS, EOIR...)",
        _ => crate::model::state_name(code),
    }
}

/// The jurisdiction (and so the holiday calendar) a rule row belongs to: `US-DHS` → `US`.
pub fn jurisdiction_of(code: &str) -> &str {
    code.split_once('-').map_or(code, |(j, _)| j)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_agency_is_placed_under_its_departments_regulation_by_its_name() {
        let cases = [
            ("U.S. Immigration and Customs Enforcement", "US-DHS"),
            ("ICE FOIA Office", "US-DHS"),
            ("DHS Privacy Office", "US-DHS"),
            ("U.S. Customs and Border Protection", "US-DHS"),
            (
                "Office of Inspector General, Department of Homeland Security",
                "US-DHS",
            ),
            ("Federal Bureau of Investigation", "US-DOJ"),
            ("FBI Record/Information Dissemination Section", "US-DOJ"),
            ("U.S. Marshals Service", "US-DOJ"),
            ("Executive Office for Immigration Review", "US-DOJ"),
            ("Department of Defense", "US"),
            // "ice" inside a word, and the word in lower case, are not the abbreviation.
            ("Office of Justice Services", "US"),
            ("Police Department", "US"),
        ];
        for (name, code) in cases {
            assert_eq!(rule_code("US", name), code, "{name}");
        }
        assert_eq!(rule_code("NC", "ICE liaison unit"), "NC");
        assert_eq!(jurisdiction_of("US-DHS"), "US");
        assert_eq!(jurisdiction_of("NJ"), "NJ");
    }
}
