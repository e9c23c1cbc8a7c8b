//! What crosses the pipes between a batch and its worker processes, and
//! how it is framed.
//!
//! Every message is one frame: a little-endian `u32` length and that many
//! bytes of JSON (the header), then a little-endian `u64` length and that
//! many raw bytes (the payload: input bytes read from standard input, or a
//! converted document's JSON). Headers are small; payloads can be large
//! and are copied once, never re-encoded.
//!
//! The first frame a worker reads is its [`Config`]; then one [`Request`]
//! per file, each answered by one [`Response`]. A worker ends when its
//! standard input ends.

use crate::summary::Summary;
use crate::task::{Facts, Task};
use docmend::converter::Limits;
use docmend::model::Format;
use docmend::{Options, Passes};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::io::{self, Read, Write};

/// The largest header accepted; a header holds names and a summary.
const MAX_HEADER: u32 = 64 << 20;

/// Everything a worker needs to convert files as the batch would.
#[derive(Debug, Serialize, Deserialize)]
pub struct Config {
    pub task: Task,
    pub options: WireOptions,
    /// The address-space limit the worker sets on itself, in bytes.
    pub max_memory: Option<u64>,
}

/// [`Options`] as they travel (the library's type has no serde form).
#[derive(Debug, Serialize, Deserialize)]
pub struct WireOptions {
    forced_format: Option<String>,
    passes: Vec<String>,
    password: Option<String>,
    max_input_bytes: u64,
    max_unpacked_bytes: u64,
    max_part_bytes: u64,
    max_table_cells: u64,
    max_pages: u32,
}

impl WireOptions {
    pub fn of(options: &Options) -> WireOptions {
        let limits = &options.limits;
        WireOptions {
            forced_format: options.forced_format.map(|f| f.as_str().to_string()),
            passes: options.passes.names(),
            password: options.password.clone(),
            max_input_bytes: limits.max_input_bytes,
            max_unpacked_bytes: limits.max_unpacked_bytes,
            max_part_bytes: limits.max_part_bytes,
            max_table_cells: limits.max_table_cells,
            max_pages: limits.max_pages,
        }
    }

    pub fn options(&self) -> Result<Options, String> {
        let forced_format = match &self.forced_format {
            Some(name) => {
                Some(Format::parse(name).ok_or_else(|| format!("unknown format {name}"))?)
            }
            None => None,
        };
        let mut limits = Limits::default();
        limits.max_input_bytes = self.max_input_bytes;
        limits.max_unpacked_bytes = self.max_unpacked_bytes;
        limits.max_part_bytes = self.max_part_bytes;
        limits.max_table_cells = self.max_table_cells;
        limits.max_pages = self.max_pages;
        Ok(Options {
            forced_format,
            // An empty list is `none`: exactly the passes listed run.
            passes: Passes::parse_list(&self.passes.join(","))?,
            password: self.password.clone(),
            limits,
        })
    }
}

/// One file to convert. The payload is the path of the file (its bytes as
/// the system spells it), or the input itself when it came on standard
/// input.
#[derive(Debug, Serialize, Deserialize)]
pub struct Request {
    /// The name recorded as `source.path` and used in messages.
    pub name: String,
    pub payload: RequestPayload,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub enum RequestPayload {
    Path,
    Bytes,
}

/// The answer to one [`Request`].
#[derive(Debug, Serialize, Deserialize)]
pub enum Response {
    /// The written document is the payload.
    Rendered(Facts),
    /// The payload is the audit page, when one was asked for and made.
    Summary(Summary, Facts),
    /// The file could not be read or converted; why.
    Failed(String),
}

/// Writes one frame and flushes it.
pub fn write_frame(
    out: &mut impl Write,
    header: &impl Serialize,
    payload: &[u8],
) -> io::Result<()> {
    let header = serde_json::to_vec(header).map_err(io::Error::other)?;
    let header_len = u32::try_from(header.len())
        .ok()
        .filter(|&n| n <= MAX_HEADER)
        .ok_or_else(|| io::Error::other("message header too large"))?;
    out.write_all(&header_len.to_le_bytes())?;
    out.write_all(&header)?;
    out.write_all(&(payload.len() as u64).to_le_bytes())?;
    out.write_all(payload)?;
    out.flush()
}

/// Reads one frame; `None` when the stream ends before a new frame.
pub fn read_frame<H: DeserializeOwned>(input: &mut impl Read) -> io::Result<Option<(H, Vec<u8>)>> {
    let mut len = [0u8; 4];
    match input.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let header_len = u32::from_le_bytes(len);
    if header_len > MAX_HEADER {
        return Err(io::Error::other("message header too large"));
    }
    let header = read_exactly(input, u64::from(header_len))?;
    let header = serde_json::from_slice(&header).map_err(io::Error::other)?;
    let mut len = [0u8; 8];
    input.read_exact(&mut len)?;
    let payload = read_exactly(input, u64::from_le_bytes(len))?;
    Ok(Some((header, payload)))
}

/// Reads `len` bytes, growing the buffer as they arrive rather than
/// trusting the length with one allocation.
fn read_exactly(input: &mut impl Read, len: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(usize::try_from(len.min(1 << 20)).unwrap_or(0));
    input.take(len).read_to_end(&mut bytes)?;
    if bytes.len() as u64 != len {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(bytes)
}

/// The bytes of a path as they travel.
#[cfg(unix)]
pub fn path_bytes(path: &std::path::Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
pub fn path_bytes(path: &std::path::Path) -> Vec<u8> {
    path.to_string_lossy().into_owned().into_bytes()
}

/// The path of [`path_bytes`].
#[cfg(unix)]
pub fn path_from_bytes(bytes: Vec<u8>) -> std::path::PathBuf {
    use std::os::unix::ffi::OsStringExt;
    std::ffi::OsString::from_vec(bytes).into()
}

#[cfg(not(unix))]
pub fn path_from_bytes(bytes: Vec<u8>) -> std::path::PathBuf {
    String::from_utf8_lossy(&bytes).into_owned().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_end_cleanly() {
        let mut stream = Vec::new();
        let request = Request {
            name: "报告.txt".into(),
            payload: RequestPayload::Bytes,
        };
        write_frame(&mut stream, &request, b"\x00\xffbytes").unwrap();
        write_frame(&mut stream, &Response::Failed("why".into()), b"").unwrap();
        let mut input = stream.as_slice();
        let (back, payload): (Request, Vec<u8>) = read_frame(&mut input).unwrap().unwrap();
        assert_eq!(back.name, "报告.txt");
        assert_eq!(payload, b"\x00\xffbytes");
        let (response, payload): (Response, Vec<u8>) = read_frame(&mut input).unwrap().unwrap();
        assert!(matches!(response, Response::Failed(ref why) if why == "why"));
        assert!(payload.is_empty());
        assert!(read_frame::<Response>(&mut input).unwrap().is_none());
    }

    #[test]
    fn a_frame_cut_short_is_an_error_not_an_end() {
        let mut stream = Vec::new();
        write_frame(
            &mut stream,
            &Response::Rendered(Facts::default()),
            b"{\"a\":1}",
        )
        .unwrap();
        stream.truncate(stream.len() - 2);
        assert!(read_frame::<Response>(&mut stream.as_slice()).is_err());
    }

    #[test]
    fn options_travel_unchanged() {
        let mut options = Options {
            forced_format: Format::parse("html"),
            passes: Passes::parse_list("repair,profile").unwrap(),
            password: Some("secret".into()),
            ..Options::default()
        };
        options.limits.max_pages = 7;
        let back = WireOptions::of(&options).options().unwrap();
        assert_eq!(back.forced_format, options.forced_format);
        assert_eq!(back.passes, options.passes);
        assert_eq!(back.password, options.password);
        assert_eq!(back.limits, options.limits);
        let none = Options {
            passes: Passes::none(),
            ..Options::default()
        };
        assert_eq!(
            WireOptions::of(&none).options().unwrap().passes,
            Passes::none()
        );
    }
}
