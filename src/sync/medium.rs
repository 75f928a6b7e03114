//! The storage a team shares: a folder that a file-sync service replicates (Syncthing,
//! Dropbox, Google Drive, Nextcloud, a network share), or an S3-compatible bucket, through
//! `object_store`. Files are only ever created, never overwritten: each replica writes under
//! its own prefix.

use std::sync::Arc;

use anyhow::{Context, Result, bail};
use futures_util::TryStreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload};

/// Where a team's files live, as the user names it.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    Folder(std::path::PathBuf),
    S3 { bucket: String, prefix: String },
}

impl Place {
    /// A folder path, or `s3://bucket/prefix`.
    pub fn parse(text: &str) -> Result<Place> {
        let t = text.trim();
        if t.is_empty() {
            bail!("give the team's storage: a folder path, or s3://bucket/prefix");
        }
        if let Some(rest) = t.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                bail!("{t} names no bucket: write s3://bucket/prefix");
            }
            return Ok(Place::S3 {
                bucket: bucket.to_string(),
                prefix: prefix.trim_matches('/').to_string(),
            });
        }
        if t.contains("://") {
            bail!("{t}: docket syncs through a folder or an s3:// bucket; give one of those");
        }
        Ok(Place::Folder(std::path::PathBuf::from(t)))
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Folder(p) => write!(f, "{}", p.display()),
            Place::S3 { bucket, prefix } if prefix.is_empty() => write!(f, "s3://{bucket}"),
            Place::S3 { bucket, prefix } => write!(f, "s3://{bucket}/{prefix}"),
        }
    }
}

/// S3 settings beyond the bucket: the endpoint of an S3-compatible host, and keys.
#[derive(Debug, Clone, Default)]
pub struct S3Settings {
    pub endpoint: Option<String>,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    pub session_token: Option<String>,
    pub region: Option<String>,
}

impl S3Settings {
    /// The standard AWS environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
    /// AWS_SESSION_TOKEN, AWS_REGION or AWS_DEFAULT_REGION, AWS_ENDPOINT_URL_S3 or
    /// AWS_ENDPOINT_URL), then the shared credentials file (AWS_SHARED_CREDENTIALS_FILE or
    /// ~/.aws/credentials, profile AWS_PROFILE or `default`) for keys the environment lacks.
    pub fn from_environment(endpoint: Option<&str>) -> Result<S3Settings> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let mut s = S3Settings {
            endpoint: endpoint
                .map(str::to_string)
                .or_else(|| var("AWS_ENDPOINT_URL_S3"))
                .or_else(|| var("AWS_ENDPOINT_URL")),
            access_key_id: var("AWS_ACCESS_KEY_ID"),
            secret_access_key: var("AWS_SECRET_ACCESS_KEY"),
            session_token: var("AWS_SESSION_TOKEN"),
            region: var("AWS_REGION").or_else(|| var("AWS_DEFAULT_REGION")),
        };
        if s.access_key_id.is_none() || s.secret_access_key.is_none() {
            let file = var("AWS_SHARED_CREDENTIALS_FILE")
                .map(std::path::PathBuf::from)
                .or_else(|| {
                    std::env::var_os("HOME")
                        .map(|h| std::path::Path::new(&h).join(".aws/credentials"))
                });
            let profile = var("AWS_PROFILE").unwrap_or_else(|| "default".into());
            if let Some(text) = file.and_then(|f| std::fs::read_to_string(f).ok()) {
                let keys = profile_keys(&text, &profile);
                s.access_key_id = keys.0;
                s.secret_access_key = keys.1;
                s.session_token = s.session_token.or(keys.2);
            }
        }
        if let Some(e) = &s.endpoint {
            let e = e.trim();
            let ok = ["http://", "https://"]
                .iter()
                .any(|scheme| e.len() > scheme.len() && e.starts_with(scheme));
            if !ok {
                bail!(
                    "the S3 endpoint '{e}' needs its scheme: write http://{host} for a server on your network, https://{host} otherwise",
                    host = e.split("://").last().unwrap_or(e)
                );
            }
        }
        Ok(s)
    }
}

/// The keys of `profile` in an AWS shared credentials file.
fn profile_keys(text: &str, profile: &str) -> (Option<String>, Option<String>, Option<String>) {
    let mut inside = false;
    let (mut id, mut secret, mut token) = (None, None, None);
    for line in text.lines() {
        let l = line.trim();
        if l.starts_with('[') && l.ends_with(']') {
            inside = l[1..l.len() - 1].trim() == profile;
            continue;
        }
        if !inside {
            continue;
        }
        if let Some((k, v)) = l.split_once('=') {
            let v = Some(v.trim().to_string());
            match k.trim() {
                "aws_access_key_id" => id = v,
                "aws_secret_access_key" => secret = v,
                "aws_session_token" => token = v,
                _ => {}
            }
        }
    }
    (id, secret, token)
}

/// An open medium: the store and the runtime its calls run on.
pub struct Medium {
    rt: tokio::runtime::Runtime,
    store: Arc<dyn ObjectStore>,
    root: String,
    place: Place,
}

/// What a create-only write found.
#[derive(Debug, PartialEq)]
pub enum Put {
    Created,
    /// A file of that name is there already (with these bytes).
    Exists(Vec<u8>),
}

impl Medium {
    pub fn open(place: &Place, s3: &S3Settings) -> Result<Medium> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("starting the network runtime")?;
        let (store, root): (Arc<dyn ObjectStore>, String) = match place {
            Place::Folder(dir) => {
                if !dir.is_dir() {
                    bail!("{} is not a folder", dir.display());
                }
                let fs = LocalFileSystem::new_with_prefix(dir)
                    .with_context(|| format!("opening the folder {}", dir.display()))?;
                (Arc::new(fs), String::new())
            }
            Place::S3 { bucket, prefix } => {
                let (Some(id), Some(secret)) = (&s3.access_key_id, &s3.secret_access_key) else {
                    bail!(
                        "no S3 keys: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or a profile in ~/.aws/credentials) for s3://{bucket}"
                    );
                };
                let mut b = AmazonS3Builder::new()
                    .with_bucket_name(bucket)
                    .with_access_key_id(id)
                    .with_secret_access_key(secret)
                    .with_region(s3.region.clone().unwrap_or_else(|| "us-east-1".into()))
                    .with_retry(object_store::RetryConfig {
                        max_retries: 3,
                        retry_timeout: std::time::Duration::from_secs(20),
                        ..Default::default()
                    });
                if let Some(t) = &s3.session_token {
                    b = b.with_token(t);
                }
                if let Some(e) = &s3.endpoint {
                    b = b.with_endpoint(e).with_allow_http(e.starts_with("http://"));
                }
                let store = b
                    .build()
                    .with_context(|| format!("connecting to s3://{bucket}"))?;
                (Arc::new(store), prefix.clone())
            }
        };
        Ok(Medium {
            rt,
            store,
            root,
            place: place.clone(),
        })
    }

    pub fn place(&self) -> &Place {
        &self.place
    }

    fn path(&self, rel: &str) -> Path {
        if self.root.is_empty() {
            Path::from(rel)
        } else {
            Path::from(format!("{}/{rel}", self.root))
        }
    }

    /// One line for a failed call: what could not be done, the likely cause and the way out,
    /// then the store's own words, cut short.
    fn explain(&self, e: object_store::Error, what: &str) -> anyhow::Error {
        let raw = e.to_string();
        let said = |code: &str| raw.contains(code);
        let advice = match &self.place {
            Place::S3 { bucket, .. } => {
                if said("NoSuchBucket") {
                    format!("there is no bucket {bucket} there: check its name, or --endpoint")
                } else if said("InvalidAccessKeyId")
                    || said("SignatureDoesNotMatch")
                    || said("AccessDenied")
                    || said("403 Forbidden")
                {
                    "the S3 keys were refused: check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE), and that they may use this bucket".to_string()
                } else if said("error sending request")
                    || said("Connection refused")
                    || said("dns error")
                    || said("timed out")
                {
                    "the storage could not be reached: check the connection, and --endpoint for a host other than AWS".to_string()
                } else {
                    String::new()
                }
            }
            Place::Folder(dir) => {
                if said("Permission denied") {
                    format!(
                        "docket may not read or write in {}: check the folder's permissions",
                        dir.display()
                    )
                } else if said("No space left") {
                    format!("the disk of {} is full", dir.display())
                } else {
                    String::new()
                }
            }
        };
        let mut raw: String = raw.chars().filter(|c| !c.is_control()).collect();
        if raw.chars().count() > 200 {
            raw = raw.chars().take(200).collect::<String>() + "…";
        }
        if advice.is_empty() {
            anyhow::anyhow!("{what} on {}: {raw}", self.place)
        } else {
            anyhow::anyhow!("{what} on {}: {advice} ({raw})", self.place)
        }
    }

    /// Writes `bytes` at `rel` unless a file is there already.
    pub fn put_new(&self, rel: &str, bytes: Vec<u8>) -> Result<Put> {
        let path = self.path(rel);
        let opts = PutOptions::from(PutMode::Create);
        match self.rt.block_on(
            self.store
                .put_opts(&path, PutPayload::from(bytes.clone()), opts),
        ) {
            Ok(_) => Ok(Put::Created),
            Err(object_store::Error::AlreadyExists { .. }) => {
                let there = self.get(rel)?.unwrap_or_default();
                Ok(Put::Exists(there))
            }
            // A store without create-only writes: this replica is the only writer of its
            // prefix, so a look before the write is enough.
            Err(object_store::Error::NotImplemented { .. }) => match self.get(rel)? {
                Some(there) => Ok(Put::Exists(there)),
                None => {
                    self.rt
                        .block_on(self.store.put(&path, PutPayload::from(bytes)))
                        .map_err(|e| self.explain(e, &format!("writing {rel}")))?;
                    Ok(Put::Created)
                }
            },
            Err(e) => Err(self.explain(e, &format!("writing {rel}"))),
        }
    }

    /// The bytes at `rel`, or none when there is no such file.
    pub fn get(&self, rel: &str) -> Result<Option<Vec<u8>>> {
        let path = self.path(rel);
        let got = self.rt.block_on(async {
            match self.store.get(&path).await {
                Ok(r) => r.bytes().await.map(Some),
                Err(object_store::Error::NotFound { .. }) => Ok(None),
                Err(e) => Err(e),
            }
        });
        got.map(|b| b.map(|b| b.to_vec()))
            .map_err(|e| self.explain(e, &format!("reading {rel}")))
    }

    /// The names of every file under `rel_prefix` (relative to the team's root), sorted.
    pub fn list(&self, rel_prefix: &str) -> Result<Vec<String>> {
        let prefix = self.path(rel_prefix);
        let metas: Vec<object_store::ObjectMeta> = self
            .rt
            .block_on(self.store.list(Some(&prefix)).try_collect())
            .map_err(|e| {
                let what = if rel_prefix.is_empty() {
                    "listing the team's files".to_string()
                } else {
                    format!("listing {rel_prefix}")
                };
                self.explain(e, &what)
            })?;
        let cut = if self.root.is_empty() {
            0
        } else {
            self.root.len() + 1
        };
        let mut names: Vec<String> = metas
            .into_iter()
            .map(|m| m.location.to_string())
            .filter_map(|p| p.get(cut..).map(str::to_string))
            .collect();
        names.sort();
        Ok(names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_a_folder_or_a_bucket() {
        assert_eq!(
            Place::parse("s3://news/team/287g/").unwrap(),
            Place::S3 {
                bucket: "news".into(),
                prefix: "team/287g".into()
            }
        );
        assert_eq!(
            Place::parse("~/Dropbox/docket").unwrap(),
            Place::Folder("~/Dropbox/docket".into())
        );
        assert!(Place::parse("https://example.com/x").is_err());
        assert!(Place::parse("s3:///x").is_err());
    }

    #[test]
    fn an_endpoint_without_its_scheme_is_refused_with_the_way_to_write_it() {
        let e = S3Settings::from_environment(Some("127.0.0.1:9000"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("http://127.0.0.1:9000"), "{e}");
        assert!(S3Settings::from_environment(Some("http://127.0.0.1:9000")).is_ok());
        assert!(S3Settings::from_environment(Some("https://s3.example")).is_ok());
    }

    #[test]
    fn keys_come_from_the_named_profile_of_the_credentials_file() {
        let text = "[default]\naws_access_key_id = A\naws_secret_access_key = B\n\n[news]\naws_access_key_id=C\naws_secret_access_key=D\naws_session_token=E\n";
        assert_eq!(
            profile_keys(text, "default"),
            (Some("A".into()), Some("B".into()), None)
        );
        assert_eq!(
            profile_keys(text, "news"),
            (Some("C".into()), Some("D".into()), Some("E".into()))
        );
        assert_eq!(profile_keys(text, "none"), (None, None, None));
    }

    #[test]
    fn a_folder_medium_creates_once_lists_and_reads() {
        let dir = tempfile::tempdir().unwrap();
        let m = Medium::open(&Place::Folder(dir.path().into()), &S3Settings::default()).unwrap();
        assert_eq!(
            m.put_new("r/a/0000000001.bundle", b"one".to_vec()).unwrap(),
            Put::Created
        );
        assert_eq!(
            m.put_new("r/a/0000000001.bundle", b"two".to_vec()).unwrap(),
            Put::Exists(b"one".to_vec())
        );
        m.put_new("r/b/0000000001.bundle", b"x".to_vec()).unwrap();
        assert_eq!(
            m.list("r/").unwrap(),
            vec!["r/a/0000000001.bundle", "r/b/0000000001.bundle"]
        );
        assert_eq!(
            m.get("r/a/0000000001.bundle").unwrap(),
            Some(b"one".to_vec())
        );
        assert_eq!(m.get("r/a/0000000002.bundle").unwrap(), None);
    }
}
