//! Places a row's figures in the template's columns when the table's own
//! columns cannot be trusted to do it, and lets the template's arithmetic
//! decide between the ways they could be placed.
//!
//! A table read exactly from its format, or rebuilt to exactly the
//! template's number of value columns, places every figure by its column:
//! that is certain. A rebuilt text table with more or fewer value columns
//! than the template has (an export added an empty cell to some rows, or
//! lost one) does not: each row's value cells are then read in order and
//! every way of fitting them to the template's columns is a candidate —
//! dropping surplus empty cells, or padding a short row at either end. A
//! figure is never dropped and never computed: only where it stands is
//! chosen.
//!
//! The candidates are judged by the row's own sum (the total equals the
//! sum of its parts). One candidate: it is the placement, certain, even if
//! its sum fails (a report's own error stays visible). Several: the ones
//! whose sum holds are confirmed; the figures all of them agree on are
//! kept; any other figure is left out and the row reported with its
//! candidates.

/// What can be said of a row's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed<'a> {
    /// Per template column, the cell text placed there (`None`: left out
    /// because the candidates disagree about it, or nothing stands there).
    pub slots: Vec<Option<&'a str>>,
    /// How the placement was decided.
    pub how: How,
    /// The distinct candidates, for a diagnostic when they disagreed.
    pub candidates: Vec<Vec<&'a str>>,
    /// Per template column, whether the row's sum chose the figure placed
    /// there: the candidates disagree about it, the confirmed ones agree.
    pub by_sum: Vec<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// Only one way to place the figures.
    Only,
    /// Several ways; one (or several agreeing) confirmed by the row's sum.
    Confirmed,
    /// Several ways the arithmetic cannot decide between; the figures they
    /// disagree on are left out.
    Undecided,
    /// The figures cannot fit the template's columns at all.
    Unplaceable,
}

/// Places `cells` (a row's value cells, left to right) into `slots`
/// template columns. `sum_holds` says whether a candidate's figures agree
/// with the template's arithmetic (`None` when it cannot tell).
pub fn place<'a>(
    cells: &[&'a str],
    slots: usize,
    sum_holds: impl Fn(&[&str]) -> Option<bool>,
) -> Placed<'a> {
    let candidates = candidates(cells, slots);
    if candidates.is_empty() {
        return Placed {
            slots: vec![None; slots],
            how: How::Unplaceable,
            candidates,
            by_sum: vec![false; slots],
        };
    }
    if candidates.len() == 1 {
        return Placed {
            slots: candidates[0].iter().map(|t| filled(t)).collect(),
            how: How::Only,
            candidates,
            by_sum: vec![false; slots],
        };
    }
    let confirmed: Vec<&Vec<&str>> = candidates
        .iter()
        .filter(|c| sum_holds(c) == Some(true))
        .collect();
    let (pool, how): (Vec<&Vec<&str>>, How) = if confirmed.is_empty() {
        (candidates.iter().collect(), How::Undecided)
    } else {
        (confirmed, How::Confirmed)
    };
    let agreed: Vec<Option<&str>> = (0..slots)
        .map(|k| {
            let first = pool[0][k];
            pool.iter()
                .all(|c| c[k] == first)
                .then(|| filled(first))
                .flatten()
        })
        .collect();
    let by_sum = (0..slots)
        .map(|k| {
            how == How::Confirmed
                && agreed[k].is_some()
                && candidates.iter().any(|c| c[k] != candidates[0][k])
        })
        .collect();
    let how = if how == How::Confirmed && pool.iter().all(|c| *c == pool[0]) {
        How::Confirmed
    } else {
        How::Undecided
    };
    Placed {
        slots: agreed,
        how,
        candidates,
        by_sum,
    }
}

/// The application table's rule for one row's seven figures: the total is
/// the sum of the six applicant figures (blank ones count as 0). `None`
/// without a total.
pub fn application_row_sum(slots: &[&str]) -> Option<bool> {
    let total = super::printed::figure(slots.last()?)?.0;
    let parts: f64 = slots[..slots.len() - 1]
        .iter()
        .filter_map(|t| super::printed::figure(t))
        .map(|n| n.0)
        .sum();
    Some((total - parts).abs() < 1e-9)
}

fn filled(text: &str) -> Option<&str> {
    (!text.trim().is_empty()).then_some(text)
}

/// Every distinct way to fit `cells` to `slots` columns in order: surplus
/// cells dropped (only empty ones), a short row padded with empty cells at
/// its start or its end. Bounded: a row with far more cells than columns
/// has no candidate.
fn candidates<'a>(cells: &[&'a str], slots: usize) -> Vec<Vec<&'a str>> {
    // Empty cells at the row's end are padding, not positions.
    let end = cells
        .iter()
        .rposition(|c| !c.trim().is_empty())
        .map_or(0, |p| p + 1);
    let cells = &cells[..end];
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut push = |candidate: Vec<&'a str>| {
        if !out.contains(&candidate) {
            out.push(candidate);
        }
    };
    if cells.len() <= slots {
        let missing = slots - cells.len();
        // Left-aligned (the row's empty end cells were its last columns)
        // and right-aligned (its total stands last).
        let mut left = cells.to_vec();
        left.extend(std::iter::repeat_n("", missing));
        push(left);
        let mut right = vec![""; missing];
        right.extend_from_slice(cells);
        push(right);
        return out;
    }
    let surplus = cells.len() - slots;
    let empties: Vec<usize> = (0..cells.len())
        .filter(|&i| cells[i].trim().is_empty())
        .collect();
    // At most a few surplus cells, chosen among a bounded number of
    // empties: beyond that the row is not a shifted copy of the template's.
    const MAX_SURPLUS: usize = 3;
    const MAX_EMPTIES: usize = 12;
    if surplus > empties.len() || surplus > MAX_SURPLUS || empties.len() > MAX_EMPTIES {
        return out;
    }
    for drop in combinations(&empties, surplus) {
        let candidate: Vec<&str> = (0..cells.len())
            .filter(|i| !drop.contains(i))
            .map(|i| cells[i])
            .collect();
        push(candidate);
    }
    out
}

/// All `k`-element subsets of `items`, in order.
fn combinations(items: &[usize], k: usize) -> Vec<Vec<usize>> {
    if k == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for (i, &first) in items.iter().enumerate() {
        for mut rest in combinations(&items[i + 1..], k - 1) {
            rest.insert(0, first);
            out.push(rest);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The application rule: the seventh figure is the sum of the six.
    fn row_sum(c: &[&str]) -> Option<bool> {
        let total: f64 = c.get(6)?.trim().parse().ok()?;
        let parts: f64 = c[..6]
            .iter()
            .filter_map(|t| t.trim().parse::<f64>().ok())
            .sum();
        Some((total - parts).abs() < 1e-9)
    }

    #[test]
    fn a_phantom_empty_cell_is_dropped() {
        let p = place(&["", "6", "0", "0", "0", "0", "0", "6"], 7, row_sum);
        assert_eq!(p.how, How::Only);
        assert_eq!(p.slots[0], Some("6"));
        assert_eq!(p.slots[6], Some("6"));
        // The table's own extra column, empty at this row's end.
        let p = place(&["2", "0", "0", "0", "0", "0", "2", ""], 7, row_sum);
        assert_eq!((p.how, p.slots[6]), (How::Only, Some("2")));
    }

    #[test]
    fn a_reports_own_error_stays_when_the_placement_is_the_only_one() {
        let p = place(&["2", "0", "0", "0", "0", "0", "0"], 7, row_sum);
        assert_eq!(p.how, How::Only);
        assert_eq!(p.slots[0], Some("2"));
        assert!(p.by_sum.iter().all(|by_sum| !by_sum));
    }

    #[test]
    fn the_sum_decides_between_placements() {
        // A short row: padded at its start, its last figure is the total
        // of the others; padded at its end, it has no total.
        let p = place(&["1", "2", "0", "0", "0", "3"], 7, row_sum);
        assert_eq!(p.candidates.len(), 2);
        assert_eq!(p.how, How::Confirmed, "{p:?}");
        assert_eq!(
            (p.slots[0], p.slots[1], p.slots[6]),
            (None, Some("1"), Some("3"))
        );
        // The sum placed the figures the candidates disagree on; the 0s
        // in the middle stand in both.
        assert_eq!(
            p.by_sum,
            [false, true, true, false, false, true, true],
            "{p:?}"
        );
        // Which empty cell is surplus the row's sum cannot tell: the
        // figure 3 may be either applicant's.
        let p = place(&["", "3", "", "0", "0", "0", "0", "3"], 7, row_sum);
        assert_eq!(p.how, How::Undecided, "{p:?}");
        assert_eq!(
            (p.slots[0], p.slots[1], p.slots[6]),
            (None, None, Some("3"))
        );
        // The total stands in every candidate: its place is certain.
        assert!(!p.by_sum[6]);
    }

    #[test]
    fn undecided_figures_are_left_out() {
        // Zeros everywhere: both placements hold; they agree on every
        // figure but the one the empty cell moves.
        let p = place(&["0", "", "0", "0", "0", "0", "0", ""], 7, row_sum);
        assert_eq!(p.how, How::Only, "{p:?}");
        // Both placements hold; they disagree on where the empty cell is.
        let p = place(&["5", "", "0", "", "0", "0", "0", "5"], 7, row_sum);
        assert_eq!(p.how, How::Undecided, "{p:?}");
        assert_eq!((p.slots[0], p.slots[6]), (Some("5"), Some("5")));
        assert_eq!((p.slots[1], p.slots[2]), (None, None));
        // Neither holds: the agreed figures stay, the rest is left out.
        let p = place(&["5", "", "0", "", "0", "0", "0", "9"], 7, row_sum);
        assert_eq!(p.how, How::Undecided, "{p:?}");
        assert_eq!(
            (p.slots[0], p.slots[1], p.slots[6]),
            (Some("5"), None, Some("9"))
        );
        // Far too many cells: nothing is placed.
        let many = ["1"; 12];
        assert_eq!(place(&many, 7, row_sum).how, How::Unplaceable);
    }
}
