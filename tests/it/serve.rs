//! `menukaart serve` (issue 6), against the real binary on a free port:
//! edits show up within two seconds, errors show as a Dutch page with
//! file:line:col and go away when fixed, the reload script is in served
//! pages only, open tabs get a reload event. And the server is safe to
//! leave running: it serves nothing outside its own site folder, answers
//! only requests addressed to this computer, refuses methods other than
//! GET and HEAD and overlong addresses, drops silent connections, and
//! never stops answering because of a strange request.

use crate::common;

use std::fs;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use common::Fixture;

/// The running server; killed when the test ends, also when it fails.
struct Server {
    child: Child,
    port: u16,
    output: Receiver<String>,
}

impl Drop for Server {
    /// Ctrl+C first, so the server removes its temporary folder; killed
    /// when it does not stop within two seconds.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("-INT")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(fx: &Fixture) -> Server {
        Server::start_in(fx.root())
    }

    /// A server for the project in `root`.
    fn start_in(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_menukaart"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start menukaart serve");
        let (tx, output) = channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        let mut server = Server {
            child,
            port: 0,
            output,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while server.port == 0 {
            let line = server
                .output
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("serve prints the address");
            if let Some(rest) = line.strip_prefix("Bekijk de site op http://127.0.0.1:") {
                server.port = rest.trim_end_matches('/').parse().expect("a port");
            }
        }
        server
    }

    /// The Host header a browser sends for this server.
    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// (status, headers and body) of a GET.
    fn get(&self, path: &str) -> (u16, String) {
        let host = self.host();
        self.send(&format!(
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ))
    }

    /// (status, headers and body) of a request written out in full.
    fn send(&self, request: &str) -> (u16, String) {
        let response = raw_request(self.port, request.as_bytes())
            .unwrap_or_else(|err| panic!("no answer to {request:?}: {err}"));
        let text = String::from_utf8_lossy(&response).into_owned();
        (status_of(&text), text)
    }

    /// The private folder the server builds the site into.
    fn work_dir(&self) -> PathBuf {
        let prefix = format!("menukaart-serve-{}-", self.child.id());
        fs::read_dir(std::env::temp_dir())
            .unwrap()
            .flatten()
            .find(|e| e.file_name().to_string_lossy().starts_with(&prefix))
            .map(|e| e.path())
            .expect("the server's work folder")
    }

    /// Polls `path` until `ok` holds, for at most `within`.
    fn wait_for(&self, path: &str, within: Duration, ok: impl Fn(u16, &str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let (status, body) = self.get(path);
            if ok(status, &body) {
                return body;
            }
            assert!(
                started.elapsed() < within,
                "{path} not as expected within {within:?}; last answer:\n{body}"
            );
            thread::sleep(Duration::from_millis(25));
        }
    }
}

/// Sends `request` on a new connection and reads until the server closes
/// it. An error when the server does not finish within ten seconds, so
/// that a server that stopped answering fails a test instead of hanging it.
fn raw_request(port: u16, request: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    // The server may answer and close before it read everything (an
    // overlong request); what it answered is still there to read.
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    match stream.read_to_end(&mut response) {
        Ok(_) => Ok(response),
        Err(err) if err.kind() == ErrorKind::ConnectionReset => Ok(response),
        Err(err) => Err(err),
    }
}

/// The status code of an HTTP response; 0 when it is not one.
fn status_of(response: &str) -> u16 {
    let mut parts = response.splitn(3, ' ');
    match (parts.next(), parts.next()) {
        (Some("HTTP/1.1" | "HTTP/1.0"), Some(code)) if code.len() == 3 => code.parse().unwrap_or(0),
        _ => 0,
    }
}

const PAGE: &str = "/zorggroep-test/gli-cool/";

#[test]
fn edits_errors_and_fixes_show_in_the_browser() {
    let fx = Fixture::copy("basis");
    let server = Server::start(&fx);

    let (status, page) = server.get(PAGE);
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("De patiënt werkt twee jaar"));
    assert!(
        page.contains("<script src=\"/__menukaart/reload.js\""),
        "served pages get the reload script"
    );
    assert!(page.contains("Cache-Control: no-store"));

    // An edit shows within two seconds.
    fx.edit(
        "interventions/gli-cool.md",
        "De patiënt werkt twee jaar",
        "De deelnemer werkt twee jaar",
    );
    server.wait_for(PAGE, Duration::from_secs(2), |s, body| {
        s == 200 && body.contains("De deelnemer werkt twee jaar")
    });
    // The national page of the same intervention too.
    let (_, national) = server.get("/interventies/gli-cool/");
    assert!(
        national.contains("De deelnemer werkt twee jaar"),
        "{national}"
    );

    // A broken file: a Dutch error page with file:line:col, for every page.
    fx.edit(
        "interventions/gli-cool.md",
        "themas = [\"bewegen\", \"voeding\"]",
        "themas = [\"bewegen\", \"voedng\"]",
    );
    let error = server.wait_for(PAGE, Duration::from_secs(2), |s, _| s == 500);
    assert!(error.contains("<html lang=\"nl\">"), "{error}");
    assert!(error.contains("De gegevens bevatten 1 fout"), "{error}");
    assert!(
        error.contains(
            "<code>interventions/gli-cool.md:4:22</code>: onbekend thema &quot;voedng&quot;"
        ),
        "{error}"
    );
    assert!(error.contains("bedoelde u &quot;voeding&quot;?"), "{error}");
    assert!(
        error.contains("/__menukaart/reload.js"),
        "the error page reloads too"
    );
    let (status, home) = server.get("/");
    assert_eq!(status, 500, "{home}");
    // Style sheets still load while the data is broken.
    assert_eq!(server.get("/static/style.css").0, 200);

    // The server keeps running; fixing the file brings the page back.
    fx.edit("interventions/gli-cool.md", "\"voedng\"", "\"voeding\"");
    server.wait_for(PAGE, Duration::from_secs(2), |s, body| {
        s == 200 && body.contains("De deelnemer werkt twee jaar")
    });

    // The printed log says what happened, in Dutch.
    let log: Vec<String> = server.output.try_iter().collect();
    let log = log.join("\n");
    assert!(
        log.contains("fout: interventions/gli-cool.md:4:22: onbekend thema \"voedng\""),
        "{log}"
    );
    assert!(log.contains("bijgewerkt in"), "{log}");
}

#[test]
fn build_output_has_no_reload_script() {
    let fx = Fixture::copy("basis");
    let outcome = fx.build();
    assert!(outcome.value.is_some(), "{}", common::messages(&outcome));
    for (path, bytes) in common::snapshot(&fx.output()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__menukaart"),
            "{} has serve's script",
            path.display()
        );
    }
    // And serve does not write into output/.
    let before = common::snapshot(&fx.output());
    let server = Server::start(&fx);
    fx.edit("interventions/gli-cool.md", "De patiënt", "Iemand");
    server.wait_for(PAGE, Duration::from_secs(2), |_, body| {
        body.contains("Iemand")
    });
    assert_eq!(common::snapshot(&fx.output()), before);
}

#[test]
fn open_tabs_get_a_reload_event() {
    let fx = Fixture::copy("basis");
    let server = Server::start(&fx);
    let (status, script) = server.get("/__menukaart/reload.js");
    assert_eq!(status, 200);
    assert!(script.contains("text/javascript"));
    assert!(script.contains("new EventSource(\"/__menukaart/events?pagina=\""));

    // A tab on the region's page, as reload.js connects.
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        stream,
        "GET /__menukaart/events?pagina=%2Fzorggroep-test%2F HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.host()
    )
    .unwrap();
    let mut lines = BufReader::new(stream).lines().map_while(Result::ok);
    assert_eq!(lines.next().as_deref(), Some("HTTP/1.1 200 OK"));
    let mut versions = Vec::new();
    let mut saw_type = false;
    for line in lines.by_ref() {
        saw_type |= line == "Content-Type: text/event-stream";
        if let Some(v) = line.strip_prefix("data: ") {
            versions.push(v.to_string());
            break;
        }
    }
    assert!(saw_type);
    fx.edit(
        "regions/zorggroep-test.toml",
        "Een kleine keuze",
        "Een kleine, nieuwe keuze",
    );
    for line in lines {
        if let Some(v) = line.strip_prefix("data: ") {
            versions.push(v.to_string());
            break;
        }
    }
    assert_eq!(versions.len(), 2);
    assert_ne!(versions[0], versions[1]);
}

#[test]
fn partial_rebuilds_keep_every_page_right() {
    let fx = Fixture::copy("basis");
    let server = Server::start(&fx);
    let within = Duration::from_secs(5);

    // A region's new name shows on its own pages and on the national
    // pages of the interventions it chose.
    fx.edit(
        "regions/zorggroep-test.toml",
        "naam = \"Zorggroep Test\"",
        "naam = \"Zorggroep Proef\"",
    );
    server.wait_for("/zorggroep-test/", within, |_, b| {
        b.contains("Zorggroep Proef")
    });
    server.wait_for("/interventies/gli-cool/", within, |_, b| {
        b.contains("Zorggroep Proef")
    });
    // The home page lists every region; it follows from the complete
    // build in the background.
    server.wait_for("/", within, |_, b| b.contains("Zorggroep Proef"));

    // A new samenvatting reaches the catalogue page.
    fx.edit(
        "interventions/slaapcursus.md",
        "samenvatting = \"",
        "samenvatting = \"Nieuw: ",
    );
    server.wait_for("/interventies/", within, |_, b| b.contains("Nieuw: "));

    // A region drops an intervention: its page is gone, not stale.
    assert_eq!(server.get("/zorggroep-test/beweegprogramma/").0, 200);
    let text = fx.read("regions/zorggroep-test.toml");
    let cut = text
        .find("[[interventie]]\nid = \"beweegprogramma\"")
        .unwrap();
    fx.write("regions/zorggroep-test.toml", &text[..cut]);
    server.wait_for("/zorggroep-test/beweegprogramma/", within, |s, b| {
        s == 404 && b.contains("Deze pagina bestaat niet")
    });

    // A new intervention file: its national page appears.
    let gli = fx.read("interventions/gli-cool.md");
    fx.write("interventions/gli-nieuw.md", &gli.replace("CooL", "Nieuw"));
    server.wait_for("/interventies/gli-nieuw/", within, |s, b| {
        s == 200 && b.contains("Gecombineerde leefstijlinterventie Nieuw")
    });

    // Placemats are made when asked for.
    let (status, pdf) = server.get("/zorggroep-test/placemat.pdf");
    assert_eq!(status, 200);
    assert!(pdf.contains("application/pdf") && pdf.contains("%PDF"));
    // Unknown pages and tricks with ../ get an answer, not a file.
    assert_eq!(server.get("/bestaat-niet/").0, 404);
    // ... with the site's own 404.html, whose links work from any depth.
    let (status, body) = server.get("/zorggroep-test/oud-id/");
    assert_eq!(status, 404);
    assert!(
        body.contains("href=\"/zorggroep-test/index.html\""),
        "{body}"
    );
    assert!(body.contains("href=\"/static/style.css\""), "{body}");
    assert_eq!(server.get("/../../etc/passwd").0, 400);
    let (status, moved) = server.get("/zorggroep-test");
    assert_eq!(status, 301);
    assert!(moved.contains("Location: /zorggroep-test/"));
}

#[test]
fn a_busy_port_is_a_dutch_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let fx = Fixture::copy("basis");
    let out = fx.run(&["serve", "--port", &port]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!("fout: kan niet luisteren op poort {port}")),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: kies een andere poort met --port"),
        "{stderr}"
    );
}

/// A project folder with a secret file next to it, as a user's home
/// folder has files next to the project: the server must never hand it out.
struct Planted {
    outer: tempfile::TempDir,
    secret: String,
}

impl Planted {
    fn new() -> Planted {
        let outer = tempfile::tempdir().expect("temp dir");
        let secret = format!("GEHEIM-{}-niet-serveren", std::process::id());
        fs::write(outer.path().join("geheim.txt"), &secret).unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basis");
        common::copy_dir(&from, &outer.path().join("project"));
        Planted { outer, secret }
    }

    fn project(&self) -> PathBuf {
        self.outer.path().join("project")
    }

    /// The secret file's absolute path, without the leading slash.
    fn secret_path(&self) -> String {
        let path = self.outer.path().canonicalize().unwrap().join("geheim.txt");
        path.to_string_lossy().trim_start_matches('/').to_string()
    }

    fn outer_name(&self) -> String {
        self.outer
            .path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    }

    /// Fails when `response` contains anything from outside the site.
    fn assert_not_leaked(&self, request: &str, response: &str) {
        assert!(
            !response.contains(&self.secret),
            "{request:?} returned the secret file:\n{response}"
        );
        assert!(
            !response.contains("root:x:0:0"),
            "{request:?} returned /etc/passwd:\n{response}"
        );
    }
}

#[test]
fn paths_outside_the_site_are_never_served() {
    let planted = Planted::new();
    let server = Server::start_in(&planted.project());
    let secret = planted.secret_path();
    let outer = planted.outer_name();
    let attempts = [
        // An absolute path after the slash replaced the site folder.
        format!("/%2f{secret}"),
        format!("/%2F{}", secret.replace('/', "%2f")),
        "/%2fetc/passwd".to_string(),
        "/%2fetc%2fpasswd".to_string(),
        "//etc/passwd".to_string(),
        // Climbing out of the site folder, decoded or not.
        "/../../../../etc/passwd".to_string(),
        "/..%2f..%2f..%2f..%2f..%2fetc/passwd".to_string(),
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd".to_string(),
        format!("/%2e%2e/%2e%2e/%2e%2e/{outer}/geheim.txt"),
        format!("/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/{outer}/geheim.txt"),
        // Double encoding is decoded once: a file named "%2e%2e".
        "/%252e%252e/%252e%252e/%252e%252e/etc/passwd".to_string(),
        format!("/%252e%252e/%252e%252e/%252e%252e/{outer}/geheim.txt"),
        // Backslashes and NUL bytes.
        "/static/..%5c..%5c..%5c..%5cetc%5cpasswd".to_string(),
        "/static\\..\\..\\..\\..\\etc\\passwd".to_string(),
        "/%5cetc%5cpasswd".to_string(),
        "/etc/passwd%00.html".to_string(),
        "/index.html%00".to_string(),
        "/%00".to_string(),
        // Broken escapes.
        "/%2".to_string(),
        "/%+1etc".to_string(),
        "/%c3%28".to_string(),
        // Overlong.
        format!("/{}", "../".repeat(1000)),
        format!("/{}etc/passwd", "%2e%2e/".repeat(400)),
    ];
    for path in &attempts {
        let (status, response) = server.get(path);
        assert!(
            matches!(status, 400 | 404 | 414),
            "{path:?} got {status}:\n{response}"
        );
        planted.assert_not_leaked(path, &response);
    }
    // A file named like a double-encoded name is a name, not a way out.
    assert_eq!(server.get("/%252e%252e/").0, 404);
    assert_eq!(server.get("/static/style.css").0, 200);
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_site_are_not_followed() {
    let planted = Planted::new();
    let server = Server::start_in(&planted.project());
    let secret_file = planted.outer.path().join("geheim.txt");
    // A link in every static folder the server built: to the secret file,
    // and to the folder that holds it.
    let mut planted_links = 0;
    for entry in walkdir::WalkDir::new(server.work_dir())
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_dir() && entry.file_name() == "static" {
            std::os::unix::fs::symlink(&secret_file, entry.path().join("lek.txt")).unwrap();
            std::os::unix::fs::symlink(planted.outer.path(), entry.path().join("lekmap")).unwrap();
            planted_links += 1;
        }
    }
    assert!(planted_links > 0, "no static folder in the work folder");
    for path in [
        "/static/lek.txt",
        "/static/lekmap/geheim.txt",
        "/static/lekmap/project/menukaart.toml",
        "/static/lekmap",
    ] {
        let (status, response) = server.get(path);
        assert_eq!(status, 404, "{path}:\n{response}");
        planted.assert_not_leaked(path, &response);
    }
    assert_eq!(server.get("/static/style.css").0, 200);
}

#[test]
fn requests_for_another_host_are_refused() {
    let fx = Fixture::copy("basis");
    let server = Server::start(&fx);
    let port = server.port;
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, response) = server.send(&format!(
            "GET {PAGE} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(status, 200, "{host}:\n{response}");
    }
    // A web page that points its own domain name at 127.0.0.1 (DNS
    // rebinding) sends its own name: it must not read the site.
    for host in [
        Some(format!("aanvaller.example:{port}")),
        Some("aanvaller.example".to_string()),
        Some(format!("127.0.0.1.aanvaller.example:{port}")),
        Some(format!("localhost:{}", port.wrapping_add(1))),
        Some("127.0.0.1".to_string()),
        Some(String::new()),
        None,
    ] {
        let header = host
            .as_ref()
            .map(|h| format!("Host: {h}\r\n"))
            .unwrap_or_default();
        for path in [PAGE, "/__menukaart/events?pagina=%2F"] {
            let (status, response) = server.send(&format!(
                "GET {path} HTTP/1.1\r\n{header}Connection: close\r\n\r\n"
            ));
            assert_eq!(status, 421, "{host:?} {path}:\n{response}");
            assert!(
                response.contains("Dit adres hoort niet bij deze server"),
                "{response}"
            );
            assert!(!response.contains("De patiënt"), "{response}");
        }
    }
}

#[test]
fn only_get_and_head_are_answered() {
    let fx = Fixture::copy("basis");
    let server = Server::start(&fx);
    let host = server.host();
    for method in ["POST", "DELETE", "PUT", "PATCH", "OPTIONS", "TRACE", "BREW"] {
        let (status, response) = server.send(&format!(
            "{method} {PAGE} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(status, 405, "{method}:\n{response}");
        assert!(response.contains("\r\nAllow: GET, HEAD\r\n"), "{response}");
        assert!(response.contains("alleen"), "{response}");
        assert!(!response.contains("De patiënt"), "{response}");
    }
    let (status, head) = server.send(&format!(
        "HEAD {PAGE} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("text/html"), "{head}");
    assert!(head.ends_with("\r\n\r\n"), "HEAD has no body:\n{head}");
    // HEAD on the event stream answers at once instead of streaming.
    let (status, head) = server.send(&format!(
        "HEAD /__menukaart/events?pagina=%2F HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(status, 200, "{head}");
    assert!(head.ends_with("\r\n\r\n"), "HEAD has no body:\n{head}");
}

#[test]
fn overlong_addresses_are_refused() {
    let fx = Fixture::copy("basis");
    let server = Server::start(&fx);
    let (status, response) = server.get(&format!("/{}", "a".repeat(3000)));
    assert_eq!(status, 414, "{response}");
    assert!(response.contains("Het adres is te lang"), "{response}");
    let (status, response) = server.get(&format!("/?q={}", "a".repeat(3000)));
    assert_eq!(status, 414, "{response}");
    // Just under the limit is an ordinary unknown page.
    let (status, _) = server.get(&format!("/{}", "a".repeat(2000)));
    assert_eq!(status, 404);
    assert_eq!(server.get(PAGE).0, 200);
}

#[test]
fn folders_with_non_ascii_names_redirect_without_crashing() {
    let fx = Fixture::copy("basis");
    fx.write(
        "themes/default/static/lettertypes-é/extra.css",
        "body { color: #123456; }\n",
    );
    let server = Server::start(&fx);
    // More requests than the server has workers: none may take one down.
    for _ in 0..6 {
        let (status, response) = server.get("/static/lettertypes-%C3%A9");
        assert_eq!(status, 301, "{response}");
        assert!(
            response.contains("\r\nLocation: /static/lettertypes-%C3%A9/\r\n"),
            "{response}"
        );
    }
    let (status, css) = server.get("/static/lettertypes-%C3%A9/extra.css");
    assert_eq!(status, 200, "{css}");
    assert!(css.contains("#123456"));
    assert_eq!(server.get(PAGE).0, 200);
}

/// A server in this process, for settings the command line does not
/// offer; stopped when the test ends, also when it fails.
struct InProcess {
    running: Option<menukaart::serve::Running>,
    port: u16,
}

impl InProcess {
    fn start(options: &menukaart::serve::ServeOptions) -> InProcess {
        let running = menukaart::serve::start(options).expect("serve starts");
        let port = running.port();
        InProcess {
            running: Some(running),
            port,
        }
    }
}

impl Drop for InProcess {
    fn drop(&mut self) {
        if let Some(running) = self.running.take() {
            running.stop();
        }
    }
}

#[test]
fn a_silent_connection_is_closed_and_blocks_nobody() {
    let fx = Fixture::copy("basis");
    let timeout = Duration::from_millis(500);
    let mut options = menukaart::serve::ServeOptions::new(fx.root().to_path_buf(), 0);
    options.idle_timeout = timeout;
    let server = InProcess::start(&options);
    let port = server.port;
    let get = |path: &str| {
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
        let response = raw_request(port, request.as_bytes()).expect("an answer");
        String::from_utf8_lossy(&response).into_owned()
    };

    // Half a request line, then silence; and more such clients than the
    // server has workers.
    let opened = Instant::now();
    let mut slow = TcpStream::connect(("127.0.0.1", port)).unwrap();
    slow.write_all(b"GET /zorggroep-te").unwrap();
    let _others: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0").unwrap();
            s
        })
        .collect();

    // Everybody else is answered at once.
    let asked = Instant::now();
    let page = get(PAGE);
    assert_eq!(status_of(&page), 200, "{page}");
    assert!(
        asked.elapsed() < Duration::from_secs(1),
        "{:?}",
        asked.elapsed()
    );

    // The server hangs up on the silent client after the timeout.
    slow.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut rest = Vec::new();
    let result = slow.read_to_end(&mut rest);
    let waited = opened.elapsed();
    assert!(
        result.is_ok()
            || result
                .as_ref()
                .is_err_and(|e| e.kind() == ErrorKind::ConnectionReset),
        "the silent connection is still open after {waited:?}: {result:?}"
    );
    assert!(
        waited >= timeout && waited < timeout + Duration::from_secs(2),
        "closed after {waited:?}"
    );
    let rest = String::from_utf8_lossy(&rest);
    assert!(rest.is_empty() || status_of(&rest) == 408, "{rest}");

    // An open tab's event stream is not a silent client: it still gets
    // the reload event long after the timeout.
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET /__menukaart/events?pagina=%2Fzorggroep-test%2F HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n"
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut lines = BufReader::new(stream).lines().map_while(Result::ok);
    let mut next_version = || lines.find_map(|l| l.strip_prefix("data: ").map(str::to_string));
    let first = next_version().expect("a first version");
    thread::sleep(timeout * 3);
    fx.edit(
        "regions/zorggroep-test.toml",
        "Een kleine keuze",
        "Een kleine, nieuwe keuze",
    );
    let second = next_version().expect("a reload event after the timeout");
    assert_ne!(first, second);
    // A quiet server keeps accepting connections: the timeout is on the
    // connections, not on waiting for new ones.
    thread::sleep(timeout * 3);
    let page = get(PAGE);
    assert_eq!(status_of(&page), 200, "{page}");
}

/// xorshift64*: a fixed sequence from a fixed seed, so that a failing
/// case can be sent again.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Sends a request and reads the answer; stops at the head of an event
/// stream, which stays open by design. Empty when the server closed the
/// connection without a byte; an error when it did not finish within ten
/// seconds.
fn fuzz_request(port: u16, request: &[u8]) -> Result<Vec<u8>, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|e| e.to_string())?;
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    let mut buf = [0; 8192];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return Ok(response),
            Ok(n) => response.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return Ok(response),
            Err(e) => return Err(format!("{e} after {} bytes", response.len())),
        }
        let text = String::from_utf8_lossy(&response);
        if text.contains("text/event-stream") && text.contains("\r\n\r\n") {
            return Ok(response);
        }
    }
}

#[test]
fn fuzzed_request_paths_never_leave_the_site() {
    let cases: usize = std::env::var("MENUKAART_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5000);
    let seed: u64 = std::env::var("MENUKAART_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x6d65_6e75_6b61_6172);
    let planted = Planted::new();
    let server = Server::start_in(&planted.project());
    let port = server.port;
    let secret = planted.secret_path();
    let outer = planted.outer_name();
    // Pieces of paths that have caused trouble in file servers. No
    // placemat names: making a PDF takes seconds, and placemats are
    // looked up by region, not on disk.
    let fragments: Vec<String> = [
        "/",
        "//",
        "..",
        ".",
        "%2e",
        "%2E%2e",
        "%2f",
        "%2F",
        "%5c",
        "\\",
        "%00",
        "%252e",
        "%252f",
        "%25",
        "%",
        "%zz",
        "%+1",
        "%c3%a9",
        "%C3",
        "%ff",
        "%fe%ff",
        "%e2%80%ae",
        "%0d%0a",
        "%09",
        "%20",
        "+",
        "?",
        "#",
        "?pagina=",
        "&",
        ";",
        ":",
        "C:",
        "~",
        "*",
        "index.html",
        "static",
        "style.css",
        "zorggroep-test",
        "gli-cool",
        "interventies",
        "__menukaart",
        "__menukaart/",
        "events",
        "reload.js",
        "geheim.txt",
        "etc",
        "passwd",
        "project",
        "menukaart.toml",
        "regions",
        ".git",
        "aux",
        "CON",
        "nul",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([
        format!("%2f{secret}"),
        secret.replace('/', "%2f"),
        outer.clone(),
        "a".repeat(300),
        "%2e%2e/".repeat(50),
    ])
    .collect();
    let methods = [
        "GET", "GET", "GET", "GET", "GET", "GET", "GET", "GET", "GET", "GET", "GET", "GET", "HEAD",
        "HEAD", "POST", "DELETE", "OPTIONS", "BREW",
    ];
    let good_host = format!("127.0.0.1:{port}");
    let mut rng = Rng(seed);
    let started = Instant::now();
    let mut statuses = std::collections::BTreeMap::new();
    for case in 0..cases {
        let mut target = if rng.chance(95) {
            "/".to_string()
        } else {
            String::new()
        };
        for _ in 0..=rng.below(10) {
            target.push_str(&fragments[rng.below(fragments.len())]);
        }
        let mut target = target.into_bytes();
        for _ in 0..rng.below(4) {
            let at = rng.below(target.len() + 1);
            match rng.below(3) {
                0 => target.insert(at, b'!' + rng.below(94) as u8),
                1 if at < target.len() => {
                    target.remove(at);
                }
                _ if at < target.len() => target[at] = b'!' + rng.below(94) as u8,
                _ => {}
            }
        }
        // Now and then a byte no client should send raw.
        if rng.chance(5) {
            let at = rng.below(target.len() + 1);
            target.insert(at, rng.below(256) as u8);
        }
        let clean = target.iter().all(|b| (b'!'..=b'~').contains(b));
        let method = methods[rng.below(methods.len())];
        let host = match rng.below(20) {
            0 => String::new(),
            1 => "Host: aanvaller.example\r\n".to_string(),
            _ => format!("Host: {good_host}\r\n"),
        };
        let mut request = format!("{method} ").into_bytes();
        request.extend_from_slice(&target);
        request
            .extend_from_slice(format!(" HTTP/1.1\r\n{host}Connection: close\r\n\r\n").as_bytes());
        let shown = String::from_utf8_lossy(&request).into_owned();
        let response = fuzz_request(port, &request)
            .unwrap_or_else(|err| panic!("case {case} (seed {seed}): {shown:?}: no answer: {err}"));
        let text = String::from_utf8_lossy(&response).into_owned();
        let status = status_of(&text);
        // The HTTP library hangs up without an answer on a request line
        // that is not ASCII; everything else gets a status.
        if clean || !response.is_empty() {
            assert!(
                matches!(status, 200 | 301 | 400 | 404 | 405 | 414 | 421),
                "case {case} (seed {seed}): {shown:?} got status {status}:\n{text}"
            );
        }
        planted.assert_not_leaked(&shown, &text);
        *statuses.entry(status).or_insert(0) += 1;
    }
    let (status, page) = server.get(PAGE);
    assert_eq!(
        status, 200,
        "the server still answers after the fuzzing:\n{page}"
    );
    assert!(page.contains("De patiënt werkt twee jaar"));
    eprintln!(
        "{cases} fuzzed requests (seed {seed}) in {:.1?}; statuses {statuses:?}",
        started.elapsed()
    );
}

#[test]
fn changes_since_the_previous_edition_show_live_while_editing() {
    let fx = Fixture::copy("basis");
    // The previous edition, frozen at an earlier peildatum.
    fx.edit(
        "regions/zorggroep-test.toml",
        "peildatum = 2026-10-01",
        "peildatum = 2026-04-01",
    );
    assert_eq!(fx.run(&["editie"]).status.code(), Some(0));
    fx.edit(
        "regions/zorggroep-test.toml",
        "peildatum = 2026-04-01",
        "peildatum = 2026-10-01",
    );
    let server = Server::start(&fx);
    let (status, page) = server.get("/zorggroep-test/");
    assert_eq!(status, 200, "{page}");
    assert!(
        !page.contains("Nieuw in deze editie"),
        "nothing changed yet"
    );

    // Working on the next edition: the gemeente now asks a contribution.
    fx.edit(
        "regions/zorggroep-test.toml",
        "soort = \"gemeente\"\ntoelichting",
        "soort = \"gemeente\"\neigen_bijdrage = \"€ 10 voor tien lessen\"\ntoelichting",
    );
    let page = server.wait_for("/zorggroep-test/", Duration::from_secs(3), |s, body| {
        s == 200 && body.contains("Nieuw in deze editie")
    });
    assert!(
        page.contains(
            "<strong>Gewijzigd:</strong> Beweegprogramma in de wijk (kosten voor de patiënt"
        ),
        "{page}"
    );
}

/// A pid that no running process has (so a folder named after it looks
/// left behind by a killed server).
fn dead_pid() -> u32 {
    (3_000_000..)
        .find(|pid| !Path::new("/proc").join(pid.to_string()).exists())
        .unwrap()
}

#[test]
fn only_our_own_left_behind_work_folders_are_removed() {
    let tmp = std::env::temp_dir();
    let pid = dead_pid();
    let nanos = std::process::id();
    // Left behind by a killed serve: our marker is in it.
    let ours = tmp.join(format!("menukaart-serve-{pid}-{nanos}1"));
    fs::create_dir_all(ours.join("site-1")).unwrap();
    fs::write(
        ours.join(".menukaart-serve"),
        "Werkmap van menukaart serve\n",
    )
    .unwrap();
    // Somebody else's folder with a name like ours: no marker.
    let other = tmp.join(format!("menukaart-serve-{pid}-{nanos}2"));
    fs::create_dir_all(&other).unwrap();
    fs::write(other.join("notities.txt"), "van iemand anders\n").unwrap();
    // A link with our name to a folder that has a marker: not ours either.
    let target = tempfile::tempdir().unwrap();
    fs::write(target.path().join(".menukaart-serve"), "").unwrap();
    fs::write(target.path().join("bewaren.txt"), "bewaren\n").unwrap();
    let link = tmp.join(format!("menukaart-serve-{pid}-{nanos}3"));
    std::os::unix::fs::symlink(target.path(), &link).unwrap();

    let fx = Fixture::copy("basis");
    let server = Server::start(&fx);
    assert_eq!(server.get(PAGE).0, 200);
    let survived = (ours.exists(), other.join("notities.txt").exists());
    let linked = target.path().join("bewaren.txt").exists();
    let _ = fs::remove_dir_all(&ours);
    let _ = fs::remove_dir_all(&other);
    let _ = fs::remove_file(&link);
    assert_eq!(survived, (false, true), "(ours, somebody else's)");
    assert!(linked, "a link's target was emptied");
    // Our own running folder carries the marker.
    assert!(server.work_dir().join(".menukaart-serve").is_file());
}

#[test]
fn a_vanished_work_folder_is_said_and_built_again() {
    let fx = Fixture::copy("basis");
    let server = Server::start(&fx);
    assert_eq!(server.get(PAGE).0, 200);
    let work = server.work_dir();
    fs::remove_dir_all(&work).unwrap();
    let page = server.wait_for(PAGE, Duration::from_secs(10), |s, _| s == 200);
    assert!(page.contains("De patiënt werkt twee jaar"), "{page}");
    assert!(work.join(".menukaart-serve").is_file());
    let said: Vec<String> = server.output.try_iter().collect();
    assert!(
        said.iter().any(|l| l.contains("is verdwenen")),
        "nothing on the console: {said:?}"
    );
}

#[test]
fn a_save_that_empties_the_file_first_shows_no_error_page() {
    let fx = Fixture::copy("basis");
    let server = Server::start(&fx);
    assert_eq!(server.get(PAGE).0, 200);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let port = server.port;
    let poller = {
        let stop = stop.clone();
        thread::spawn(move || {
            let (mut answers, mut errors) = (0, Vec::new());
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let request = format!(
                    "GET {PAGE} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
                );
                let text = String::from_utf8_lossy(&raw_request(port, request.as_bytes()).unwrap())
                    .into_owned();
                answers += 1;
                if status_of(&text) != 200 {
                    errors.push(text.lines().next().unwrap_or("").to_string());
                }
                thread::sleep(Duration::from_millis(5));
            }
            (answers, errors)
        })
    };
    let path = fx.root().join("interventions/gli-cool.md");
    let original = fs::read_to_string(&path).unwrap();
    for round in 0..8 {
        // As some editors and sync tools save: empty the file, then write.
        let text = original.replace(
            "De patiënt werkt twee jaar",
            &format!("De patiënt werkt ronde {round} twee jaar"),
        );
        let mut file = fs::File::create(&path).unwrap();
        thread::sleep(Duration::from_millis(40));
        file.write_all(text.as_bytes()).unwrap();
        drop(file);
        thread::sleep(Duration::from_millis(300));
    }
    server.wait_for(PAGE, Duration::from_secs(5), |s, body| {
        s == 200 && body.contains("ronde 7 twee jaar")
    });
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (answers, errors) = poller.join().unwrap();
    assert!(answers > 100, "only {answers} requests");
    assert!(
        errors.is_empty(),
        "{} of {answers} answers were not the page, such as {:?}",
        errors.len(),
        &errors[..errors.len().min(3)]
    );
}
