//! Letters and bulk drafting: profiles, templates and overrides, one request to many agencies in
//! one transaction, letters as files and as e-mail drafts.

use crate::common::Env;

/// The letter's words with line breaks and runs of spaces folded, as a reader reads them.
fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A profile, and agencies imported from a CSV: `n` NC sheriff offices holding a 287(g)
/// agreement (the first half Jail Enforcement Model, the rest Task Force Model), plus one NC
/// police department without an agreement and one NJ office.
fn newsroom(n: usize) -> Env {
    let env = Env::new();
    env.ok(&["config", "set", "name", "Ana Reyes"]);
    env.ok(&["config", "set", "organization", "The County Ledger"]);
    env.ok(&["config", "set", "email", "ana@ledger.example"]);
    env.ok(&["config", "set", "address", "12 Main St\\nRaleigh, NC 27601"]);
    env.ok(&["config", "set", "news_media", "yes"]);
    let mut csv = String::from("name,state,county,email,kind,support_type,signed_on\n");
    for i in 0..n {
        let model = if i < n / 2 {
            "Jail Enforcement Model"
        } else {
            "Task Force Model"
        };
        csv.push_str(&format!(
            "County {i:02} Sheriff's Office,NC,County {i:02},records{i}@county{i}.example,sheriff,{model},2025-05-0{}\n",
            1 + i % 9
        ));
    }
    csv.push_str("Raleigh Police Department,NC,Wake County,,police,,\n");
    csv.push_str("Bergen County Sheriff's Office,NJ,Bergen County,opra@bcso.example,sheriff,Jail Enforcement Model,2025-02-01\n");
    let path = env.path().join("agencies.csv");
    std::fs::write(&path, csv).unwrap();
    env.ok(&["agency", "import", path.to_str().unwrap()]);
    env
}

#[test]
fn one_command_drafts_the_287g_request_to_every_nc_agency_in_the_program() {
    let env = newsroom(20);
    let out = env.ok(&[
        "draft",
        "--state",
        "NC",
        "--program",
        "287g",
        "--template",
        "287g-agreement",
        "--batch",
        "nc-moa",
    ]);
    assert!(
        out.contains("drafted 20 requests") && out.contains("batch nc-moa"),
        "{out}"
    );
    let list = env
        .run(&["list", "--batch", "nc-moa", "--format", "json"])
        .json();
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 20);
    assert!(
        rows.iter()
            .all(|r| r["state"] == "NC" && r["status"] == "draft")
    );
    assert!(
        rows.iter()
            .all(|r| r["title"] == "287(g) agreement records")
    );
    // Narrowing by support type: values of one flag are alternatives, flags narrow. A dry run
    // renders each letter as the real run would.
    let out = env.ok(&[
        "draft",
        "--template",
        "287g-agreement",
        "--state",
        "NC",
        "--support-type",
        "jail enforcement model",
        "--dry-run",
    ]);
    assert_eq!(
        out.lines().filter(|l| l.starts_with("would draft")).count(),
        10,
        "{out}"
    );
    assert!(out.contains("nothing was written"));
    // The whole batch goes out the same day.
    let out = env.ok(&[
        "file",
        "--batch",
        "nc-moa",
        "--on",
        "2026-11-16",
        "--via",
        "email",
    ]);
    assert!(out.contains("filed 20 requests on 2026-11-16"), "{out}");
    let list = env
        .run(&["list", "--batch", "nc-moa", "--format", "json"])
        .json();
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|r| r["filed_on"] == "2026-11-16")
    );
    // North Carolina sets no deadline: a follow-up target, never an invented due date.
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|r| r["due_clock"] == "followup")
    );
}

#[test]
fn a_letter_a_records_officer_would_accept() {
    let env = newsroom(2);
    env.ok(&[
        "draft",
        "--agency",
        "county-00-so-nc",
        "--template",
        "287g-agreement",
    ]);
    let raw = env.ok(&["letter", "1"]);
    let letter = words(&raw);
    for needle in [
        "November 20, 2026",
        "Custodian of Records",
        "County 00 Sheriff's Office",
        "Public Records Law, N.C. Gen. Stat. ch. 132",
        "Memorandum of Agreement",
        "representative of the news media",
        "as promptly as possible",
        "Ana Reyes",
        "The County Ledger",
    ] {
        assert!(letter.contains(needle), "missing {needle:?} in:\n{letter}");
    }
    // No invented number of days in a state whose law sets none.
    assert!(!letter.contains("business days"), "{letter}");
    assert!(raw.lines().all(|l| l.chars().count() <= 80), "{raw}");

    env.ok(&[
        "draft",
        "--agency",
        "bergen-so-nj",
        "--template",
        "initial",
        "--set",
        "records=jail booking logs for 2025",
    ]);
    let letter = words(&env.ok(&["letter", "2"]));
    assert!(letter.contains("Open Public Records Act"), "{letter}");
    assert!(
        letter.contains("within 7 business days, as N.J.S.A. 47:1A-5(i) requires"),
        "{letter}"
    );
    assert!(letter.contains("jail booking logs for 2025"), "{letter}");
}

#[test]
fn a_missing_variable_names_itself_and_nothing_is_drafted() {
    let env = newsroom(2);
    let before = env.dump();
    let e = env
        .run(&["draft", "--agency", "bergen-so-nj", "--template", "initial"])
        .error()
        .to_string();
    assert!(
        e.contains("needs 'records'") && e.contains("--set records="),
        "{e}"
    );
    assert_eq!(env.dump(), before);
    let e = env
        .run(&[
            "draft",
            "--agency",
            "bergen-so-nj",
            "--template",
            "nonesuch",
        ])
        .error()
        .to_string();
    assert!(
        e.contains("unknown template 'nonesuch'") && e.contains("287g-agreement"),
        "{e}"
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn a_bulk_draft_that_fails_for_one_agency_drafts_nothing() {
    let env = newsroom(50);
    // A user's template that needs each agency's e-mail address; one agency has none.
    let dir = env.path().join("my-templates");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("by-email.hbs"),
        "{{!-- purpose: A request sent by e-mail --}}\nTo: {{agency.email}}\nPlease send the 287(g) MOA.\n",
    )
    .unwrap();
    let before = env.dump();
    let r = env.run(&[
        "--templates",
        dir.to_str().unwrap(),
        "draft",
        "--state",
        "NC",
        "--template",
        "by-email",
    ]);
    let e = r.error();
    assert!(
        e.contains("raleigh-pd-nc") && e.contains("agency.email"),
        "{e}"
    );
    assert!(e.contains("nothing was drafted"), "{e}");
    assert_eq!(env.dump(), before, "no request and no batch may remain");
    // The same template across the 50 that have an address works, in one batch.
    let out = env.ok(&[
        "--templates",
        dir.to_str().unwrap(),
        "draft",
        "--state",
        "NC",
        "--program",
        "287g",
        "--template",
        "by-email",
    ]);
    assert!(out.contains("drafted 50 requests"), "{out}");
}

#[test]
fn a_users_template_replaces_the_built_in_one_by_name() {
    let env = newsroom(2);
    let exported = env.path().join("exported");
    let out = env.ok(&["template", "export", exported.to_str().unwrap()]);
    assert!(out.contains("initial.hbs"), "{out}");
    // Exporting again never overwrites without --force.
    let e = env
        .run(&["template", "export", exported.to_str().unwrap()])
        .error()
        .to_string();
    assert!(e.contains("already exists") && e.contains("--force"), "{e}");
    env.ok(&["template", "export", exported.to_str().unwrap(), "--force"]);
    // One file in the default folder replaces one built-in template.
    let dir = env.path().join("config/docket/templates");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("initial.hbs"),
        "{{!-- purpose: Our newsroom's own request --}}\nDear records officer of {{agency.name}}: please send {{records}}.\n",
    )
    .unwrap();
    // The default folder under XDG_CONFIG_HOME is picked up without a flag.
    let list = env.ok(&["template", "list"]);
    assert!(
        list.lines()
            .any(|l| l.contains("initial") && l.contains("Our newsroom's own request")),
        "{list}"
    );
    assert!(
        list.lines()
            .any(|l| l.contains("287g-costs") && l.contains("built-in")),
        "{list}"
    );
    env.ok(&[
        "draft",
        "--agency",
        "bergen-so-nj",
        "--set",
        "records=the 2025 MOA",
    ]);
    let letter = env.ok(&["letter", "1"]);
    assert_eq!(
        letter.trim(),
        "Dear records officer of Bergen County Sheriff's Office: please send the 2025 MOA."
    );
    // A folder named explicitly must exist.
    let e = env
        .run(&["--templates", "no-such-dir", "template", "list"])
        .error()
        .to_string();
    assert!(e.contains("does not exist"), "{e}");
    let show = env.ok(&["template", "show", "287g-detainers"]);
    assert!(show.contains("since") && show.contains("--set"), "{show}");
}

#[test]
fn an_eml_draft_opens_in_a_mail_client_and_carries_the_tag() {
    let env = newsroom(2);
    env.ok(&[
        "draft",
        "--agency",
        "bergen-so-nj",
        "--set",
        "records=use-of-force reports, 2025",
    ]);
    let path = env.path().join("request-1.eml");
    env.ok(&["letter", "1", "--eml", "--out", path.to_str().unwrap()]);
    let raw = std::fs::read(&path).unwrap();
    let msg = mail_parser::MessageParser::default()
        .parse(&raw)
        .expect("an RFC 5322 message");
    let to = msg
        .to()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .unwrap();
    assert_eq!(to, "opra@bcso.example");
    let subject = msg.subject().unwrap();
    assert!(subject.contains("[docket #1]"), "{subject}");
    assert!(msg.date().is_some());
    assert!(msg.message_id().is_some_and(|id| id.contains('@')));
    let body = msg.body_text(0).unwrap();
    assert!(body.contains("use-of-force reports, 2025"), "{body}");
    assert!(raw.windows(2).any(|w| w == b"\r\n"));
    // An agency without an address gets a clear error for --eml, and a letter otherwise.
    env.ok(&["draft", "--agency", "raleigh-pd-nc", "--set", "records=x"]);
    let e = env.run(&["letter", "2", "--eml"]).error().to_string();
    assert!(
        e.contains("has no e-mail address") && e.contains("agency edit raleigh-pd-nc"),
        "{e}"
    );
    assert!(
        env.ok(&["letter", "2"])
            .contains("Raleigh Police Department")
    );
}

#[test]
fn a_batch_writes_one_letter_file_per_request() {
    let env = newsroom(6);
    env.ok(&[
        "draft",
        "--state",
        "NC",
        "--program",
        "287g",
        "--template",
        "287g-costs",
        "--batch",
        "costs",
    ]);
    let dir = env.path().join("letters");
    let out = env.ok(&["letter", "--batch", "costs", "--out", dir.to_str().unwrap()]);
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 6, "{out}");
    assert_eq!(files[0], "00001-county-00-so-nc-287g-costs.txt");
}

#[test]
fn an_appeal_is_written_only_where_the_law_has_one() {
    let env = newsroom(2);
    env.ok(&[
        "draft",
        "--agency",
        "county-00-so-nc",
        "--template",
        "287g-agreement",
    ]);
    env.ok(&["file", "1", "--on", "2026-11-02"]);
    env.ok(&["log", "1", "deny", "--on", "2026-11-10"]);
    let e = env
        .run(&["letter", "1", "--kind", "appeal"])
        .error()
        .to_string();
    assert!(
        e.contains("North Carolina has no administrative appeal"),
        "{e}"
    );
    assert!(e.contains("132-9"), "{e}");

    let ny = env.agency("Nassau County Sheriff's Department", "NY");
    env.ok(&["draft", "--agency", &ny, "--set", "records=detainer logs"]);
    env.ok(&["file", "2", "--on", "2026-11-02"]);
    env.ok(&["log", "2", "deny", "--on", "2026-11-10"]);
    let letter = env.ok(&["letter", "2", "--kind", "appeal"]);
    assert!(
        letter.contains("§89(4)(a)") || letter.contains("89(4)"),
        "{letter}"
    );
}

#[test]
fn a_follow_up_says_how_late_the_agency_is() {
    let env = newsroom(2);
    env.ok(&["draft", "--agency", "bergen-so-nj", "--set", "records=x"]);
    env.ok(&["file", "1", "--on", "2026-11-02"]);
    let letter = words(&env.ok(&["letter", "1", "--kind", "followup"]));
    assert!(letter.contains("November 2, 2026"), "{letter}");
    assert!(
        letter.contains("business days late") || letter.contains("business day late"),
        "{letter}"
    );
    env.ok(&[
        "draft",
        "--agency",
        "county-00-so-nc",
        "--template",
        "287g-agreement",
    ]);
    env.ok(&["file", "2", "--on", "2026-11-02"]);
    let letter = words(&env.ok(&["letter", "2", "--kind", "followup"]));
    assert!(letter.contains("18 calendar days"), "{letter}");
    assert!(
        !letter.contains("late"),
        "a no-deadline state is never called late:\n{letter}"
    );
}

/// Every built-in letter as a North Carolina, a New Jersey and a California sheriff office (and
/// ICE, for the federal request) would receive it, rendered by the binary with the real rule
/// table: the snapshots are what a records officer reads.
#[test]
fn every_built_in_letter_for_three_states_and_ice() {
    let env = newsroom(1);
    let nc = env.agency("Mecklenburg County Sheriff's Office", "NC");
    env.ok(&[
        "agency",
        "edit",
        &nc,
        "--address",
        "801 E 4th St\\nCharlotte, NC 28202",
        "--officer",
        "Records Custodian",
    ]);
    let nj = "bergen-so-nj".to_string();
    env.ok(&[
        "agency",
        "edit",
        &nj,
        "--address",
        "10 Main St\\nHackensack, NJ 07601",
    ]);
    let ca = env.agency("Orange County Sheriff's Department", "CA");
    env.ok(&[
        "agency",
        "edit",
        &ca,
        "--address",
        "550 N Flower St\\nSanta Ana, CA 92703",
        "--email",
        "cpra@ocsheriff.example",
    ]);
    // ICE is built in; the letters are checked against an address and e-mail of our own.
    env.ok(&[
        "agency",
        "edit",
        "ice",
        "--address",
        "500 12th St SW, Stop 5009\\nWashington, DC 20536-5009",
        "--email",
        "ice-foia@ice.example",
    ]);
    let ice = "ice".to_string();
    let sets: &[(&str, &[&str])] = &[
        ("initial", &["records=the jail's booking log for May 2026"]),
        ("287g-agreement", &[]),
        ("287g-detainers", &["since=2025-01-01"]),
        ("287g-encounters", &[]),
        ("287g-communications", &["since=2025-01-01"]),
        ("287g-costs", &[]),
    ];
    let mut n = 0;
    for (slug, state) in [(&nc, "nc"), (&nj, "nj"), (&ca, "ca")] {
        for (template, vars) in sets {
            let mut args = vec!["draft", "--agency", slug.as_str(), "--template", template];
            for v in *vars {
                args.extend(["--set", v]);
            }
            let id = env.ok(&args).trim().to_string();
            n += 1;
            insta::assert_snapshot!(format!("{state}_{template}"), env.ok(&["letter", &id]));
        }
        // The follow-up of the last one, filed on Nov 2 and unanswered by Nov 20.
        let id = n.to_string();
        env.ok(&["file", &id, "--on", "2026-11-02"]);
        insta::assert_snapshot!(
            format!("{state}_followup"),
            env.ok(&["letter", &id, "--kind", "followup"])
        );
        env.ok(&["log", &id, "deny", "--on", "2026-11-12"]);
        let r = env.run(&["letter", &id, "--kind", "appeal"]);
        let text = if r.code == 0 {
            r.stdout.clone()
        } else {
            r.stderr.clone()
        };
        insta::assert_snapshot!(format!("{state}_appeal"), text);
    }
    let id = env
        .ok(&[
            "draft",
            "--agency",
            &ice,
            "--template",
            "ice-foia",
            "--set",
            "office=Mecklenburg County Sheriff's Office (North Carolina)",
            "--set",
            "since=2025-01-01",
        ])
        .trim()
        .to_string();
    insta::assert_snapshot!("us_ice-foia", env.ok(&["letter", &id]));
    env.ok(&["file", &id, "--on", "2026-10-01"]);
    insta::assert_snapshot!(
        "us_followup",
        env.ok(&["letter", &id, "--kind", "followup"])
    );
    env.ok(&["log", &id, "deny", "--on", "2026-11-12"]);
    insta::assert_snapshot!("us_appeal", env.ok(&["letter", &id, "--kind", "appeal"]));
}

/// A batch named with --batch grows instead of failing; a dry run renders every letter and
/// fails where the real run would; a letter is refused for an agency it is not written for.
#[test]
fn batches_grow_dry_runs_render_and_letters_fit_their_agency() {
    let env = Env::new();
    let gaston = env.agency("Gaston County Sheriff's Office", "NC");
    let wake = env.agency("Wake County Sheriff's Office", "NC");
    // ICE's FOIA office is built in.
    let ice = "ice";

    // Without a name in the profile the dry run fails as the real run does, writing nothing.
    let before = env.dump();
    let dry = env.run(&[
        "draft",
        "--agency",
        &gaston,
        "--template",
        "287g-agreement",
        "--dry-run",
    ]);
    assert!(
        dry.error().contains("needs 'requester.name'"),
        "{}",
        dry.stderr
    );
    assert_eq!(env.dump(), before);
    env.ok(&["config", "set", "name", "Ana Reyes"]);
    let dry = env.ok(&[
        "draft",
        "--agency",
        &gaston,
        "--agency",
        &wake,
        "--template",
        "287g-agreement",
        "--dry-run",
    ]);
    assert_eq!(
        dry.matches("would draft '287(g) agreement records' to ")
            .count(),
        2,
        "{dry}"
    );
    assert!(
        dry.contains("Under the Public Records Law") && dry.contains("Ana Reyes"),
        "{dry}"
    );
    assert!(dry.contains("2 request(s) in batch 287g-agreement-2026-11-20; nothing was written"));
    assert_eq!(env.dump(), before, "a dry run wrote to the database");

    // A named batch grows, and says so; a batch of other letters is refused.
    env.ok(&[
        "draft",
        "--agency",
        &gaston,
        "--template",
        "287g-agreement",
        "--batch",
        "nc-moa",
    ]);
    let out = env.ok(&[
        "draft",
        "--agency",
        &wake,
        "--template",
        "287g-agreement",
        "--batch",
        "nc-moa",
    ]);
    assert!(
        out.contains("added to batch nc-moa, which now holds 2 request(s)"),
        "{out}"
    );
    let listed = env
        .run(&["list", "--batch", "nc-moa", "--format", "json"])
        .json();
    assert_eq!(listed.as_array().unwrap().len(), 2);
    let before = env.dump();
    let e = env.run(&[
        "draft",
        "--agency",
        &wake,
        "--template",
        "initial",
        "--set",
        "records=logs",
        "--batch",
        "nc-moa",
    ]);
    assert!(
        e.error()
            .contains("batch 'nc-moa' holds 287g-agreement letters, not initial"),
        "{}",
        e.stderr
    );

    // A FOIA letter to a sheriff, a state letter to ICE: refused, naming what fits.
    let e = env.run(&[
        "draft",
        "--agency",
        &gaston,
        "--template",
        "ice-foia",
        "--set",
        "office=x",
    ]);
    let e = e.error().to_string();
    assert!(
        e.contains(
            "ice-foia is a federal FOIA letter and gaston-so-nc is a NC agency: use 287g-agreement"
        ),
        "{e}"
    );
    let e = env.run(&["draft", "--agency", ice, "--template", "287g-costs"]);
    let e = e.error().to_string();
    assert!(
        e.contains("287g-costs is a state records letter") && e.contains("use ice-foia"),
        "{e}"
    );
    assert_eq!(env.dump(), before);
}

/// Both sides of a 287(g) agreement: a state request to every NC office in the program and a
/// FOIA to ICE about each, in two commands after the import; each federal letter is filled from
/// what docket knows of the office, asks the public-interest fee waiver by default, and the
/// office's record shows both requests.
#[test]
fn a_foia_to_ice_about_each_office_sits_beside_the_state_request() {
    let env = Env::new();
    env.ok(&["config", "set", "name", "Lee Park"]);
    env.ok(&["config", "set", "organization", "Observers Network"]);
    for (name, county, signed) in [
        (
            "Gaston County Sheriff's Office",
            "Gaston County",
            "2020-06-09",
        ),
        ("Wake County Sheriff's Office", "Wake County", "2025-02-20"),
    ] {
        let slug = env.agency(name, "NC");
        env.ok(&["agency", "edit", &slug, "--county", county]);
        // The agreement as an import of ICE's list records it.
        rusqlite::Connection::open(env.db())
            .unwrap()
            .execute_batch(&format!(
                "INSERT INTO agreements (uid, agency_id, program, support_type, status, signed_on, \
                 source, listed, first_seen, last_seen) SELECT '{slug}-a', id, '287g', \
                 'Jail Enforcement Model', 'signed', '{signed}', 'test', 1, '2026-11-01', \
                 '2026-11-01' FROM agencies WHERE slug = '{slug}'"
            ))
            .unwrap();
    }
    // ICE's FOIA office is built in, with its address and e-mail.
    let ice = "ice".to_string();
    env.ok(&[
        "draft",
        "--state",
        "NC",
        "--program",
        "287g",
        "--template",
        "287g-agreement",
        "--batch",
        "nc-moa",
    ]);
    let out = env.ok(&[
        "draft",
        "--agency",
        &ice,
        "--template",
        "ice-foia",
        "--about-program",
        "287g",
        "--state",
        "NC",
        "--batch",
        "nc-ice",
    ]);
    assert!(out.contains("batch: nc-ice"), "{out}");
    let ice_rows = env
        .run(&["list", "--batch", "nc-ice", "--format", "json"])
        .json();
    let ice_rows = ice_rows.as_array().unwrap();
    assert_eq!(ice_rows.len(), 2);
    assert!(ice_rows.iter().all(|r| r["agency"] == ice.as_str()));
    let gaston = ice_rows
        .iter()
        .find(|r| r["title"] == "FOIA request to ICE about 287(g): Gaston County Sheriff's Office")
        .expect("a title naming the office");
    let id = gaston["id"].to_string();
    let letter = env.ok(&["letter", &id]);
    let flat = letter.split_whitespace().collect::<Vec<_>>().join(" ");
    for words in [
        "agreement with the Gaston County Sheriff's Office (North Carolina)",
        "from June 9, 2020, the date the agreement was signed",
        "Fee waiver. I request a waiver of all fees under 5 U.S.C. §552(a)(4)(A)(iii)",
        "through Observers Network",
    ] {
        assert!(flat.contains(words), "{words}: {letter}");
    }
    insta::assert_snapshot!("ice_foia_about_gaston", letter);
    // Expedited processing only on request, with the certification the rule requires.
    assert!(!letter.contains("Expedited processing"));
    let fast = env.ok(&[
        "draft",
        "--agency",
        &ice,
        "--template",
        "ice-foia",
        "--about",
        "wake-so-nc",
        "--set",
        "expedite=The county votes on renewing the agreement on January 5, 2027.",
    ]);
    let fast = env.ok(&["letter", fast.trim()]);
    let flat_fast = fast.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat_fast.contains(
            "Expedited processing. I ask that this request be processed on an expedited basis \
             under 5 U.S.C. §552(a)(6)(E) and 6 C.F.R. §5.5(e): The county votes on renewing the \
             agreement on January 5, 2027. I certify that this statement is true and correct"
        ),
        "{fast}"
    );
    // The waiver can be turned off in the profile.
    env.ok(&["config", "set", "fee_waiver", "false"]);
    assert!(!env.ok(&["letter", &id, "--fresh"]).contains("Fee waiver."));

    // ICE answers from its one address about each office: the acknowledgment that names the
    // office only in its body is filed on the request about that office.
    env.ok(&["file", "--batch", "nc-ice", "--on", "2026-11-02"]);
    let wake_id = ice_rows
        .iter()
        .find(|r| r["title"] == "FOIA request to ICE about 287(g): Wake County Sheriff's Office")
        .expect("the request about Wake")["id"]
        .to_string();
    let inbox = env.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(
        inbox.join("ack.eml"),
        "From: ICE FOIA <ice-foia@ice.dhs.gov>\r\nTo: lee@example.org\r\n\
         Subject: ICE FOIA Request 2027-ICFO-01234\r\nDate: Mon, 9 Nov 2026 10:00:00 -0500\r\n\
         Message-ID: <ack-1@ice.dhs.gov>\r\n\r\n\
         This acknowledges receipt of your FOIA request concerning the 287(g) agreement of\r\n\
         Wake County. Your request has been assigned number 2027-ICFO-01234.\r\n",
    )
    .unwrap();
    let out = env.ok(&["ingest", inbox.to_str().unwrap()]);
    assert!(out.contains("1 filed"), "{out}");
    let wake = env.run(&["show", &wake_id, "--format", "json"]).json();
    assert_eq!(wake["tracking_number"], "2027-ICFO-01234", "{wake}");
    assert_eq!(wake["events"][1]["kind"], "reply", "{wake}");
    assert_eq!(wake["about"]["slug"], "wake-so-nc", "{wake}");
    let text = env.ok(&["show", &wake_id]);
    assert!(
        text.contains("about      Wake County Sheriff's Office (wake-so-nc), NC"),
        "{text}"
    );

    // The office's record shows both sides; a list and the export select and group by it.
    let show = env.ok(&["agency", "show", "gaston-so-nc"]);
    assert!(
        show.contains("request about it") && show.contains(&format!("to {ice}")),
        "{show}"
    );
    let both = env
        .run(&["list", "--office", "gaston-so-nc", "--format", "json"])
        .json();
    let sides: Vec<&str> = both
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["agency"].as_str().unwrap())
        .collect();
    assert_eq!(sides, vec!["gaston-so-nc", ice.as_str()]);
    let about = env
        .run(&["list", "--about", "gaston-so-nc", "--format", "json"])
        .json();
    assert_eq!(about.as_array().unwrap().len(), 1);
    let csv = env.ok(&["export", "--format", "csv"]);
    assert!(csv.lines().next().unwrap().ends_with(",about"), "{csv}");
    let stats = env
        .run(&["stats", "--by", "office", "--format", "json"])
        .json();
    let text = stats.to_string();
    assert!(
        text.contains("gaston-so-nc") && !text.contains(&format!("\"{ice}\"")),
        "{text}"
    );
    // Without the agency the requests go to, the draft says what to give; a selector that
    // would be ignored is refused.
    let before = env.dump();
    let e = env.run(&["draft", "--template", "ice-foia", "--about", "gaston-so-nc"]);
    assert!(
        e.error().contains("--agency SLUG, e.g. --agency ice"),
        "{}",
        e.stderr
    );
    let e = env.run(&[
        "draft",
        "--agency",
        &ice,
        "--template",
        "ice-foia",
        "--about",
        "gaston-so-nc",
        "--state",
        "NC",
    ]);
    assert!(
        e.error().contains("give --about-program 287g with them"),
        "{}",
        e.stderr
    );
    assert_eq!(env.dump(), before);
}

/// ICE's and CBP's FOIA offices are built in, with their sources; an upgrade that changes a
/// built-in fact changes it only where the user has not edited the field.
#[test]
fn federal_offices_are_built_in_and_upgrades_keep_the_users_edits() {
    let env = Env::new();
    let us = env
        .run(&["agency", "list", "--state", "US", "--format", "json"])
        .json();
    let slugs: Vec<&str> = us
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["slug"].as_str().unwrap())
        .collect();
    assert_eq!(
        slugs,
        vec!["cbp", "dhs-oig", "dhs-privacy", "ice", "ice-foia-appeals"]
    );
    let ice = env
        .run(&["agency", "show", "ice", "--format", "json"])
        .json();
    assert_eq!(ice["email"], "ice-foia@ice.dhs.gov");
    assert_eq!(ice["kind"], "federal");
    assert!(ice["notes"].as_str().unwrap().contains("ice.gov"), "{ice}");
    // A user's edit, then a later docket whose built-in address differs from the one it wrote.
    env.ok(&["agency", "edit", "ice", "--phone", "202-555-0100"]);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch(
        "UPDATE meta SET value = 'older' WHERE key = 'builtin_agencies_sha256';
         UPDATE meta SET value = replace(replace(value, 'Stop 5009', 'Stop 5000'), '866-633-1182', '866-000-0000')
           WHERE key = 'builtin_agencies';
         UPDATE agencies SET mailing_address = replace(mailing_address, 'Stop 5009', 'Stop 5000')
           WHERE slug = 'ice';",
    )
    .unwrap();
    drop(conn);
    let ice = env
        .run(&["agency", "show", "ice", "--format", "json"])
        .json();
    assert!(
        ice["mailing_address"]
            .as_str()
            .unwrap()
            .contains("Stop 5009"),
        "{ice}"
    );
    assert_eq!(
        ice["phone"], "202-555-0100",
        "the user's edit was overwritten"
    );
    // Adding ICE by hand is refused, naming the built-in slug.
    let e = env.run(&[
        "agency",
        "add",
        "--name",
        "U.S. Immigration and Customs Enforcement",
        "--state",
        "US",
    ]);
    assert!(
        e.error().contains("exists already (slug ice)"),
        "{}",
        e.stderr
    );
}

/// An appeal of an ICE decision is addressed to ICE's own FOIA appeals office, a built-in
/// agency, at the address the user's database holds for it: correcting that office once
/// corrects every later appeal.
#[test]
fn an_ice_appeal_goes_to_the_appeals_office_the_user_can_correct() {
    let env = Env::new();
    env.ok(&["config", "set", "name", "Ana Reyes"]);
    let gaston = env.agency("Gaston County Sheriff's Office", "NC");
    let id = env
        .ok(&[
            "draft",
            "--agency",
            "ice",
            "--template",
            "ice-foia",
            "--about",
            &gaston,
        ])
        .trim()
        .to_string();
    env.ok(&["file", &id, "--on", "2026-10-01"]);
    env.ok(&[
        "log",
        &id,
        "deny",
        "--on",
        "2026-11-12",
        "--exemption",
        "7(E)",
    ]);
    let letter = env.ok(&["letter", &id, "--kind", "appeal"]);
    let flat = letter.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "Office of the Principal Legal Advisor, Government Information Law Division \
             (FOIA appeals) 500 12th Street SW, Mail Stop 5900 Washington, DC 20536-5900"
        ),
        "{letter}"
    );
    env.ok(&[
        "agency",
        "edit",
        "ice-foia-appeals",
        "--address",
        "500 12th Street SW, Mail Stop 5900\\nWashington, DC 20536-5900 (FOIA Appeals)",
    ]);
    let letter = env.ok(&["letter", &id, "--kind", "appeal"]);
    assert!(letter.contains("20536-5900 (FOIA Appeals)"), "{letter}");
    // E-mailed, the appeal goes to the appeals office, never to the FOIA office's address.
    let e = env.run(&["letter", &id, "--kind", "appeal", "--eml"]);
    assert!(
        e.error().contains("ice-foia-appeals has no e-mail address"),
        "{}",
        e.stderr
    );
    env.ok(&[
        "agency",
        "edit",
        "ice-foia-appeals",
        "--email",
        "foia-appeals@ice.example",
    ]);
    let eml = env.ok(&["letter", &id, "--kind", "appeal", "--eml"]);
    let to = eml
        .lines()
        .find(|l| l.starts_with("To:"))
        .unwrap_or_default();
    assert!(to.contains("foia-appeals@ice.example"), "{eml}");
    assert!(eml.contains("By e-mail: foia-appeals@ice.example"), "{eml}");
    // The built-in offices are listed with the rest of the federal ones.
    let list = env.ok(&["agency", "list", "--state", "US"]);
    for slug in ["ice-foia-appeals", "dhs-oig", "dhs-privacy", "cbp"] {
        assert!(list.contains(slug), "{list}");
    }
}

/// An appeal that can be sent: to the body and address the law names, answering the grounds
/// the denial gave (`log deny --exemption`), which Pennsylvania's Office of Open Records
/// requires of every appeal.
#[test]
fn an_appeal_goes_to_its_address_and_answers_the_grounds_cited() {
    let env = Env::new();
    env.ok(&["config", "set", "name", "Ana Reyes"]);
    let pa = env.agency("Philadelphia Sheriff's Office", "PA");
    let id = env
        .ok(&["draft", "--agency", &pa, "--template", "287g-agreement"])
        .trim()
        .to_string();
    env.ok(&["file", &id, "--on", "2026-11-02"]);
    let out = env.ok(&[
        "log",
        &id,
        "deny",
        "--on",
        "2026-11-05",
        "--exemption",
        "65 P.S. §67.708(b)(16)",
        "--exemption",
        "§67.708(b)(2)",
        "--note",
        "the MOA is a law enforcement record",
    ]);
    // 15 business days from Thu 11-05: 6, 9, 10, 12, 13, 16-20, 23-25, [26, 27], 30, 12/01.
    assert!(out.contains("appeal by 2026-12-01"), "{out}");
    let letter = env.ok(&["letter", &id, "--kind", "appeal"]);
    let flat = letter.split_whitespace().collect::<Vec<_>>().join(" ");
    for words in [
        "the Office of Open Records Commonwealth Keystone Building 333 Market Street, 16th Floor Harrisburg, PA 17101-2234",
        "The response withheld records under 65 P.S. §67.708(b)(16) and §67.708(b)(2), saying: \"the MOA is a law enforcement record\".",
        "1. The grounds the response cites (65 P.S. §67.708(b)(16) and §67.708(b)(2)) do not reach every record withheld",
    ] {
        assert!(flat.contains(words), "{words}\n{letter}");
    }
    insta::assert_snapshot!("pa_appeal_answers_the_grounds", letter);
    // An exemption belongs to an answer that withholds records.
    let before = env.dump();
    let e = env.run(&["log", &id, "note", "--exemption", "7(E)"]);
    assert!(
        e.error().contains("--exemption goes with deny and partial"),
        "{}",
        e.stderr
    );
    assert_eq!(env.dump(), before);
}

/// `log appeal` where the law has no administrative appeal is refused with the remedies, as
/// `letter --kind appeal` is; where an administrative body takes complaints (New Jersey's
/// Government Records Council) the complaint is logged as the appeal.
#[test]
fn an_appeal_is_logged_only_where_the_law_has_somewhere_to_send_it() {
    let env = Env::new();
    let nc = env.agency("Gaston County Sheriff's Office", "NC");
    let nj = env.agency("Camden County Sheriff's Office", "NJ");
    let mut ids = Vec::new();
    for slug in [&nc, &nj] {
        let id = env.draft(slug);
        env.ok(&["file", &id, "--on", "2026-11-02"]);
        env.ok(&["log", &id, "deny", "--on", "2026-11-05"]);
        ids.push(id);
    }
    let before = env.dump();
    let e = env.run(&["log", &ids[0], "appeal", "--on", "2026-11-10"]);
    let e = e.error().to_string();
    assert!(
        e.contains("North Carolina has no administrative appeal (its remedies: civil action, N.C. Gen. Stat. §132-9"),
        "{e}"
    );
    assert!(
        e.contains(&format!("docket log {} note --note", ids[0])),
        "{e}"
    );
    assert_eq!(env.dump(), before);
    env.ok(&[
        "log",
        &ids[1],
        "appeal",
        "--on",
        "2026-11-10",
        "--note",
        "GRC complaint",
    ]);
    assert_eq!(
        env.run(&["show", &ids[1], "--format", "json"]).json()["status"],
        "appealed"
    );
    assert!(
        env.ok(&["law", "show", "NJ"])
            .contains("Government Records Council (a Denial of Access Complaint)")
    );
}

/// Where the body that hears an appeal has a known address, the appeal letter carries it, and
/// `law show` says it, for each state docket knows one of. (Bodies that take complaints on
/// their own forms or mediate, such as Indiana's Counselor or New Hampshire's Ombudsman, get no
/// address: an appeal letter is not what they take.)
#[test]
fn appeals_to_state_bodies_carry_their_addresses() {
    let env = Env::new();
    env.ok(&["config", "set", "name", "Ana Reyes"]);
    for (state, address) in [
        (
            "MA",
            "McCormack Building, Room 1719 One Ashburton Place Boston, MA 02108",
        ),
        ("HI", "250 South Hotel Street, Suite 107 Honolulu, HI 96813"),
    ] {
        let slug = env.agency(&format!("Test County Sheriff's Office {state}"), state);
        let id = env
            .ok(&["draft", "--agency", &slug, "--template", "287g-agreement"])
            .trim()
            .to_string();
        env.ok(&["file", &id, "--on", "2026-11-02"]);
        env.ok(&["log", &id, "deny", "--on", "2026-11-05"]);
        let letter = env.ok(&["letter", &id, "--kind", "appeal"]);
        let flat = letter.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(address), "{state}: {letter}");
        let law = env.ok(&["law", "show", state]);
        assert!(law.contains("appeal address"), "{state}: {law}");
    }
}

/// A state letter says what the state's law lets the agency charge, citing it, in the states of
/// most 287(g) agreements.
#[test]
fn state_letters_cite_what_the_law_lets_the_agency_charge() {
    let env = Env::new();
    env.ok(&["config", "set", "name", "Ana Reyes"]);
    for (state, words) in [
        (
            "NC",
            "actual cost of reproducing the records (N.C. Gen. Stat. §132-6.2(b))",
        ),
        ("FL", "15 cents a page (Fla. Stat. §119.07(4))"),
        ("TX", "charges above $40 (Tex. Gov't Code §552.2615)"),
        ("GA", "costs above $25 (O.C.G.A. §50-18-71)"),
        (
            "SC",
            "25 percent of the estimated fee (S.C. Code §30-4-30(B))",
        ),
        ("VA", "an estimate in advance (Va. Code §2.2-3704(F))"),
        ("PA", "likely to exceed $100 (65 P.S. §67.1307)"),
        (
            "TN",
            "no charge for inspecting records (T.C.A. §10-7-503(a)(7)(A))",
        ),
    ] {
        let slug = env.agency(&format!("Test County Sheriff's Office {state}"), state);
        let id = env
            .ok(&["draft", "--agency", &slug, "--template", "287g-agreement"])
            .trim()
            .to_string();
        let letter = env.ok(&["letter", &id]);
        let flat = letter.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(words), "{state}: {letter}");
    }
}
