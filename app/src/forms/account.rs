//! Form rules of the account pages, run in the browser and on the server alike: a
//! plausible email address ([`is_email`]), a new password and its confirmation
//! ([`check_new_password`], at least [`MIN_PASSWORD`] characters) and the local path to
//! return to after logging in ([`safe_next`]).
//!
//! Rules: each returns its verdict and leaves the wording to [`Problem`]; a return path is
//! only ever a path on this site.

use super::problems::{FieldError, Problem};

/// Whether an email address is plausible (one `@`, a dot in the domain, no spaces).
pub fn is_email(email: &str) -> bool {
    let e = email.trim();
    match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !e.contains(char::is_whitespace)
                && !domain.contains('@')
                && e.len() <= 254
        }
        None => false,
    }
}

/// Shortest password an account may have.
pub const MIN_PASSWORD: usize = 12;

/// A new password and its confirmation.
pub fn check_new_password(password: &str, confirm: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if password.chars().count() < MIN_PASSWORD {
        errors.push(FieldError::new("password", Problem::PasswordTooShort));
    } else if password != confirm {
        errors.push(FieldError::new("confirm", Problem::PasswordsDiffer));
    }
    errors
}

/// A local path to return to after logging in; anything else (another site, `//evil`)
/// becomes `None`.
pub fn safe_next(next: &str) -> Option<String> {
    // Browsers drop tabs and newlines from an address and read `\` as `/`, so any control
    // character or backslash could turn `/…` into `//other.host`; none is in our paths.
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains(|c: char| c.is_control() || c == '\\')
        && next.len() <= 500;
    ok.then(|| next.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_paths_with_control_characters_or_backslashes_are_refused() {
        for bad in [
            "/\t/evil.example/",
            "/\t\t/evil.example",
            "/\t\\evil.example",
            "/\u{0}/evil",
            "/\u{b}/evil",
            "/a\\b",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
        assert_eq!(safe_next("/partner?x=1").as_deref(), Some("/partner?x=1"));
    }

    #[test]
    fn emails_passwords_and_return_paths() {
        assert!(is_email("editor.nagasaki-university@example.org"));
        for bad in [
            "",
            "a@b",
            "@example.org",
            "a b@example.org",
            "a@@example.org",
        ] {
            assert!(!is_email(bad), "{bad:?}");
        }
        assert_eq!(
            check_new_password("short", "short")[0].problem,
            Problem::PasswordTooShort
        );
        assert_eq!(
            check_new_password("long enough pass", "long enough pasS")[0].problem,
            Problem::PasswordsDiffer
        );
        assert!(check_new_password("long enough pass", "long enough pass").is_empty());
        assert_eq!(safe_next("/partner").as_deref(), Some("/partner"));
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "partner",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
    }
}
