//! Letters for requests: loads the templates (built in, or the user's overrides) and the
//! requester's profile, builds the context a template sees from the store, and renders.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use rusqlite::Connection;
use serde_json::{Map, Value, json};

use crate::app::App;
use crate::config::Profile;
use crate::db;
use crate::deadlines::Law;
use crate::law::Rule;
use crate::model::{Agency, EventKind, Request, state_name};
use crate::render::letter::{Templates, apply_sets};

/// Templates and profile, loaded once per command.
pub struct Letters {
    pub templates: Templates,
    pub profile: Profile,
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
        Ok(Letters { templates, profile })
    }

    /// Refuses a template name that does not exist (the error lists the known ones).
    pub fn check_template(&self, name: &str) -> Result<()> {
        self.templates.info(name)?;
        Ok(())
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
        let rule = law.rule(&agency.state)?.clone();
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
        });
        if request.id > 0 {
            let history = db::requests::events(conn, request.id)?;
            let events = crate::tracker::effective(&history);
            if let Some(d) = events.iter().rev().find(|e| {
                matches!(
                    e.kind,
                    EventKind::Deny | EventKind::Partial | EventKind::NoRecords
                )
            }) {
                req["denied_on"] = json!(d.on);
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
        let sets: Vec<(String, String)> = request
            .vars
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
            .collect();
        apply_sets(&mut ctx, &sets)?;
        Ok(ctx)
    }
}

/// What templates see of a rule under `law`.
pub fn law_context(rule: &Rule) -> Value {
    let mut m = Map::new();
    m.insert("code".into(), json!(rule.code));
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
