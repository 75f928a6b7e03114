//! Bringing a database to this version of docket: its built-in rule table and its built-in
//! federal agencies, written when they differ from the ones stored, on every open.

use std::collections::HashMap;

use anyhow::Result;
use chrono::NaiveDate;

use crate::db;

/// Writes the built-in rule table into the database when this program's table differs from the
/// one stored (a new database, or a new version of docket), and recomputes every filed request
/// in the same transaction so cached due dates follow the new rules.
pub fn sync_rules(db: &mut crate::db::Db, today: NaiveDate) -> Result<()> {
    let rules = crate::law::builtin_rule_table();
    let hash = json_sha256(rules)?;
    if db::law::meta(db.conn(), "rules_sha256")?.as_deref() == Some(hash.as_str()) {
        return Ok(());
    }
    db.write(|tx| {
        // Another process may have done it while this one waited for the lock.
        if db::law::meta(tx, "rules_sha256")?.as_deref() == Some(hash.as_str()) {
            return Ok(());
        }
        let mut rows = Vec::with_capacity(rules.len());
        for r in rules {
            rows.push(db::law::RuleRow {
                code: &r.code,
                name: crate::law::federal::rule_name(&r.code),
                law: &r.law,
                citation: &r.citation,
                response: r.response.map(|p| p.to_string()),
                verified: r.verified,
                source: &r.source,
                rule_json: serde_json::to_string(r)?,
            });
        }
        db::law::replace_rules(tx, &rows)?;
        crate::app::tracker::recompute_where(tx, today, None, None)?;
        db::law::set_meta(tx, "rules_sha256", &hash)
    })
}

/// Adds the built-in federal agencies to the database, or brings them up to this version's
/// facts where the user has not edited them, when this program's list differs from the one
/// applied last (see [`db::agencies::sync_builtin`]).
pub fn sync_builtin_agencies(db: &mut crate::db::Db) -> Result<()> {
    use crate::import::builtin;
    let json = builtin::records_json();
    let hash = crate::app::documents::sha256_hex(json.as_bytes());
    if db::law::meta(db.conn(), "builtin_agencies_sha256")?.as_deref() == Some(hash.as_str()) {
        return Ok(());
    }
    db.write(|tx| {
        if db::law::meta(tx, "builtin_agencies_sha256")?.as_deref() == Some(hash.as_str()) {
            return Ok(());
        }
        let previous: HashMap<String, builtin::BuiltinAgencyRecord> =
            match db::law::meta(tx, "builtin_agencies")? {
                Some(j) => serde_json::from_str(&j).unwrap_or_default(),
                None => HashMap::new(),
            };
        db::agencies::sync_builtin(tx, builtin::AGENCIES, &previous)?;
        db::law::set_meta(tx, "builtin_agencies", &json)?;
        db::law::set_meta(tx, "builtin_agencies_sha256", &hash)
    })
}

/// The SHA-256, in hex, of `value` as compact JSON: what [`crate::app::documents::sha256_hex`]
/// gives for `serde_json::to_string(value)`, with the text fed to the hash as it is written
/// rather than held whole (every command checks the rule table this way when it opens the
/// database, and the table is some 80 KB of JSON).
fn json_sha256<T: serde::Serialize + ?Sized>(value: &T) -> Result<String> {
    use sha2::Digest;
    struct Hashing(sha2::Sha256);
    impl std::io::Write for Hashing {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.update(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut w = std::io::BufWriter::with_capacity(8192, Hashing(sha2::Sha256::new()));
    serde_json::to_writer(&mut w, value)?;
    let Hashing(hasher) = w.into_inner().map_err(|e| e.into_error())?;
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_table_hashes_as_its_whole_json_did() {
        let rules = crate::law::builtin_rules();
        let json = serde_json::to_string(&rules).unwrap();
        assert_eq!(
            json_sha256(crate::law::builtin_rule_table()).unwrap(),
            crate::app::documents::sha256_hex(json.as_bytes())
        );
        assert_eq!(
            json_sha256(&"x").unwrap(),
            crate::app::documents::sha256_hex(b"\"x\"")
        );
    }
}
