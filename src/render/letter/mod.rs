//! Letters: the built-in handlebars templates (compiled in from `templates/*.hbs`), a user's
//! directory that overrides them file by file, and rendering one against the context the
//! command layer builds.
//!
//! The context is one JSON object: `requester`, `agency`, `law`, `request`, `today`, and every
//! `--set key=value` at the top level (see [`apply_sets`]). Handlebars runs in strict mode with
//! HTML escaping off, since letters are plain text.
//!
//! A JSON `null` counts as absent: nulls are removed before rendering, so a template that prints
//! a value without an `{{#if}}` guard fails with an error that names the value instead of
//! producing a letter with a blank in it. (`{{#if x}}` on an absent `x` is simply false.)
//!
//! Each template begins with a header comment whose `purpose:` line `template list` shows:
//!
//! ```text
//! {{!--
//! purpose: A general records request under the agency's state law
//! set: records (required) - the records you ask for
//! --}}
//! ```
//!
//! A `for: state` or `for: federal` line says which agencies the letter is written for: a
//! draft to an agency of the other kind is refused, naming the templates that fit.
//!
//! Names beginning with `_` are shared parts (`_letterhead`, `_dear`, `_fees`, `_handling`,
//! `_signature`) that the letters include with `{{> _name}}`; a user overrides them like any
//! other template, e.g. one `_signature.hbs` changes the signature of every letter.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use handlebars::template::{Parameter, Template, TemplateElement};
use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, PathSeg, RenderContext,
    RenderError, RenderErrorReason, Renderable, ScopedJson, StringOutput,
};
use serde_json::{Map, Value};

/// The built-in templates, by name. Kept sorted by name.
mod helpers;

use helpers::*;

const BUILTINS: &[(&str, &str)] = &[
    (
        "287g-agreement",
        include_str!("../../../templates/287g-agreement.hbs"),
    ),
    (
        "287g-communications",
        include_str!("../../../templates/287g-communications.hbs"),
    ),
    (
        "287g-costs",
        include_str!("../../../templates/287g-costs.hbs"),
    ),
    (
        "287g-detainers",
        include_str!("../../../templates/287g-detainers.hbs"),
    ),
    (
        "287g-encounters",
        include_str!("../../../templates/287g-encounters.hbs"),
    ),
    ("_dear", include_str!("../../../templates/_dear.hbs")),
    ("_fees", include_str!("../../../templates/_fees.hbs")),
    (
        "_handling",
        include_str!("../../../templates/_handling.hbs"),
    ),
    (
        "_letterhead",
        include_str!("../../../templates/_letterhead.hbs"),
    ),
    ("_office", include_str!("../../../templates/_office.hbs")),
    (
        "_signature",
        include_str!("../../../templates/_signature.hbs"),
    ),
    ("appeal", include_str!("../../../templates/appeal.hbs")),
    ("followup", include_str!("../../../templates/followup.hbs")),
    ("ice-foia", include_str!("../../../templates/ice-foia.hbs")),
    ("initial", include_str!("../../../templates/initial.hbs")),
];

const BUILTIN_NAMES: &[&str] = &[
    "287g-agreement",
    "287g-communications",
    "287g-costs",
    "287g-detainers",
    "287g-encounters",
    "_dear",
    "_fees",
    "_handling",
    "_letterhead",
    "_office",
    "_signature",
    "appeal",
    "followup",
    "ice-foia",
    "initial",
];

/// The names of the built-in templates, sorted, shared parts (`_letterhead`...) included.
pub fn builtin_names() -> &'static [&'static str] {
    BUILTIN_NAMES
}

/// The width the `{{#wrap}}` helper fills paragraphs to, unless given `width=N`.
const WRAP_WIDTH: usize = 76;

/// Where a template came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Builtin,
    User(PathBuf),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Builtin => f.write_str("built-in"),
            Source::User(path) => write!(f, "{}", path.display()),
        }
    }
}

/// What `template list` shows of one template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateInfo {
    pub name: String,
    pub purpose: String,
    pub source: Source,
    /// The agencies the letter is written for, from its header's `for:` line (`state` or
    /// `federal`); `None`: any agency.
    pub fits: Option<Fit>,
}

/// Which agencies a letter is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// A state or local agency, under the state's records law.
    State,
    /// A federal agency, under FOIA.
    Federal,
}

impl Fit {
    fn parse(s: &str) -> Option<Fit> {
        match s.trim().to_ascii_lowercase().as_str() {
            "state" => Some(Fit::State),
            "federal" => Some(Fit::Federal),
            _ => None,
        }
    }

    /// Whether an agency of `state` is one this letter is for.
    pub fn admits(self, state: &str) -> bool {
        (self == Fit::Federal) == state.eq_ignore_ascii_case("US")
    }
}

impl TemplateInfo {
    /// A shared part (`_signature`...), included by letters rather than drafted on its own.
    pub fn is_part(&self) -> bool {
        self.name.starts_with('_')
    }
}

/// One value a template uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariableInfo {
    /// The path as the context spells it: `agency.name`, `records`.
    pub name: String,
    /// Where the value comes from: "agency record", "--set records=..." ...
    pub from: String,
    /// Used outside every `{{#if}}`/`{{#unless}}` and not only as a `default`: the letter cannot
    /// render without it.
    pub required: bool,
}

/// Why a letter could not be loaded or drafted.
#[derive(Debug, thiserror::Error)]
pub enum LetterError {
    #[error("unknown template '{name}': use one of {}", known.join(", "))]
    Unknown { name: String, known: Vec<String> },
    #[error(
        "template directory {} does not exist: create it, or write the built-in templates there with `docket template export {}`",
        .0.display(), .0.display()
    )]
    MissingDir(PathBuf),
    #[error("{} is not a directory: name the directory that holds your *.hbs templates", .0.display())]
    NotADir(PathBuf),
    #[error("cannot {action} {}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "template '{name}' ({origin}) does not parse, line {line}: {message}; fix it or remove the file to use the built-in"
    )]
    Parse {
        name: String,
        origin: String,
        line: usize,
        message: String,
    },
    #[error("template '{template}' needs '{variable}': {hint}")]
    MissingVariable {
        template: String,
        variable: String,
        hint: String,
    },
    #[error("{}", no_appeal_message(state, remedies.as_deref()))]
    NoAppeal {
        /// The jurisdiction's name: "North Carolina".
        state: String,
        /// What the rule lists instead of an appeal, when it lists anything.
        remedies: Option<String>,
    },
    #[error("{} is not UTF-8 text: save it as UTF-8 (or remove it to use the built-in)", .0.display())]
    NotUtf8(PathBuf),
    #[error("template '{template}' includes itself ({cycle}): remove the loop of partials")]
    Recursion { template: String, cycle: String },
    #[error("template '{template}' failed: {message}")]
    Render { template: String, message: String },
    #[error("{} already exists: use --force to overwrite it", .0.display())]
    Exists(PathBuf),
    #[error("bad --set '{key}': {reason}")]
    BadSet { key: String, reason: String },
}

fn no_appeal_message(state: &str, remedies: Option<&str>) -> String {
    match remedies {
        Some(r) => format!("{state} has no administrative appeal: the options are {r}"),
        None => format!(
            "{state} has no administrative appeal: see `docket law show` for the remedies it allows"
        ),
    }
}

/// The built-in templates with a user's overrides, parsed and ready to render.
pub struct Templates {
    registry: Handlebars<'static>,
    infos: BTreeMap<String, TemplateInfo>,
    texts: BTreeMap<String, String>,
}

impl fmt::Debug for Templates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Templates")
            .field("names", &self.infos.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Templates {
    /// Built-ins plus overrides from `dir`: a user's `*.hbs` files replace built-ins by name and
    /// may add new ones. `explicit` means the directory was named with `--templates`: then a
    /// missing directory is an error; the default directory may be absent silently.
    pub fn load(dir: Option<&Path>, explicit: bool) -> Result<Templates, LetterError> {
        let mut t = Templates {
            registry: new_registry(),
            infos: BTreeMap::new(),
            texts: BTreeMap::new(),
        };
        for (name, text) in BUILTINS {
            t.add(name, text.to_string(), Source::Builtin)?;
        }
        if let Some(dir) = dir {
            t.load_dir(dir, explicit)?;
        }
        Ok(t)
    }

    fn load_dir(&mut self, dir: &Path, explicit: bool) -> Result<(), LetterError> {
        let io = |action, source| LetterError::Io {
            action,
            path: dir.to_path_buf(),
            source,
        };
        match fs::metadata(dir) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return if explicit {
                    Err(LetterError::MissingDir(dir.to_path_buf()))
                } else {
                    Ok(())
                };
            }
            Err(e) => return Err(io("read", e)),
            Ok(m) if !m.is_dir() => return Err(LetterError::NotADir(dir.to_path_buf())),
            Ok(_) => {}
        }
        let mut files = Vec::new();
        for entry in fs::read_dir(dir).map_err(|e| io("read", e))? {
            let path = entry.map_err(|e| io("read", e))?.path();
            if path.extension().is_some_and(|x| x == "hbs") && path.is_file() {
                files.push(path);
            }
        }
        // Sorted so that the outcome never depends on the directory's listing order.
        files.sort();
        for path in files {
            let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let name = name.to_string();
            let text = fs::read_to_string(&path).map_err(|source| {
                if source.kind() == std::io::ErrorKind::InvalidData {
                    LetterError::NotUtf8(path.clone())
                } else {
                    LetterError::Io {
                        action: "read",
                        path: path.clone(),
                        source,
                    }
                }
            })?;
            self.add(&name, text, Source::User(path))?;
        }
        Ok(())
    }

    fn add(&mut self, name: &str, text: String, source: Source) -> Result<(), LetterError> {
        if let Some((line, message)) = too_deep(&text) {
            return Err(LetterError::Parse {
                name: name.to_string(),
                origin: source.to_string(),
                line,
                message,
            });
        }
        self.registry
            .register_template_string(name, &text)
            .map_err(|e| LetterError::Parse {
                name: name.to_string(),
                origin: source.to_string(),
                line: e.pos().map_or(0, |(line, _)| line),
                message: e.reason().to_string(),
            })?;
        let template = self.registry.get_template(name);
        let purpose = template
            .and_then(|t| header_field(t, "purpose"))
            .unwrap_or_else(|| "(no purpose line in its header)".to_string());
        let fits = template
            .and_then(|t| header_field(t, "for"))
            .and_then(|f| Fit::parse(&f));
        self.infos.insert(
            name.to_string(),
            TemplateInfo {
                name: name.to_string(),
                purpose,
                source,
                fits,
            },
        );
        self.texts.insert(name.to_string(), text);
        Ok(())
    }

    /// Every template, sorted by name.
    pub fn list(&self) -> Vec<TemplateInfo> {
        self.infos.values().cloned().collect()
    }

    /// One template's name, purpose and source; an unknown name lists the known ones.
    pub fn info(&self, name: &str) -> Result<&TemplateInfo, LetterError> {
        self.infos.get(name).ok_or_else(|| LetterError::Unknown {
            name: name.to_string(),
            known: self
                .infos
                .values()
                .filter(|i| !i.is_part())
                .map(|i| i.name.clone())
                .collect(),
        })
    }

    /// The template's source text, header included.
    pub fn text(&self, name: &str) -> Result<&str, LetterError> {
        self.info(name)?;
        Ok(self.texts.get(name).map_or("", String::as_str))
    }

    /// The values a template uses (through its partials too), in the order they first appear,
    /// found by walking the parsed template.
    pub fn variables(&self, name: &str) -> Result<Vec<VariableInfo>, LetterError> {
        self.info(name)?;
        let mut walker = VarWalker {
            templates: self,
            visited: HashSet::from([name.to_string()]),
            found: Vec::new(),
        };
        if let Some(t) = self.registry.get_template(name) {
            walker.walk(t, &mut vec![Vec::new()], false);
        }
        Ok(walker
            .found
            .into_iter()
            .map(|(name, required)| VariableInfo {
                from: origin_of(&name),
                name,
                required,
            })
            .collect())
    }

    /// Renders `name` against `ctx`. The `appeal` letter is refused, before any rendering, where
    /// the jurisdiction has no administrative appeal (see [`Templates::check_appeal`]).
    pub fn render(&self, name: &str, ctx: &Value) -> Result<String, LetterError> {
        self.info(name)?;
        if name == "appeal" {
            Self::check_appeal(ctx)?;
        }
        self.check_partials(name)?;
        let data = without_nulls(ctx);
        let text = self
            .registry
            .render(name, &data)
            .map_err(|e| render_error(name, &data, e))?;
        Ok(tidy(&text))
    }

    /// Refuses an appeal letter where the rule has no administrative appeal, naming what the
    /// rule lists instead (`law.remedies`, a string or a list of strings).
    pub fn check_appeal(ctx: &Value) -> Result<(), LetterError> {
        let law = &ctx["law"];
        match law.get("has_appeal") {
            Some(Value::Bool(true)) => Ok(()),
            Some(Value::Bool(false)) => {
                let state = [&ctx["agency"]["state_name"], &law["code"]]
                    .into_iter()
                    .find_map(|v| v.as_str().filter(|s| !s.is_empty()))
                    .unwrap_or("This jurisdiction")
                    .to_string();
                let remedies = match &law["remedies"] {
                    Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                    Value::Array(items) => {
                        let items: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
                        (!items.is_empty()).then(|| items.join("; "))
                    }
                    _ => None,
                };
                Err(LetterError::NoAppeal { state, remedies })
            }
            _ => Err(LetterError::MissingVariable {
                template: "appeal".to_string(),
                variable: "law.has_appeal".to_string(),
                hint: "the jurisdiction's rule does not say whether it has an administrative \
                       appeal: check `docket law show`"
                    .to_string(),
            }),
        }
    }

    /// Writes the built-in templates into `dir` (created if needed) as `NAME.hbs`, for editing.
    /// Refuses, before writing anything, when a file exists and `force` is false.
    pub fn export(dir: &Path, force: bool) -> Result<Vec<PathBuf>, LetterError> {
        fs::create_dir_all(dir).map_err(|source| LetterError::Io {
            action: "create",
            path: dir.to_path_buf(),
            source,
        })?;
        let targets: Vec<(PathBuf, &str)> = BUILTINS
            .iter()
            .map(|(name, text)| (dir.join(format!("{name}.hbs")), *text))
            .collect();
        if !force
            && let Some((path, _)) = targets
                .iter()
                .find(|(p, _)| fs::symlink_metadata(p).is_ok())
        {
            return Err(LetterError::Exists(path.clone()));
        }
        for (path, text) in &targets {
            fs::write(path, text).map_err(|source| LetterError::Io {
                action: "write",
                path: path.clone(),
                source,
            })?;
        }
        Ok(targets.into_iter().map(|(p, _)| p).collect())
    }

    /// Refuses a template whose partials include one another in a loop (handlebars only
    /// catches a template including itself directly; a longer loop would overflow the stack),
    /// or whose partial names are computed at render time and so cannot be checked.
    fn check_partials(&self, name: &str) -> Result<(), LetterError> {
        let graph = self.partial_graph();
        let mut stack = vec![name.to_string()];
        let mut done = HashSet::new();
        visit_partials(name, &graph, &mut stack, &mut done)
    }

    /// For every template and every inline partial (`{{#*inline "x"}}`), the partials it
    /// includes. Inline partials are keyed by their bare name, merged with a template of the
    /// same name: this may see a loop that is not there, never miss one.
    fn partial_graph(&self) -> HashMap<String, Partials> {
        let mut graph: HashMap<String, Partials> = HashMap::new();
        for name in self.infos.keys() {
            if let Some(t) = self.registry.get_template(name) {
                let mut inlines = Vec::new();
                let own = collect_partials(t, &mut inlines);
                graph.entry(name.clone()).or_default().merge(own);
                for (inline, refs) in inlines {
                    graph.entry(inline).or_default().merge(refs);
                }
            }
        }
        graph
    }
}

/// The partials one template (or inline partial) includes.
#[derive(Debug, Default, Clone)]
struct Partials {
    names: Vec<String>,
    /// Includes a partial whose name is computed (`{{> (lookup ...)}}`).
    dynamic: bool,
}

impl Partials {
    fn merge(&mut self, other: Partials) {
        self.names.extend(other.names);
        self.dynamic |= other.dynamic;
    }
}

fn visit_partials(
    node: &str,
    graph: &HashMap<String, Partials>,
    stack: &mut Vec<String>,
    done: &mut HashSet<String>,
) -> Result<(), LetterError> {
    let Some(partials) = graph.get(node) else {
        return Ok(());
    };
    if partials.dynamic {
        return Err(LetterError::Render {
            template: stack[0].clone(),
            message: format!(
                "'{node}' includes a partial whose name is computed, which docket cannot check: \
                 write the partial's name"
            ),
        });
    }
    for next in &partials.names {
        if let Some(i) = stack.iter().position(|s| s == next) {
            let mut cycle = stack[i..].to_vec();
            cycle.push(next.clone());
            return Err(LetterError::Recursion {
                template: stack[0].clone(),
                cycle: cycle.join(" -> "),
            });
        }
        if done.contains(next) {
            continue;
        }
        stack.push(next.clone());
        visit_partials(next, graph, stack, done)?;
        stack.pop();
        done.insert(next.clone());
    }
    Ok(())
}

/// The partials `t` includes outside inline definitions; the inline definitions found are
/// pushed onto `inlines` with what each includes.
fn collect_partials(t: &Template, inlines: &mut Vec<(String, Partials)>) -> Partials {
    let mut own = Partials::default();
    for e in &t.elements {
        match e {
            TemplateElement::HelperBlock(ht) => {
                for sub in [&ht.template, &ht.inverse].into_iter().flatten() {
                    own.merge(collect_partials(sub, inlines));
                }
            }
            TemplateElement::DecoratorBlock(dt) => {
                let inline_name = match (&dt.name, dt.params.first()) {
                    (Parameter::Name(n), Some(Parameter::Literal(Value::String(s))))
                        if n == "inline" =>
                    {
                        Some(s.clone())
                    }
                    _ => None,
                };
                if let Some(sub) = &dt.template {
                    let refs = collect_partials(sub, inlines);
                    match inline_name {
                        Some(n) => inlines.push((n, refs)),
                        None => own.merge(refs),
                    }
                }
            }
            TemplateElement::PartialExpression(dt) | TemplateElement::PartialBlock(dt) => {
                match &dt.name {
                    Parameter::Name(n) if n == "@partial-block" => {}
                    Parameter::Name(n) => own.names.push(n.clone()),
                    Parameter::Path(_) => {
                        if let Some(n) = dt.name.as_name() {
                            own.names.push(n.to_string());
                        }
                    }
                    _ => own.dynamic = true,
                }
                if let Some(sub) = &dt.template {
                    own.merge(collect_partials(sub, inlines));
                }
            }
            _ => {}
        }
    }
    own
}

/// Walks a template's AST to find the context values it uses.
struct VarWalker<'a> {
    templates: &'a Templates,
    visited: HashSet<String>,
    /// (path, required), in order of first appearance.
    found: Vec<(String, bool)>,
}

/// A scope is the context path that relative paths start from (`{{#with agency}}` makes it
/// `["agency"]`); the stack holds the enclosing scopes for `../`.
type Scopes = Vec<Vec<String>>;

impl VarWalker<'_> {
    fn walk(&mut self, t: &Template, scopes: &mut Scopes, guarded: bool) {
        for e in &t.elements {
            match e {
                TemplateElement::Expression(ht) | TemplateElement::HtmlExpression(ht) => {
                    // With no arguments `{{x}}` prints a value; none of our helpers takes zero.
                    let is_helper = !ht.params.is_empty() || !ht.hash.is_empty();
                    if is_helper {
                        self.helper_args(
                            ht.name.as_name().unwrap_or(""),
                            &ht.params,
                            &ht.hash,
                            scopes,
                            guarded,
                        );
                    } else {
                        self.param(&ht.name, scopes, !guarded);
                    }
                }
                TemplateElement::HelperBlock(ht) => {
                    let name = ht.name.as_name().unwrap_or("");
                    match name {
                        "if" | "unless" => {
                            for p in &ht.params {
                                self.param(p, scopes, false);
                            }
                            for sub in [&ht.template, &ht.inverse].into_iter().flatten() {
                                self.walk(sub, scopes, true);
                            }
                        }
                        "with" | "each" => {
                            let inner = ht.params.first().and_then(|p| self.resolve(p, scopes));
                            for p in &ht.params {
                                self.param(p, scopes, !guarded);
                            }
                            if let (Some(sub), Some(mut inner)) = (&ht.template, inner) {
                                if name == "each"
                                    && let Some(last) = inner.last_mut()
                                {
                                    last.push_str("[]");
                                }
                                scopes.push(inner);
                                self.walk(sub, scopes, guarded || name == "each");
                                scopes.pop();
                            }
                            if let Some(sub) = &ht.inverse {
                                self.walk(sub, scopes, true);
                            }
                        }
                        _ => {
                            self.helper_args(name, &ht.params, &ht.hash, scopes, guarded);
                            if let Some(sub) = &ht.template {
                                self.walk(sub, scopes, guarded);
                            }
                            if let Some(sub) = &ht.inverse {
                                self.walk(sub, scopes, true);
                            }
                        }
                    }
                }
                TemplateElement::DecoratorBlock(dt) => {
                    if let Some(sub) = &dt.template {
                        self.walk(sub, scopes, guarded);
                    }
                }
                TemplateElement::PartialExpression(dt) | TemplateElement::PartialBlock(dt) => {
                    for p in dt.hash.values() {
                        self.param(p, scopes, !guarded);
                    }
                    let inner = dt.params.first().and_then(|p| self.resolve(p, scopes));
                    // Each partial is walked once: its values are listed where first used.
                    if let Some(name) = dt.name.as_name()
                        && self.visited.insert(name.to_string())
                        && let Some(t) = self.templates.registry.get_template(name)
                    {
                        let pushed = inner.is_some();
                        if let Some(inner) = inner {
                            scopes.push(inner);
                        }
                        self.walk(t, scopes, guarded);
                        if pushed {
                            scopes.pop();
                        }
                    }
                    if let Some(sub) = &dt.template {
                        self.walk(sub, scopes, guarded);
                    }
                }
                _ => {}
            }
        }
    }

    fn helper_args(
        &mut self,
        helper: &str,
        params: &[Parameter],
        hash: &HashMap<String, Parameter>,
        scopes: &mut Scopes,
        guarded: bool,
    ) {
        for (i, p) in params.iter().enumerate() {
            // `default`'s first value and `is_positive`'s only one may be absent.
            let optional = (helper == "default" && i == 0) || helper == "is_positive";
            self.param(p, scopes, !guarded && !optional);
        }
        for p in hash.values() {
            self.param(p, scopes, !guarded);
        }
    }

    fn param(&mut self, p: &Parameter, scopes: &mut Scopes, required: bool) {
        match p {
            Parameter::Subexpression(se) => {
                if let TemplateElement::Expression(ht) = se.as_element() {
                    if ht.params.is_empty() && ht.hash.is_empty() {
                        self.param(&ht.name, scopes, required);
                    } else {
                        self.helper_args(
                            ht.name.as_name().unwrap_or(""),
                            &ht.params,
                            &ht.hash,
                            scopes,
                            !required,
                        );
                    }
                }
            }
            _ => {
                if let Some(path) = self.resolve(p, scopes) {
                    let name = path.join(".");
                    if name.is_empty() {
                        return;
                    }
                    match self.found.iter_mut().find(|(n, _)| *n == name) {
                        Some((_, r)) => *r |= required,
                        None => self.found.push((name, required)),
                    }
                }
            }
        }
    }

    /// The context path a parameter names, or `None` for literals, `@index` and the like.
    fn resolve(&self, p: &Parameter, scopes: &Scopes) -> Option<Vec<String>> {
        let Parameter::Path(handlebars::Path::Relative((segs, _))) = p else {
            return None;
        };
        let mut level = scopes.len().saturating_sub(1);
        let mut path: Option<Vec<String>> = None;
        for seg in segs {
            match seg {
                PathSeg::Named(n) => path
                    .get_or_insert_with(|| scopes.get(level).cloned().unwrap_or_default())
                    .push(n.clone()),
                PathSeg::Ruled(rule) => match format!("{rule:?}").as_str() {
                    "path_root" => level = 0,
                    "path_up" => level = level.saturating_sub(1),
                    _ => {}
                },
                _ => {}
            }
        }
        path
    }
}

/// Where the value at `path` comes from, in the words `template show` prints.
fn origin_of(path: &str) -> String {
    let head = path.split(['.', '[']).next().unwrap_or(path);
    match head {
        "requester" => "requester profile (docket config set)".to_string(),
        "agency" => "agency record".to_string(),
        "law" => "the jurisdiction's rule".to_string(),
        "request" => "the request".to_string(),
        "today" => "today's date (--today)".to_string(),
        _ => format!("--set {head}=..."),
    }
}

/// What to do about a missing value, by where it comes from.
fn hint_for(variable: &str, data: &Value) -> String {
    let (head, field) = variable.split_once('.').unwrap_or((variable, ""));
    match head {
        "requester" if crate::config::Profile::KEYS.contains(&field) => format!(
            "set it with `docket config set {field} ...`, or give it with --set {field}=..."
        ),
        "requester" => "your profile has no such key: fix the template".to_string(),
        "agency" => {
            let slug = data["agency"]["slug"].as_str().unwrap_or("SLUG");
            let flag = match field {
                "email" => Some("email"),
                "mailing_address" => Some("address"),
                "phone" => Some("phone"),
                "records_officer" => Some("officer"),
                "portal_url" => Some("portal"),
                "county" => Some("county"),
                _ => None,
            };
            match flag {
                Some(flag) => format!(
                    "the agency record has no {field}: add it with `docket agency edit {slug} --{flag} ...`"
                ),
                None => format!("the agency record has no {field}"),
            }
        }
        "law" => {
            let code = data["law"]["code"].as_str().unwrap_or("ST");
            format!("the rule for {code} has no {field}: see `docket law show {code}`")
        }
        "request" => format!("the request has no {field} yet, and this letter needs it"),
        "today" => "the context has no date for today".to_string(),
        _ if field.is_empty() => format!("give it with --set {head}=..."),
        _ => format!("give '{head}' with --set {head}=..."),
    }
}

fn render_error(template: &str, data: &Value, e: RenderError) -> LetterError {
    let location = match (&e.template_name, e.line_no) {
        (Some(t), Some(line)) => format!(" ('{t}', line {line})"),
        (Some(t), None) => format!(" ('{t}')"),
        _ => String::new(),
    };
    match e.reason() {
        RenderErrorReason::MissingVariable(Some(path)) => {
            let variable = clean_path(path);
            LetterError::MissingVariable {
                template: template.to_string(),
                hint: hint_for(&variable, data),
                variable,
            }
        }
        RenderErrorReason::CannotIncludeSelf => LetterError::Recursion {
            template: template.to_string(),
            cycle: e
                .template_name
                .clone()
                .unwrap_or_else(|| template.to_string()),
        },
        RenderErrorReason::PartialNotFound(p) => LetterError::Render {
            template: template.to_string(),
            message: format!(
                "it includes '{p}'{location}, which is no template: add {p}.hbs to your template directory or fix the name"
            ),
        },
        reason => LetterError::Render {
            template: template.to_string(),
            message: format!("{reason}{location}"),
        },
    }
}

/// `this.x`, `./x` and `@root.x` all name `x`; `a/b` is `a.b`.
fn clean_path(path: &str) -> String {
    let mut p = path.trim();
    for prefix in ["@root.", "@root/", "this.", "this/", "./"] {
        if let Some(rest) = p.strip_prefix(prefix) {
            p = rest;
        }
    }
    p.replace('/', ".")
}

/// Removes every `null` member, recursively, so absent and null mean the same to templates.
fn without_nulls(v: &Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .filter(|v| !v.is_null())
                .map(without_nulls)
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Strips trailing spaces, collapses runs of blank lines that optional paragraphs leave
/// behind, turns the ".." of a value ending in a period ("et seq.") before the sentence's own
/// period into one, and ends the letter with one newline.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.trim_start_matches(['\n', '\r']).lines() {
        let line = single_periods(line.trim_end());
        let line = line.as_str();
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// `..` (exactly two periods) becomes `.`; longer runs are left alone.
fn single_periods(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '.' {
            out.push(c);
            continue;
        }
        let mut run = 1;
        while chars.peek() == Some(&'.') {
            chars.next();
            run += 1;
        }
        let keep = if run == 2 { 1 } else { run };
        out.extend(std::iter::repeat_n('.', keep));
    }
    out
}

/// A `key:` line of the header comment that opens the template (`purpose:`, `for:`).
fn header_field(t: &Template, key: &str) -> Option<String> {
    for e in &t.elements {
        match e {
            TemplateElement::RawString(s) if s.trim().is_empty() => continue,
            TemplateElement::Comment(c) => {
                return c
                    .lines()
                    .map(|l| {
                        l.trim()
                            .trim_start_matches("--")
                            .trim_end_matches("--")
                            .trim()
                    })
                    .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
                    .map(|p| p.trim().to_string());
            }
            _ => return None,
        }
    }
    None
}

/// Puts every `--set key=value` at the top level of the context as a string, and the profile
/// keys (name, organization, email, address, phone, news_media) also into `requester`, where
/// they override the profile for this letter. The context objects themselves (`requester`,
/// `agency`, `law`, `request`) cannot be replaced.
pub fn apply_sets(ctx: &mut Value, sets: &[(String, String)]) -> Result<(), LetterError> {
    let Some(map) = ctx.as_object_mut() else {
        return Ok(());
    };
    for (key, value) in sets {
        let bad = |reason: &str| LetterError::BadSet {
            key: key.clone(),
            reason: reason.to_string(),
        };
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(bad(
                "a key is a plain name of letters, digits, '_' or '-' (like records or fee_limit)",
            ));
        }
        if ["requester", "agency", "law", "request"].contains(&key.as_str()) {
            return Err(bad(
                "that name holds the letter's context and cannot be replaced: pick another key",
            ));
        }
        if crate::config::Profile::KEYS.contains(&key.as_str()) {
            let v = if key == "news_media" || key == "fee_waiver" {
                Value::Bool(crate::config::parse_bool(value).ok_or_else(|| {
                    bad("news_media and fee_waiver take true or false (or yes/no)")
                })?)
            } else {
                Value::String(value.clone())
            };
            let requester = map
                .entry("requester")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(r) = requester.as_object_mut() {
                r.insert(key.clone(), v);
            }
        }
        map.insert(key.clone(), Value::String(value.clone()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_dates() {
        // (given, expected): ISO dates become "Month D, YYYY"; other text passes through.
        let cases = [
            ("2026-11-20", Ok("November 20, 2026")),
            ("2026-01-02", Ok("January 2, 2026")),
            ("2024-02-29", Ok("February 29, 2024")),
            ("2026-11-20T10:00:00Z", Ok("November 20, 2026")),
            ("spring 2025", Ok("spring 2025")),
        ];
        for (given, want) in cases {
            assert_eq!(format_long_date(given), want.map(str::to_string), "{given}");
        }
        // 2026 is not a leap year; month 13 does not exist.
        assert!(
            format_long_date("2026-02-29")
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
        assert!(format_long_date("2026-13-01").is_err());
    }

    #[test]
    fn dollar_amounts() {
        let cases = [
            ("50", Some("$50")),
            ("$25", Some("$25")),
            (" 1,000 ", Some("$1,000")),
            ("25.00", Some("$25.00")),
            ("fifty", None),
            ("", None),
            ("1.2.3", None),
        ];
        for (given, want) in cases {
            assert_eq!(format_dollars(given).ok().as_deref(), want, "{given}");
        }
    }

    #[test]
    fn reflow_fills_paragraphs_and_hangs_list_items() {
        // Width 20: "one two three four" is 18 columns; "five" would make 23, so it wraps.
        let text = "one two\nthree four five\n\n1. alpha beta gamma delta\n2. x\n";
        let want = "one two three four\nfive\n\n1. alpha beta gamma\n   delta\n2. x\n";
        assert_eq!(reflow(text, 20, 0), want);
        // A word longer than the width stands alone rather than being cut.
        assert_eq!(
            reflow("a abcdefghijklmnopqrstuvwxyz b", 10, 0),
            "a\nabcdefghijklmnopqrstuvwxyz\nb\n"
        );
        // hang=4: "Re: one two" is 11 columns; "three" would make 17 > 12.
        assert_eq!(
            reflow("Re: one two three", 12, 4),
            "Re: one two\n    three\n"
        );
    }

    #[test]
    fn list_markers() {
        let cases = [
            ("1. x", Some("1.")),
            ("  12) x", Some("12)")),
            ("(a) x", Some("(a)")),
            ("- x", Some("-")),
            ("a. x", Some("a.")),
            ("U.S. Immigration", None),
            ("5 U.S.C.", None),
            ("1.", None),
            ("Dear Sir", None),
        ];
        for (line, want) in cases {
            assert_eq!(list_marker(line), want, "{line}");
        }
    }

    #[test]
    fn tidy_collapses_blank_runs() {
        assert_eq!(tidy("\n\na  \n\n\n\nb\n\n\n"), "a\n\nb\n");
        // (given, expected): a double period becomes one; an ellipsis stays.
        for (given, want) in [
            ("et seq..", "et seq."),
            ("seq.. Next", "seq. Next"),
            ("wait... what", "wait... what"),
            ("a....", "a...."),
        ] {
            assert_eq!(single_periods(given), want);
        }
    }

    #[test]
    fn nulls_are_removed_everywhere() {
        let v = serde_json::json!({"a": null, "b": {"c": null, "d": 1}, "e": [null, 2]});
        assert_eq!(
            without_nulls(&v),
            serde_json::json!({"b": {"d": 1}, "e": [2]})
        );
    }

    #[test]
    fn paths_are_cleaned() {
        for (given, want) in [
            ("records", "records"),
            ("this.records", "records"),
            ("@root.agency.name", "agency.name"),
            ("agency/name", "agency.name"),
        ] {
            assert_eq!(clean_path(given), want);
        }
    }

    #[test]
    fn builtin_names_match_the_embedded_files() {
        let names: Vec<&str> = BUILTINS.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, BUILTIN_NAMES);
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
    }

    /// The contexts the command layer builds, written out by hand: a North Carolina sheriff
    /// (no deadline, no administrative appeal), a New Jersey one (7 business days), a
    /// California one (10 calendar days), and ICE's FOIA office (US). Today is 2026-11-28, a
    /// Saturday; every request was filed on the date shown.
    fn context(state: &str) -> Value {
        use serde_json::json;
        let requester = |news_media: bool| {
            json!({
                "name": "Ana Núñez",
                "organization": "The Piedmont Ledger",
                "email": "ana@piedmontledger.example",
                "address": "P.O. Box 100, Durham, NC 27701",
                "phone": "919-555-0100",
                "news_media": news_media,
                "fee_waiver": true,
            })
        };
        match state {
            // No deadline: calendar days since filing, 2026-11-02 to 2026-11-28 = 26.
            "NC" => json!({
                "requester": requester(true),
                "agency": {
                    "name": "Mecklenburg County Sheriff's Office", "slug": "mecklenburg-so-nc",
                    "state": "NC", "state_name": "North Carolina", "county": "Mecklenburg",
                    "email": "records@mcso.example", "mailing_address": "100 Example Street, Charlotte, NC 28202",
                    "phone": null, "records_officer": null, "kind": "sheriff", "portal_url": null,
                },
                "law": {
                    "code": "NC", "law": "Public Records Law", "citation": "N.C. Gen. Stat. ch. 132",
                    "deadline_phrase": "as promptly as possible",
                    "response_text": "N.C. Gen. Stat. §132-6(a) requires a custodian to permit inspection and provide copies of public records as promptly as possible.",
                    "has_deadline": false,
                    "appeal_route": "none: a civil action or mediation",
                    "has_appeal": false, "appeal_to": null, "appeal_cite": null, "appeal_window_text": null,
                    "remedies": "civil action, N.C. Gen. Stat. §132-9; mediation, §7A-38.3E",
                },
                "request": {
                    "id": 12, "title": "287(g) records", "filed_on": "2026-11-02", "tracking_number": null,
                    "due_on": null, "business_days_late": null, "calendar_days_since_filed": 26,
                    "status": "filed", "denied_on": null,
                },
                "today": "2026-11-28",
            }),
            // 7 business days from Mon 2026-11-02, skipping Election Day (Tue Nov 3) and
            // Veterans Day (Wed Nov 11): Nov 4, 5, 6, 9, 10, 12, 13 -> due Fri Nov 13.
            // Late as of Sat Nov 28: Nov 16-20 (5), 23-25 (3), 27 (1; NJ does not close the
            // day after Thanksgiving, Nov 26 is Thanksgiving) = 9 business days.
            "NJ" => json!({
                "requester": requester(false),
                "agency": {
                    "name": "Monmouth County Sheriff's Office", "slug": "monmouth-so-nj",
                    "state": "NJ", "state_name": "New Jersey", "county": "Monmouth",
                    "email": "opra@mcso-nj.example", "mailing_address": "2500 Example Road, Freehold, NJ 07728",
                    "phone": "732-555-0199", "records_officer": "Jane Roe",
                    "kind": "sheriff", "portal_url": null,
                },
                "law": {
                    "code": "NJ", "law": "Open Public Records Act", "citation": "N.J.S.A. 47:1A-1 et seq.",
                    "deadline_phrase": "within seven business days of receipt",
                    "response_text": "N.J.S.A. 47:1A-5(i) requires a custodian to grant or deny access to a government record within seven business days of receiving the request.",
                    "has_deadline": true,
                    "appeal_route": "none within the agency: a complaint to the Government Records Council or an action in Superior Court",
                    "has_appeal": false, "appeal_to": null, "appeal_cite": null, "appeal_window_text": null,
                    "remedies": ["a complaint to the Government Records Council, N.J.S.A. 47:1A-6", "an action in Superior Court, N.J.S.A. 47:1A-6"],
                },
                "request": {
                    "id": 31, "title": "287(g) records", "filed_on": "2026-11-02", "tracking_number": "W-2026-0457",
                    "due_on": "2026-11-13", "business_days_late": 9, "calendar_days_since_filed": 26,
                    "status": "acknowledged", "denied_on": null,
                },
                "today": "2026-11-28",
            }),
            // 10 calendar days from 2026-11-02 -> Thu Nov 12 (a business day). Late as of Sat
            // Nov 28: Nov 13 (1), 16-20 (5), 23-25 (3) = 9; Nov 26-27 are CA holidays.
            "CA" => json!({
                "requester": requester(true),
                "agency": {
                    "name": "Riverside County Sheriff's Department", "slug": "riverside-so-ca",
                    "state": "CA", "state_name": "California", "county": "Riverside",
                    "email": null, "mailing_address": null, "phone": null,
                    "records_officer": null, "kind": "sheriff",
                    "portal_url": "https://records.rcsd.example/",
                },
                "law": {
                    "code": "CA", "law": "California Public Records Act", "citation": "Gov. Code §7920.000 et seq.",
                    "deadline_phrase": "within 10 days of receipt",
                    "response_text": "Gov. Code §7922.535(a) requires the agency, within 10 days of receiving a request, to determine whether it seeks disclosable public records and to notify me of that determination and its reasons.",
                    "has_deadline": true,
                    "appeal_route": "none: a petition in superior court",
                    "has_appeal": false, "appeal_to": null, "appeal_cite": null, "appeal_window_text": null,
                    "remedies": "a petition to the superior court, Gov. Code §7923.000",
                },
                "request": {
                    "id": 47, "title": null, "filed_on": "2026-11-02", "tracking_number": "R001234-110226",
                    "due_on": "2026-11-12", "business_days_late": 9, "calendar_days_since_filed": 26,
                    "status": "filed", "denied_on": null,
                },
                "today": "2026-11-28",
            }),
            // 20 working days from Thu 2026-10-01, skipping Columbus Day (Oct 12): due Fri
            // Oct 30. Late as of Sat Nov 28: Nov 2-6 (5), 9-10 (2), 12-13 (2; Nov 11 is
            // Veterans Day), 16-20 (5), 23-25 (3), 27 (1; Nov 26 is Thanksgiving) = 18.
            "US" => json!({
                "requester": requester(true),
                "agency": {
                    "name": "U.S. Immigration and Customs Enforcement", "slug": "ice-foia",
                    "state": "US", "state_name": "United States (federal)", "county": null,
                    "email": "ice-foia@ice.example", "mailing_address": "500 Example Street SW, Washington, DC 20536",
                    "phone": null, "records_officer": null, "kind": "federal", "portal_url": null,
                },
                "law": {
                    "code": "US", "law": "Freedom of Information Act", "citation": "5 U.S.C. §552",
                    "deadline_phrase": "within 20 working days of receipt",
                    "response_text": "The Act requires a determination within 20 working days of receipt (5 U.S.C. §552(a)(6)(A)(i)).",
                    "has_deadline": true,
                    "appeal_route": "an administrative appeal within the agency",
                    "has_appeal": true,
                    "appeal_to": "ICE Office of the Principal Legal Advisor, Government Information Law Division",
                    "appeal_cite": "5 U.S.C. §552(a)(6)(A) and 6 C.F.R. §5.8",
                    "appeal_window_text": "within 90 working days of the adverse determination (6 C.F.R. §5.8(a)(1))",
                    "remedies": null,
                },
                "request": {
                    "id": 58, "title": "287(g) agreement with Mecklenburg County", "filed_on": "2026-10-01",
                    "tracking_number": "2027-ICFO-01234", "due_on": "2026-10-30", "business_days_late": 18,
                    "calendar_days_since_filed": 58, "status": "denied", "denied_on": "2026-11-20",
                },
                "today": "2026-11-28",
            }),
            other => panic!("no test context for {other}"),
        }
    }

    /// The --set values each letter is drafted with in the snapshots.
    fn sets_for(template: &str, state: &str) -> Vec<(String, String)> {
        let pairs: &[(&str, &str)] = match (template, state) {
            ("initial", _) => &[(
                "records",
                "The jail's booking logs for May 2026, showing for each person booked the booking date, the charges and the date of release.",
            )],
            ("287g-communications", _) => &[("since", "2025-01-20")],
            ("287g-detainers", "NJ") => &[("since", "2025-01-01"), ("until", "2026-10-31")],
            ("287g-detainers", _) => &[("since", "2025-01-01")],
            ("287g-agreement", "CA") => &[("since", "2024-01-01"), ("fee_limit", "25")],
            ("ice-foia", _) => &[
                (
                    "office",
                    "Mecklenburg County Sheriff's Office (North Carolina)",
                ),
                ("since", "2025-01-20"),
            ],
            _ => &[],
        };
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn builtins() -> Templates {
        Templates::load(None, false).unwrap()
    }

    fn draft(t: &Templates, template: &str, state: &str) -> Result<String, LetterError> {
        let mut ctx = context(state);
        apply_sets(&mut ctx, &sets_for(template, state)).unwrap();
        t.render(template, &ctx)
    }

    /// Snapshots are named without the module path so the files keep their names whatever
    /// the crate is called.
    fn snapshot(name: &str, text: &str) {
        insta::with_settings!({ prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(name, text);
        });
    }

    const STATE_LETTERS: &[&str] = &[
        "initial",
        "287g-agreement",
        "287g-detainers",
        "287g-encounters",
        "287g-communications",
        "287g-costs",
        "followup",
        "appeal",
    ];

    #[test]
    fn every_letter_for_three_states() {
        let t = builtins();
        for state in ["NC", "NJ", "CA"] {
            for template in STATE_LETTERS {
                let text = match draft(&t, template, state) {
                    Ok(text) => text,
                    Err(e) => format!("error: {e}\n"),
                };
                snapshot(
                    &format!("letter_{}_{template}", state.to_lowercase()),
                    &text,
                );
            }
        }
    }

    #[test]
    fn federal_letters() {
        let t = builtins();
        for template in ["ice-foia", "followup", "appeal"] {
            let text = draft(&t, template, "US").unwrap();
            snapshot(&format!("letter_us_{template}"), &text);
        }
        // A requester who is not news media, from a university: educational fee category,
        // no fee waiver paragraph.
        let mut ctx = context("US");
        let mut sets = sets_for("ice-foia", "US");
        sets.push(("news_media".into(), "no".into()));
        sets.push((
            "organization".into(),
            "Duke University School of Law".into(),
        ));
        sets.push(("fee_category".into(), "educational".into()));
        apply_sets(&mut ctx, &sets).unwrap();
        snapshot(
            "letter_us_ice-foia_educational",
            &t.render("ice-foia", &ctx).unwrap(),
        );
    }

    #[test]
    fn letters_stay_within_80_columns() {
        let t = builtins();
        let mut cases: Vec<(&str, &str)> = Vec::new();
        for state in ["NC", "NJ", "CA"] {
            for template in STATE_LETTERS.iter().filter(|n| **n != "appeal") {
                cases.push((template, state));
            }
        }
        cases.extend([("ice-foia", "US"), ("followup", "US"), ("appeal", "US")]);
        for (template, state) in cases {
            let text = draft(&t, template, state).unwrap();
            for line in text.lines() {
                assert!(line.chars().count() <= 80, "{template}/{state}: {line}");
            }
            assert!(!text.contains("{{"), "{template}/{state}");
            for line in text.lines() {
                assert!(
                    !line.trim_start().contains("  "),
                    "{template}/{state}: {line}"
                );
            }
        }
    }

    #[test]
    fn appeal_is_refused_where_there_is_none() {
        let e = draft(&builtins(), "appeal", "NC").unwrap_err();
        assert_eq!(
            e.to_string(),
            "North Carolina has no administrative appeal: the options are civil action, \
             N.C. Gen. Stat. §132-9; mediation, §7A-38.3E"
        );
        // A list of remedies is joined; no remedies at all still says what to do.
        let e = Templates::check_appeal(&context("NJ"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("Government Records Council, N.J.S.A. 47:1A-6; an action"),
            "{e}"
        );
        let mut ctx = context("CA");
        ctx["law"]["remedies"] = Value::Null;
        let e = Templates::check_appeal(&ctx).unwrap_err().to_string();
        assert!(
            e.contains("California has no administrative appeal: see `docket law show`"),
            "{e}"
        );
        assert!(Templates::check_appeal(&context("US")).is_ok());
        // Even a user's own appeal template is refused, since the check is in code.
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("appeal.hbs"), "I appeal.\n").unwrap();
        let t = Templates::load(Some(dir.path()), true).unwrap();
        assert!(matches!(
            t.render("appeal", &context("NC")),
            Err(LetterError::NoAppeal { .. })
        ));
    }

    #[test]
    fn a_user_template_replaces_a_builtin() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("_signature.hbs");
        fs::write(
            &path,
            "{{!-- purpose: My signature --}}\nYours,\n{{upper requester.name}}\n",
        )
        .unwrap();
        // Files of other kinds are not templates.
        fs::write(dir.path().join("notes.txt"), "{{broken").unwrap();
        let t = Templates::load(Some(dir.path()), true).unwrap();
        let info = t.info("_signature").unwrap();
        assert_eq!(info.source, Source::User(path));
        assert_eq!(info.purpose, "My signature");
        assert_eq!(t.info("initial").unwrap().source, Source::Builtin);
        let text = draft(&t, "initial", "NC").unwrap();
        assert!(text.ends_with("Yours,\nANA NÚÑEZ\n"), "{text}");
        assert!(!text.contains("Sincerely"));
        assert_eq!(t.list().len(), BUILTINS.len());
    }

    #[test]
    fn a_user_directory_may_add_templates() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("thanks.hbs"),
            "{{!--\npurpose: Thanks for the records\n--}}\n{{> _letterhead}}\n\nThank you, {{default agency.records_officer \"Custodian of Records\"}}, for the records of {{long_date request.filed_on}}.\n\n{{> _signature}}\n",
        )
        .unwrap();
        let t = Templates::load(Some(dir.path()), true).unwrap();
        let names: Vec<String> = t.list().into_iter().map(|i| i.name).collect();
        assert!(names.contains(&"thanks".to_string()));
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted, "list is sorted by name");
        assert_eq!(t.info("thanks").unwrap().purpose, "Thanks for the records");
        let text = t.render("thanks", &context("NC")).unwrap();
        assert!(
            text.contains("Thank you, Custodian of Records, for the records of November 2, 2026.")
        );
        assert!(text.starts_with("November 28, 2026\n\nCustodian of Records\n"));
    }

    #[test]
    fn template_directories() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        let e = Templates::load(Some(&missing), true).unwrap_err();
        assert!(matches!(e, LetterError::MissingDir(_)));
        assert!(e.to_string().contains("does not exist"), "{e}");
        // The default directory may be absent.
        assert_eq!(
            Templates::load(Some(&missing), false).unwrap().list().len(),
            BUILTINS.len()
        );
        let file = dir.path().join("file.hbs");
        fs::write(&file, "x").unwrap();
        assert!(matches!(
            Templates::load(Some(&file), true),
            Err(LetterError::NotADir(_))
        ));
    }

    #[test]
    fn a_template_that_does_not_parse_names_its_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("bad.hbs"), "line one\n{{#if x}}\nno end\n").unwrap();
        let e = Templates::load(Some(dir.path()), true).unwrap_err();
        let msg = e.to_string();
        assert!(matches!(e, LetterError::Parse { .. }), "{msg}");
        assert!(msg.starts_with("template 'bad' ("), "{msg}");
        assert!(msg.contains("bad.hbs) does not parse, line"), "{msg}");
    }

    #[test]
    fn a_missing_variable_names_itself() {
        let t = builtins();
        let e = t.render("initial", &context("NC")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "template 'initial' needs 'records': give it with --set records=..."
        );
        // A null counts as missing where a template prints it unguarded, and the hint says
        // where the value comes from.
        let mut ctx = context("NC");
        ctx["requester"]["name"] = Value::Null;
        ctx["records"] = "x".into();
        let e = t.render("initial", &ctx).unwrap_err();
        assert_eq!(
            e.to_string(),
            "template 'initial' needs 'requester.name': set it with `docket config set name ...`, \
             or give it with --set name=..."
        );
        let e = t
            .render("ice-foia", &context("US"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("needs 'office'"), "{e}");
        let e = t
            .render("287g-communications", &context("NJ"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("needs 'since'"), "{e}");
        // The no-deadline follow-up needs the days since filing.
        let mut ctx = context("NC");
        ctx["request"]["calendar_days_since_filed"] = Value::Null;
        let e = t.render("followup", &ctx).unwrap_err().to_string();
        assert!(
            e.contains("needs 'request.calendar_days_since_filed': the request has no"),
            "{e}"
        );
    }

    #[test]
    fn agency_gaps_point_at_agency_edit() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("x.hbs"), "{{agency.email}}\n").unwrap();
        let t = Templates::load(Some(dir.path()), true).unwrap();
        let e = t.render("x", &context("CA")).unwrap_err().to_string();
        assert!(
            e.contains("add it with `docket agency edit riverside-so-ca --email ...`"),
            "{e}"
        );
    }

    #[test]
    fn a_bad_date_from_set_is_an_error() {
        let mut ctx = context("NC");
        apply_sets(&mut ctx, &[("since".into(), "2025-02-30".into())]).unwrap();
        let e = builtins()
            .render("287g-communications", &ctx)
            .unwrap_err()
            .to_string();
        assert!(e.contains("'2025-02-30' is not a real date"), "{e}");
    }

    #[test]
    fn partial_loops_are_errors_not_stack_overflows() {
        // (files, template rendered, cycle named)
        type Files<'a> = &'a [(&'a str, &'a str)];
        let cases: &[(Files, &str, &str)] = &[
            (
                &[("selfish", "a {{> selfish}}")],
                "selfish",
                "selfish -> selfish",
            ),
            (
                &[
                    ("ping", "{{> pong}}"),
                    ("pong", "{{#if x}}{{> ping}}{{/if}}"),
                ],
                "ping",
                "ping -> pong -> ping",
            ),
            (
                &[("deep", "{{#*inline \"r\"}}{{> r}}{{/inline}}{{> r}}")],
                "deep",
                "r -> r",
            ),
            // A user's part that includes a letter that includes it back.
            (
                &[("_fees", "{{> initial}}")],
                "initial",
                "initial -> _fees -> initial",
            ),
        ];
        for (files, name, cycle) in cases {
            let dir = tempfile::tempdir().unwrap();
            for (file, text) in *files {
                fs::write(dir.path().join(format!("{file}.hbs")), text).unwrap();
            }
            let t = Templates::load(Some(dir.path()), true).unwrap();
            let mut ctx = context("NC");
            ctx["records"] = "x".into();
            match t.render(name, &ctx) {
                Err(LetterError::Recursion { cycle: c, .. }) => {
                    assert!(c.contains(cycle), "{name}: {c}")
                }
                other => panic!("{name}: {other:?}"),
            }
        }
    }

    #[test]
    fn export_writes_the_builtins_and_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("templates");
        let written = Templates::export(&out, false).unwrap();
        assert_eq!(written.len(), BUILTINS.len());
        assert_eq!(
            fs::read_to_string(out.join("initial.hbs")).unwrap(),
            builtins().text("initial").unwrap()
        );
        fs::write(out.join("initial.hbs"), "mine").unwrap();
        let e = Templates::export(&out, false).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains(".hbs already exists: use --force"), "{msg}");
        // Nothing was overwritten.
        assert_eq!(fs::read_to_string(out.join("initial.hbs")).unwrap(), "mine");
        Templates::export(&out, true).unwrap();
        assert_ne!(fs::read_to_string(out.join("initial.hbs")).unwrap(), "mine");
        // The exported set loads back as overrides that render the same letters.
        let t = Templates::load(Some(&out), true).unwrap();
        assert!(matches!(t.info("initial").unwrap().source, Source::User(_)));
        assert_eq!(
            draft(&t, "initial", "NJ").unwrap(),
            draft(&builtins(), "initial", "NJ").unwrap()
        );
    }

    #[test]
    fn variables_of_initial() {
        let vars = builtins().variables("initial").unwrap();
        let get = |name: &str| {
            vars.iter()
                .find(|v| v.name == name)
                .unwrap_or_else(|| panic!("{name} not in {vars:?}"))
        };
        // (name, from, required)
        let cases = [
            ("today", "today's date (--today)", true),
            ("agency.records_officer", "agency record", false),
            ("agency.name", "agency record", true),
            ("agency.mailing_address", "agency record", false),
            ("law.law", "the jurisdiction's rule", true),
            ("law.citation", "the jurisdiction's rule", true),
            ("records", "--set records=...", true),
            ("law.response_text", "the jurisdiction's rule", false),
            ("law.has_deadline", "the jurisdiction's rule", false),
            (
                "requester.news_media",
                "requester profile (docket config set)",
                false,
            ),
            ("fee_limit", "--set fee_limit=...", false),
            (
                "requester.email",
                "requester profile (docket config set)",
                false,
            ),
            (
                "requester.name",
                "requester profile (docket config set)",
                true,
            ),
        ];
        for (name, from, required) in cases {
            let v = get(name);
            assert_eq!((v.from.as_str(), v.required), (from, required), "{name}");
        }
        // First appearance order: the letterhead comes first.
        assert_eq!(vars[0].name, "today");
        let names: HashSet<&str> = vars.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names.len(), vars.len(), "no duplicates");
        assert!(!names.contains("if") && !names.contains("long_date"));
    }

    #[test]
    fn variables_follow_with_and_each_scopes() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("scoped.hbs"),
            "{{#with agency}}{{name}} {{../today}}{{/with}}{{#each items}}{{label}}{{/each}}{{@root.x}}",
        )
        .unwrap();
        let t = Templates::load(Some(dir.path()), true).unwrap();
        let names: Vec<String> = t
            .variables("scoped")
            .unwrap()
            .into_iter()
            .map(|v| v.name)
            .collect();
        assert_eq!(
            names,
            [
                "agency",
                "agency.name",
                "today",
                "items",
                "items[].label",
                "x"
            ]
        );
    }

    #[test]
    fn unknown_templates_list_the_known_ones() {
        let e = builtins().info("intial").unwrap_err().to_string();
        assert!(
            e.starts_with("unknown template 'intial': use one of 287g-agreement,"),
            "{e}"
        );
        assert!(e.contains("initial") && !e.contains("_fees"), "{e}");
    }

    #[test]
    fn every_builtin_has_a_purpose() {
        let t = builtins();
        for info in t.list() {
            assert!(!info.purpose.starts_with('('), "{}", info.name);
            assert!(info.purpose.len() < 160, "{}: keep it to a line", info.name);
            assert_eq!(info.is_part(), info.name.starts_with('_'));
        }
        assert_eq!(
            t.info("initial").unwrap().purpose,
            "A general records request under the agency's state law"
        );
    }

    #[test]
    fn sets_override_the_profile() {
        let mut ctx = context("NC");
        apply_sets(
            &mut ctx,
            &[
                ("name".into(), "A. N. Other".into()),
                ("news_media".into(), "no".into()),
                ("records".into(), "x".into()),
            ],
        )
        .unwrap();
        assert_eq!(ctx["requester"]["name"], "A. N. Other");
        assert_eq!(ctx["requester"]["news_media"], false);
        assert_eq!(ctx["records"], "x");
        assert_eq!(ctx["name"], "A. N. Other");
        let text = builtins().render("initial", &ctx).unwrap();
        assert!(text.contains("A. N. Other") && !text.contains("news media"));
        // (key, value): refused
        for (key, value) in [
            ("news_media", "maybe"),
            ("agency", "x"),
            ("a b", "x"),
            ("", "x"),
        ] {
            let e = apply_sets(&mut ctx, &[(key.into(), value.into())]).unwrap_err();
            assert!(matches!(e, LetterError::BadSet { .. }), "{key}");
        }
    }

    #[test]
    fn if_on_absent_and_null_values_is_false_and_strict_elsewhere() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("t.hbs"),
            "{{#if agency.phone}}P{{else}}-{{/if}}{{#if nothing}}N{{else}}-{{/if}}{{#unless request.due_on}}u{{/unless}}",
        )
        .unwrap();
        let t = Templates::load(Some(dir.path()), true).unwrap();
        assert_eq!(t.render("t", &context("NC")).unwrap(), "--u\n");
        // HTML escaping is off: an ampersand or a quote stays as typed.
        fs::write(dir.path().join("t.hbs"), "{{agency.name}} & \"{{x}}\"").unwrap();
        let t = Templates::load(Some(dir.path()), true).unwrap();
        let mut ctx = context("NC");
        ctx["x"] = "<b>&</b>".into();
        assert_eq!(
            t.render("t", &ctx).unwrap(),
            "Mecklenburg County Sheriff's Office & \"<b>&</b>\"\n"
        );
    }
}
