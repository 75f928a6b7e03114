//! Bringing a database to this version of docket: its built-in rule table and its built-in
//! federal agencies, written when they differ from the ones stored, on every open.

use std::collections::HashMap;

use anyhow::Result;
use chrono::NaiveDate;

use crate::db;

/// Writes the built-in rule table into the database when this program's table differs from the
/// one stored (a new database, or a new version of docket), and recomputes every filed request
/// in the same transaction so cached due dates follow the new rules.
///
/// Whether they differ is told by the SHA-256 of the table's JSON, which is most of what
/// opening a database costs (some 80 KB of JSON a command). So a sync also records which table
/// it wrote, by a fingerprint of its values, beside that hash ("rules_written_by"): while the
/// stored hash is still the one recorded there, the stored table is the one with that
/// fingerprint, and a program whose own table has it needs no JSON to know. Any other writer of
/// the table (an older docket) changes the hash and not the record, so the JSON is checked
/// again. Only a sync writes the record: reading commands write nothing.
pub fn sync_rules(db: &mut crate::db::Db, today: NaiveDate) -> Result<()> {
    let rules = crate::law::builtin_rule_table();
    let written_by = |hash: &str| format!("{} {hash}", rules_fingerprint(rules));
    let stored = db::law::meta(db.conn(), "rules_sha256")?;
    if let Some(stored) = &stored
        && db::law::meta(db.conn(), "rules_written_by")?.as_deref()
            == Some(written_by(stored).as_str())
    {
        return Ok(());
    }
    let hash = json_sha256(rules)?;
    if stored.as_deref() == Some(hash.as_str()) {
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
        db::law::set_meta(tx, "rules_sha256", &hash)?;
        db::law::set_meta(tx, "rules_written_by", &written_by(&hash))
    })
}

/// A fingerprint of the rule table's values (64 bits, in hex): the same table gives the same
/// fingerprint in every run of this program, and a table that differs in any value another one.
/// (Another build may give another for the same table, which only means its JSON is checked
/// once more.)
fn rules_fingerprint(rules: &[crate::law::Rule]) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = Fingerprint(0);
    rules.hash(&mut h);
    format!("{:016x}", h.finish())
}

/// The hasher of [`rules_fingerprint`]: each 8 bytes written (the last ones of a write padded
/// and marked with their count) are folded into the state, which is then mixed by SplitMix64's
/// finaliser, a permutation; so two inputs that differ and then agree end in different states.
/// It guards against no one (the table is this program's own) and is not for hash maps: it
/// tells one rule table from another at a fraction of SipHash's cost, on every command.
struct Fingerprint(u64);

impl Fingerprint {
    fn absorb(&mut self, word: u64) {
        let mut z = self.0 ^ word;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        self.0 = z ^ (z >> 31);
    }
}

impl std::hash::Hasher for Fingerprint {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.absorb(u64::from_le_bytes(w.try_into().expect("8 bytes")));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.absorb(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
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

    fn meta(db: &crate::db::Db, key: &str) -> Option<String> {
        db::law::meta(db.conn(), key).unwrap()
    }

    /// A stored rule's JSON, as `law show` reads it.
    fn stored_rule(db: &crate::db::Db, code: &str) -> String {
        db.conn()
            .query_row(
                "SELECT rule FROM jurisdictions WHERE code = ?1",
                [code],
                |r| r.get(0),
            )
            .unwrap()
    }

    #[test]
    fn a_table_written_by_this_program_is_known_without_its_json_and_any_other_is_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.sqlite3");
        let today = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let mut db = crate::db::Db::open(&path, true).unwrap();
        sync_rules(&mut db, today).unwrap();
        let hash = json_sha256(crate::law::builtin_rule_table()).unwrap();
        let fingerprint = rules_fingerprint(crate::law::builtin_rule_table());
        assert_eq!(meta(&db, "rules_sha256"), Some(hash.clone()));
        assert_eq!(
            meta(&db, "rules_written_by"),
            Some(format!("{fingerprint} {hash}"))
        );
        let ours = stored_rule(&db, "TX");

        // An older docket writes its own table: the hash changes, the record stays, and the
        // table is written again.
        db.conn()
            .execute_batch(
                "UPDATE jurisdictions SET rule = '{}' WHERE code = 'TX';
                 UPDATE meta SET value = 'older' WHERE key = 'rules_sha256';",
            )
            .unwrap();
        sync_rules(&mut db, today).unwrap();
        assert_eq!(stored_rule(&db, "TX"), ours);
        assert_eq!(meta(&db, "rules_sha256"), Some(hash.clone()));

        // A record of another program's table with the same hash: the JSON says it is ours,
        // and nothing is written (a reading command writes nothing).
        db.conn()
            .execute(
                "UPDATE meta SET value = ?1 WHERE key = 'rules_written_by'",
                [format!("0 {hash}")],
            )
            .unwrap();
        sync_rules(&mut db, today).unwrap();
        assert_eq!(meta(&db, "rules_written_by"), Some(format!("0 {hash}")));

        // With the record right, the table is known as it is.
        db.conn()
            .execute(
                "UPDATE meta SET value = ?1 WHERE key = 'rules_written_by'",
                [format!("{fingerprint} {hash}")],
            )
            .unwrap();
        db.conn()
            .execute("UPDATE jurisdictions SET rule = '{}' WHERE code = 'TX'", [])
            .unwrap();
        sync_rules(&mut db, today).unwrap();
        assert_eq!(stored_rule(&db, "TX"), "{}");
    }

    #[test]
    fn a_rule_changed_in_any_value_changes_the_fingerprint() {
        let table = crate::law::builtin_rules();
        let fingerprint = rules_fingerprint(&table);
        assert_eq!(
            fingerprint,
            rules_fingerprint(crate::law::builtin_rule_table())
        );
        let mut changed = table.clone();
        changed[3].notes.push('.');
        assert_ne!(rules_fingerprint(&changed), fingerprint);
        let mut changed = table.clone();
        changed[7].verified = !changed[7].verified;
        assert_ne!(rules_fingerprint(&changed), fingerprint);
        let mut changed = table.clone();
        changed.swap(0, 1);
        assert_ne!(rules_fingerprint(&changed), fingerprint);
        // A character moved from one field to the next, a letter's case, an empty field.
        let mut changed = table.clone();
        let last = changed[5].law.pop().unwrap();
        changed[5].citation.insert(0, last);
        assert_ne!(rules_fingerprint(&changed), fingerprint);
        let mut changed = table.clone();
        changed[9].citation = changed[9].citation.to_uppercase();
        assert_ne!(rules_fingerprint(&changed), fingerprint);
        let mut changed = table;
        changed[0].remedies.clear();
        assert_ne!(rules_fingerprint(&changed), fingerprint);
        // Each single byte of a text, changed, changes it.
        use std::hash::Hasher;
        let text = b"N.C. Gen. Stat. \xc2\xa7132-6(a) 10 business days";
        let of = |bytes: &[u8]| {
            let mut h = Fingerprint(0);
            h.write(bytes);
            h.finish()
        };
        let mut seen = std::collections::HashSet::new();
        seen.insert(of(text));
        for i in 0..text.len() {
            let mut t = text.to_vec();
            t[i] ^= 1;
            assert!(seen.insert(of(&t)), "byte {i}");
            assert!(seen.insert(of(&text[..i])), "prefix {i}");
        }
    }

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
