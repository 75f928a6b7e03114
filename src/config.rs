//! The requester's profile: who signs the letters (`docket config set KEY VALUE`), kept as TOML
//! at a path the caller resolves (`$XDG_CONFIG_HOME/docket/config.toml`).
//!
//! The file may hold contact details a reporter would rather keep private, so it is written
//! owner-only (directory 0700, file 0600) and atomically (a temporary file renamed over the
//! old one), so a crash never leaves half a profile.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The requester's profile, as letters see it under `requester`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Asks for news-media fee treatment in letters.
    #[serde(default)]
    pub news_media: bool,
    /// Asks the public-interest fee waiver in FOIA letters (on unless turned off): it is open
    /// to any requester, not only the press (5 U.S.C. §552(a)(4)(A)(iii)).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub fee_waiver: bool,
    /// The requester's own words on how they will use and share the records, for the waiver.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_waiver_reason: Option<String>,
}

impl Default for Profile {
    fn default() -> Profile {
        Profile {
            name: None,
            organization: None,
            email: None,
            address: None,
            phone: None,
            news_media: false,
            fee_waiver: true,
            fee_waiver_reason: None,
        }
    }
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

impl Profile {
    /// The keys `docket config set` accepts.
    pub const KEYS: &[&str] = &[
        "name",
        "organization",
        "email",
        "address",
        "phone",
        "news_media",
        "fee_waiver",
        "fee_waiver_reason",
    ];

    /// Reads the profile; an absent file is an empty profile.
    pub fn load(path: &Path) -> anyhow::Result<Profile> {
        let text = match fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Profile::default()),
            Err(e) => {
                return Err(e).with_context(|| format!("cannot read {}", path.display()));
            }
        };
        toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            let at = line.map(|l| format!(" at line {l}")).unwrap_or_default();
            anyhow::anyhow!(
                "bad profile {}{at}: {}; fix the file or set the keys again with `docket config set` (keys: {})",
                path.display(),
                e.message().trim(),
                Profile::KEYS.join(", ")
            )
        })
    }

    /// Writes the profile atomically, creating its directory (0700) if needed; the file is 0600.
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if !dir.exists() {
            create_private_dir(dir)
                .with_context(|| format!("cannot create directory {}", dir.display()))?;
        }
        let text = toml::to_string(self).context("cannot write the profile as TOML")?;
        let file_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("config.toml");
        let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
        let written = write_private(&tmp, text.as_bytes()).and_then(|()| fs::rename(&tmp, path));
        if let Err(e) = written {
            // The temporary file is ours and useless now; the old profile is untouched.
            let _ = fs::remove_file(&tmp);
            return Err(e).with_context(|| format!("cannot write {}", path.display()));
        }
        Ok(())
    }

    /// Sets one key from text; an empty value clears it (`news_media` takes true/false/yes/no).
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let v = value.trim();
        let text = || (!v.is_empty()).then(|| v.to_string());
        let one_line = |what: &str| {
            if v.contains(['\n', '\r']) {
                Err(format!("{what} must be on one line"))
            } else {
                Ok(text())
            }
        };
        match key.trim() {
            "name" => self.name = one_line("name")?,
            "organization" => self.organization = one_line("organization")?,
            "email" => {
                if !v.is_empty() && (!v.contains('@') || v.contains(char::is_whitespace)) {
                    return Err(format!(
                        "'{v}' does not look like an email address (like reporter@example.org)"
                    ));
                }
                self.email = text();
            }
            // A mailing address may span lines.
            "address" => self.address = text(),
            "phone" => self.phone = one_line("phone")?,
            "news_media" => {
                self.news_media = parse_bool(v).ok_or_else(|| {
                    format!("news_media takes true or false (or yes/no), not '{v}'")
                })?;
            }
            "fee_waiver" => {
                self.fee_waiver = parse_bool(v).ok_or_else(|| {
                    format!("fee_waiver takes true or false (or yes/no), not '{v}'")
                })?;
            }
            "fee_waiver_reason" => self.fee_waiver_reason = text(),
            other => {
                return Err(format!(
                    "unknown profile key '{other}': use one of {}",
                    Profile::KEYS.join(", ")
                ));
            }
        }
        Ok(())
    }

    /// The profile as the letters' `requester` object; unset keys are null.
    pub fn to_json(&self) -> Value {
        json!({
            "name": self.name,
            "organization": self.organization,
            "email": self.email,
            "address": self.address,
            "phone": self.phone,
            "news_media": self.news_media,
            "fee_waiver": self.fee_waiver,
            "fee_waiver_reason": self.fee_waiver_reason,
        })
    }
}

/// "true"/"yes"/"1"/"on" and "false"/"no"/"0"/"off", in any case.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "on" => Some(true),
        "false" | "no" | "n" | "0" | "off" => Some(false),
        _ => None,
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_file_is_an_empty_profile() {
        let dir = tempfile::tempdir().unwrap();
        let p = Profile::load(&dir.path().join("nope.toml")).unwrap();
        assert_eq!(p, Profile::default());
    }

    #[test]
    fn save_then_load_round_trips_with_private_modes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("docket").join("config.toml");
        let mut p = Profile::default();
        p.set("name", "Ana Núñez").unwrap();
        p.set("email", "ana@example.org").unwrap();
        p.set("address", "1 Main St\nDurham, NC 27701").unwrap();
        p.set("news_media", "yes").unwrap();
        p.save(&path).unwrap();
        assert_eq!(Profile::load(&path).unwrap(), p);
        // Saving again replaces the file in place.
        p.set("phone", "919-555-0100").unwrap();
        p.save(&path).unwrap();
        assert_eq!(
            Profile::load(&path).unwrap().phone.as_deref(),
            Some("919-555-0100")
        );
        let leftovers: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("config.toml")]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(path.parent().unwrap()), 0o700);
        }
    }

    #[test]
    fn bad_toml_names_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        fs::write(&path, "name = \"Ana\"\nemail = \n").unwrap();
        let e = Profile::load(&path).unwrap_err().to_string();
        assert!(e.contains("config.toml at line 2"), "{e}");
        assert!(!e.contains('\n'), "one line: {e}");
        fs::write(&path, "name = \"Ana\"\nemial = \"x@y\"\n").unwrap();
        let e = Profile::load(&path).unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("emial"), "{e}");
    }

    #[test]
    fn set_checks_keys_and_values() {
        let mut p = Profile::default();
        // (key, value, ok?)
        let cases = [
            ("name", "Ana", true),
            ("news_media", "TRUE", true),
            ("news_media", "no", true),
            ("news_media", "maybe", false),
            ("email", "not-an-address", false),
            ("phone", "1\n2", false),
            ("twitter", "@ana", false),
        ];
        for (key, value, ok) in cases {
            assert_eq!(p.set(key, value).is_ok(), ok, "{key}={value}");
        }
        assert!(!p.news_media);
        let e = p.set("twitter", "x").unwrap_err();
        assert!(
            e.contains("name, organization, email, address, phone, news_media"),
            "{e}"
        );
        p.set("name", "").unwrap();
        assert_eq!(p.name, None);
    }

    #[test]
    fn to_json_has_every_key() {
        let mut p = Profile::default();
        p.set("name", "Ana").unwrap();
        let v = p.to_json();
        for k in Profile::KEYS {
            assert!(v.get(k).is_some(), "{k}");
        }
        assert_eq!(v["name"], "Ana");
        assert!(v["email"].is_null());
        assert_eq!(v["news_media"], false);
    }
}
