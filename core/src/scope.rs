//! Binding a request's scope to the party asking, off chain.
//!
//! A nullifier is the holder's pseudonym in the request's scope
//! ([`crate::holder::HolderSecret::nullifier`]). If any verifier could ask
//! for any scope string, it could ask for another verifier's and learn the
//! holder's pseudonym there. So a front end that knows who is asking checks,
//! before proving, that the scope names that party:
//!
//! - in a browser, the requesting page's web origin (the wasm wallet);
//! - in a mobile app, the origin the app verified (Android App Links, iOS
//!   associated domains) for the site or back end it talks to;
//! - on chain, the relying party contract ([`crate::solidity::check_evm_scope`]).
//!
//! [`check_origin`] is the web rule: a request's scope belongs to the origin
//! `o` iff it is `o` itself or starts with `o` followed by `/` (a verifier may
//! sub-scope under its own origin, e.g. `https://shop.example/age-gate`).
//! Nothing else is accepted: another host, a longer host with the same
//! prefix (`https://shop.example.evil.com`), userinfo
//! (`https://shop.example@evil.com`), another port or scheme, an EVM scope,
//! an empty scope. Scopes are compared as strings, so a verifier writes its
//! origin serialised as browsers do (lower case, no default port).

use crate::{Error, Result};

/// The field named by the [`Error::Encoding`] of an origin that is not a
/// serialised web origin.
pub const ORIGIN_FIELD: &str = "origin (https://host[:port] in lower case, or http://localhost[:port] or http://127.0.0.1[:port] in development; no path, no trailing slash, no userinfo)";

/// Hosts allowed over plain `http` (development only).
const HTTP_HOSTS: [&str; 2] = ["localhost", "127.0.0.1"];

/// Checks that `scope` belongs to the web origin `origin`: `scope == origin`
/// or `scope` starts with `origin + "/"`.
///
/// `origin` must be a serialised web origin as a browser gives it
/// (`location.origin`, a `MessageEvent`'s `origin`): `https://host[:port]`
/// with a lower-case ASCII host name or IPv4 address (internationalised
/// names in their `xn--` form), a port in 1..=65535 without leading zeros and
/// not the scheme's default (443), no path, no trailing slash, no userinfo;
/// or, for development, `http://localhost[:port]` or
/// `http://127.0.0.1[:port]`. Bracketed IPv6 hosts are not accepted. Any
/// other origin is an [`Error::Encoding`] of [`ORIGIN_FIELD`].
///
/// A scope that does not belong to a well-formed origin is
/// [`Error::ScopeMismatch`], whose message names neither.
pub fn check_origin(scope: &str, origin: &str) -> Result<()> {
    check_origin_syntax(origin)?;
    let belongs = match scope.strip_prefix(origin) {
        Some(rest) => rest.is_empty() || rest.starts_with('/'),
        None => false,
    };
    if belongs {
        Ok(())
    } else {
        Err(Error::ScopeMismatch)
    }
}

/// Whether `origin` is a serialised web origin (see [`check_origin`]).
fn check_origin_syntax(origin: &str) -> Result<()> {
    let bad = || Error::Encoding(ORIGIN_FIELD);
    let (authority, http) = if let Some(rest) = origin.strip_prefix("https://") {
        (rest, false)
    } else if let Some(rest) = origin.strip_prefix("http://") {
        (rest, true)
    } else {
        return Err(bad());
    };
    let (host, port) = match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    if !is_host(host) || (http && !HTTP_HOSTS.contains(&host)) {
        return Err(bad());
    }
    if let Some(port) = port {
        let default = if http { 80 } else { 443 };
        let digits_ok = !port.is_empty()
            && port.len() <= 5
            && port.bytes().all(|b| b.is_ascii_digit())
            && !port.starts_with('0');
        match port.parse::<u32>() {
            Ok(p) if digits_ok && p <= 65535 && p != default => {}
            _ => return Err(bad()),
        }
    }
    Ok(())
}

/// A lower-case ASCII DNS name or dotted IPv4 address: labels of `a-z`,
/// `0-9` and inner `-`, 1 to 63 bytes each, 253 bytes at most in all, no
/// empty label (so no leading, trailing or double dot).
fn is_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn a_scope_is_accepted_for_its_own_origin_and_paths_under_it() {
        let accepted = [
            ("https://shop.example", "https://shop.example"),
            ("https://shop.example/age-gate", "https://shop.example"),
            ("https://shop.example/", "https://shop.example"),
            ("https://shop.example/a/b?c#d", "https://shop.example"),
            ("https://shop.example:8443/x", "https://shop.example:8443"),
            (
                "https://xn--bcher-kva.example",
                "https://xn--bcher-kva.example",
            ),
            ("https://10.0.0.7:9000/kyc", "https://10.0.0.7:9000"),
            ("http://localhost", "http://localhost"),
            ("http://localhost:8080/age-check", "http://localhost:8080"),
            ("http://127.0.0.1:41234/age-check", "http://127.0.0.1:41234"),
            ("https://localhost:3000", "https://localhost:3000"),
            (
                "https://a-b.c-d.example:65535",
                "https://a-b.c-d.example:65535",
            ),
        ];
        for (scope, origin) in accepted {
            check_origin(scope, origin).unwrap_or_else(|e| panic!("{scope} for {origin}: {e}"));
        }
    }

    #[test]
    fn a_scope_naming_anything_else_is_a_scope_mismatch() {
        let refused = [
            // Another origin, a host with the same prefix, userinfo tricks.
            ("https://bank.example/kyc", "https://shop.example"),
            ("https://shop.example.evil.com", "https://shop.example"),
            ("https://shop.example.evil.com/x", "https://shop.example"),
            ("https://shop.example@evil.com", "https://shop.example"),
            ("https://shop.example@evil.com/x", "https://shop.example"),
            ("https://shop.examplex", "https://shop.example"),
            ("https://shop.example?x", "https://shop.example"),
            ("https://shop.example#x", "https://shop.example"),
            ("https://shop.example\\x", "https://shop.example"),
            // Another port or scheme, or the same with the port dropped.
            ("https://shop.example:8443/x", "https://shop.example"),
            ("https://shop.example/x", "https://shop.example:8443"),
            ("https://shop.example:444", "https://shop.example:4443"),
            ("http://shop.example/x", "https://shop.example"),
            ("https://localhost:8080/x", "http://localhost:8080"),
            ("http://127.0.0.1:8081/x", "http://127.0.0.1:8080"),
            ("http://localhost:8080/x", "http://127.0.0.1:8080"),
            // Other spellings of the same origin: scopes are strings.
            ("HTTPS://SHOP.EXAMPLE/x", "https://shop.example"),
            ("https://shop.example:443/x", "https://shop.example"),
            ("https://shop.example./x", "https://shop.example"),
            ("shop.example/age-gate", "https://shop.example"),
            // An on-chain scope, an OpenID4VP-style client id, nothing.
            (
                "eip155:1:0xab0000000000000000000000000000000000000f",
                "https://shop.example",
            ),
            ("x509_san_dns:shop.example", "https://shop.example"),
            ("", "https://shop.example"),
            (" https://shop.example", "https://shop.example"),
        ];
        for (scope, origin) in refused {
            let e = check_origin(scope, origin).expect_err(scope);
            assert_eq!(e.kind(), ErrorKind::ScopeMismatch, "{scope} for {origin}");
            // The message names neither the scope nor the origin.
            let text = e.to_string();
            assert!(
                !text.contains("example") && !text.contains("127.0"),
                "{text}"
            );
        }
    }

    #[test]
    fn an_origin_that_is_not_serialised_is_an_encoding_error() {
        let malformed = [
            "",
            "null",
            "shop.example",
            "//shop.example",
            "https://",
            "https://shop.example/",
            "https://shop.example/age-gate",
            "https://Shop.example",
            "HTTPS://shop.example",
            "https://shop.example.",
            "https://.shop.example",
            "https://shop..example",
            "https://-shop.example",
            "https://shop-.example",
            "https://shop_x.example",
            "https://user@shop.example",
            "https://user:pw@shop.example",
            "https://shop.example:",
            "https://shop.example:0",
            "https://shop.example:08443",
            "https://shop.example:65536",
            "https://shop.example:443",
            "https://shop.example:+443",
            "https://shop.example:8443:1",
            "https://shop.example?x",
            "https://shop.example#x",
            "https://[::1]",
            "https://[::1]:8443",
            "https://bücher.example",
            "https://shop example",
            " https://shop.example",
            "https://shop.example ",
            // Plain http only for local development hosts.
            "http://shop.example",
            "http://shop.example:8080",
            "http://localhost:80",
            "http://localhost.evil.com",
            "http://127.0.0.1.evil.com",
            "http://127.0.0.2",
            "ftp://shop.example",
            "file://",
            "eip155:1:0xab0000000000000000000000000000000000000f",
        ];
        for origin in malformed {
            let e = check_origin(origin, origin).expect_err(origin);
            assert_eq!(e.kind(), ErrorKind::Encoding, "{origin:?}");
            assert_eq!(e.field(), Some(ORIGIN_FIELD));
        }
        let long_label = format!("https://{}.example", "a".repeat(64));
        let long_host = format!("https://{}", vec!["a".repeat(63); 5].join("."));
        for origin in [long_label, long_host] {
            assert_eq!(
                check_origin(&origin, &origin).unwrap_err().kind(),
                ErrorKind::Encoding
            );
        }
        let longest_label = format!("https://{}.example", "a".repeat(63));
        check_origin(&longest_label, &longest_label).unwrap();
    }
}
