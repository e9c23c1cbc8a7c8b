//! Tables from ruling lines: horizontal and vertical segments are clustered
//! into grids; a missing inner rule between two grid cells makes them one
//! merged cell. The glyphs inside each cell become its text.

use super::walk::{Char, Segment};
use docmend_core::model::WrappedText;

/// Positions closer than this (points) are the same rule.
pub const TOL: f64 = 2.0;
/// How far the column boundaries of a table without rules may move from
/// one page to the next for it to continue.
const UNRULED_TOL: f64 = 15.0;

/// A ruled table found on one page, before lowering.
#[derive(Debug, Clone)]
pub struct Grid {
    /// Column boundaries, left to right.
    pub xs: Vec<f64>,
    /// Row boundaries, top to bottom (descending y).
    pub ys: Vec<f64>,
    /// Cells: (row, col, row_span, col_span, text).
    pub cells: Vec<(usize, usize, usize, usize, String)>,
    /// Drawn with ruling lines; else recovered from text alignment.
    pub ruled: bool,
    /// Cells joined from several lines, with their lines (tables without
    /// rules; a ruled cell's extent is drawn).
    pub wrapped: Vec<WrappedText>,
}

fn cluster(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for x in v {
        match out.last() {
            Some(&l) if x - l <= TOL => {}
            _ => out.push(x),
        }
    }
    out
}

struct Lines {
    h: Vec<(f64, f64, f64)>, // y, x_lo, x_hi
    v: Vec<(f64, f64, f64)>, // x, y_lo, y_hi
}

impl Lines {
    fn has_h(&self, y: f64, x_lo: f64, x_hi: f64) -> bool {
        let mid = (x_lo + x_hi) / 2.0;
        self.h
            .iter()
            .any(|&(hy, a, b)| (hy - y).abs() <= TOL && a - TOL <= mid && mid <= b + TOL)
    }
    fn has_v(&self, x: f64, y_lo: f64, y_hi: f64) -> bool {
        let mid = (y_lo + y_hi) / 2.0;
        self.v
            .iter()
            .any(|&(vx, a, b)| (vx - x).abs() <= TOL && a - TOL <= mid && mid <= b + TOL)
    }
}

/// Finds ruled grids of at least 2×2 cells; the chars inside them are
/// moved out of `chars` into the cells.
pub fn find(segments: &[Segment], chars: &mut Vec<Char>) -> Vec<Grid> {
    let mut h = Vec::new();
    let mut v = Vec::new();
    for s in segments {
        if (s.y0 - s.y1).abs() <= 0.5 && (s.x0 - s.x1).abs() > TOL {
            h.push((s.y0, s.x0.min(s.x1), s.x0.max(s.x1)));
        } else if (s.x0 - s.x1).abs() <= 0.5 && (s.y0 - s.y1).abs() > TOL {
            v.push((s.x0, s.y0.min(s.y1), s.y0.max(s.y1)));
        }
    }
    if h.len() < 3 || v.len() < 3 || h.len() + v.len() > 20_000 {
        return Vec::new();
    }
    // Rules drawn cell by cell (LaTeX, some Word exports) are pieces of
    // one line: join the pieces that meet end to end, so that a table's
    // rules touch as one component.
    let h = join_collinear(h);
    let v = join_collinear(v);
    // Group segments into connected components (rules that touch).
    let n = h.len() + v.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for (i, &(hy, ha, hb)) in h.iter().enumerate() {
        for (j, &(vx, va, vb)) in v.iter().enumerate() {
            if vx >= ha - TOL && vx <= hb + TOL && hy >= va - TOL && hy <= vb + TOL {
                let (a, b) = (root(&mut parent, i), root(&mut parent, h.len() + j));
                parent[a] = b;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<usize>, Vec<usize>)> =
        Default::default();
    for i in 0..n {
        let r = root(&mut parent, i);
        let g = groups.entry(r).or_default();
        if i < h.len() {
            g.0.push(i);
        } else {
            g.1.push(i - h.len());
        }
    }
    let mut grids = Vec::new();
    for (hs, vs) in groups.values() {
        let lines = Lines {
            h: hs.iter().map(|&i| h[i]).collect(),
            v: vs.iter().map(|&i| v[i]).collect(),
        };
        let xs = with_open_sides(cluster(lines.v.iter().map(|l| l.0).collect()), &lines.h);
        let mut ys = with_open_sides(cluster(lines.h.iter().map(|l| l.0).collect()), &lines.v);
        ys.reverse();
        if xs.len() < 3 || ys.len() < 3 || xs.len() > 200 || ys.len() > 2000 {
            continue;
        }
        let (grid, taken) = build(&lines, xs, ys, chars);
        if is_drawing(&grid) {
            continue;
        }
        let mut taken = taken.into_iter();
        chars.retain(|_| !taken.next().unwrap_or(false));
        grids.push(grid);
    }
    grids
}

/// Boxes that are mostly empty are a drawing (frames, shaded bars, a
/// diagram's boxes and arrows), not a table: tables fill most cells. A
/// box or two around pages of prose is a layout frame. Their text stays
/// on the page as paragraphs.
fn is_drawing(grid: &Grid) -> bool {
    let filled = grid.cells.iter().filter(|c| !c.4.trim().is_empty()).count();
    let rows = grid.ys.len() - 1;
    let longest = grid
        .cells
        .iter()
        .map(|c| c.4.chars().count())
        .max()
        .unwrap_or(0);
    filled == 0
        || (grid.cells.len() >= 12 && filled * 10 < grid.cells.len() * 3)
        || (rows <= 3 && longest > 500)
}

/// Joins segments on one line (same first coordinate) whose extents
/// meet or overlap.
fn join_collinear(mut segs: Vec<(f64, f64, f64)>) -> Vec<(f64, f64, f64)> {
    segs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut out: Vec<(f64, f64, f64)> = Vec::with_capacity(segs.len());
    for s in segs {
        match out.last_mut() {
            Some(last) if (last.0 - s.0).abs() <= 0.5 && s.1 <= last.2 + TOL => {
                last.2 = last.2.max(s.2);
            }
            _ => out.push(s),
        }
    }
    out
}

/// Boundaries from the rules one way, plus the ends of the rules the other
/// way where they reach beyond them: a table without outer side rules
/// (open at the left and right, as LaTeX and three-line tables are) still
/// has its outer columns.
fn with_open_sides(mut bounds: Vec<f64>, across: &[(f64, f64, f64)]) -> Vec<f64> {
    let (Some(&first), Some(&last)) = (bounds.first(), bounds.last()) else {
        return bounds;
    };
    let lo = across.iter().map(|s| s.1).fold(f64::INFINITY, f64::min);
    let hi = across.iter().map(|s| s.2).fold(f64::NEG_INFINITY, f64::max);
    if lo < first - 2.0 * TOL {
        bounds.insert(0, lo);
    }
    if hi > last + 2.0 * TOL {
        bounds.push(hi);
    }
    bounds
}

/// The grid the rules draw, with the text of each cell, and which of
/// `chars` went into it.
fn build(lines: &Lines, xs: Vec<f64>, ys: Vec<f64>, chars: &[Char]) -> (Grid, Vec<bool>) {
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    let mut covered = vec![false; rows * cols];
    let mut rects = Vec::new();
    for r in 0..rows {
        for c in 0..cols {
            if covered[r * cols + c] {
                continue;
            }
            let mut cs = 1;
            while c + cs < cols
                && !covered[r * cols + c + cs]
                && !lines.has_v(xs[c + cs], ys[r + 1], ys[r])
            {
                cs += 1;
            }
            let mut rs = 1;
            while r + rs < rows
                && (c..c + cs).all(|k| {
                    !covered[(r + rs) * cols + k] && !lines.has_h(ys[r + rs], xs[k], xs[k + 1])
                })
            {
                rs += 1;
            }
            for rr in r..r + rs {
                for cc in c..c + cs {
                    covered[rr * cols + cc] = true;
                }
            }
            rects.push((r, c, rs, cs));
        }
    }
    let mut texts: Vec<Vec<Char>> = vec![Vec::new(); rects.len()];
    let mut taken = vec![false; chars.len()];
    for (ch, taken) in chars.iter().zip(taken.iter_mut()) {
        let (cx, cy) = (ch.x + ch.width / 2.0, ch.y + ch.size * 0.3);
        if let Some(k) = rects.iter().position(|&(r, c, rs, cs)| {
            cx >= xs[c] && cx <= xs[c + cs] && cy <= ys[r] && cy >= ys[r + rs]
        }) {
            texts[k].push(ch.clone());
            *taken = true;
        }
    }
    let cells = rects
        .into_iter()
        .zip(texts)
        .map(|((r, c, rs, cs), chars)| {
            let text = super::layout::lines(chars)
                .iter()
                .map(|l| l.text.clone())
                .collect::<Vec<_>>();
            (r, c, rs, cs, super::layout::join_wrapped(&text))
        })
        .collect();
    let grid = Grid {
        xs,
        ys,
        cells,
        ruled: true,
        wrapped: Vec::new(),
    };
    (grid, taken)
}

/// Whether `next` continues a table whose columns so far are `prev_xs`
/// (drawn with rules or not: `prev_ruled`) on a new page: the same outer
/// edges, and
/// every column boundary of the one with fewer columns is one of the
/// other's (rows on either side may merge columns the other splits).
pub fn continues(prev_xs: &[f64], prev_ruled: bool, next: &Grid) -> bool {
    if prev_ruled != next.ruled {
        return false;
    }
    if !prev_ruled {
        // Without rules the boundaries are the middles of text gaps, which
        // move as the texts in the columns change from page to page: the
        // same columns, each boundary within a few points, or one part
        // splitting a column or two the other leaves whole.
        return (prev_xs.len() == next.xs.len()
            && prev_xs
                .iter()
                .zip(&next.xs)
                .all(|(a, b)| (a - b).abs() <= UNRULED_TOL))
            || refined_unruled(prev_xs, &next.xs).is_some();
    }
    let near = |a: f64, b: f64| (a - b).abs() <= TOL * 2.0;
    let (small, large) = if prev_xs.len() <= next.xs.len() {
        (prev_xs, &next.xs[..])
    } else {
        (&next.xs[..], prev_xs)
    };
    near(small[0], large[0])
        && near(small[small.len() - 1], large[large.len() - 1])
        && small.iter().all(|x| large.iter().any(|y| near(*x, *y)))
}

/// Two parts of a table without rules where one splits a column or two
/// that the other leaves whole (its labels span the label columns on one
/// page, not on the next): every inner boundary of the part with fewer
/// columns, at least two, is one of the other's, in order, each within a
/// few points; the other has at most two more. The outer edges are where
/// the outermost texts end (a centred header, labels set flush right):
/// each lies in the other part's outer columns. Gives the finer part's
/// boundaries, its edges widened to both parts', which both parts are
/// then cut by.
pub fn refined_unruled(a: &[f64], b: &[f64]) -> Option<Vec<f64>> {
    const MAX_EXTRA: usize = 2;
    let (coarse, fine) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if coarse.len() < 4 || coarse.len() == fine.len() || fine.len() - coarse.len() > MAX_EXTRA {
        return None;
    }
    let (first, last) = (coarse.len() - 1, fine.len() - 1);
    if coarse[0] >= fine[1] || fine[0] >= coarse[1] {
        return None;
    }
    if coarse[first] <= fine[last - 1] || fine[last] <= coarse[first - 1] {
        return None;
    }
    let mut from = 1;
    for &x in &coarse[1..first] {
        let at = (from..last).find(|&j| (fine[j] - x).abs() <= UNRULED_TOL)?;
        from = at + 1;
    }
    let mut xs = fine.to_vec();
    xs[0] = fine[0].min(coarse[0]);
    xs[last] = fine[last].max(coarse[first]);
    Some(xs)
}

/// Puts a grid on the column boundaries `xs` (a refinement of its own,
/// `refined_unruled`): each cell spans the new columns between its edges.
pub fn regrid(grid: &mut Grid, xs: &[f64]) {
    if grid.xs.len() == xs.len() {
        return;
    }
    let index = |x: f64| {
        (0..xs.len())
            .min_by(|&i, &j| (xs[i] - x).abs().total_cmp(&(xs[j] - x).abs()))
            .unwrap_or(0)
    };
    let map: Vec<usize> = grid.xs.iter().map(|&x| index(x)).collect();
    for cell in &mut grid.cells {
        let (a, b) = (map[cell.1], map[(cell.1 + cell.3).min(map.len() - 1)]);
        cell.1 = a;
        cell.3 = b.saturating_sub(a).max(1);
    }
    grid.xs = xs.to_vec();
}

/// The column boundaries of both grids, merged.
pub fn union(a: &[f64], b: &[f64]) -> Vec<f64> {
    let mut all: Vec<f64> = a.iter().chain(b).copied().collect();
    all.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for x in all {
        match out.last() {
            Some(&l) if x - l <= TOL * 2.0 => {}
            _ => out.push(x),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unruled_parts_where_one_splits_a_label_column_continue() {
        // Page 2: labels span the label columns (one column); page 3: two
        // label columns. The value columns agree within a few points; the
        // outer edges are where texts end.
        let page2 = [74.2, 326.6, 357.0, 387.5, 417.8, 531.6];
        let page3 = [59.0, 193.8, 326.6, 350.5, 387.3, 417.8, 525.8];
        assert_eq!(
            refined_unruled(&page2, &page3),
            Some(vec![59.0, 193.8, 326.6, 350.5, 387.3, 417.8, 531.6])
        );
        // Value columns that do not agree, or too many new columns.
        assert_eq!(
            refined_unruled(&page2, &[59.0, 193.8, 300.0, 350.5, 387.3, 417.8, 525.8]),
            None
        );
        assert_eq!(
            refined_unruled(&[56.0, 300.0, 500.0], &[56.0, 200.0, 300.0, 500.0]),
            None,
            "two columns are too few to tell"
        );
    }

    #[test]
    fn a_grid_on_finer_columns_spans_them() {
        let mut grid = Grid {
            xs: vec![74.0, 326.0, 357.0],
            ys: vec![700.0, 690.0, 680.0],
            cells: vec![
                (0, 0, 1, 1, "一、本年新收".into()),
                (0, 1, 1, 1, "6".into()),
            ],
            ruled: false,
            wrapped: Vec::new(),
        };
        regrid(&mut grid, &[59.0, 193.0, 326.0, 357.0]);
        assert_eq!(
            grid.cells,
            [
                (0, 0, 1, 2, "一、本年新收".to_string()),
                (0, 2, 1, 1, "6".to_string())
            ]
        );
    }
}
