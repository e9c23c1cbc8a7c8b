//! The content-stream walker: runs a page's operators with the graphics and
//! text state and records every shown glyph (position, size, text) and every
//! painted straight line (ruling lines of tables), in page space.

use super::fonts::{Font, Glyph, deref, number};
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{HashMap, HashSet};

/// Nesting depth of form XObjects the walker follows.
const MAX_FORM_DEPTH: usize = 8;
/// Operators run per page, over all streams and forms.
pub const MAX_OPS: usize = 2_000_000;

/// Whether lopdf refused a stream for decompressing past the limit given.
fn is_over_limit(error: &lopdf::Error) -> bool {
    matches!(
        error,
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })
    )
}

type Matrix = [f64; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// One shown character in page space.
#[derive(Debug, Clone)]
pub struct Char {
    pub x: f64,
    pub y: f64,
    /// Advance in page space.
    pub width: f64,
    pub size: f64,
    pub text: String,
    /// Set in vertical writing (Identity-V and other `-V` CMaps): the
    /// next character is below, not beside.
    pub vertical: bool,
    /// Set in a bold face.
    pub bold: bool,
    /// Bold only as a 黑体 face ([`super::fonts::Font::hei`]).
    pub hei: bool,
}

/// A straight painted segment in page space.
#[derive(Debug, Clone, Copy)]
pub struct Segment {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

#[derive(Default)]
pub struct PageContent {
    pub chars: Vec<Char>,
    pub segments: Vec<Segment>,
    pub images: usize,
    /// Font name → codes shown without a Unicode mapping.
    pub unmapped: HashMap<String, usize>,
    pub truncated: bool,
    /// Whether it was cut for its size: a content stream, or the page's
    /// content with every run of its forms, decoded to more than the
    /// walk's `max_bytes`.
    pub over_size: bool,
    /// Operators run and content bytes decoded, forms included: what the
    /// page cost, for a budget over the whole document.
    pub ops: usize,
    pub bytes: usize,
}

#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Option<usize>,
    size: f64,
    char_space: f64,
    word_space: f64,
    scale: f64,
    leading: f64,
    rise: f64,
    /// The fill colour is white (`1 g`, `1 1 1 rg`, `0 0 0 0 k`): a white
    /// area is the page's background, never a rule.
    fill_white: bool,
}

struct Walker<'a> {
    doc: &'a Document,
    fonts: Vec<Font>,
    font_ids: HashMap<ObjectId, usize>,
    out: PageContent,
    ops: usize,
    bytes: usize,
    forms: HashSet<ObjectId>,
    max_bytes: usize,
    /// A white area at least this tall (half the page) is the page's
    /// background.
    background_height: f64,
}

/// Walks the content of `page`. `max_bytes` (`Limits::max_part_bytes`)
/// bounds the decompressed size of one content stream and of the content a
/// page decodes in all: its streams and every run of a form (a form drawn
/// a million times costs a million times its size).
pub fn walk_page(doc: &Document, page: ObjectId, max_bytes: usize, height: f64) -> PageContent {
    let mut w = Walker {
        doc,
        max_bytes,
        background_height: height / 2.0,
        fonts: Vec::new(),
        font_ids: HashMap::new(),
        out: PageContent::default(),
        ops: 0,
        bytes: 0,
        forms: HashSet::new(),
    };
    let resources = page_resources(doc, page);
    let content = match doc.get_page_content_with_limit(page, max_bytes) {
        Ok(c) => c,
        Err(error) => {
            w.out.truncated = true;
            w.out.over_size = is_over_limit(&error);
            return w.out;
        }
    };
    let state = State {
        ctm: IDENTITY,
        font: None,
        size: 0.0,
        char_space: 0.0,
        word_space: 0.0,
        scale: 1.0,
        leading: 0.0,
        rise: 0.0,
        fill_white: false,
    };
    w.bytes = content.len();
    w.run(&content, resources.as_ref(), state, 0);
    w.out.ops = w.ops;
    w.out.bytes = w.bytes;
    w.out
}

/// The page's `/Resources`, inherited from the page tree when absent.
fn page_resources(doc: &Document, page: ObjectId) -> Option<Dictionary> {
    let (dict, ids) = doc.get_page_resources(page).ok()?;
    if let Some(d) = dict {
        return Some(d.clone());
    }
    ids.first()
        .and_then(|id| doc.get_dictionary(*id).ok())
        .cloned()
}

impl Walker<'_> {
    fn font(&mut self, resources: Option<&Dictionary>, name: &[u8]) -> Option<usize> {
        let doc = self.doc;
        let fonts = resources
            .and_then(|r| deref(doc, r.get(b"Font").ok()))
            .and_then(|o| o.as_dict().ok())?;
        let entry = fonts.get(name).ok()?;
        let id = entry.as_reference().ok();
        if let Some(i) = id.and_then(|id| self.font_ids.get(&id)) {
            return Some(*i);
        }
        let label = String::from_utf8_lossy(name).into_owned();
        let font = match deref(doc, Some(entry)).and_then(|o| o.as_dict().ok()) {
            Some(dict) => {
                let base = deref(doc, dict.get(b"BaseFont").ok())
                    .and_then(|o| o.as_name().ok())
                    .map(|n| String::from_utf8_lossy(n).into_owned())
                    .unwrap_or(label);
                Font::load(doc, &base, dict)
            }
            None => Font::fallback(&label),
        };
        self.fonts.push(font);
        let i = self.fonts.len() - 1;
        if let Some(id) = id {
            self.font_ids.insert(id, i);
        }
        Some(i)
    }

    fn run(&mut self, content: &[u8], resources: Option<&Dictionary>, mut gs: State, depth: usize) {
        let mut stack: Vec<State> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        let mut path: Vec<Segment> = Vec::new();
        // The edges of the path's rectangles that are areas, not rules: a
        // white area at least half the page tall, filled and not stroked,
        // is the page's background, whose edges rule nothing (a browser
        // paints one round the page's content, which would join every
        // table on it into one grid). Other areas keep their edges: shaded
        // cells, boxes, a diagram's white boxes.
        let mut area_edges: Vec<Segment> = Vec::new();
        let mut current = (0.0, 0.0);
        let mut start = (0.0, 0.0);
        let mut glyphs: Vec<Glyph> = Vec::new();
        // One operator at a time: decoding the whole stream first would hold
        // every operator of a 32 MiB stream at once (gigabytes), and a
        // syntax error would lose the operators before it too.
        for op in Content::decode_iter(content) {
            let Ok(op) = op else {
                self.out.truncated = true;
                return;
            };
            self.ops += 1;
            if self.ops > MAX_OPS {
                self.out.truncated = true;
                return;
            }
            let nums: Vec<f64> = op.operands.iter().filter_map(number).collect();
            let n = |i: usize| nums.get(i).copied().unwrap_or(0.0);
            match op.operator.as_str() {
                "q" if stack.len() < 64 => stack.push(gs.clone()),
                "Q" => {
                    if let Some(s) = stack.pop() {
                        gs = s;
                    }
                }
                // The fill colour, as far as telling white: a gray, RGB or
                // CMYK colour by its number of components (a pattern is no
                // white); a new colour space starts black.
                "g" | "rg" | "k" | "sc" | "scn" => {
                    gs.fill_white = match (op.operator.as_str(), nums.len()) {
                        (_, n) if n != op.operands.len() => false,
                        ("k", 4) | ("sc" | "scn", 4) => nums.iter().all(|v| *v <= 0.01),
                        (_, 1 | 3) => nums.iter().all(|v| *v >= 0.99),
                        _ => false,
                    };
                }
                "cs" => gs.fill_white = false,
                "cm" if nums.len() == 6 => {
                    gs.ctm = mul(&[n(0), n(1), n(2), n(3), n(4), n(5)], &gs.ctm);
                }
                "BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                "Tf" => {
                    if let Some(Object::Name(name)) = op.operands.first() {
                        gs.font = self.font(resources, name);
                    }
                    gs.size = n(0).max(n(1));
                    if let Some(s) = op.operands.get(1).and_then(number) {
                        gs.size = s;
                    }
                }
                "Tc" => gs.char_space = n(0),
                "Tw" => gs.word_space = n(0),
                "Tz" => gs.scale = n(0) / 100.0,
                "TL" => gs.leading = n(0),
                "Ts" => gs.rise = n(0),
                "Td" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(0), n(1)], &tlm);
                    tm = tlm;
                }
                "TD" => {
                    gs.leading = -n(1);
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(0), n(1)], &tlm);
                    tm = tlm;
                }
                "Tm" if nums.len() == 6 => {
                    tlm = [n(0), n(1), n(2), n(3), n(4), n(5)];
                    tm = tlm;
                }
                "T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    if op.operator == "'" || op.operator == "\"" {
                        if op.operator == "\"" {
                            gs.word_space = n(0);
                            gs.char_space = n(1);
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                        tm = tlm;
                    }
                    for operand in &op.operands {
                        match operand {
                            Object::String(bytes, _) => self.show(bytes, &gs, &mut tm, &mut glyphs),
                            Object::Array(items) => {
                                for item in items {
                                    match item {
                                        Object::String(bytes, _) => {
                                            self.show(bytes, &gs, &mut tm, &mut glyphs)
                                        }
                                        other => {
                                            if let Some(adj) = number(other) {
                                                let tx = -adj / 1000.0 * gs.size * gs.scale;
                                                tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                                            }
                                        }
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
                "m" => {
                    current = apply(&gs.ctm, n(0), n(1));
                    start = current;
                }
                "l" => {
                    let p = apply(&gs.ctm, n(0), n(1));
                    path.push(Segment {
                        x0: current.0,
                        y0: current.1,
                        x1: p.0,
                        y1: p.1,
                    });
                    current = p;
                }
                "c" | "v" | "y" => {
                    // Curves are not ruling lines; only the end point matters.
                    let k = nums.len();
                    if k >= 2 {
                        current = apply(&gs.ctm, n(k - 2), n(k - 1));
                    }
                }
                "h" => {
                    path.push(Segment {
                        x0: current.0,
                        y0: current.1,
                        x1: start.0,
                        y1: start.1,
                    });
                    current = start;
                }
                "re" => {
                    let (x, y, w, h) = (n(0), n(1), n(2), n(3));
                    let p = [
                        apply(&gs.ctm, x, y),
                        apply(&gs.ctm, x + w, y),
                        apply(&gs.ctm, x + w, y + h),
                        apply(&gs.ctm, x, y + h),
                    ];
                    let (dw, dh) = ((p[1].0 - p[0].0).abs(), (p[3].1 - p[0].1).abs());
                    if dw < 2.5 || dh < 2.5 {
                        // A thin rectangle is a rule: keep its centre line.
                        let xs = (p[0].0.min(p[2].0), p[0].0.max(p[2].0));
                        let ys = (p[0].1.min(p[2].1), p[0].1.max(p[2].1));
                        let seg = if dw < dh {
                            let x = (xs.0 + xs.1) / 2.0;
                            Segment {
                                x0: x,
                                y0: ys.0,
                                x1: x,
                                y1: ys.1,
                            }
                        } else {
                            let y = (ys.0 + ys.1) / 2.0;
                            Segment {
                                x0: xs.0,
                                y0: y,
                                x1: xs.1,
                                y1: y,
                            }
                        };
                        path.push(seg);
                    } else {
                        for i in 0..4 {
                            let (a, b) = (p[i], p[(i + 1) % 4]);
                            area_edges.push(Segment {
                                x0: a.0,
                                y0: a.1,
                                x1: b.0,
                                y1: b.1,
                            });
                        }
                    }
                    current = p[0];
                    start = p[0];
                }
                "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => {
                    let tall = |edges: &[Segment]| {
                        let (lo, hi) = edges
                            .iter()
                            .flat_map(|s| [s.y0, s.y1])
                            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), y| {
                                (lo.min(y), hi.max(y))
                            });
                        hi - lo >= self.background_height
                    };
                    let background = gs.fill_white
                        && matches!(op.operator.as_str(), "f" | "F" | "f*")
                        && tall(&area_edges);
                    if self.out.segments.len() < 200_000 {
                        self.out.segments.append(&mut path);
                        if !background {
                            self.out.segments.append(&mut area_edges);
                        }
                    }
                    path.clear();
                    area_edges.clear();
                }
                "n" => {
                    path.clear();
                    area_edges.clear();
                }
                "Do" => {
                    if let Some(Object::Name(name)) = op.operands.first() {
                        self.xobject(resources, name, &gs, depth);
                    }
                }
                "BI" | "ID" | "EI" => self.out.images += 1,
                _ => {}
            }
        }
    }

    fn show(&mut self, bytes: &[u8], gs: &State, tm: &mut Matrix, glyphs: &mut Vec<Glyph>) {
        let Some(fi) = gs.font else { return };
        glyphs.clear();
        self.fonts[fi].decode(bytes, glyphs);
        let font = &self.fonts[fi];
        let (vertical, bold, hei) = (font.vertical, font.bold, font.hei);
        for g in glyphs.iter() {
            let trm = mul(tm, &gs.ctm);
            let (x, y) = apply(&trm, 0.0, gs.rise);
            let size = (gs.size * (trm[2] * trm[2] + trm[3] * trm[3]).sqrt()).abs();
            // Character spacing applies once per code: a legacy GBK glyph
            // is two single-byte codes to the viewer.
            let char_space = gs.char_space * g.codes as f64;
            let (tx, ty) = if vertical {
                (0.0, -(gs.size + char_space))
            } else {
                let ws = if g.is_space { gs.word_space } else { 0.0 };
                (
                    (g.width / 1000.0 * gs.size + char_space + ws) * gs.scale,
                    0.0,
                )
            };
            let advance = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], tm);
            // A vertical glyph's box is one em wide whatever its advance.
            let width = if vertical {
                size
            } else {
                let end = apply(&mul(&advance, &gs.ctm), 0.0, gs.rise);
                ((end.0 - x).powi(2) + (end.1 - y).powi(2)).sqrt()
            };
            *tm = advance;
            match &g.text {
                Some(t) if self.out.chars.len() < 2_000_000 => self.out.chars.push(Char {
                    x,
                    y,
                    width,
                    size,
                    text: t.clone(),
                    vertical,
                    bold,
                    hei,
                }),
                Some(_) => self.out.truncated = true,
                None => {
                    *self
                        .out
                        .unmapped
                        .entry(self.fonts[fi].name.clone())
                        .or_default() += 1
                }
            }
        }
    }

    fn xobject(&mut self, resources: Option<&Dictionary>, name: &[u8], gs: &State, depth: usize) {
        let doc = self.doc;
        let Some(entry) = resources
            .and_then(|r| deref(doc, r.get(b"XObject").ok()))
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(name).ok())
        else {
            return;
        };
        let id = entry.as_reference().ok();
        let Some(stream) = deref(doc, Some(entry)).and_then(|o| o.as_stream().ok()) else {
            return;
        };
        match stream.dict.get(b"Subtype").and_then(|o| o.as_name()) {
            Ok(b"Image") => self.out.images += 1,
            Ok(b"Form") => {
                // Forms may refer to themselves: follow each once per page,
                // and never deeper than MAX_FORM_DEPTH.
                if depth >= MAX_FORM_DEPTH || id.is_some_and(|id| !self.forms.insert(id)) {
                    return;
                }
                if self.bytes >= self.max_bytes {
                    self.out.truncated = true;
                    self.out.over_size = true;
                    return;
                }
                let data = match stream.decompressed_content_with_limit(self.max_bytes) {
                    Ok(data) => data,
                    Err(_) if stream.dict.get(b"Filter").is_err() => stream.content.clone(),
                    Err(error) => {
                        // Over the size limit or undecodable: say it, not skip it.
                        self.out.truncated = true;
                        self.out.over_size |= is_over_limit(&error);
                        return;
                    }
                };
                self.bytes += data.len();
                let matrix = deref(doc, stream.dict.get(b"Matrix").ok())
                    .and_then(|o| o.as_array().ok())
                    .map(|a| a.iter().filter_map(number).collect::<Vec<_>>())
                    .filter(|v| v.len() == 6)
                    .map_or(IDENTITY, |v| [v[0], v[1], v[2], v[3], v[4], v[5]]);
                let own = deref(doc, stream.dict.get(b"Resources").ok())
                    .and_then(|o| o.as_dict().ok())
                    .cloned();
                let mut inner = gs.clone();
                inner.ctm = mul(&matrix, &gs.ctm);
                let res = own.as_ref().or(resources);
                self.run(&data, res, inner, depth + 1);
                if let Some(id) = id {
                    self.forms.remove(&id);
                }
            }
            _ => {}
        }
    }
}
