//! The batch's side of the worker processes: starting them, handing each a
//! file, waiting for the answer under the time cap, and replacing a worker
//! that died or was killed.
//!
//! A worker is reused for file after file (starting one costs far more
//! than the round trip of a request), so a pool keeps the idle ones. A
//! worker is this very program started as `docmend worker`, or any other
//! command that serves the same protocol ([`WorkerCommand`]; the Python
//! package starts its interpreter, whose extension calls
//! [`super::worker::serve_status`]). Each
//! live worker has two reader threads in this process: one turns its
//! standard output into responses on a channel (so that waiting for an
//! answer can time out), one keeps the end of its standard error (so that
//! a worker that dies can be described).

use super::death::{CapNames, Death};
use super::wire::{self, Config, Request, RequestPayload, Response};
use crate::inputs::Source;
use crate::task::{Made, Product};
use std::ffi::OsString;
use std::io::{self, BufReader, BufWriter, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Mutex, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How much of a worker's standard error is kept to describe its end.
const STDERR_TAIL: usize = 16 << 10;

/// How long a worker that closed its output, or was asked to stop, may
/// take to exit before it is killed.
const EXIT_GRACE: Duration = Duration::from_secs(5);

/// The caps every file of a batch converts under.
#[derive(Debug, Clone, Copy)]
pub struct Caps {
    /// Wall-clock time per file; `None` for no limit.
    pub timeout: Option<Duration>,
    /// Address space per worker, in bytes; `None` for no limit.
    pub max_memory: Option<u64>,
}

/// How to start a worker process: a program and its arguments. The
/// process must read its [`Config`] and then answer requests on its
/// standard input and output, as [`super::worker::serve`] does.
#[derive(Debug, Clone)]
pub struct WorkerCommand {
    pub program: PathBuf,
    pub args: Vec<OsString>,
}

impl WorkerCommand {
    /// This very program started as `docmend worker`.
    pub fn this_program() -> io::Result<WorkerCommand> {
        Ok(WorkerCommand {
            program: std::env::current_exe()?,
            args: vec!["worker".into()],
        })
    }
}

/// The worker processes of one batch.
pub struct Pool {
    command: WorkerCommand,
    config: Config,
    caps: Caps,
    /// What the caps are called in the reasons a file fails with.
    cap_names: CapNames,
    idle: Mutex<Vec<Worker>>,
}

impl Pool {
    /// A pool that starts workers from this very program.
    pub fn new(config: Config, caps: Caps) -> io::Result<Pool> {
        Ok(Pool::with_command(
            WorkerCommand::this_program()?,
            config,
            caps,
            CapNames::CLI,
        ))
    }

    /// A pool that starts its workers with `command`; `cap_names` are the
    /// names of the caps as the caller's user sets them.
    pub fn with_command(
        command: WorkerCommand,
        config: Config,
        caps: Caps,
        cap_names: CapNames,
    ) -> Pool {
        Pool {
            command,
            config,
            caps,
            cap_names,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Starts one worker now, so that a system that cannot start them is
    /// found before the first file.
    pub fn warm_up(&self) -> io::Result<()> {
        let worker = Worker::spawn(&self.command, &self.config)?;
        self.give_back(worker);
        Ok(())
    }

    /// Converts one input in a worker: the product, or why the file failed
    /// (its own error, or how its worker died).
    pub fn convert(&self, name: &str, source: &Source, max_input: u64) -> Result<Product, String> {
        match source {
            Source::File(path) => self.convert_file(name, path),
            // Standard input belongs to this process: read it here.
            Source::Stdin => self.convert_bytes(name, source.read(max_input)?),
        }
    }

    /// Converts the file at `path` in a worker, which reads it; `name` is
    /// recorded as `source.path`.
    pub fn convert_file(&self, name: &str, path: &Path) -> Result<Product, String> {
        self.send(name, RequestPayload::Path, &wire::path_bytes(path))
    }

    /// Converts `bytes` in a worker; `name` is recorded as `source.path`.
    /// The worker checks their size against the input limit.
    pub fn convert_bytes(&self, name: &str, bytes: Vec<u8>) -> Result<Product, String> {
        self.send(name, RequestPayload::Bytes, &bytes)
    }

    fn send(
        &self,
        name: &str,
        payload_kind: RequestPayload,
        payload: &[u8],
    ) -> Result<Product, String> {
        let request = Request {
            name: name.to_string(),
            payload: payload_kind,
        };
        // A worker that died while idle (killed from outside) fails to take
        // the request; that is not this file's fault, so a fresh worker gets
        // it once more.
        for attempt in 0..2 {
            let mut worker = self.take().map_err(|e| {
                format!(
                    "cannot start a worker process ({}): {e}",
                    self.command.program.display()
                )
            })?;
            match worker.convert(&request, payload, self.caps.timeout) {
                Ok(answer) => {
                    self.give_back(worker);
                    return answer;
                }
                Err(Failure::NotTaken) if attempt == 0 => continue,
                Err(Failure::NotTaken) => {
                    return Err("the worker process did not take the file".to_string());
                }
                Err(Failure::Died(death)) => {
                    return Err(death.describe_as(self.caps.max_memory, self.cap_names));
                }
            }
        }
        unreachable!("the loop returns on its second attempt")
    }

    fn take(&self) -> io::Result<Worker> {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        match idle {
            Some(worker) => Ok(worker),
            None => Worker::spawn(&self.command, &self.config),
        }
    }

    fn give_back(&self, worker: Worker) {
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(worker);
    }
}

/// Why a worker gave no answer.
enum Failure {
    /// The request could not be written: the worker was gone before it.
    NotTaken,
    /// The worker ended (or was killed) while it held the file.
    Died(Death),
}

/// One live worker process.
struct Worker {
    child: Child,
    /// `None` once closed, which tells the worker to exit.
    stdin: Option<BufWriter<ChildStdin>>,
    responses: Receiver<io::Result<(Response, Vec<u8>)>>,
    stderr_tail: Option<JoinHandle<Vec<u8>>>,
}

impl Worker {
    fn spawn(command: &WorkerCommand, config: &Config) -> io::Result<Worker> {
        let mut child = Command::new(&command.program)
            .args(&command.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::Error::other("the worker's pipes were not set up"));
        };
        let (sender, responses) = mpsc::channel();
        thread::Builder::new()
            .name("docmend-worker-out".into())
            .spawn(move || {
                let mut stdout = BufReader::new(stdout);
                loop {
                    let frame = wire::read_frame::<Response>(&mut stdout);
                    let last = !matches!(frame, Ok(Some(_)));
                    let message = match frame {
                        Ok(Some(frame)) => Ok(frame),
                        Ok(None) => Err(io::ErrorKind::UnexpectedEof.into()),
                        Err(e) => Err(e),
                    };
                    if sender.send(message).is_err() || last {
                        return;
                    }
                }
            })?;
        let stderr_tail = thread::Builder::new()
            .name("docmend-worker-err".into())
            .spawn(move || keep_tail(stderr))?;
        let mut worker = Worker {
            child,
            stdin: Some(BufWriter::new(stdin)),
            responses,
            stderr_tail: Some(stderr_tail),
        };
        if let Some(stdin) = worker.stdin.as_mut() {
            wire::write_frame(stdin, config, &[])?;
        }
        Ok(worker)
    }

    /// Hands the worker one file and waits for its answer.
    fn convert(
        &mut self,
        request: &Request,
        payload: &[u8],
        timeout: Option<Duration>,
    ) -> Result<Result<Product, String>, Failure> {
        let Some(stdin) = self.stdin.as_mut() else {
            return Err(Failure::NotTaken);
        };
        if wire::write_frame(stdin, request, payload).is_err() {
            // Reap it; its death belongs to no file.
            self.end();
            return Err(Failure::NotTaken);
        }
        let received = match timeout {
            Some(limit) => self.responses.recv_timeout(limit),
            None => self
                .responses
                .recv()
                .map_err(|_| RecvTimeoutError::Disconnected),
        };
        match received {
            Ok(Ok((Response::Rendered(facts), bytes))) => Ok(Ok(Product {
                made: Made::Rendered(bytes),
                facts,
            })),
            Ok(Ok((Response::Summary(summary, facts), page))) => Ok(Ok(Product {
                // An empty payload: no audit page.
                made: Made::Summary(summary, (!page.is_empty()).then_some(page)),
                facts,
            })),
            Ok(Ok((Response::Failed(reason), _))) => Ok(Err(reason)),
            Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => {
                let (status, stderr_tail) = self.end();
                Err(Failure::Died(Death::Ended {
                    status,
                    stderr_tail,
                }))
            }
            Err(RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                self.end();
                Err(Failure::Died(Death::TimedOut(timeout.unwrap_or_default())))
            }
        }
    }

    /// Closes the worker's input, waits for it to exit (killing it after a
    /// grace period) and collects how it ended.
    fn end(&mut self) -> (Option<std::process::ExitStatus>, Vec<u8>) {
        drop(self.stdin.take());
        let deadline = Instant::now() + EXIT_GRACE;
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(2)),
                Ok(None) => {
                    let _ = self.child.kill();
                    break self.child.wait().ok();
                }
                Err(_) => break None,
            }
        };
        let tail = self
            .stderr_tail
            .take()
            .and_then(|reader| reader.join().ok())
            .unwrap_or_default();
        (status, tail)
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if self.stderr_tail.is_some() {
            self.end();
        }
    }
}

/// Reads a stream to its end, keeping its last [`STDERR_TAIL`] bytes.
fn keep_tail(mut stream: impl Read) -> Vec<u8> {
    let mut tail = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return tail,
            Ok(n) => {
                tail.extend_from_slice(&buffer[..n]);
                if tail.len() > STDERR_TAIL {
                    tail.drain(..tail.len() - STDERR_TAIL);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return tail,
        }
    }
}
