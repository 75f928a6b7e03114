//! Team sync's ways out: bundles sealed for the team (`seal.rs`: encrypted with the team's key,
//! bound to their path, signed by their member) and the storage they travel through
//! (`medium.rs`: a folder a file-sync service replicates, or an S3-compatible bucket). What
//! goes into a bundle and what is done with one that arrives is the application's
//! (`app/sync.rs`); nothing here reads or writes the database.

pub mod medium;
pub mod seal;

use anyhow::{Result, bail};
use data_encoding::BASE32_NOPAD;

/// The shared secret of a team and its id, as an invite code carries them.
#[derive(Debug, Clone, PartialEq)]
pub struct Invite {
    pub team: String,
    pub key: [u8; 32],
}

const INVITE_PREFIX: &str = "DKT1-";

impl Invite {
    /// The code a member types or pastes: `DKT1-` and base32 of the team id and key, in
    /// groups of eight for reading aloud.
    pub fn code(&self) -> String {
        let mut raw = Vec::with_capacity(48);
        raw.extend_from_slice(
            uuid::Uuid::parse_str(&self.team)
                .unwrap_or_default()
                .as_bytes(),
        );
        raw.extend_from_slice(&self.key);
        let text = BASE32_NOPAD.encode(&raw);
        let groups: Vec<&str> = text
            .as_bytes()
            .chunks(8)
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect();
        format!("{INVITE_PREFIX}{}", groups.join("-"))
    }

    /// Reads a code as `code` gives it (dashes, spaces and case do not matter).
    pub fn parse(code: &str) -> Result<Invite> {
        let body: String = code
            .trim()
            .to_ascii_uppercase()
            .strip_prefix(INVITE_PREFIX.trim_end_matches('-'))
            .unwrap_or("")
            .chars()
            .filter(|c| !matches!(c, '-' | ' '))
            .collect();
        let raw = BASE32_NOPAD.decode(body.as_bytes()).ok();
        let Some(raw) = raw.filter(|r| r.len() == 48) else {
            bail!(
                "that is not a docket invite code (it starts with {INVITE_PREFIX} and has 77 letters and digits): ask the member who ran `docket team invite` to send it again"
            );
        };
        let team = uuid::Uuid::from_slice(&raw[..16])
            .map(|u| u.to_string())
            .unwrap_or_default();
        let mut key = [0u8; 32];
        key.copy_from_slice(&raw[16..]);
        Ok(Invite { team, key })
    }
}

/// 32 random bytes from the operating system.
pub fn random_key() -> Result<[u8; 32]> {
    let mut k = [0u8; 32];
    getrandom::fill(&mut k).map_err(|e| anyhow::anyhow!("no randomness from the system: {e}"))?;
    Ok(k)
}

pub use crate::ops::team_ref;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invite_code_reads_back_whatever_its_spacing_and_case() {
        let i = Invite {
            team: "0195d4e6-3ded-72fa-8f63-1942d02bcd9d".into(),
            key: [7u8; 32],
        };
        let code = i.code();
        assert!(code.starts_with("DKT1-"), "{code}");
        assert_eq!(Invite::parse(&code).unwrap(), i);
        assert_eq!(
            Invite::parse(&code.to_lowercase().replace('-', " ")).unwrap(),
            i
        );
        let mut wrong = code.clone();
        wrong.truncate(code.len() - 3);
        assert!(Invite::parse(&wrong).is_err());
        assert!(Invite::parse("hello").is_err());
    }

    #[test]
    fn a_team_reference_is_six_unambiguous_characters_fixed_by_the_uid() {
        let r = team_ref("0195d4e6-3ded-72fa-8f63-1942d02bcd9d");
        assert_eq!(r.len(), 6);
        assert!(
            r.chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        );
        assert!(!r.contains(['I', 'L', 'O', 'U']));
        assert_eq!(r, team_ref("0195d4e6-3ded-72fa-8f63-1942d02bcd9d"));
        assert_ne!(r, team_ref("0195d4e6-3ded-72fa-8f63-1942d02bcd9e"));
    }

    /// About one uid in a thousand gives six digits, which every command would read as a
    /// request number: those references start with a letter instead.
    #[test]
    fn a_team_reference_is_never_all_digits() {
        let mut digits_only = 0;
        for i in 0..20_000u32 {
            let uid = format!("0195d4e6-3ded-72fa-8f63-{i:012x}");
            let r = team_ref(&uid);
            assert!(r.chars().any(|c| c.is_ascii_alphabetic()), "{uid}: {r}");
            if r[1..].chars().all(|c| c.is_ascii_digit()) && matches!(r.as_bytes()[0], b'A'..=b'K')
            {
                digits_only += 1;
            }
        }
        assert!(digits_only > 0, "the all-digit case never came up");
    }
}
