//! Rebuilds a multi-level column header from header cells that lost their
//! spans.
//!
//! Exports drop merged cells, so `行政复议 | 行政诉讼` above `结果维持 … 总计 |
//! 未经复议直接起诉 | 复议后起诉` above ten leaf labels no longer says which
//! cell spans which columns. The header is a forest: every cell of a row is
//! either a leaf (its column runs down to the data) or a parent whose
//! children are consecutive cells of the next row. With the number of value
//! columns known, the number of parents is fixed, and only a few forests
//! fit. Hard rules prune the enumeration: a total column (总计/合计) is a
//! leaf and the last of its siblings, a parent has two or more children
//! and is not its own sub-heading. Soft rules pick among the rest: sibling
//! groups are alike, repeated label groups (结果维持…总计 twice) sit under
//! sibling parents, one title over everything is common. Scores are per
//! pair of rows, so each pair is enumerated once and a knapsack over the
//! parent counts combines them. When row breaks are unknown (a collapsed
//! stream) the split into rows is searched too, memoising row pairs.

/// A header cell placed in the value area (row and column relative to it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub row: usize,
    pub col: usize,
    pub row_span: usize,
    pub col_span: usize,
    /// Index of the cell in the input order.
    pub index: usize,
}

/// At most this many header rows are considered for a collapsed stream
/// (the national templates' headers have three; row hints allow any).
const MAX_ROWS: usize = 3;
/// Headers larger than this are not searched (none in real reports come close).
const MAX_CELLS: usize = 40;

/// Tiles header rows whose row breaks are known over `value_cols` columns.
pub fn tile_rows(rows: &[Vec<&str>], value_cols: usize) -> Option<Vec<Placed>> {
    let total: usize = rows.iter().map(Vec::len).sum();
    if rows.is_empty() || total > MAX_CELLS {
        return None;
    }
    let ranges = row_ranges(rows.iter().map(Vec::len));
    let cells = rows.concat();
    let interned = Interned::new(&cells);
    let mut memo = Memo::default();
    let (_, choices) = solve(&interned, &ranges, value_cols, &mut memo)?;
    Some(place(&split(&cells, &ranges), &choices))
}

/// Tiles header cells whose row breaks are unknown, trying every split of
/// them into up to [`MAX_ROWS`] rows.
pub fn tile_stream(cells: &[&str], value_cols: usize) -> Option<Vec<Placed>> {
    if cells.is_empty() || cells.len() > MAX_CELLS {
        return None;
    }
    let interned = Interned::new(cells);
    let mut memo = Memo::default();
    let mut best: Option<(f64, Vec<std::ops::Range<usize>>, Vec<RowChoice>)> = None;
    for n_rows in 1..=MAX_ROWS.min(cells.len()) {
        let mut cuts = Vec::with_capacity(n_rows - 1);
        each_split(cells.len(), n_rows, 1, &mut cuts, &mut |lengths| {
            if !split_can_fit(lengths, cells.len(), value_cols) {
                return;
            }
            let ranges = row_ranges(lengths.iter().copied());
            if let Some((score, choices)) = solve(&interned, &ranges, value_cols, &mut memo) {
                // A small preference for fewer rows: the simplest header that fits.
                let score = score + 0.2 * n_rows as f64;
                if best.as_ref().is_none_or(|(b, _, _)| score < *b) {
                    best = Some((score, ranges, choices));
                }
            }
        });
    }
    let (_, ranges, choices) = best?;
    Some(place(&split(cells, &ranges), &choices))
}

/// Header texts as small integers (equal texts, equal ids), so that the
/// search compares numbers, and which of them are totals.
struct Interned {
    ids: Vec<u32>,
    total: Vec<bool>,
}

impl Interned {
    fn new(cells: &[&str]) -> Interned {
        let ids = cells
            .iter()
            .enumerate()
            .map(|(i, text)| cells[..i].iter().position(|t| t == text).unwrap_or(i) as u32)
            .collect();
        let total = cells.iter().map(|c| is_total(c)).collect();
        Interned { ids, total }
    }
}

/// Cheap necessary conditions for a split: the bottom row holds only
/// leaves, every other row has a parent, and the rows below have room for
/// two or more children per parent.
fn split_can_fit(lengths: &[usize], n_cells: usize, value_cols: usize) -> bool {
    let Some(parents) = n_cells.checked_sub(value_cols) else {
        return false;
    };
    let bottom = lengths[lengths.len() - 1];
    let room: usize = lengths.windows(2).map(|w| w[0].min(w[1] / 2)).sum();
    bottom <= value_cols
        && parents >= lengths.len() - 1
        && room >= parents
        && lengths[1..].iter().all(|&n| n >= 2)
}

fn row_ranges(lengths: impl Iterator<Item = usize>) -> Vec<std::ops::Range<usize>> {
    let mut start = 0;
    lengths
        .map(|len| {
            let range = start..start + len;
            start += len;
            range
        })
        .collect()
}

fn split<'a>(cells: &[&'a str], ranges: &[std::ops::Range<usize>]) -> Vec<Vec<&'a str>> {
    ranges.iter().map(|r| cells[r.clone()].to_vec()).collect()
}

/// Calls `visit` with the row lengths of every split of `n` cells into
/// `n_rows` non-empty rows.
fn each_split(
    n: usize,
    n_rows: usize,
    from: usize,
    cuts: &mut Vec<usize>,
    visit: &mut dyn FnMut(&[usize]),
) {
    if cuts.len() == n_rows - 1 {
        let mut lengths = Vec::with_capacity(n_rows);
        let mut start = 0;
        for &cut in cuts.iter().chain(std::iter::once(&n)) {
            lengths.push(cut - start);
            start = cut;
        }
        visit(&lengths);
        return;
    }
    let remaining = n_rows - 1 - cuts.len();
    for cut in from..=n - remaining {
        cuts.push(cut);
        each_split(n, n_rows, cut + 1, cuts, visit);
        cuts.pop();
    }
}

/// For one row: which cells are parents and how many children each has.
#[derive(Clone, Debug)]
struct RowChoice {
    parent: Vec<bool>,
    /// Children counts of the parents, left to right.
    groups: Vec<usize>,
}

/// The best choice of parents in one row over the next, for each number of
/// parents (index = count), keyed by the two rows' cell ranges.
type Options = Vec<Option<(f64, RowChoice)>>;
type Memo = std::collections::HashMap<(usize, usize, usize), std::rc::Rc<Options>>;

/// Finds the best forest for rows given as ranges of `cells`.
///
/// Every cell of a row is a child of a parent in the row above, so the
/// total width is the number of cells minus the number of parents: the
/// parent count is fixed. Scores are per pair of rows, so each row's best
/// choice for each parent count is found on its own and a small knapsack
/// picks the counts that add up.
fn solve(
    cells: &Interned,
    ranges: &[std::ops::Range<usize>],
    value_cols: usize,
    memo: &mut Memo,
) -> Option<(f64, Vec<RowChoice>)> {
    let parents = cells.ids.len().checked_sub(value_cols)?;
    let n_rows = ranges.len();
    if n_rows == 1 {
        return (parents == 0)
            .then(|| (top_row_score(&cells.total[ranges[0].clone()]), Vec::new()));
    }
    if parents < n_rows - 1 {
        return None;
    }
    // Each row keeps a parent for every row below it, so none has more
    // than this; more parents are the expensive part of the enumeration.
    let max_per_row = parents - (n_rows - 2);
    let mut rows: Vec<std::rc::Rc<Options>> = Vec::with_capacity(n_rows - 1);
    for pair in ranges.windows(2) {
        let key = (pair[0].start, pair[1].start, pair[1].end);
        let options = match memo.get(&key) {
            Some(options) if options.len() > max_per_row => options.clone(),
            _ => {
                let options = std::rc::Rc::new(row_options(
                    cells,
                    pair[0].clone(),
                    pair[1].clone(),
                    max_per_row,
                ));
                memo.insert(key, options.clone());
                options
            }
        };
        rows.push(options);
    }
    // Knapsack: best[k] = (cost, counts) over the rows so far with k parents.
    let mut best: Vec<Option<(f64, Vec<usize>)>> = vec![None; parents + 1];
    best[0] = Some((0.0, Vec::new()));
    for options in &rows {
        let mut next: Vec<Option<(f64, Vec<usize>)>> = vec![None; parents + 1];
        for (k, entry) in best.iter().enumerate() {
            let Some((cost, counts)) = entry else {
                continue;
            };
            for (p, option) in options.iter().enumerate().skip(1) {
                let Some((row_cost, _)) = option else {
                    continue;
                };
                if k + p > parents {
                    break;
                }
                let total = cost + row_cost;
                if next[k + p].as_ref().is_none_or(|(c, _)| total < *c) {
                    let mut counts = counts.clone();
                    counts.push(p);
                    next[k + p] = Some((total, counts));
                }
            }
        }
        best = next;
    }
    let (cost, counts) = best[parents].take()?;
    let choices = rows
        .iter()
        .zip(&counts)
        .map(|(options, &p)| options[p].as_ref().map(|(_, choice)| choice.clone()))
        .collect::<Option<Vec<_>>>()?;
    Some((
        cost + top_row_score(&cells.total[ranges[0].clone()]),
        choices,
    ))
}

/// Enumerates parents in `upper` and groupings of `lower` (each parent
/// taking two or more consecutive children) and keeps the best per count.
fn row_options(
    cells: &Interned,
    upper: std::ops::Range<usize>,
    lower: std::ops::Range<usize>,
    max_parents: usize,
) -> Options {
    let (upper_ids, lower_ids) = (&cells.ids[upper.clone()], &cells.ids[lower.clone()]);
    let (upper_total, lower_total) = (&cells.total[upper], &cells.total[lower]);
    let mut options: Options = vec![None; max_parents + 1];
    let mut parent = vec![false; upper_ids.len()];
    let most = max_parents.min(upper_ids.len()).min(lower_ids.len() / 2);
    for (p, best) in options.iter_mut().enumerate().take(most + 1).skip(1) {
        each_subset(&mut parent, 0, p, &mut |parent| {
            // A total column (总计) is never a parent.
            if parent
                .iter()
                .zip(upper_total)
                .any(|(&p, &total)| p && total)
            {
                return;
            }
            let parent_ids: Vec<u32> = parent
                .iter()
                .zip(upper_ids)
                .filter(|(p, _)| **p)
                .map(|(_, id)| *id)
                .collect();
            // A total is the last of its siblings, and a heading is not its
            // own sub-heading: checked as each group is formed, so that
            // groupings that break them are never completed.
            let allowed = |group: usize, start: usize, size: usize| {
                !lower_total[start..start + size - 1].iter().any(|&t| t)
                    && !lower_ids[start..start + size].contains(&parent_ids[group])
            };
            let mut groups = Vec::with_capacity(p);
            each_grouping(
                lower_ids.len(),
                0,
                p,
                &mut groups,
                &allowed,
                &mut |groups| {
                    let score = group_score(upper_ids, parent, groups, lower_ids);
                    if best.as_ref().is_none_or(|(best, _)| score < *best) {
                        *best = Some((
                            score,
                            RowChoice {
                                parent: parent.to_vec(),
                                groups: groups.to_vec(),
                            },
                        ));
                    }
                },
            );
        });
    }
    options
}

fn each_subset(flags: &mut Vec<bool>, from: usize, still: usize, visit: &mut dyn FnMut(&[bool])) {
    if still == 0 {
        visit(flags);
        return;
    }
    for j in from..=flags.len() - still {
        flags[j] = true;
        each_subset(flags, j + 1, still - 1, visit);
        flags[j] = false;
    }
}

/// Splits the `n` children from `start` on into `parts` consecutive groups
/// of at least two, each of which `allowed(group, start, size)` accepts.
fn each_grouping(
    n: usize,
    start: usize,
    parts: usize,
    groups: &mut Vec<usize>,
    allowed: &dyn Fn(usize, usize, usize) -> bool,
    visit: &mut dyn FnMut(&[usize]),
) {
    let left = parts - groups.len();
    if left == 0 {
        if n == 0 {
            visit(groups);
        }
        return;
    }
    let sizes = if left == 1 {
        n..=n
    } else {
        2..=n.saturating_sub(2 * (left - 1))
    };
    for size in sizes {
        if size < 2 || !allowed(groups.len(), start, size) {
            continue;
        }
        groups.push(size);
        each_grouping(n - size, start + size, parts, groups, allowed, visit);
        groups.pop();
    }
}

/// Lays out a chosen forest top-down.
fn place(rows: &[Vec<&str>], choices: &[RowChoice]) -> Vec<Placed> {
    let n_rows = rows.len();
    let bottom = n_rows - 1;
    // Widths bottom-up.
    let mut widths: Vec<Vec<usize>> = vec![Vec::new(); n_rows];
    widths[bottom] = vec![1; rows[bottom].len()];
    for i in (0..bottom).rev() {
        let choice = &choices[i];
        let mut child = 0;
        let mut g = 0;
        for &is_parent in &choice.parent {
            if is_parent {
                let size = choice.groups[g];
                let width = widths[i + 1][child..child + size].iter().sum();
                widths[i].push(width);
                child += size;
                g += 1;
            } else {
                widths[i].push(1);
            }
        }
    }
    let mut placed = Vec::new();
    let mut index_base = 0;
    // Columns where the children of each row's parents start, in order.
    let mut starts: Vec<usize> = vec![0];
    for i in 0..n_rows {
        let mut next_starts = Vec::new();
        let mut col_cursor_by_group = starts.clone().into_iter();
        let is_parent = |j: usize| i < bottom && choices[i].parent[j];
        let group_sizes: Vec<usize> = if i == 0 {
            vec![rows[0].len()]
        } else {
            choices[i - 1].groups.clone()
        };
        let mut j = 0;
        for size in group_sizes {
            let mut col = col_cursor_by_group.next().unwrap_or(0);
            for _ in 0..size {
                let width = widths[i][j];
                let parent = is_parent(j);
                placed.push(Placed {
                    row: i,
                    col,
                    row_span: if parent { 1 } else { n_rows - i },
                    col_span: width,
                    index: index_base + j,
                });
                if parent {
                    next_starts.push(col);
                }
                col += width;
                j += 1;
            }
        }
        index_base += rows[i].len();
        starts = next_starts;
    }
    placed
}

fn is_total(text: &str) -> bool {
    ["总计", "合计", "小计", "总数"]
        .iter()
        .any(|t| text.contains(t))
}

/// Penalties (lower is better) for one row's parents and their child
/// groups, beyond the hard rules the enumeration already enforces.
fn group_score(row: &[u32], parent: &[bool], groups: &[usize], below: &[u32]) -> f64 {
    let mut score = 0.0;
    let mut child = 0;
    let m = row.len();
    let parents = parent
        .iter()
        .enumerate()
        .filter(|(_, p)| **p)
        .map(|(j, _)| j);
    for (g, (j, &size)) in parents.zip(groups).enumerate() {
        let children = &below[child..child + size];
        // Sibling parents over the same labels (未经复议直接起诉 and 复议后起诉
        // each over 结果维持…总计).
        let earlier = groups[..g].iter().scan(0, |start, &len| {
            let range = *start..*start + len;
            *start += len;
            Some(range)
        });
        if earlier.into_iter().any(|r| &below[r] == children) {
            score -= 2.0;
        }
        // The same labels as leaves beside the parent (结果维持…总计 under
        // 行政复议 as well).
        if size > 1 && row.windows(size).any(|w| w == children) {
            score -= 1.0;
        }
        // Among equals, parents tend to come last: 自然人 | 法人或其他组织(5) | 总计.
        score += 0.01 * (m - 1 - j) as f64;
        child += size;
    }
    if groups.windows(2).any(|w| w[0] != w[1]) {
        score += 1.0;
    }
    score
}

/// Penalties for the top row, whose cells are siblings under no parent.
fn top_row_score(total: &[bool]) -> f64 {
    let mut score = 0.0;
    if total.len() > 1 && total[..total.len() - 1].iter().any(|&t| t) {
        score += 5.0;
    }
    if total.len() == 1 {
        // One title over all value columns (申请人情况) is the common shape.
        score -= 1.0;
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(placed: &[Placed], cells: &[&str]) -> Vec<String> {
        let mut out: Vec<String> = placed
            .iter()
            .map(|p| {
                format!(
                    "{}@{},{} {}x{}",
                    cells[p.index], p.row, p.col, p.row_span, p.col_span
                )
            })
            .collect();
        out.sort();
        out
    }

    const APPLICATION: [&str; 9] = [
        "申请人情况",
        "自然人",
        "法人或其他组织",
        "总计",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ];

    fn application_expected() -> Vec<String> {
        let mut expected: Vec<String> = [
            "申请人情况@0,0 1x7",
            "自然人@1,0 2x1",
            "法人或其他组织@1,1 1x5",
            "总计@1,6 2x1",
            "商业企业@2,1 1x1",
            "科研机构@2,2 1x1",
            "社会公益组织@2,3 1x1",
            "法律服务机构@2,4 1x1",
            "其他@2,5 1x1",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        expected.sort();
        expected
    }

    #[test]
    fn application_header_with_row_breaks() {
        let rows = vec![
            APPLICATION[..1].to_vec(),
            APPLICATION[1..4].to_vec(),
            APPLICATION[4..].to_vec(),
        ];
        let placed = tile_rows(&rows, 7).expect("tiles");
        assert_eq!(grid(&placed, &APPLICATION), application_expected());
    }

    #[test]
    fn application_header_from_a_stream() {
        let placed = tile_stream(&APPLICATION, 7).expect("tiles");
        assert_eq!(grid(&placed, &APPLICATION), application_expected());
    }

    #[test]
    fn review_header_from_a_stream() {
        let leaves = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
        let mut cells = vec!["行政复议", "行政诉讼"];
        cells.extend(leaves);
        cells.extend(["未经复议直接起诉", "复议后起诉"]);
        cells.extend(leaves);
        cells.extend(leaves);
        let placed = tile_stream(&cells, 15).expect("tiles");
        let by_index = |i: usize| placed.iter().find(|p| p.index == i).unwrap().clone();
        assert_eq!((by_index(0).col, by_index(0).col_span), (0, 5));
        assert_eq!((by_index(1).col, by_index(1).col_span), (5, 10));
        assert_eq!((by_index(2).row, by_index(2).row_span), (1, 2));
        assert_eq!((by_index(7).col, by_index(7).col_span), (5, 5));
        assert_eq!((by_index(8).col, by_index(8).col_span), (10, 5));
        assert_eq!((by_index(18).row, by_index(18).col), (2, 14));
    }

    #[test]
    fn single_row_and_impossible_headers() {
        let placed = tile_rows(&[vec!["本年制发件数", "本年废止件数", "现行有效件数"]], 3).unwrap();
        assert_eq!(placed.len(), 3);
        assert!(tile_rows(&[vec!["a", "b"]], 3).is_none());
    }
}
