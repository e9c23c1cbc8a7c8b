//! Connected groups of rectangles: two rectangles are connected when they
//! share an edge (one directly beside or below the other, overlapping
//! along that edge). Touching only at a corner does not connect.
//!
//! Works on the rectangles' edges, never on the positions they cover, so a
//! merged region a million rows tall costs what a single cell costs: for
//! every column boundary the rectangles ending left of it are matched with
//! those starting right of it, and likewise for row boundaries. The
//! rectangles must not overlap one another (cells and accepted merged
//! regions never do), so the rectangles along one boundary are disjoint
//! intervals and each boundary is matched in one linear sweep.

use super::read::Rect;

/// The connected group of each of `rects`: group numbers from 0, in the
/// order of each group's first rectangle.
pub fn group_ids(rects: &[Rect]) -> Vec<usize> {
    let mut sets = DisjointSets::new(rects.len());
    // Side by side: a rectangle ending in column c, another starting in c + 1.
    join_across(
        rects,
        &mut sets,
        |r| (r.right, r.top, r.bottom),
        |r| (r.left, r.top, r.bottom),
    );
    // One above the other: ending in row r, starting in row r + 1.
    join_across(
        rects,
        &mut sets,
        |r| (r.bottom, r.left, r.right),
        |r| (r.top, r.left, r.right),
    );
    // Number the roots as they are first met; `size` is free for the map.
    let mut ids = Vec::with_capacity(rects.len());
    let unnumbered = usize::MAX;
    sets.size.fill(unnumbered);
    let mut next = 0;
    for i in 0..rects.len() {
        let root = sets.find(i);
        if sets.size[root] == unnumbered {
            sets.size[root] = next;
            next += 1;
        }
        ids.push(sets.size[root]);
    }
    ids
}

/// Joins every rectangle whose far edge (`end`: the line it ends on and its
/// extent along it) lies directly before another's near edge (`start`).
fn join_across(
    rects: &[Rect],
    sets: &mut DisjointSets,
    end: impl Fn(&Rect) -> (u32, u32, u32),
    start: impl Fn(&Rect) -> (u32, u32, u32),
) {
    let mut ends: Vec<(u32, u32, u32, usize)> = rects
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let (line, from, to) = end(r);
            (line, from, to, i)
        })
        .collect();
    let mut starts: Vec<(u32, u32, u32, usize)> = rects
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let (line, from, to) = start(r);
            (line, from, to, i)
        })
        .collect();
    ends.sort_unstable();
    starts.sort_unstable();
    let (mut e, mut s) = (0, 0);
    while e < ends.len() && s < starts.len() {
        let line = ends[e].0;
        let Some(next) = line.checked_add(1) else {
            break;
        };
        // The rectangles starting on the line after this one, if any.
        while s < starts.len() && starts[s].0 < next {
            s += 1;
        }
        let e_end = e + ends[e..].partition_point(|x| x.0 == line);
        let s_end = s + starts[s..].partition_point(|x| x.0 == next);
        // Two sorted lists of disjoint intervals: walk them together.
        let (mut i, mut j) = (e, s);
        while i < e_end && j < s_end {
            let (a, b) = (ends[i], starts[j]);
            if a.1 <= b.2 && b.1 <= a.2 {
                sets.union(a.3, b.3);
            }
            if a.2 < b.2 {
                i += 1;
            } else {
                j += 1;
            }
        }
        e = e_end;
    }
}

/// Union-find with path halving and union by size.
struct DisjointSets {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl DisjointSets {
    fn new(n: usize) -> Self {
        DisjointSets {
            parent: (0..n).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = a;
        self.size[a] += self.size[b];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(top: u32, left: u32, bottom: u32, right: u32) -> Rect {
        Rect {
            top,
            left,
            bottom,
            right,
        }
    }

    fn cell(row: u32, col: u32) -> Rect {
        rect(row, col, row, col)
    }

    /// The groups as lists of indices.
    fn groups(rects: &[Rect]) -> Vec<Vec<usize>> {
        let ids = group_ids(rects);
        let mut out = vec![Vec::new(); ids.iter().max().map_or(0, |m| m + 1)];
        for (i, id) in ids.into_iter().enumerate() {
            out[id].push(i);
        }
        out
    }

    #[test]
    fn edges_connect_and_corners_do_not() {
        // A 2×2 block, a cell touching its corner, a cell two columns away.
        let rects = [
            cell(0, 0),
            cell(0, 1),
            cell(1, 0),
            cell(1, 1),
            cell(2, 2),
            cell(0, 3),
        ];
        assert_eq!(groups(&rects), vec![vec![0, 1, 2, 3], vec![4], vec![5]]);
    }

    #[test]
    fn a_tall_merge_connects_along_its_whole_side() {
        // A1:A1000000 merged; a cell beside its middle, two below its end.
        let rects = [
            rect(0, 0, 999_999, 0),
            cell(500_000, 1),
            cell(1_000_000, 0),
            cell(1_000_001, 0),
        ];
        assert_eq!(groups(&rects), vec![vec![0, 1, 2, 3]]);
    }

    #[test]
    fn a_merge_bridges_a_blank_column() {
        let rects = [rect(0, 0, 0, 2), cell(1, 0), cell(1, 2)];
        assert_eq!(groups(&rects), vec![vec![0, 1, 2]]);
        let apart = [cell(1, 0), cell(1, 2)];
        assert_eq!(groups(&apart), vec![vec![0], vec![1]]);
    }

    #[test]
    fn the_last_column_and_row_do_not_overflow() {
        let rects = [cell(u32::MAX, u32::MAX), cell(u32::MAX, u32::MAX - 1)];
        assert_eq!(groups(&rects), vec![vec![0, 1]]);
    }
}
