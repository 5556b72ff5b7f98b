//! The embedded profile's own signing secret, generated on first start and kept under
//! `data_dir`, so a laptop or a demo container never signs tokens with the published default.

use std::io::{ErrorKind, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;

/// The secret in `path`, created (mode 0600, 48 random bytes) when there is none. Two
/// processes starting together agree: only one creates the file; the other reads it.
pub fn read_or_create(path: &Path) -> std::io::Result<String> {
    loop {
        match std::fs::read_to_string(path) {
            Ok(secret) if secret.trim().len() >= 32 => return Ok(secret.trim().to_owned()),
            // Being written by the process that created it: read again shortly.
            Ok(_) => std::thread::sleep(std::time::Duration::from_millis(20)),
            Err(error) if error.kind() == ErrorKind::NotFound => {
                let mut bytes = [0u8; 48];
                rand::rng().fill_bytes(&mut bytes);
                let secret = URL_SAFE_NO_PAD.encode(bytes);
                let created = std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(0o600)
                    .open(path);
                match created {
                    Ok(mut file) => {
                        file.write_all(secret.as_bytes())?;
                        file.sync_all()?;
                        return Ok(secret);
                    }
                    Err(error) if error.kind() == ErrorKind::AlreadyExists => continue,
                    Err(error) => return Err(error),
                }
            }
            Err(error) => return Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn the_secret_is_created_once_private_and_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("jwt-secret");
        let first = read_or_create(&path).unwrap();
        assert!(first.len() >= 64);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(read_or_create(&path).unwrap(), first);
        let other = tempfile::tempdir().unwrap();
        assert_ne!(
            read_or_create(&other.path().join("jwt-secret")).unwrap(),
            first
        );
    }
}
