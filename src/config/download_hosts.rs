//! The download-host allowlist shared by the recording providers (`webex.download_hosts`,
//! `zoom.download_hosts`): a recording's download link, and every redirect it takes, must be
//! on one of these hosts, so a link cannot make this server fetch anything else.

/// Whether `url` is https (or `api_url`'s own scheme, for local stubs) on a host of the
/// comma-separated `hosts`, or one of their subdomains.
pub fn allows_download(hosts: &str, api_url: &str, url: &url::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let api_scheme = url::Url::parse(api_url).map(|api| api.scheme().to_owned());
    let scheme_ok = url.scheme() == "https" || api_scheme.is_ok_and(|s| s == url.scheme());
    scheme_ok
        && hosts
            .split(',')
            .map(str::trim)
            .filter(|allowed| !allowed.is_empty())
            .any(|allowed| {
                host == allowed
                    || host
                        .strip_suffix(allowed)
                        .is_some_and(|prefix| prefix.ends_with('.'))
            })
}
