//! Answering requests: pages from the layers, the reload script and its
//! event stream, placemats on request, and Dutch error pages.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use bytes::Bytes;
use hyper::Method;

use super::server::{Answer, Reply, Request};
use super::{Published, Shared, PREFIX, RELOAD_SCRIPT};
use crate::diagnostics::{Diagnostics, Severity};
use crate::render::html::escape;
use crate::render::placemat::{self, Paper};
use crate::resolve;

/// Reloads the page when the server publishes a version other than the one
/// the page was served with. EventSource reconnects by itself after the
/// server restarts.
const RELOAD_JS: &str = r#"// Alleen in menukaart serve: herlaadt de pagina na elke wijziging.
(function () {
  "use strict";
  var script = document.currentScript;
  var versie = script ? script.getAttribute("data-versie") : null;
  var bron = new EventSource("/__menukaart/events?pagina=" +
    encodeURIComponent(window.location.pathname));
  bron.addEventListener("versie", function (e) {
    if (versie === null) {
      versie = e.data;
    } else if (e.data !== versie) {
      bron.close();
      window.location.reload();
    }
  });
})();
"#;

/// How often an idle event stream sends a comment, so that proxies and
/// browsers keep it open and a closed tab is noticed.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// The longest request target (path and query) serve answers. Site
/// addresses are far shorter; a longer one is a mistake or an attack, and
/// decoding and checking it would only cost time.
pub const MAX_URL_LENGTH: usize = 2048;

/// An answer with a body, never cached: the preview changes with every save.
fn respond(status: u16, content_type: &str, body: Vec<u8>) -> Answer {
    Answer::new(status, body)
        .header("Content-Type", content_type)
        .header("Cache-Control", "no-store")
}

/// A short Dutch answer for a request serve does not carry out.
fn refuse(status: u16, message: &str) -> Answer {
    respond(
        status,
        "text/plain; charset=utf-8",
        format!("{message}\n").into_bytes(),
    )
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Decodes `%xx` escapes, once: `%252e` becomes `%2e`, not `.`. `None`
/// for a broken escape or a result that is not UTF-8.
fn percent_decode(path: &str) -> Option<String> {
    fn hex(b: u8) -> Option<u8> {
        match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        }
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let high = hex(*bytes.get(i + 1)?)?;
            let low = hex(*bytes.get(i + 2)?)?;
            out.push(high * 16 + low);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The path of a request target inside the site: decoded once, without
/// the leading slash, `""` for the home page and with a trailing slash for
/// a folder. `None` for anything that could point outside the site folder
/// or that no file of the site is called: not starting with `/`, an empty,
/// `.` or `..` segment (so also an absolute path after decoding, as in
/// `/%2fetc/passwd`), backslashes, colons (Windows drive letters) and
/// control characters such as NUL.
fn site_path(target: &str) -> Option<String> {
    let raw = target.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(raw.strip_prefix('/')?)?;
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    let valid = segments.iter().enumerate().all(|(i, segment)| {
        if segment.is_empty() {
            return i == last;
        }
        *segment != "."
            && *segment != ".."
            && !segment
                .chars()
                .any(|c| c == '\\' || c == ':' || c.is_control())
    });
    valid.then_some(decoded)
}

/// Percent-encodes a site path for a `Location` header: everything but
/// unreserved characters and `/`, so that any file name can be sent.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Whether the request is addressed to this server by a name that means
/// this computer. A web page can point a domain of its own at 127.0.0.1
/// (DNS rebinding) and then read the site as if it were its own; its
/// requests carry its own domain in `Host`, so that is what is checked.
/// Browsers always send the port when it is not 80.
fn host_allowed(request: &Request, port: u16) -> bool {
    let mut hosts = request
        .hosts
        .iter()
        .map(|host| host.trim().to_ascii_lowercase())
        .peekable();
    hosts.peek().is_some()
        && hosts.all(|host| {
            ["localhost", "127.0.0.1", "[::1]"]
                .iter()
                .any(|name| host == format!("{name}:{port}") || (port == 80 && host == *name))
        })
}

/// The script tag serve adds to every HTML response.
fn reload_tag(version: u64) -> String {
    format!("<script src=\"{RELOAD_SCRIPT}\" data-versie=\"{version}\" defer></script>")
}

/// Adds the reload script just before `</body>`.
pub fn inject(html: &str, version: u64) -> String {
    let tag = reload_tag(version);
    match html.rfind("</body>") {
        Some(at) => format!("{}{tag}\n{}", &html[..at], &html[at..]),
        None => format!("{html}\n{tag}\n"),
    }
}

/// A page `serve` makes itself (errors, not found), in the site's language.
fn own_page(title: &str, body: &str, version: u64) -> String {
    format!(
        "<!doctype html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}}h1{{color:#a4001d}}li{{margin-bottom:1rem}}code,pre{{background:#f3f3f3;padding:.1rem .3rem}}pre{{padding:.5rem;overflow-x:auto}}.hint{{color:#333}}.waarschuwing{{color:#7a4b00}}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n{}\n</body>\n</html>\n",
        reload_tag(version)
    )
}

/// The Dutch page the browser shows while the data has errors.
pub fn error_page(diags: &Diagnostics, root: &Path) -> String {
    let errors = diags.error_count();
    let mut body = format!(
        "<h1>De gegevens bevatten {errors} {}</h1>\n<p>Verbeter {} en sla het bestand op. Deze pagina ververst dan vanzelf.</p>\n<ol>\n",
        if errors == 1 { "fout" } else { "fouten" },
        if errors == 1 { "de fout" } else { "de fouten" },
    );
    let mut sorted: Vec<_> = diags.iter().collect();
    sorted.sort_by_key(|d| d.severity != Severity::Error);
    for d in sorted {
        let (label, class) = match d.severity {
            Severity::Error => ("fout", "fout"),
            Severity::Warning => ("waarschuwing", "waarschuwing"),
        };
        body.push_str(&format!("<li class=\"{class}\"><strong>{label}:</strong> "));
        if let Some(at) = &d.location {
            body.push_str(&format!("<code>{}</code>: ", escape(&at.to_string())));
        }
        body.push_str(&escape(&d.message));
        if let Some(line) = d.location.as_ref().and_then(|at| {
            let text = fs::read_to_string(root.join(&at.file)).ok()?;
            let line = text.lines().nth(at.line.checked_sub(1)?)?.to_string();
            Some((line, at.column))
        }) {
            let (text, column) = line;
            let caret = " ".repeat(column.saturating_sub(1)) + "^";
            body.push_str(&format!(
                "\n<pre>{}\n{caret}</pre>",
                escape(&text.replace('\t', " "))
            ));
        }
        if let Some(hint) = &d.hint {
            body.push_str(&format!(
                "<br><span class=\"hint\">hint: {}</span>",
                escape(hint)
            ));
        }
        body.push_str("</li>\n");
    }
    body.push_str("</ol>\n");
    body
}

/// Answers one request. An event stream is answered at once and fed by a
/// thread of its own. `port` is the one the server listens on, for the
/// `Host` check.
pub fn handle(request: &Request, shared: &std::sync::Arc<Shared>, port: u16) -> Answer {
    if !host_allowed(request, port) {
        let message = format!(
            "Dit adres hoort niet bij deze server. Open de site via http://localhost:{port}/."
        );
        return refuse(421, &message);
    }
    let head = match request.method {
        Method::GET => false,
        Method::HEAD => true,
        _ => {
            return refuse(
                405,
                "Deze server laat alleen pagina's zien. Andere verzoeken (zoals POST of DELETE) voert hij niet uit.",
            )
            .header("Allow", "GET, HEAD");
        }
    };
    let url = request.target.as_str();
    if url.len() > MAX_URL_LENGTH {
        let message = format!(
            "Het adres is te lang. Een adres mag hoogstens {MAX_URL_LENGTH} tekens hebben."
        );
        return refuse(414, &message);
    }
    let state = shared.current();
    let Some(path) = site_path(url) else {
        return refuse(400, "Ongeldig adres.");
    };
    if let Some(own) = path.strip_prefix(PREFIX) {
        return match own {
            "reload.js" => respond(
                200,
                content_type("reload.js"),
                RELOAD_JS.as_bytes().to_vec(),
            ),
            "events" if head => respond(200, "text/event-stream", Vec::new()),
            "events" => {
                let page = url
                    .split_once("?pagina=")
                    .and_then(|(_, p)| percent_decode(p.split('&').next().unwrap_or("")))
                    .unwrap_or_default();
                let page = page.trim_start_matches('/');
                let page = page.strip_suffix("index.html").unwrap_or(page).to_string();
                events(shared.clone(), page)
            }
            _ => not_found(&state),
        };
    }
    let page_like = path.is_empty()
        || path.ends_with('/')
        || path.ends_with(".html")
        || !path.rsplit('/').next().unwrap_or("").contains('.');
    if let Some(errors) = &state.errors {
        if page_like {
            let html = own_page("Fouten in de gegevens", errors, state.version);
            return respond(500, content_type(".html"), html.into_bytes());
        }
    }
    if let Some((slug, paper)) = placemat_request(&path) {
        return placemat(&state, slug, paper);
    }
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    match find(&state, &file) {
        Some(found) if found.is_dir() => Answer::new(301, Vec::new())
            .header("Location", format!("/{}/", encode_path(&path)))
            .header("Cache-Control", "no-store"),
        Some(found) => match fs::read(&found) {
            Ok(bytes) if file.ends_with(".html") => {
                let html = inject(&String::from_utf8_lossy(&bytes), state.version);
                respond(200, content_type(&file), html.into_bytes())
            }
            Ok(bytes) => respond(200, content_type(&file), bytes),
            Err(_) => not_found(&state),
        },
        None => not_found(&state),
    }
}

/// The file for `path` (checked by [`site_path`]) in the layer that
/// answers for it, by its canonical path. `None` when that lies outside
/// the layer's folder: a symbolic link in a layer must not make serve hand
/// out other files of the computer.
fn find(state: &Published, path: &str) -> Option<PathBuf> {
    let layer = state.layers.iter().find(|l| l.owns(path))?;
    let root = layer.dir.canonicalize().ok()?;
    let found = root.join(path).canonicalize().ok()?;
    found.starts_with(&root).then_some(found)
}

/// The site's own `404.html` when the build wrote one (as a static host
/// would show it), else a short page of serve's own.
fn not_found(state: &Published) -> Answer {
    if let Some(bytes) = find(state, "404.html").and_then(|file| fs::read(file).ok()) {
        let html = inject(&String::from_utf8_lossy(&bytes), state.version);
        return respond(404, content_type(".html"), html.into_bytes());
    }
    let html = own_page(
        "Pagina niet gevonden",
        "<h1>Deze pagina bestaat niet</h1>\n<p>Misschien is de naam van het bestand veranderd. Ga naar <a href=\"/\">de beginpagina</a>.</p>",
        state.version,
    );
    respond(404, content_type(".html"), html.into_bytes())
}

/// `<slug>/placemat.pdf` or `<slug>/placemat-a4.pdf`.
fn placemat_request(path: &str) -> Option<(&str, Paper)> {
    let (slug, file) = path.split_once('/')?;
    Paper::ALL
        .into_iter()
        .find(|p| p.file_name() == file)
        .map(|p| (slug, p))
}

/// Makes a placemat when the browser asks for it (see the module docs of
/// [`super`]): serve leaves them out of its rebuilds.
fn placemat(state: &Published, slug: &str, paper: Paper) -> Answer {
    let (Some(checked), Some(themes)) = (&state.project, &state.themes) else {
        return not_found(state);
    };
    let project = &checked.project;
    let Some(region) = project.regions.iter().find(|r| r.slug == slug) else {
        return not_found(state);
    };
    let catalogue = resolve::catalogue(project);
    let single = crate::model::Project {
        root: project.root.clone(),
        config: project.config.clone(),
        interventions: project.interventions.clone(),
        regions: vec![region.clone()],
    };
    let site = crate::build::site(
        &project.config,
        &catalogue,
        resolve::resolve(&single, &catalogue, state.today),
        &checked.editions,
        &mut Diagnostics::default(),
    );
    let mut diags = Diagnostics::default();
    let result = site.menus.first().ok_or(()).and_then(|menu| {
        placemat::render_one(&site, themes, menu, paper).map_err(|d| diags.push(d))
    });
    match result {
        Ok(pdf) => respond(200, content_type(".pdf"), pdf),
        Err(()) => {
            let body = format!(
                "<h1>De placemat kan niet gemaakt worden</h1>\n<ol>\n{}</ol>\n",
                diags
                    .iter()
                    .map(|d| {
                        let hint = d
                            .hint
                            .as_deref()
                            .map(|h| format!("<br><span class=\"hint\">hint: {}</span>", escape(h)))
                            .unwrap_or_default();
                        format!("<li>{}{hint}</li>\n", escape(&d.message))
                    })
                    .collect::<String>()
            );
            let html = own_page("Placemat", &body, state.version);
            respond(500, content_type(".html"), html.into_bytes())
        }
    }
}

/// A server-sent event stream for a tab showing `page`: the current
/// version at once, then a new one whenever a rebuild changed that page,
/// and a comment when nothing happened for a while. The thread feeding it
/// ends when the tab is closed (the stream's receiver is dropped with the
/// connection) or the server stops.
fn events(shared: std::sync::Arc<Shared>, page: String) -> Answer {
    let (messages, stream) = tokio::sync::mpsc::channel::<Bytes>(4);
    std::thread::spawn(move || {
        let id = shared.view(page.clone());
        let event = |v: u64| Bytes::from(format!("retry: 500\nevent: versie\ndata: {v}\n\n"));
        let mut version = shared.current().version;
        let mut message = event(version);
        while messages.blocking_send(message).is_ok() {
            message = loop {
                let now = shared.wait_for_change(version, KEEPALIVE);
                if now == version {
                    break Bytes::from_static(b": nog steeds verbonden\n\n");
                }
                let affected = shared.affects(&page, version, now);
                version = now;
                if affected {
                    break event(version);
                }
            };
        }
        shared.leave(id);
    });
    Answer {
        status: 200,
        headers: vec![
            ("Content-Type", "text/event-stream".to_string()),
            ("Cache-Control", "no-store".to_string()),
        ],
        body: Reply::Stream(stream),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_end_of_body() {
        let html = inject("<html><body><p>x</p></body></html>", 7);
        assert!(html.contains(
            "<p>x</p><script src=\"/__menukaart/reload.js\" data-versie=\"7\" defer></script>\n</body>"
        ));
    }

    #[test]
    fn decodes_paths_and_finds_placemats() {
        assert_eq!(percent_decode("a%20b/").as_deref(), Some("a b/"));
        assert_eq!(percent_decode("%zz"), None);
        assert!(matches!(
            placemat_request("zorggroep-test/placemat-a4.pdf"),
            Some(("zorggroep-test", Paper::A4))
        ));
        assert!(placemat_request("zorggroep-test/index.html").is_none());
    }
}
