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
    /// The slug of the built-in office that decides this one's FOIA appeals, where docket knows
    /// it: an appeal letter to this agency is addressed to that office, at its address as the
    /// user's database holds it (so an edit there reaches every appeal).
    pub appeals_to: Option<&'static str>,
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
                ICE's own FOIA appeals office (agency ice-foia-appeals; 6 C.F.R. §5.8).",
        appeals_to: Some("ice-foia-appeals"),
    },
    BuiltinAgency {
        slug: "ice-foia-appeals",
        name: "U.S. Immigration and Customs Enforcement, Office of the Principal Legal Advisor, \
               Government Information Law Division (FOIA appeals)",
        state: "US",
        email: None,
        portal_url: Some("https://www.ice.gov/foia"),
        mailing_address: Some("500 12th Street SW, Mail Stop 5900\nWashington, DC 20536-5900"),
        phone: None,
        notes: "Built in: the office that decides appeals of ICE's FOIA decisions (ICE decides its \
                own appeals with its Office of the Principal Legal Advisor, as ICE's news release \
                on clearing its appeals backlog describes; appeals carry ICAP numbers). The \
                postal address is the one ICE's denial letters give; it was not read from a page \
                ICE publishes: send the appeal where your denial letter says, and correct this \
                agency with `docket agency edit ice-foia-appeals --address ...` if it \
                differs. ICE's denial letters also offer its FOIA portal for appeals.",
        appeals_to: None,
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
                Appeals go to CBP's FOIA Appeals, Policy and Litigation Branch, at the address \
                the denial gives.",
        appeals_to: None,
    },
    BuiltinAgency {
        slug: "dhs-privacy",
        name: "U.S. Department of Homeland Security, Privacy Office (FOIA)",
        state: "US",
        email: Some("foia@hq.dhs.gov"),
        portal_url: Some("https://www.dhs.gov/foia"),
        mailing_address: Some("245 Murray Lane SW, Mail Stop 0655\nWashington, DC 20528-0655"),
        phone: Some("866-431-0486"),
        notes: "Built in: the FOIA office of DHS headquarters (the Secretary's office, policy, \
                and the Office for Civil Rights and Civil Liberties, which receives complaints \
                about 287(g) jails). Postal address and mail stop as a 2020 DHS Privacy Office \
                final response gives them (DHS headquarters has been moving to 2707 Martin \
                Luther King Jr. Ave SE; the mail stop routes the letter); toll-free number from \
                dhs.gov's archived FOIA contact page; e-mail as dhs.gov gives it. Requests about \
                ICE's own records go to ICE (agency ice), not here.",
        appeals_to: None,
    },
    BuiltinAgency {
        slug: "dhs-oig",
        name: "U.S. Department of Homeland Security, Office of Inspector General (FOIA)",
        state: "US",
        email: Some("foia.oig@oig.dhs.gov"),
        portal_url: Some("https://www.oig.dhs.gov/foia"),
        mailing_address: Some(
            "DHS-OIG Office of Counsel, FOIA Unit\n245 Murray Lane SW, Mail Stop 0305\n\
             Washington, DC 20528-0305",
        ),
        phone: None,
        notes: "Built in: the FOIA unit of DHS's Inspector General, which audits and inspects \
                ICE's 287(g) program (its reports OIG-10-63 and OIG-12-130 reviewed the 287(g) agreements). \
                E-mail and postal address as oig.dhs.gov's FOIA page gave them when this was \
                written (not re-read from a stored copy): check the page before a paper filing.",
        appeals_to: None,
    },
];

/// The slug of the built-in office that decides the appeals of the built-in agency `slug`.
pub fn appeals_office_of(slug: &str) -> Option<&'static str> {
    AGENCIES
        .iter()
        .find(|b| b.slug == slug)
        .and_then(|b| b.appeals_to)
}

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
