//! Puts a sheet's regions (its tables and lone values) in reading order,
//! and joins regions whose rectangles overlap.
//!
//! The order is a recursive XY-cut over the regions' bounding rectangles:
//! bands from top to bottom where a horizontal line passes between
//! rectangles, each band's pieces from left to right where a vertical line
//! does. A label column beside a stack of small tables is thus read before
//! them, and two tables side by side are read left, then right. Regions
//! that no line separates are read by their top-left corner.
//!
//! A region whose rectangle overlaps another's (an L-shaped table around a
//! block of figures that touches it nowhere) is one table to the eye: the
//! two are joined.

use super::read::Rect;

/// Deeper cuts than this stop and read the rest by top-left corner: real
/// sheets need a handful of levels, and the cap bounds the work on hostile
/// layouts.
const MAX_DEPTH: usize = 64;

/// Above this many regions that no line separates, overlapping ones are
/// not looked for (each pass compares every pair); such a tangle does not
/// occur in real sheets.
const MAX_TANGLE: usize = 256;

/// Something with a rectangle that can absorb another of its kind.
pub trait Region {
    fn rect(&self) -> Rect;
    fn absorb(&mut self, other: Self);
}

/// The regions in reading order, overlapping ones joined.
pub fn order<R: Region>(regions: Vec<R>) -> Vec<R> {
    let mut out = Vec::with_capacity(regions.len());
    cut(regions, 0, &mut out);
    out
}

fn cut<R: Region>(mut regions: Vec<R>, depth: usize, out: &mut Vec<R>) {
    if regions.len() <= 1 {
        out.extend(regions);
        return;
    }
    if depth < MAX_DEPTH {
        for axis in [Axis::Rows, Axis::Cols] {
            let mut groups = split(regions, axis);
            if groups.len() > 1 {
                for group in groups {
                    cut(group, depth + 1, out);
                }
                return;
            }
            regions = groups.pop().unwrap_or_default();
        }
    }
    let mut joined = join_overlapping(regions);
    joined.sort_by_key(|r| (r.rect().top, r.rect().left));
    out.extend(joined);
}

#[derive(Clone, Copy)]
enum Axis {
    Rows,
    Cols,
}

fn span(rect: Rect, axis: Axis) -> (u32, u32) {
    match axis {
        Axis::Rows => (rect.top, rect.bottom),
        Axis::Cols => (rect.left, rect.right),
    }
}

/// Groups the regions that no line across `axis` separates, in order.
fn split<R: Region>(mut regions: Vec<R>, axis: Axis) -> Vec<Vec<R>> {
    regions.sort_by_key(|r| span(r.rect(), axis));
    let mut groups: Vec<Vec<R>> = Vec::new();
    let mut end = 0;
    for region in regions {
        let (from, to) = span(region.rect(), axis);
        match groups.last_mut() {
            Some(group) if from <= end => {
                end = end.max(to);
                group.push(region);
            }
            _ => {
                end = to;
                groups.push(vec![region]);
            }
        }
    }
    groups
}

fn overlap(a: Rect, b: Rect) -> bool {
    a.top <= b.bottom && b.top <= a.bottom && a.left <= b.right && b.left <= a.right
}

/// Joins regions whose rectangles overlap, until none do.
fn join_overlapping<R: Region>(regions: Vec<R>) -> Vec<R> {
    if regions.len() > MAX_TANGLE {
        return regions;
    }
    let mut slots: Vec<Option<R>> = regions.into_iter().map(Some).collect();
    loop {
        let mut changed = false;
        for i in 0..slots.len() {
            for j in i + 1..slots.len() {
                let (Some(a), Some(b)) = (&slots[i], &slots[j]) else {
                    continue;
                };
                if overlap(a.rect(), b.rect()) {
                    let taken = slots[j].take();
                    if let (Some(a), Some(b)) = (slots[i].as_mut(), taken) {
                        a.absorb(b);
                    }
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    slots.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A region as its rectangle and the names of what it absorbed.
    #[derive(Debug)]
    struct Named(Rect, Vec<&'static str>);

    impl Region for Named {
        fn rect(&self) -> Rect {
            self.0
        }
        fn absorb(&mut self, other: Self) {
            self.0 = Rect {
                top: self.0.top.min(other.0.top),
                left: self.0.left.min(other.0.left),
                bottom: self.0.bottom.max(other.0.bottom),
                right: self.0.right.max(other.0.right),
            };
            self.1.extend(other.1);
        }
    }

    fn named(name: &'static str, top: u32, left: u32, bottom: u32, right: u32) -> Named {
        Named(
            Rect {
                top,
                left,
                bottom,
                right,
            },
            vec![name],
        )
    }

    fn names(regions: Vec<Named>) -> Vec<Vec<&'static str>> {
        order(regions).into_iter().map(|r| r.1).collect()
    }

    #[test]
    fn bands_top_to_bottom_and_pieces_left_to_right() {
        // A label column beside two stacked tables with a third beside the
        // upper one, a footer below all. The label column spans the three
        // tables' rows, so the first cut is by columns: the stack is read
        // before the table beside it.
        let regions = vec![
            named("footer", 30, 0, 30, 0),
            named("lower", 18, 2, 20, 7),
            named("labels", 9, 0, 29, 0),
            named("upper", 10, 2, 15, 7),
            named("upper right", 10, 9, 15, 10),
        ];
        assert_eq!(
            names(regions),
            vec![
                vec!["labels"],
                vec!["upper"],
                vec!["lower"],
                vec!["upper right"],
                vec!["footer"]
            ]
        );
    }

    #[test]
    fn diagonal_neighbours_stay_apart_and_overlapping_ones_join() {
        let diagonal = vec![named("b", 4, 6, 6, 8), named("a", 0, 0, 3, 5)];
        assert_eq!(names(diagonal), vec![vec!["a"], vec!["b"]]);
        // An L around a block it never touches, and a pinwheel of four.
        let l_shape = vec![named("l", 0, 0, 5, 5), named("inner", 2, 2, 3, 3)];
        assert_eq!(names(l_shape), vec![vec!["l", "inner"]]);
        let pinwheel = vec![
            named("top", 0, 0, 0, 1),
            named("right", 0, 2, 1, 2),
            named("bottom", 2, 1, 2, 2),
            named("left", 1, 0, 2, 0),
        ];
        assert_eq!(
            names(pinwheel),
            vec![vec!["top"], vec!["right"], vec!["left"], vec!["bottom"]]
        );
    }
}
