//! Letters for requests: loads the templates (built in, or the user's overrides) and the
//! requester's profile, builds the context a template sees from the store, and renders.

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use rusqlite::Connection;
use serde_json::{Map, Value, json};

use crate::app::App;
use crate::app::deadlines::Law;
use crate::config::Profile;
use crate::db;
use crate::law::Rule;
use crate::model::{Agency, EventKind, Request, Status, state_name};
use crate::render::letter::{Templates, apply_sets};

/// Templates and profile, loaded once per command.
pub struct Letters {
    pub templates: Templates,
    pub profile: Profile,
    /// The tracker is shared by a team: subjects carry team references.
    pub team: bool,
}

/// Short default titles for the built-in templates.
const TITLES: &[(&str, &str)] = &[
    ("initial", "Public records request"),
    ("287g-agreement", "287(g) agreement records"),
    ("287g-detainers", "287(g) detainers and warrants"),
    ("287g-encounters", "287(g) screening and encounter logs"),
    ("287g-communications", "287(g) communications with ICE"),
    ("287g-costs", "287(g) costs and reimbursements"),
    ("ice-foia", "FOIA request to ICE about 287(g)"),
];

impl Letters {
    pub fn load(app: &App) -> Result<Letters> {
        let (dir, explicit) = &app.templates;
        let templates = Templates::load(dir.as_deref(), *explicit)?;
        let profile = Profile::load(&app.config_file)?;
        let team = db::sync::team(app.db.conn())?.is_some();
        Ok(Letters {
            templates,
            profile,
            team,
        })
    }

    /// Refuses a template name that does not exist (the error lists the known ones).
    pub fn check_template(&self, name: &str) -> Result<()> {
        self.templates.info(name)?;
        Ok(())
    }

    /// Refuses `template` for an agency it is not written for (a federal FOIA letter to a
    /// sheriff's office, a state records letter to ICE), naming the templates that fit.
    pub fn check_fit(&self, template: &str, agency: &Agency) -> Result<()> {
        use crate::render::letter::Fit;
        let info = self.templates.info(template)?;
        let Some(fit) = info.fits.filter(|f| !f.admits(&agency.state)) else {
            return Ok(());
        };
        let wanted = if fit == Fit::Federal {
            Fit::State
        } else {
            Fit::Federal
        };
        let fitting: Vec<String> = self
            .templates
            .list()
            .into_iter()
            .filter(|i| !i.is_part() && i.fits == Some(wanted))
            .map(|i| i.name)
            .collect();
        let (what, whose) = match fit {
            Fit::Federal => (
                "a federal FOIA letter",
                format!("a {} agency", agency.state),
            ),
            Fit::State => ("a state records letter", "a federal agency".to_string()),
        };
        let hint = if fitting.is_empty() {
            "use initial".to_string()
        } else {
            format!("use {} (or initial)", fitting.join(", "))
        };
        anyhow::bail!(
            "{template} is {what} and {} is {whose}: {hint}; `docket template list` shows them all",
            agency.slug
        )
    }

    /// The title a request gets when --title is not given.
    pub fn default_title(&self, template: &str) -> Result<String> {
        let info = self.templates.info(template)?;
        let builtin = matches!(info.source, crate::render::letter::Source::Builtin);
        Ok(TITLES
            .iter()
            .find(|(n, _)| *n == template && builtin)
            .map(|(_, t)| t.to_string())
            .unwrap_or_else(|| info.purpose.clone()))
    }

    /// Renders `template` for `request` at `agency`.
    pub fn render(
        &self,
        conn: &Connection,
        law: &mut Law,
        agency: &Agency,
        template: &str,
        request: &Request,
        today: NaiveDate,
    ) -> Result<String> {
        let ctx = self.context(conn, law, agency, request, today)?;
        if template == "appeal" {
            Templates::check_appeal(&ctx)?;
        }
        Ok(self.templates.render(template, &ctx)?)
    }

    /// The values a template sees (see `docket template show NAME`).
    pub fn context(
        &self,
        conn: &Connection,
        law: &mut Law,
        agency: &Agency,
        request: &Request,
        today: NaiveDate,
    ) -> Result<Value> {
        let rule = law.rule_of(&agency.state, &agency.name)?.clone();
        let mut req = json!({
            "id": request.id,
            "title": request.title,
            "filed_on": request.filed_on,
            "tracking_number": request.tracking_number,
            "due_on": request.due_on,
            "business_days_late": Value::Null,
            "calendar_days_since_filed": request.filed_on.map(|f| (today - f).num_days()),
            "status": request.status.as_str(),
            "denied_on": Value::Null,
            "denial": Value::Null,
        });
        if request.id > 0 {
            let history = db::requests::events(conn, request.id)?;
            let events = crate::app::tracker::counted(&history);
            if let Some(d) = events.iter().rev().find(|e| {
                matches!(
                    e.kind,
                    EventKind::Deny | EventKind::Partial | EventKind::NoRecords
                )
            }) {
                req["denied_on"] = json!(d.on);
                let cited = db::requests::exemptions(conn, d.id)?;
                req["denial"] = json!({
                    "on": d.on,
                    "kind": d.kind.as_str(),
                    "note": d.note,
                    "exemptions": cited,
                    "exemptions_text": and_list(&cited),
                });
            }
            if let Some(filed) = request.filed_on {
                let dl = law.deadlines(request, filed, &events, today)?;
                if let Some(late) = dl
                    .clocks
                    .iter()
                    .filter(|c| c.statutory)
                    .filter_map(|c| c.business_days_late.filter(|_| c.met_on.is_none()))
                    .max()
                {
                    req["business_days_late"] = json!(late);
                }
                if let Some(c) = dl
                    .clocks
                    .iter()
                    .find(|c| c.kind == crate::law::ClockKind::Response && c.due.is_some())
                {
                    req["due_on"] = json!(c.due);
                }
            }
        }
        let mut ctx = json!({
            "requester": self.profile.to_json(),
            "agency": {
                "name": agency.name,
                "slug": agency.slug,
                "state": agency.state,
                "state_name": state_name(&agency.state),
                "county": agency.county,
                "email": agency.email,
                "mailing_address": agency.mailing_address,
                "phone": agency.phone,
                "records_officer": agency.records_officer,
                "kind": agency.kind,
                "portal_url": agency.portal_url,
            },
            "law": law_context(&rule),
            "request": req,
            "today": today,
        });
        // Where docket knows the office that decides this agency's appeals (ICE's own FOIA
        // appeals office), the appeal goes there, at the address the user's database holds.
        if let Some(office) = appeals_office(conn, agency)? {
            ctx["appeal_office"] = json!({
                "name": office.name,
                "slug": office.slug,
                "mailing_address": office.mailing_address,
                "email": office.email,
                "portal_url": office.portal_url,
            });
        }
        if request.id > 0
            && let Some(subject) = db::requests::subject_of(conn, request.id)?
        {
            let office = db::agencies::get_by_id(conn, subject)?;
            ctx["about"] = office_context(conn, &office)?;
        }
        let sets: Vec<(String, String)> = request
            .vars
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
            .collect();
        apply_sets(&mut ctx, &sets)?;
        Ok(ctx)
    }
}

/// What templates see under `about` of the office a request is about: its name, place and
/// agreements, and the date its earliest signed agreement was signed (`signed_on`), from which
/// a 287(g) letter asks for records when no `since` is given.
pub fn office_context(conn: &Connection, office: &Agency) -> Result<Value> {
    let agreements = db::agencies::agreements(conn, office.id)?;
    let signed_on = agreements.iter().filter_map(|a| a.signed_on.clone()).min();
    let moa_url = agreements.iter().find_map(|a| a.moa_url.clone());
    let list: Vec<Value> = agreements
        .iter()
        .map(|a| {
            json!({
                "program": a.program,
                "support_type": a.support_type,
                "status": a.status,
                "signed_on": a.signed_on,
                "moa_url": a.moa_url,
            })
        })
        .collect();
    let types: Vec<&str> = agreements.iter().map(|a| a.support_type.as_str()).collect();
    Ok(json!({
        "name": office.name,
        "slug": office.slug,
        "state": office.state,
        "state_name": state_name(&office.state),
        "county": office.county,
        "agreements": list,
        "support_types": types.join(", "),
        "signed_on": signed_on,
        "moa_url": moa_url,
    }))
}

/// "A", "A and B", "A, B and C".
fn and_list(items: &[String]) -> Option<String> {
    match items {
        [] => None,
        [one] => Some(one.clone()),
        [rest @ .., last] => Some(format!("{} and {last}", rest.join(", "))),
    }
}

/// What templates see of a rule under `law`.
pub fn law_context(rule: &Rule) -> Value {
    let mut m = Map::new();
    // The jurisdiction, as templates test it (`eq law.code "US"`); `rule` names the row, which
    // for a federal agency is its department's (US-DHS, US-DOJ).
    m.insert(
        "code".into(),
        json!(crate::law::federal::jurisdiction_of(&rule.code)),
    );
    m.insert("rule".into(), json!(rule.code));
    m.insert("law".into(), json!(rule.law));
    m.insert("citation".into(), json!(rule.citation));
    m.insert("deadline_phrase".into(), json!(rule.deadline_phrase()));
    // A sentence for the letter; none where the law sets no number of days.
    let sentence = rule.response.map(|p| {
        let cite = rule.response_cite.as_deref().unwrap_or(&rule.citation);
        format!("{cite} requires a response within {p} of receipt.")
    });
    m.insert("response_text".into(), json!(sentence));
    m.insert("has_deadline".into(), json!(rule.has_deadline()));
    m.insert("appeal_route".into(), json!(rule.appeal_route()));
    m.insert("has_appeal".into(), json!(rule.appeal_to.is_some()));
    m.insert("appeal_to".into(), json!(rule.appeal_to));
    m.insert("appeal_address".into(), json!(rule.appeal_address));
    m.insert("fees".into(), json!(rule.fees));
    m.insert("appeal_cite".into(), json!(rule.appeal_cite));
    let window = rule.appeal_window.map(|p| match &rule.appeal_cite {
        Some(c) => format!("within {p} of the decision ({c})"),
        None => format!("within {p} of the decision"),
    });
    m.insert("appeal_window_text".into(), json!(window));
    m.insert("remedies".into(), json!(rule.remedies));
    Value::Object(m)
}

/// Reads the whole stored request for `id` and renders its letter of `kind`.
pub fn letter_for(
    letters: &Letters,
    conn: &Connection,
    law: &mut Law,
    id: i64,
    template: &str,
    today: NaiveDate,
) -> Result<(Request, Agency, String)> {
    let request = db::requests::get(conn, id)?;
    let agency = db::agencies::get_by_id(conn, request.agency_id)?;
    let text = letters
        .render(conn, law, &agency, template, &request, today)
        .with_context(|| format!("rendering the {template} letter of request {id}"))?;
    Ok((request, agency, text))
}

/// Why a follow-up letter must not be written now: the request waits on us (a fee to pay or
/// contest, a question to answer), and the follow-up template says the agency owes an answer.
pub fn waits_on_us(request: &Request, kind: Kind) -> Option<String> {
    if kind != Kind::Followup {
        return None;
    }
    let id = request.id;
    let since = request
        .waiting_since
        .map(|d| format!(" since {d}"))
        .unwrap_or_default();
    match request.status {
        Status::FeeRequested => Some(format!(
            "request {id} waits on us{since}: the agency asked for a fee, and a follow-up would blame them for our delay; pay it (`docket log {id} paid --amount ...`) or contest it, then follow up"
        )),
        Status::ClarificationNeeded => Some(format!(
            "request {id} waits on us{since}: the agency asked a question, and a follow-up would blame them for our delay; answer it (`docket log {id} clarified`), then follow up"
        )),
        _ => None,
    }
}

/// Which letter of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The request itself, from the template it was drafted with.
    Initial,
    Followup,
    Appeal,
}

impl Kind {
    /// The template that writes this letter for a request drafted with `drafted_with`.
    pub fn template(self, drafted_with: &str) -> String {
        match self {
            Kind::Initial => drafted_with.to_string(),
            Kind::Followup => "followup".to_string(),
            Kind::Appeal => "appeal".to_string(),
        }
    }

    /// The event that records this letter as sent.
    pub fn event(self) -> EventKind {
        match self {
            Kind::Initial => EventKind::Filed,
            Kind::Followup => EventKind::Followup,
            Kind::Appeal => EventKind::Appeal,
        }
    }

    fn subject_prefix(self) -> &'static str {
        match self {
            Kind::Initial => "Public records request",
            Kind::Followup => "Follow-up on public records request",
            Kind::Appeal => "Appeal of public records request",
        }
    }

    fn word(self) -> &'static str {
        match self {
            Kind::Initial => "letter",
            Kind::Followup => "follow-up",
            Kind::Appeal => "appeal",
        }
    }
}

/// The office that decides `agency`'s appeals, where docket knows it (ICE's FOIA appeals
/// office for ICE): an appeal is addressed, and e-mailed, to it.
pub fn appeals_office(conn: &Connection, agency: &Agency) -> Result<Option<Agency>> {
    match crate::import::builtin::appeals_office_of(&agency.slug) {
        Some(slug) => db::agencies::get(conn, slug),
        None => Ok(None),
    }
}

/// An e-mail message of a letter.
#[derive(Debug, Clone)]
pub struct Email {
    /// The whole message, CRLF line ends.
    pub text: String,
    /// Without the angle brackets.
    pub message_id: String,
    pub subject: String,
}

/// The subjects docket writes begin with one of these: text of ours, never an agency's number.
pub const SUBJECT_PREFIXES: [&str; 3] = [
    "Public records request",
    "Follow-up on public records request",
    "Appeal of public records request",
];

/// The e-mail message of a letter to `agency`, dated `on` (its date agrees with the letter's;
/// the time of day is the clock's), or `None` when the agency has no e-mail address.
pub fn email(
    letters: &Letters,
    request: &Request,
    agency: &Agency,
    kind: Kind,
    text: &str,
    on: NaiveDate,
) -> Option<Email> {
    use chrono::TimeZone;
    let to = agency.email.clone().filter(|e| !e.trim().is_empty())?;
    let p = &letters.profile;
    let from = p.email.as_ref().map(|e| match &p.name {
        Some(n) => format!("{n} <{e}>"),
        None => e.clone(),
    });
    let tracking = request
        .tracking_number
        .as_deref()
        .map(|t| format!(" ({t})"))
        .unwrap_or_default();
    let domain = p
        .email
        .as_deref()
        .and_then(|e| e.rsplit_once('@').map(|(_, d)| d.to_string()))
        .unwrap_or_else(|| "docket.invalid".to_string());
    let now = chrono::Local::now();
    let date = chrono::Local
        .from_local_datetime(&on.and_time(now.time()))
        .earliest()
        .unwrap_or(now)
        .fixed_offset();
    // In a team the tag carries the request's team reference: local numbers differ from
    // laptop to laptop, and the reply may be read on any of them.
    let tag = if letters.team {
        crate::sync::team_ref(&request.uid)
    } else {
        request.id.to_string()
    };
    let subject = format!(
        "{}: {}{tracking} [docket #{tag}]",
        kind.subject_prefix(),
        request.title,
    );
    let message_id = format!(
        "docket-{}-{}-{}@{domain}",
        request.uid,
        kind.template(&request.template),
        now.timestamp_nanos_opt().unwrap_or_default()
    );
    let text = crate::render::eml::build_eml(&crate::render::eml::Eml {
        from,
        to,
        subject: subject.clone(),
        body: text.to_string(),
        date,
        message_id: message_id.clone(),
    });
    Some(Email {
        text,
        message_id,
        subject,
    })
}

/// A letter kept as sent.
#[derive(Debug, Clone)]
pub struct Sent {
    pub text: Vec<u8>,
    pub email: Option<Vec<u8>>,
}

/// Renders the `kind` letter of `request` as sent on `on`, and keeps it (its text, and its
/// e-mail message when it went by e-mail to an agency with an address) as documents linked to
/// `event_id`, marked as sent. `own` is a letter the user wrote or edited, kept instead of the
/// rendered one. Runs in the caller's transaction.
#[allow(clippy::too_many_arguments)]
pub fn keep_sent(
    letters: &Letters,
    conn: &Connection,
    law: &mut Law,
    dir: &std::path::Path,
    request_id: i64,
    event_id: i64,
    kind: Kind,
    on: NaiveDate,
    by_email: bool,
    own: Option<&[u8]>,
) -> Result<()> {
    let request = db::requests::get(conn, request_id)?;
    let agency = db::agencies::get_by_id(conn, request.agency_id)?;
    let text = match own {
        Some(bytes) => bytes.to_vec(),
        None => {
            if let Some(why) = waits_on_us(&request, kind) {
                bail!("{why}");
            }
            let template = kind.template(&request.template);
            letters
                .render(conn, law, &agency, &template, &request, on)
                .with_context(|| {
                    format!(
                        "keeping the {} sent for request {request_id}: the {template} letter does not render (give the letter you sent with --letter FILE)",
                        kind.word()
                    )
                })?
                .into_bytes()
        }
    };
    let name = format!("{} sent {on}.txt", kind.word());
    let stored = crate::app::documents::store(conn, dir, &text, Some("text/plain"))?;
    let link = db::documents::link(conn, request_id, stored.document_id, Some(event_id), &name)?;
    db::documents::mark_sent(conn, link)?;
    if by_email
        && let Some(mail) = email(
            letters,
            &request,
            &agency,
            kind,
            &String::from_utf8_lossy(&text),
            on,
        )
    {
        let name = format!("{} sent {on}.eml", kind.word());
        let stored =
            crate::app::documents::store(conn, dir, mail.text.as_bytes(), Some("message/rfc822"))?;
        let link =
            db::documents::link(conn, request_id, stored.document_id, Some(event_id), &name)?;
        db::documents::mark_sent(conn, link)?;
        db::documents::insert_sent_message(
            conn,
            &mail.message_id,
            request_id,
            event_id,
            stored.document_id,
            &mail.subject,
        )?;
    }
    Ok(())
}

/// The letter of `kind` kept as sent with the request's latest such event that still counts,
/// if any.
pub fn sent_copy(
    conn: &Connection,
    dir: &std::path::Path,
    request_id: i64,
    kind: Kind,
) -> Result<Option<Sent>> {
    let history = db::requests::events(conn, request_id)?;
    let events = crate::app::tracker::counted(&history);
    let Some(event) = events.iter().rev().find(|e| e.kind == kind.event()) else {
        return Ok(None);
    };
    let kept = db::documents::sent_letters(conn, request_id, event.id)?;
    if kept.is_empty() {
        return Ok(None);
    }
    let mut sent = Sent {
        text: Vec::new(),
        email: None,
    };
    for (name, stored, content_type) in kept {
        let bytes = std::fs::read(dir.join(&stored)).with_context(|| {
            format!(
                "the {name} of request {request_id} is missing from the documents folder ({stored}): restore the folder from a backup"
            )
        })?;
        if content_type.as_deref() == Some("message/rfc822") {
            sent.email = Some(bytes);
        } else {
            sent.text = bytes;
        }
    }
    Ok(Some(sent))
}
