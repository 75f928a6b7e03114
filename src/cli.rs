//! The command line, declared with clap's derive: commands, flags and their help. No I/O here.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::dates::parse_date;

/// The most days any clock of a public-records law could count (laws set days and weeks; the
/// longest appeal windows are a few months): a larger count is a typing mistake, refused
/// before it reaches the calendar.
pub const DAYS_MAX: i64 = 365;

/// A request number, with a pointer to `agency show` when a slug was typed instead.
fn request_id(s: &str) -> Result<i64, String> {
    if let Some(code) = team_ref_code(s) {
        return Ok(code);
    }
    match s.trim().parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ if s.chars().any(|c| c.is_ascii_alphabetic()) => Err(format!(
            "'{s}' is not a request number: requests go by number (see `docket list`); for an agency, use `docket agency show {s}`"
        )),
        _ => Err(format!(
            "'{s}' is not a request number: give the number `docket list` shows, e.g. 12"
        )),
    }
}

/// A team reference (`K7Q2MX`: six of Crockford's base-32 characters, at least one a letter)
/// as the negative number that stands for it until the database resolves it (see
/// [`Command::request_ids_mut`]).
fn team_ref_code(s: &str) -> Option<i64> {
    let t = s.trim();
    if t.len() != 6 || !t.chars().any(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut v: i64 = 0;
    for c in t.chars() {
        let d = match c.to_ascii_uppercase() {
            c @ '0'..='9' => c as i64 - '0' as i64,
            'O' => 0,
            'I' | 'L' => 1,
            c @ 'A'..='Z' => {
                let i = "ABCDEFGHJKMNPQRSTVWXYZ".find(c)? as i64;
                10 + i
            }
            _ => return None,
        };
        v = v * 32 + d;
    }
    Some(-(v + 1))
}

/// The team reference a negative request number stands for.
pub fn team_ref_of(code: i64) -> Option<String> {
    if code >= 0 {
        return None;
    }
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut v = -code - 1;
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = ALPHABET[(v % 32) as usize];
        v /= 32;
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

impl Command {
    /// The request numbers the command names, to resolve team references in place.
    pub fn request_ids_mut(&mut self) -> Vec<&mut i64> {
        match self {
            Command::Explain(a) => vec![&mut a.id],
            Command::Letter(a) => a.id.iter_mut().collect(),
            Command::Attach(a) => vec![&mut a.id],
            Command::File(a) => a.id.iter_mut().collect(),
            Command::Discard(a) => a.id.iter_mut().collect(),
            Command::Log(a) => vec![&mut a.id],
            Command::Show(a) => vec![&mut a.id],
            // `ingest --assign MSG ID`: the request is the second.
            Command::Ingest(a) => a
                .assign
                .iter_mut()
                .flat_map(|v| v.iter_mut().skip(1))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// The keys of the requester's profile, each with what it is for.
fn profile_key() -> clap::builder::PossibleValuesParser {
    use clap::builder::PossibleValue;
    clap::builder::PossibleValuesParser::new([
        PossibleValue::new("name").help("your name, as letters are signed"),
        PossibleValue::new("organization").help("the newsroom or group you request for"),
        PossibleValue::new("email").help("where agencies answer; the From of e-mail letters"),
        PossibleValue::new("address").help("your postal address, for agencies that answer by mail"),
        PossibleValue::new("phone").help("a number the records officer can call"),
        PossibleValue::new("news_media").help("true: ask for news-media fee treatment"),
        PossibleValue::new("fee_waiver")
            .help("false: leave out the public-interest fee waiver FOIA letters ask by default"),
        PossibleValue::new("fee_waiver_reason")
            .help("in your words, how you will share the records, for the fee waiver"),
    ])
}

/// Track public-records requests: the agencies you write to, the letters, every legal deadline
/// and every answer, in one SQLite file you own.
#[derive(Debug, Parser)]
#[command(
    name = "docket",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// The database file [default: $XDG_DATA_HOME/docket/docket.sqlite3, else
    /// ~/.local/share/docket/docket.sqlite3]
    #[arg(long, global = true, env = "DOCKET_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Run as if today were this date (YYYY-MM-DD): every deadline, flag and default date
    /// follows it. Example: --today 2026-12-01
    #[arg(long, global = true, env = "DOCKET_TODAY", value_name = "DATE", value_parser = parse_date)]
    pub today: Option<NaiveDate>,

    /// When to colour tables (NO_COLOR in the environment also turns colour off)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Print less: only ids, paths and errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print more: what each step did
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// A folder of your own letter templates (*.hbs) that replace the built-in ones by name
    /// [default: $XDG_CONFIG_HOME/docket/templates when it exists]
    #[arg(long, global = true, env = "DOCKET_TEMPLATES", value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

pub use crate::render::table::Format;

// Each subcommand's flags are built only when it is the one given (`defer`): building every
// command's flags for every run was a tenth of a short listing's instructions.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Create the database, or upgrade it to this version of docket, and print its path
    Init,
    /// Add, list, show, edit and import the agencies you write to
    #[command(subcommand)]
    Agency(AgencyCommand),
    /// Draft a request to one agency or many (one request per agency); prints the request ids
    ///
    /// Example: docket draft --template initial --agency wake-so-nc --set records="jail booking logs"
    Draft(DraftArgs),
    /// Record that a request (or every draft of a batch) was sent to the agency
    File(FileArgs),
    /// Delete drafts that were never filed (a filed request is never deleted)
    Discard(DiscardArgs),
    /// Record what happened to a request: an acknowledgment, a fee, a denial, records received...
    ///
    /// Example: docket log 12 fee --amount 45.50 --on 2026-11-20 --note "estimate by email"
    Log(LogArgs),
    /// Show one request: its agency, rule, deadlines and whole history
    Show(ShowArgs),
    /// List requests, with filters
    List(ListArgs),
    /// Open requests whose deadline or follow-up target has passed
    Overdue(OverdueArgs),
    /// How a request's deadlines were worked out, day by day, with the law they come from
    Explain(ExplainArgs),
    /// The law of each jurisdiction: deadlines, extensions, appeals (and your overrides)
    #[command(subcommand)]
    Law(LawCommand),
    /// Holidays and closure days that business-day deadlines skip
    #[command(subcommand)]
    Holiday(HolidayCommand),
    /// The letter templates: list, show, export for editing
    #[command(subcommand)]
    Template(TemplateCommand),
    /// Print (or write) the letter of a request: the request itself, a follow-up or an appeal
    ///
    /// Example: docket letter 12 --kind followup --eml --out followup-12.eml
    Letter(LetterArgs),
    /// Your profile as the requester (name, organization, address...) used in letters
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Counts, response times and on-time shares, by agency, state or batch
    Stats(StatsArgs),
    /// Every request with every field a team needs, as CSV, JSON, Markdown, HTML or a calendar
    Export(ExportArgs),
    /// Keep received files (records, letters) with a request
    Attach(AttachArgs),
    /// Read agency replies (.eml files, a maildir or an mbox) and file them on their requests
    Ingest(IngestArgs),
    /// The replies nobody has acted on yet, oldest first, and the messages that matched no request
    ///
    /// A reply leaves the list once anything is logged after it on its request: what the agency
    /// said (`docket log ID fee --amount 45`), or `docket log ID note --note "read"` when there is
    /// nothing to classify.
    Review(ReviewArgs),
    /// Print the stored path of a document (from `docket show ID`)
    Open(OpenArgs),
    /// Write a consistent copy of the database (and, optionally, the documents) while others work
    Backup(BackupArgs),
    /// Share this tracker with a team through a shared folder or an S3 bucket: start, invite, join
    ///
    /// Example: docket team init ~/Dropbox/docket-287g, then `docket team invite` for the others
    #[command(subcommand)]
    Team(TeamCommand),
    /// Exchange what is new with your team: read the others' new work, send yours
    Sync(SyncArgs),
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum TeamCommand {
    /// Start a team: this database becomes its first member, sharing through MEDIUM
    Init(TeamInitArgs),
    /// Print the team's invite code (alone on stdout), to give a new member privately
    Invite,
    /// Join the team that shares through MEDIUM, with the invite code a member gave you
    Join(TeamJoinArgs),
    /// The team's members, when each was last read, what waits, and what the last sync could
    /// not do
    Status(TeamStatusArgs),
    /// Stop syncing: this database keeps every record it holds and can join a team again
    Leave(TeamLeaveArgs),
}

#[derive(Debug, Args)]
pub struct TeamLeaveArgs {
    /// Leave even though records made here were never sent (the team never gets them)
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct TeamInitArgs {
    /// An empty folder that a file-sync service shares (Syncthing, Dropbox, Google Drive,
    /// Nextcloud, a network share), or s3://bucket/prefix
    pub medium: String,
    #[command(flatten)]
    pub who: TeamMemberArgs,
}

#[derive(Debug, Args)]
pub struct TeamJoinArgs {
    /// The team's folder (as synced to this laptop), or its s3://bucket/prefix
    pub medium: String,
    /// The invite code from `docket team invite`
    #[arg(long)]
    pub invite: String,
    #[command(flatten)]
    pub who: TeamMemberArgs,
}

#[derive(Debug, Args)]
pub struct TeamMemberArgs {
    /// An S3-compatible host other than AWS (MinIO, R2, B2, GCS): its URL (default:
    /// AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL); keys come from the AWS environment or files
    #[arg(long)]
    pub endpoint: Option<String>,
    /// Your name as the team sees it (default: `docket config set name`)
    #[arg(long)]
    pub name: Option<String>,
    /// Your e-mail as the team sees it (default: `docket config set email`)
    #[arg(long)]
    pub email: Option<String>,
}

#[derive(Debug, Args)]
pub struct TeamStatusArgs {
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Send again every record this laptop ever sent, under a new name for it: for a teammate
    /// whose sync says one of your bundles was refused or does not open
    #[arg(long)]
    pub republish: bool,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct OverdueArgs {
    /// Only requests to agencies in these states (repeatable)
    #[arg(long)]
    pub state: Vec<String>,
    /// Only the requests of this batch
    #[arg(long)]
    pub batch: Option<String>,
    /// Exit with status 3 when anything is overdue (for cron jobs and scripts)
    #[arg(long)]
    pub fail: bool,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The request number
    #[arg(value_parser = request_id)]
    pub id: i64,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum LawCommand {
    /// Every jurisdiction's rule in one table
    List {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// One jurisdiction's rule in full, its sources, and your override if any
    Show {
        /// A state code (NC), DC, or US for federal FOIA
        code: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Override a jurisdiction's rule (kept apart from the built-in table; --reset removes it)
    ///
    /// Example: docket law set NJ --days 7 --business --followup-days 5
    Set(LawSetArgs),
}

#[derive(Debug, Args)]
pub struct LawSetArgs {
    /// A state code (NC), DC, or US
    pub code: String,
    /// Response deadline in days (0 for none)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=DAYS_MAX))]
    pub days: Option<u32>,
    /// The deadline counts calendar days
    #[arg(long, conflicts_with = "business")]
    pub calendar: bool,
    /// The deadline counts business days
    #[arg(long)]
    pub business: bool,
    /// The law sets no response deadline (a follow-up target applies)
    #[arg(long, conflicts_with_all = ["days", "calendar", "business"])]
    pub no_deadline: bool,
    /// Follow-up target in business days where the law sets no deadline
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=DAYS_MAX))]
    pub followup_days: Option<u32>,
    /// Extension the law allows, in days of the deadline's kind (0 for none)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=DAYS_MAX))]
    pub extension_days: Option<u32>,
    /// Acknowledgment deadline in business days (0 for none)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=DAYS_MAX))]
    pub ack_days: Option<u32>,
    /// Days to file an administrative appeal (0 for none)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=DAYS_MAX))]
    pub appeal_days: Option<u32>,
    /// Days the appeal body has to decide
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=DAYS_MAX))]
    pub appeal_decision_days: Option<u32>,
    /// What a clarification request does to the clock: toll, restart or none
    #[arg(long, value_name = "EFFECT")]
    pub clarify: Option<String>,
    /// What a fee request does to the clock: toll, restart or none
    #[arg(long, value_name = "EFFECT")]
    pub fee: Option<String>,
    /// Where your rule comes from (a statute, a court decision, an agency's letter)
    #[arg(long)]
    pub source: Option<String>,
    /// Remove your override and go back to the built-in rule
    #[arg(long, conflicts_with_all = ["days", "calendar", "business", "no_deadline", "followup_days", "extension_days", "ack_days", "appeal_days", "appeal_decision_days", "clarify", "fee", "source"])]
    pub reset: bool,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum HolidayCommand {
    /// The closure days of a state (and of one agency) in a year
    List {
        /// A state code, DC, or US for the federal calendar
        #[arg(long)]
        state: String,
        /// The year [default: this year]
        #[arg(long)]
        year: Option<i32>,
        /// Include this agency's own closure days
        #[arg(long)]
        agency: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Add a closure day for a whole state or for one agency; deadlines are recomputed
    ///
    /// Example: docket holiday add --agency wake-so-nc 2026-12-31 "County closed"
    Add {
        /// Every agency in this state
        #[arg(long, conflicts_with = "agency", required_unless_present = "agency")]
        state: Option<String>,
        /// Only this agency
        #[arg(long)]
        agency: Option<String>,
        /// The day (YYYY-MM-DD)
        #[arg(value_parser = parse_date)]
        date: NaiveDate,
        /// What it is, e.g. "County holiday"
        name: String,
    },
    /// Mark a built-in holiday as a working day for a whole state or for one agency (a county
    /// that stays open on a state holiday); deadlines are recomputed
    ///
    /// Example: docket holiday open --agency bergen-so-nj 2026-11-03
    Open {
        /// Every agency in this state
        #[arg(long, conflicts_with = "agency", required_unless_present = "agency")]
        state: Option<String>,
        /// Only this agency
        #[arg(long)]
        agency: Option<String>,
        /// The holiday (YYYY-MM-DD), as `docket holiday list` shows it
        #[arg(value_parser = parse_date)]
        date: NaiveDate,
    },
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum TemplateCommand {
    /// Every template with its purpose and whether it is built in or yours
    List {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// A template's text and the variables it uses, with where each value comes from
    Show { name: String },
    /// Write the built-in templates to DIR for editing (then use --templates DIR, or copy them
    /// to $XDG_CONFIG_HOME/docket/templates)
    Export {
        dir: PathBuf,
        /// Overwrite files that exist
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LetterKind {
    /// The request itself, from the template it was drafted with
    Initial,
    /// A follow-up citing the filing date and the deadline
    Followup,
    /// An administrative appeal, where the law provides one
    Appeal,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("target").required(true).args(["id", "batch"]))]
pub struct LetterArgs {
    /// The request number
    #[arg(value_parser = request_id)]
    pub id: Option<i64>,
    /// Every request of a batch (with --out DIR: one file per request)
    #[arg(long)]
    pub batch: Option<String>,
    #[arg(long, value_enum, default_value_t = LetterKind::Initial)]
    pub kind: LetterKind,
    /// Write to this file (or, with --batch, into this folder) instead of printing; existing
    /// files are not replaced unless --force
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Replace existing letter files
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Write an e-mail message (.eml) that a mail client opens as a draft
    #[arg(long)]
    pub eml: bool,
    /// Render a new letter from the template, even where docket kept the one sent (by default,
    /// once a request is filed, or a follow-up or appeal logged, the exact letter sent is
    /// printed byte for byte)
    #[arg(long)]
    pub fresh: bool,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ConfigCommand {
    /// Set one field of your profile: name, organization, email, address, phone, news_media
    ///
    /// Letters need at least name and email; agencies also expect a postal address and a phone,
    /// and news_media asks for news-media fee treatment and a fee waiver.
    ///
    /// Example: docket config set address "12 Main St\nRaleigh, NC 27601"
    Set {
        /// The field to set
        #[arg(value_parser = profile_key())]
        key: String,
        /// Its value (`\n` starts a new line in an address; news_media takes true or false)
        value: String,
    },
    /// Print your profile and where it is kept
    Show,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsBy {
    Agency,
    State,
    Batch,
    /// The office a request concerns: the agency it went to, or the one it is about (a FOIA to
    /// ICE about a sheriff counts with that sheriff's office)
    Office,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// How to group the requests
    #[arg(long, value_enum, default_value_t = StatsBy::State)]
    pub by: StatsBy,
    /// Only requests filed on or after this date
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
    Markdown,
    Html,
    Ics,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to this file instead of printing (a new file, unless --force)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace the --out file when it exists
    #[arg(long, requires = "out")]
    pub force: bool,
    #[command(flatten)]
    pub filter: RequestFilterArgs,
    /// A title for the HTML page and the calendar
    #[arg(long)]
    pub title: Option<String>,
}

#[derive(Debug, Args)]
pub struct AttachArgs {
    /// The request number
    #[arg(value_parser = request_id)]
    pub id: i64,
    /// Files to keep with it
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// A note about what they are
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// .eml files, maildir folders, mbox files, or folders of .eml files
    #[arg(required_unless_present = "assign")]
    pub paths: Vec<PathBuf>,
    /// File a message that could not be matched: its number (from the list of unmatched
    /// messages) and the request number (or its team reference)
    #[arg(long, num_args = 2, value_names = ["MSG", "ID"], value_parser = request_id)]
    pub assign: Option<Vec<i64>>,
    /// Show what would be filed, and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// The document number (from `docket show ID`)
    pub doc: i64,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy (must not exist)
    pub file: PathBuf,
    /// Also copy the documents folder, beside the copy
    #[arg(long)]
    pub with_documents: bool,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum AgencyCommand {
    /// Add an agency; prints its slug (the short name other commands take)
    ///
    /// Example: docket agency add --name "Wake County Sheriff's Office" --state NC --email records@wake.gov
    Add(AgencyAddArgs),
    /// List agencies
    List(AgencyListArgs),
    /// Show one agency, its agreements and its requests
    Show(AgencyShowArgs),
    /// Change an agency's details
    Edit(AgencyEditArgs),
    /// Import agencies (and 287(g) agreements) from ICE's list, the FBI roster, or a CSV
    ///
    /// Example: docket agency import participatingAgencies.xlsx --source ice-287g
    Import(AgencyImportArgs),
}

#[derive(Debug, Args)]
pub struct AgencyImportArgs {
    /// An .xlsx or .csv file
    pub file: PathBuf,
    /// What the file is: ice-287g, fbi-roster or csv [default: recognised from its columns]
    #[arg(long)]
    pub source: Option<String>,
    /// For csv: which column holds a field, e.g. --map name="Agency Name" (repeatable)
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub maps: Vec<String>,
    /// Report what would change, and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct AgencyFieldArgs {
    /// County the agency serves, e.g. "Wake County"
    #[arg(long)]
    pub county: Option<String>,
    /// sheriff, police, jail, state, federal or other [default for new agencies: sheriff]
    #[arg(long)]
    pub kind: Option<String>,
    /// Where requests go by email (several addresses may be separated by commas)
    #[arg(long)]
    pub email: Option<String>,
    /// The agency's records portal, e.g. https://wakeso.nextrequest.com
    #[arg(long)]
    pub portal: Option<String>,
    /// Postal address for letters, one line or with \n between lines
    #[arg(long)]
    pub address: Option<String>,
    /// Telephone number
    #[arg(long)]
    pub phone: Option<String>,
    /// Name of the records officer or custodian, used in the letter's address block
    #[arg(long)]
    pub officer: Option<String>,
    /// Anything worth remembering about this office
    #[arg(long)]
    pub notes: Option<String>,
}

#[derive(Debug, Args)]
pub struct AgencyAddArgs {
    /// The agency's full name, e.g. "Mecklenburg County Sheriff's Office"
    #[arg(long)]
    pub name: String,
    /// USPS state code (NC, TX, DC ...; US for federal agencies such as ICE)
    #[arg(long)]
    pub state: String,
    /// The short name to use in commands [default: made from name and state, e.g. mecklenburg-so-nc]
    #[arg(long)]
    pub slug: Option<String>,
    #[command(flatten)]
    pub fields: AgencyFieldArgs,
}

#[derive(Debug, Args)]
pub struct AgencyListArgs {
    /// Only agencies in these states (repeatable)
    #[arg(long)]
    pub state: Vec<String>,
    /// Only agencies of these kinds (repeatable)
    #[arg(long)]
    pub kind: Vec<String>,
    /// Only agencies in a program, e.g. 287g (an agreement on the imported list)
    #[arg(long)]
    pub program: Vec<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct AgencyShowArgs {
    /// The agency's slug (or its exact name)
    pub agency: String,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct AgencyEditArgs {
    /// The agency's slug (or its exact name)
    pub agency: String,
    /// A new name
    #[arg(long)]
    pub name: Option<String>,
    #[command(flatten)]
    pub fields: AgencyFieldArgs,
}

#[derive(Debug, Args)]
pub struct DraftArgs {
    /// The letter template, e.g. initial, 287g-agreement (`docket template list` shows them)
    #[arg(long, default_value = "initial")]
    pub template: String,
    /// An agency by slug (repeatable)
    #[arg(long = "agency", value_name = "SLUG")]
    pub agencies: Vec<String>,
    /// Every agency in these states (repeatable; narrows with the other selectors)
    #[arg(long = "state", value_name = "ST")]
    pub states: Vec<String>,
    /// Every agency in this program, e.g. 287g (repeatable)
    #[arg(long = "program", value_name = "PROGRAM")]
    pub programs: Vec<String>,
    /// Every agency with an agreement of this support type, e.g. "Jail Enforcement Model"
    #[arg(long = "support-type", value_name = "TYPE")]
    pub support_types: Vec<String>,
    /// Every agency of this kind, e.g. sheriff (repeatable)
    #[arg(long = "kind", value_name = "KIND")]
    pub kinds: Vec<String>,
    /// Write to the one --agency about this office: one request per office, each filled from
    /// what docket knows of it (repeatable), e.g. --agency ice --about gaston-so-nc
    #[arg(long = "about", value_name = "SLUG")]
    pub about: Vec<String>,
    /// Write to the one --agency about every office in this program; --state, --support-type and
    /// --kind then narrow the offices, e.g. --agency ice --about-program 287g --state NC
    #[arg(long = "about-program", value_name = "PROGRAM")]
    pub about_programs: Vec<String>,
    /// A letter variable, e.g. --set records="detainer requests since 2025-01-01" (repeatable)
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub sets: Vec<String>,
    /// A short title for the request [default: from the template]
    #[arg(long)]
    pub title: Option<String>,
    /// Name of the batch grouping these requests [default: generated from template and date]
    #[arg(long)]
    pub batch: Option<String>,
    /// Show what would be drafted, and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("target").required(true).args(["id", "batch"]))]
pub struct FileArgs {
    /// The request number
    #[arg(value_parser = request_id)]
    pub id: Option<i64>,
    /// File every draft of this batch
    #[arg(long)]
    pub batch: Option<String>,
    /// The day it was sent [default: today]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub on: Option<NaiveDate>,
    /// How it was sent
    #[arg(long, value_enum)]
    pub via: Option<ViaArg>,
    /// A note to keep with the filing
    #[arg(long)]
    pub note: Option<String>,
    /// The letter you actually sent (a text file), when you edited the one docket drafted:
    /// docket keeps it as the letter sent instead of its own rendering
    #[arg(long, value_name = "FILE", conflicts_with = "batch")]
    pub letter: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ViaArg {
    Email,
    Portal,
    Mail,
    Fax,
    Hand,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("target").required(true).args(["id", "batch"]))]
pub struct DiscardArgs {
    /// The draft's number
    #[arg(value_parser = request_id)]
    pub id: Option<i64>,
    /// Discard every draft of this batch
    #[arg(long)]
    pub batch: Option<String>,
    /// Discard a draft that holds notes or documents, with them
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The request number
    #[arg(value_parser = request_id)]
    pub id: i64,
    /// ack, clarify, clarified, fee, paid, waived, extend, partial, complete, deny, no-records,
    /// appeal, appeal-granted, appeal-denied, followup, reply, withdraw, note, void
    pub kind: String,
    /// The day it happened [default: today]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub on: Option<NaiveDate>,
    /// What was said or done, in a few words
    #[arg(long)]
    pub note: Option<String>,
    /// Dollars, for fee and paid, e.g. 45.50
    #[arg(long, value_name = "USD", allow_hyphen_values = true)]
    pub amount: Option<String>,
    /// For extend: how many days (of the rule's kind) the agency added
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=DAYS_MAX))]
    pub days: Option<u32>,
    /// For extend: the new due date the agency set
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub until: Option<NaiveDate>,
    /// For void: the number of the event to cancel (shown by `docket show ID`)
    #[arg(long, value_name = "N")]
    pub event: Option<i64>,
    /// With deny or partial: an exemption the agency cited, as it wrote it, e.g. "7(E)" or
    /// "§132-1.4" (repeatable); an appeal letter answers each
    #[arg(long = "exemption", value_name = "TEXT")]
    pub exemptions: Vec<String>,
    /// The agency's own number for this request (from an acknowledgment)
    #[arg(long, value_name = "NUMBER")]
    pub tracking: Option<String>,
    /// A file that came with it (records, the agency's letter), kept with the request
    /// (repeatable)
    #[arg(long = "file", value_name = "PATH")]
    pub files: Vec<std::path::PathBuf>,
    /// With `followup` or `appeal`: the letter you actually sent (a text file), kept as sent
    /// instead of docket's own rendering of the template
    #[arg(long, value_name = "FILE")]
    pub letter: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The request number
    #[arg(value_parser = request_id)]
    pub id: i64,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

// The description is for the documentation only (cfg(doc)): clap would take a doc comment as
// the `about` of the commands that flatten these flags, and their subcommands' flags are added
// when the subcommand is parsed (`defer` on the subcommand enums), after the command's own
// description, which it would then replace.
#[cfg_attr(
    doc,
    doc = "Which requests a listing or an export covers; values of one flag are alternatives, \
           different flags narrow."
)]
#[derive(Debug, Args)]
pub struct RequestFilterArgs {
    /// Only requests with these statuses (repeatable), e.g. --status denied
    #[arg(long)]
    pub status: Vec<String>,
    /// Only requests to these agencies (repeatable)
    #[arg(long)]
    pub agency: Vec<String>,
    /// Only requests to agencies in these states (repeatable)
    #[arg(long)]
    pub state: Vec<String>,
    /// Only the requests of this batch
    #[arg(long)]
    pub batch: Option<String>,
    /// Only requests about these offices, sent to another agency (a FOIA to ICE about a
    /// sheriff's agreement) (repeatable)
    #[arg(long, value_name = "SLUG")]
    pub about: Vec<String>,
    /// Both sides of these offices' records: the requests to them and the requests about them
    /// (repeatable)
    #[arg(long, value_name = "SLUG")]
    pub office: Vec<String>,
    /// Only requests whose deadline or follow-up target has passed
    #[arg(long)]
    pub overdue: bool,
    /// Only requests whose merged history holds conflicting events (in a team: two members
    /// logged answers that cannot both stand)
    #[arg(long)]
    pub conflicts: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: RequestFilterArgs,
    /// Only open requests coming due within N business days
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=3650))]
    pub due_within: Option<u32>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[cfg(test)]
mod tests {
    /// `config set`'s possible values are the profile's keys, in the same order.
    #[test]
    fn profile_keys_are_the_possible_values() {
        use clap::builder::TypedValueParser;
        let listed: Vec<String> = super::profile_key()
            .possible_values()
            .expect("a list of values")
            .map(|v| v.get_name().to_string())
            .collect();
        assert_eq!(listed, crate::config::Profile::KEYS);
    }
}
