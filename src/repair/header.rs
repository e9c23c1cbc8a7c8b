//! Rebuilds a multi-level column header from header cells that lost their
//! spans.
//!
//! Exports drop merged cells, so `行政复议 | 行政诉讼` above `结果维持 … 总计 |
//! 未经复议直接起诉 | 复议后起诉` above ten leaf labels no longer says which
//! cell spans which columns. The header is a forest: every cell of a row is
//! either a leaf (its column runs down to the data) or a parent whose
//! children are consecutive cells of the next row. With the number of value
//! columns known, only a few forests fit; this module enumerates them
//! (bounded) and picks the most plausible by rules any report header obeys:
//! a total column (总计/合计) is a leaf and the last of its siblings, a
//! parent has more than one child, sibling groups are alike, and repeated
//! label groups (结果维持…总计 twice) sit under sibling parents.
//! When row breaks are unknown (a collapsed stream) the partition into rows
//! is searched too.

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

/// At most this many header rows are considered for a collapsed stream.
const MAX_ROWS: usize = 4;
/// Headers larger than this are not searched (none in real reports come close).
const MAX_CELLS: usize = 40;
/// Upper bound on configurations examined per table, so that no input can
/// make the search slow.
const BUDGET: usize = 200_000;

/// Tiles header rows whose row breaks are known over `value_cols` columns.
pub fn tile_rows(rows: &[Vec<&str>], value_cols: usize) -> Option<Vec<Placed>> {
    let total: usize = rows.iter().map(Vec::len).sum();
    if rows.is_empty() || total > MAX_CELLS {
        return None;
    }
    let mut search = Search::new(value_cols);
    search.run(rows, 0.0);
    search.best.map(|best| best.placements)
}

/// Tiles header cells whose row breaks are unknown, trying every split of
/// them into up to [`MAX_ROWS`] rows.
pub fn tile_stream(cells: &[&str], value_cols: usize) -> Option<Vec<Placed>> {
    if cells.is_empty() || cells.len() > MAX_CELLS {
        return None;
    }
    let mut search = Search::new(value_cols);
    for n_rows in 1..=MAX_ROWS.min(cells.len()) {
        // Every row but the last holds at least one parent.
        if cells.len() < value_cols + (n_rows - 1) {
            break;
        }
        let mut cuts = Vec::with_capacity(n_rows - 1);
        partitions(cells, n_rows, 1, &mut cuts, &mut search);
    }
    search.best.map(|best| best.placements)
}

/// Enumerates ways to cut `cells` into `n_rows` non-empty rows.
fn partitions(
    cells: &[&str],
    n_rows: usize,
    from: usize,
    cuts: &mut Vec<usize>,
    search: &mut Search,
) {
    if search.spent >= BUDGET {
        return;
    }
    if cuts.len() == n_rows - 1 {
        let mut rows = Vec::with_capacity(n_rows);
        let mut start = 0;
        for &cut in cuts.iter().chain(std::iter::once(&cells.len())) {
            rows.push(cells[start..cut].to_vec());
            start = cut;
        }
        // A small preference for fewer rows: the simplest header that fits.
        search.run(&rows, 0.2 * n_rows as f64);
        return;
    }
    let remaining = n_rows - 1 - cuts.len();
    for cut in from..=cells.len() - remaining {
        cuts.push(cut);
        partitions(cells, n_rows, cut + 1, cuts, search);
        cuts.pop();
    }
}

struct Best {
    score: f64,
    placements: Vec<Placed>,
}

/// For one row: which cells are parents and how many children each has.
#[derive(Clone)]
struct RowChoice {
    parent: Vec<bool>,
    /// Children counts of the parents, left to right.
    groups: Vec<usize>,
}

struct Search {
    value_cols: usize,
    spent: usize,
    best: Option<Best>,
}

impl Search {
    fn new(value_cols: usize) -> Search {
        Search {
            value_cols,
            spent: 0,
            best: None,
        }
    }

    fn run(&mut self, rows: &[Vec<&str>], base_score: f64) {
        let total: usize = rows.iter().map(Vec::len).sum();
        // Leaves = value columns, so the number of parents is fixed.
        let Some(parents) = total.checked_sub(self.value_cols) else {
            return;
        };
        if rows.iter().any(Vec::is_empty) || parents < rows.len() - 1 {
            return;
        }
        let bottom = rows.len() - 1;
        if bottom == 0 {
            if rows[0].len() == self.value_cols {
                self.offer(rows, &[], base_score + top_row_score(&rows[0]));
            }
            return;
        }
        let widths = vec![1; rows[bottom].len()];
        let mut choices = vec![
            RowChoice {
                parent: Vec::new(),
                groups: Vec::new()
            };
            bottom
        ];
        self.choose_row(rows, bottom - 1, &widths, parents, &mut choices, base_score);
    }

    /// Chooses parents in row `i` over the row below, whose widths are given.
    fn choose_row(
        &mut self,
        rows: &[Vec<&str>],
        i: usize,
        widths_below: &[usize],
        parents_left: usize,
        choices: &mut Vec<RowChoice>,
        score: f64,
    ) {
        let m = rows[i].len();
        let n = widths_below.len();
        let rows_above = i; // each needs at least one parent
        let max_p = m.min(n).min(parents_left.saturating_sub(rows_above));
        for p in 1..=max_p {
            if i == 0 && p != parents_left {
                continue;
            }
            let mut parent = vec![false; m];
            self.choose_parents(
                rows,
                i,
                widths_below,
                parents_left,
                choices,
                score,
                &mut parent,
                0,
                p,
            );
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn choose_parents(
        &mut self,
        rows: &[Vec<&str>],
        i: usize,
        widths_below: &[usize],
        parents_left: usize,
        choices: &mut Vec<RowChoice>,
        score: f64,
        parent: &mut Vec<bool>,
        from: usize,
        still: usize,
    ) {
        if self.spent >= BUDGET {
            return;
        }
        if still == 0 {
            let p = parent.iter().filter(|&&x| x).count();
            let mut groups = Vec::with_capacity(p);
            self.choose_groups(
                rows,
                i,
                widths_below,
                parents_left - p,
                choices,
                score,
                parent,
                &mut groups,
                0,
            );
            return;
        }
        for j in from..=parent.len() - still {
            parent[j] = true;
            self.choose_parents(
                rows,
                i,
                widths_below,
                parents_left,
                choices,
                score,
                parent,
                j + 1,
                still - 1,
            );
            parent[j] = false;
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn choose_groups(
        &mut self,
        rows: &[Vec<&str>],
        i: usize,
        widths_below: &[usize],
        parents_left: usize,
        choices: &mut Vec<RowChoice>,
        score: f64,
        parent: &[bool],
        groups: &mut Vec<usize>,
        used: usize,
    ) {
        if self.spent >= BUDGET {
            return;
        }
        let p = parent.iter().filter(|&&x| x).count();
        let n = widths_below.len();
        if groups.len() == p {
            if used != n {
                return;
            }
            self.spent += 1;
            let row_score = group_score(&rows[i], parent, groups, &rows[i + 1]);
            let mut widths = Vec::with_capacity(rows[i].len());
            let mut child = 0;
            let mut g = 0;
            for &is_parent in parent {
                if is_parent {
                    widths.push(widths_below[child..child + groups[g]].iter().sum());
                    child += groups[g];
                    g += 1;
                } else {
                    widths.push(1);
                }
            }
            choices[i] = RowChoice {
                parent: parent.to_vec(),
                groups: groups.clone(),
            };
            if i == 0 {
                if widths.iter().sum::<usize>() == self.value_cols && parents_left == 0 {
                    let total = score + row_score + top_row_score(&rows[0]);
                    self.offer(rows, choices, total);
                }
            } else {
                self.choose_row(
                    rows,
                    i - 1,
                    &widths,
                    parents_left,
                    choices,
                    score + row_score,
                );
            }
            return;
        }
        let groups_left = p - groups.len();
        for size in 1..=(n - used).saturating_sub(groups_left - 1) {
            groups.push(size);
            self.choose_groups(
                rows,
                i,
                widths_below,
                parents_left,
                choices,
                score,
                parent,
                groups,
                used + size,
            );
            groups.pop();
        }
    }

    fn offer(&mut self, rows: &[Vec<&str>], choices: &[RowChoice], score: f64) {
        if self.best.as_ref().is_some_and(|b| b.score <= score) {
            return;
        }
        self.best = Some(Best {
            score,
            placements: place(rows, choices),
        });
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

/// Penalties (lower is better) for one row's parents and their child groups.
fn group_score(row: &[&str], parent: &[bool], groups: &[usize], below: &[&str]) -> f64 {
    let mut score = 0.0;
    let mut child = 0;
    let mut g = 0;
    let m = row.len();
    let mut sequences: Vec<&[&str]> = Vec::new();
    for (j, &is_parent) in parent.iter().enumerate() {
        if !is_parent {
            continue;
        }
        let size = groups[g];
        let children = &below[child..child + size];
        if is_total(row[j]) {
            score += 10.0;
        }
        if size == 1 {
            score += 3.0;
        }
        if children[..size - 1].iter().any(|c| is_total(c)) {
            score += 5.0;
        }
        // A heading is not its own sub-heading.
        if children.contains(&row[j]) {
            score += 5.0;
        }
        if sequences.contains(&children) {
            score -= 2.0;
        }
        // The same labels as leaves beside the parent (结果维持…总计 under
        // 行政复议, and again under each kind of 行政诉讼).
        if size > 1 && row.windows(size).any(|w| w == children) {
            score -= 1.0;
        }
        sequences.push(children);
        // Among equals, parents tend to come last: 自然人 | 法人或其他组织(5) | 总计.
        score += 0.01 * (m - 1 - j) as f64;
        child += size;
        g += 1;
    }
    if groups.windows(2).any(|w| w[0] != w[1]) {
        score += 1.0;
    }
    score
}

/// Penalties for the top row, whose cells are siblings under no parent.
fn top_row_score(row: &[&str]) -> f64 {
    let mut score = 0.0;
    if row.len() > 1 && row[..row.len() - 1].iter().any(|c| is_total(c)) {
        score += 5.0;
    }
    if row.len() == 1 {
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
