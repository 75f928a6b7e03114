//! The federal offices a 287(g) project writes to, built in so that a user never types ICE's
//! address: each with its FOIA e-mail, postal address or portal, and where each fact comes from.
//! `docket` adds them to every database and updates them on upgrade, field by field, only where
//! the user has not changed the field (see `db::agencies::sync_builtin`).
//!
//! Addresses change; the notes say when and where each was read.

use serde::{Deserialize, Serialize};

/// One built-in agency, as it is written into the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuiltinAgency {
    pub slug: &'static str,
    pub name: &'static str,
    pub state: &'static str,
    pub email: Option<&'static str>,
    pub portal_url: Option<&'static str>,
    pub mailing_address: Option<&'static str>,
    pub phone: Option<&'static str>,
    pub notes: &'static str,
}

/// The built-in federal agencies.
pub const AGENCIES: &[BuiltinAgency] = &[
    BuiltinAgency {
        slug: "ice",
        name: "U.S. Immigration and Customs Enforcement",
        state: "US",
        email: Some("ice-foia@ice.dhs.gov"),
        portal_url: Some("https://www.ice.gov/foia"),
        mailing_address: Some("500 12th Street SW, Stop 5009\nWashington, DC 20536-5009"),
        phone: Some("866-633-1182"),
        notes: "Built in: ICE's FOIA Office, which receives and processes every ICE FOIA request \
                (e-mail from ice.gov's FOIA office page; postal address and phone from ICE's FOIA \
                page as archived; ICE asks for requests by e-mail or its portal). Appeals go to \
                the appeals officer the denial names (6 C.F.R. §5.8).",
    },
    BuiltinAgency {
        slug: "cbp",
        name: "U.S. Customs and Border Protection",
        state: "US",
        email: None,
        portal_url: Some("https://www.cbp.gov/site-policy-notices/foia"),
        mailing_address: Some(
            "FOIA Division\n1300 Pennsylvania Avenue NW, Mail Stop 1181\nWashington, DC 20229",
        ),
        phone: Some("202-325-0150"),
        notes: "Built in: CBP's FOIA Division (postal address and phone from cbp.gov's FOIA \
                records page; CBP asks for requests through the DHS SecureRelease portal). \
                Appeals go to CBP's FOIA Appeals, Policy and Litigation Branch.",
    },
];

/// The fields docket writes for a built-in agency, as stored between versions (to tell the
/// user's edits from docket's own values).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuiltinAgencyRecord {
    pub email: Option<String>,
    pub portal_url: Option<String>,
    pub mailing_address: Option<String>,
    pub phone: Option<String>,
    pub notes: Option<String>,
}

impl BuiltinAgencyRecord {
    pub fn of(b: &BuiltinAgency) -> BuiltinAgencyRecord {
        let s = |v: Option<&str>| v.map(str::to_string);
        BuiltinAgencyRecord {
            email: s(b.email),
            portal_url: s(b.portal_url),
            mailing_address: s(b.mailing_address),
            phone: s(b.phone),
            notes: Some(b.notes.to_string()),
        }
    }
}

/// The records of every built-in agency, by slug, as JSON (what `sync` stores).
pub fn records_json() -> String {
    let map: std::collections::BTreeMap<&str, BuiltinAgencyRecord> = AGENCIES
        .iter()
        .map(|b| (b.slug, BuiltinAgencyRecord::of(b)))
        .collect();
    serde_json::to_string(&map).unwrap_or_default()
}
