//! `menukaart serve` (issue 6), against the real binary on a free port:
//! edits show up within two seconds, errors show as a Dutch page with
//! file:line:col and go away when fixed, the reload script is in served
//! pages only, open tabs get a reload event.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
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
        let mut child = Command::new(env!("CARGO_BIN_EXE_menukaart"))
            .args(["serve", "--port", "0", "--root"])
            .arg(fx.root())
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

    /// (status, headers and body) of a GET.
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let text = String::from_utf8_lossy(&response).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, text)
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
    assert!(
        error.contains("bedoelde je &quot;voeding&quot;?"),
        "{error}"
    );
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
        "GET /__menukaart/events?pagina=%2Fzorggroep-test%2F HTTP/1.1\r\nHost: x\r\n\r\n"
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
