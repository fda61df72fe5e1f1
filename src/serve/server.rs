//! The HTTP transport under `serve`: connections, timeouts and shutdown.
//!
//! hyper reads and writes HTTP/1.1; this module only decides how
//! connections live. Each connection is a tokio task, not a thread, so a
//! client that opens connections and stays silent holds up nobody else.
//! A connection whose request head does not arrive within the idle timeout
//! is closed (hyper's `header_read_timeout`), and so is one whose client
//! stops reading what we write (a write timeout on the socket). What a
//! request is answered with is decided by a plain blocking function (see
//! [`super::http`]): it reads files and may make a placemat, which takes
//! seconds, so it runs on tokio's blocking pool and never on a thread that
//! drives connections.

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::thread;
use std::time::Duration;

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use hyper::header::{HeaderName, HeaderValue, HOST};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::{mpsc, oneshot};

/// What the answering function needs to know of a request.
#[derive(Debug)]
pub struct Request {
    pub method: hyper::Method,
    /// The request target as sent: path and query.
    pub target: String,
    /// Every `Host` header, as text; one that is not UTF-8 is left out
    /// and so is refused like a wrong host.
    pub hosts: Vec<String>,
}

/// A response body: all at once, or a stream of event messages that ends
/// when the sender is dropped.
pub enum Reply {
    Bytes(Option<Bytes>),
    Stream(mpsc::Receiver<Bytes>),
}

impl http_body::Body for Reply {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            Reply::Bytes(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Reply::Stream(messages) => messages
                .poll_recv(cx)
                .map(|message| message.map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Reply::Bytes(None))
    }

    /// Exact for a whole body, so hyper sends its `Content-Length` (also
    /// for HEAD, where it leaves the body out).
    fn size_hint(&self) -> SizeHint {
        match self {
            Reply::Bytes(Some(bytes)) => SizeHint::with_exact(bytes.len() as u64),
            Reply::Bytes(None) => SizeHint::with_exact(0),
            Reply::Stream(_) => SizeHint::default(),
        }
    }
}

/// The answer to one request.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Reply,
}

impl Answer {
    pub fn new(status: u16, body: Vec<u8>) -> Answer {
        Answer {
            status,
            headers: Vec::new(),
            body: Reply::Bytes(Some(Bytes::from(body))),
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Answer {
        self.headers.push((name, value.into()));
        self
    }
}

/// The answering function: blocking, called once per request.
pub type Handler = Arc<dyn Fn(&Request) -> Answer + Send + Sync>;

/// A server running on a thread of its own until [`Server::stop`].
pub struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<thread::JoinHandle<()>>,
}

impl Server {
    /// Serves `listener` with `handler`. Connections silent for `timeout`
    /// (while we wait for a request head, or while the client does not read
    /// what we write) are closed.
    pub fn start(
        listener: std::net::TcpListener,
        timeout: Duration,
        handler: Handler,
    ) -> io::Result<Server> {
        let addr = listener.local_addr()?;
        listener.set_nonblocking(true)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            // Answers that make a placemat keep a blocking thread for
            // seconds; more of them at once than this wait their turn.
            .max_blocking_threads(16)
            .thread_name("menukaart-serve")
            .enable_io()
            .enable_time()
            .build()?;
        let listener = {
            let _entered = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = thread::Builder::new()
            .name("menukaart-serve".into())
            .spawn(move || {
                runtime.spawn(accept(listener, timeout, handler));
                // Until stop() sends or the Server is dropped.
                let _ = runtime.block_on(stopped);
                // Open connections (event streams of open tabs) end here.
                runtime.shutdown_timeout(Duration::from_millis(200));
            })?;
        Ok(Server {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Blocks for as long as the server runs: until the process ends.
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    /// Stops accepting, closes every connection and waits for that.
    pub fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Accepts connections until the runtime shuts down. An error of `accept`
/// (too many open files, a connection reset before it was taken) ends
/// nothing: the server waits a moment and goes on.
async fn accept(listener: tokio::net::TcpListener, timeout: Duration, handler: Handler) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let mut stream = tokio_io_timeout::TimeoutStream::new(stream);
        stream.set_write_timeout(Some(timeout));
        let io = TokioIo::new(Box::pin(stream));
        let handler = handler.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| answer(request, handler.clone()));
            // An error here is the client's: a broken request (hyper has
            // answered it with 400), a timeout or a closed connection.
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                // `Cache-Control`, as a person reading curl's output expects.
                .title_case_headers(true)
                .header_read_timeout(timeout)
                .serve_connection(io, service)
                .await;
        });
    }
}

async fn answer(
    request: hyper::Request<hyper::body::Incoming>,
    handler: Handler,
) -> Result<hyper::Response<Reply>, Infallible> {
    let request = Request {
        method: request.method().clone(),
        target: request
            .uri()
            .path_and_query()
            .map_or_else(|| request.uri().to_string(), |p| p.as_str().to_string()),
        hosts: request
            .headers()
            .get_all(HOST)
            .iter()
            .filter_map(|h| h.to_str().ok().map(str::to_string))
            .collect(),
    };
    // A bug in answering one request must not cost the server more than
    // that answer: a panic ends the blocking task, not the server.
    let answer = tokio::task::spawn_blocking(move || handler(&request))
        .await
        .unwrap_or_else(|_| {
            Answer::new(500, "Er ging iets mis in de server.\n".as_bytes().to_vec())
                .header("Content-Type", "text/plain; charset=utf-8")
        });
    Ok(response(answer))
}

/// The hyper response for an answer. A header whose value cannot be sent
/// as it is (not ASCII, or a control character that would end the header
/// early) is left out: values made from request data are encoded before,
/// so this only keeps a mistake from breaking the response.
fn response(answer: Answer) -> hyper::Response<Reply> {
    let mut response = hyper::Response::new(answer.body);
    *response.status_mut() = hyper::StatusCode::from_u16(answer.status)
        .unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in answer.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    response
}
