//! A bundle as it lies on the medium: encrypted with the team's key (XChaCha20-Poly1305, its
//! path as associated data, so a bundle moved or renamed does not open), then signed by the
//! member who wrote it (Ed25519 over the path, the nonce and the ciphertext).
//!
//! `DKTB1` | nonce (24 bytes) | ciphertext | signature (64 bytes)

use anyhow::{Result, anyhow, bail};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

const MAGIC: &[u8] = b"DKTB1";
const NONCE: usize = 24;
const SIG: usize = 64;

fn aad(path: &str) -> Vec<u8> {
    format!("docket-sync/v1\0{path}").into_bytes()
}

/// `plain` sealed for `path` with the team's `key`, signed with `signer`.
pub fn seal(key: &[u8; 32], signer: &SigningKey, path: &str, plain: &[u8]) -> Result<Vec<u8>> {
    let mut nonce = [0u8; NONCE];
    getrandom::fill(&mut nonce).map_err(|e| anyhow!("no randomness from the system: {e}"))?;
    let aad = aad(path);
    let ct = XChaCha20Poly1305::new(&Key::from(*key))
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: plain,
                aad: &aad,
            },
        )
        .map_err(|_| anyhow!("encrypting a bundle failed"))?;
    let mut out = Vec::with_capacity(MAGIC.len() + NONCE + ct.len() + SIG);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    let sig = signer.sign(&signed_part(&aad, &out[MAGIC.len()..]));
    out.extend_from_slice(&sig.to_bytes());
    Ok(out)
}

fn signed_part(aad: &[u8], nonce_and_ct: &[u8]) -> Vec<u8> {
    [aad, nonce_and_ct].concat()
}

/// Why a bundle does not open.
#[derive(Debug, PartialEq)]
pub enum Broken {
    /// Too short, or not a bundle at all: a file still being copied, or cut short.
    Truncated,
    /// It does not decrypt with the team's key at this path: another team's key, a changed
    /// byte, or a file moved from another name.
    WrongKeyOrTampered,
}

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Broken::Truncated => "it is cut short (still being copied, or truncated)",
            Broken::WrongKeyOrTampered => {
                "it does not decrypt with this team's key (another team's key, or changed bytes)"
            }
        })
    }
}

/// The plaintext of a sealed bundle at `path`, and the means to check its signature once the
/// member is known.
pub struct Opened {
    pub plain: Vec<u8>,
    signed: Vec<u8>,
    sig: [u8; SIG],
}

impl Opened {
    /// Checks the signature against the member's public key.
    pub fn verify(&self, public_key: &[u8; 32]) -> Result<()> {
        let vk = VerifyingKey::from_bytes(public_key)
            .map_err(|_| anyhow!("a member's public key is not a key"))?;
        vk.verify_strict(&self.signed, &Signature::from_bytes(&self.sig))
            .map_err(|_| anyhow!("its signature is not its member's"))
    }
}

/// Opens a sealed bundle read from `path`.
pub fn open(key: &[u8; 32], path: &str, bytes: &[u8]) -> Result<Opened, Broken> {
    if bytes.len() < MAGIC.len() + NONCE + 16 + SIG || !bytes.starts_with(MAGIC) {
        return Err(Broken::Truncated);
    }
    let body = &bytes[MAGIC.len()..bytes.len() - SIG];
    let (nonce, ct) = body.split_at(NONCE);
    let aad = aad(path);
    let mut n = [0u8; NONCE];
    n.copy_from_slice(nonce);
    let plain = XChaCha20Poly1305::new(&Key::from(*key))
        .decrypt(&XNonce::from(n), Payload { msg: ct, aad: &aad })
        .map_err(|_| Broken::WrongKeyOrTampered)?;
    let mut sig = [0u8; SIG];
    sig.copy_from_slice(&bytes[bytes.len() - SIG..]);
    Ok(Opened {
        plain,
        signed: signed_part(&aad, body),
        sig,
    })
}

/// A new signing key for a member.
pub fn new_signing_key() -> Result<SigningKey> {
    Ok(SigningKey::from_bytes(&super::random_key()?))
}

/// A signing key from its 32 stored bytes.
pub fn signing_key(bytes: &[u8]) -> Result<SigningKey> {
    let Ok(b) = <[u8; 32]>::try_from(bytes) else {
        bail!("this replica's signing key is damaged: join the team again");
    };
    Ok(SigningKey::from_bytes(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_opens_only_with_its_key_at_its_path_and_verifies_only_for_its_member() {
        let key = [1u8; 32];
        let me = SigningKey::from_bytes(&[2u8; 32]);
        let other = SigningKey::from_bytes(&[3u8; 32]);
        let sealed = seal(
            &key,
            &me,
            "t/replicas/a/0000000001.bundle",
            b"secret source",
        )
        .unwrap();
        assert!(!sealed.windows(6).any(|w| w == b"secret"));
        let o = open(&key, "t/replicas/a/0000000001.bundle", &sealed).unwrap();
        assert_eq!(o.plain, b"secret source");
        o.verify(&me.verifying_key().to_bytes()).unwrap();
        assert!(o.verify(&other.verifying_key().to_bytes()).is_err());
        assert_eq!(
            open(&[9u8; 32], "t/replicas/a/0000000001.bundle", &sealed).err(),
            Some(Broken::WrongKeyOrTampered)
        );
        assert_eq!(
            open(&key, "t/replicas/a/0000000002.bundle", &sealed).err(),
            Some(Broken::WrongKeyOrTampered)
        );
        let mut flipped = sealed.clone();
        flipped[40] ^= 1;
        assert_eq!(
            open(&key, "t/replicas/a/0000000001.bundle", &flipped).err(),
            Some(Broken::WrongKeyOrTampered)
        );
        assert_eq!(
            open(&key, "t/replicas/a/0000000001.bundle", &sealed[..50]).err(),
            Some(Broken::Truncated)
        );
        // A changed signature opens but does not verify.
        let mut resigned = sealed.clone();
        let n = resigned.len();
        resigned[n - 1] ^= 1;
        let o = open(&key, "t/replicas/a/0000000001.bundle", &resigned).unwrap();
        assert!(o.verify(&me.verifying_key().to_bytes()).is_err());
    }
}
