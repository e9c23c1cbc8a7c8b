//! How many cells calamine may lay out one by one for a workbook.
//!
//! calamine's XLS and ODS readers build every sheet of the workbook, when
//! it opens, as a dense grid over the bounding box of the sheet's cells:
//! each position costs about 56 bytes (its value and its formula) whether
//! it holds anything or not. A 5 KB file that puts one cell at A1 and one
//! at IV65536 thus costs a gigabyte. The converter measures that extent
//! from the file before calamine opens it (`ole` for XLS, `ods` for ODS)
//! and refuses a workbook whose grids are out of proportion to the file:
//! [`PER_BYTE`] positions per byte of the file, at least [`FLOOR`], and
//! never more than `Limits::max_table_cells`.

use super::lower::range_name;
use super::read::Rect;
use docmend_core::converter::Limits;

/// Positions any workbook may have laid out, however small the file: a
/// sheet of 1,000 rows × 1,000 columns (about 56 MiB in calamine).
pub const FLOOR: u64 = 1 << 20;
/// Positions per byte of the file above the floor. A real sheet stores
/// each value in ten bytes or more, and its bounding box is rarely ten
/// times the cells it holds.
pub const PER_BYTE: u64 = 4;

/// The dense positions one workbook may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DenseBudget {
    /// The positions allowed in all.
    pub positions: u64,
    file_bytes: u64,
    max_table_cells: u64,
}

impl DenseBudget {
    /// The budget of a file of `file_bytes` bytes under `limits`.
    pub fn new(file_bytes: usize, limits: &Limits) -> DenseBudget {
        let file_bytes = file_bytes as u64;
        let proportional = file_bytes.saturating_mul(PER_BYTE).max(FLOOR);
        DenseBudget {
            positions: proportional.min(limits.max_table_cells),
            file_bytes,
            max_table_cells: limits.max_table_cells,
        }
    }

    /// Why a sheet spanning `extent` (`positions` laid out) is refused.
    pub fn sheet_refused(&self, sheet: &str, extent: Rect, positions: u64) -> String {
        let rows = u64::from(extent.bottom - extent.top) + 1;
        let cols = u64::from(extent.right - extent.left) + 1;
        format!(
            "sheet '{sheet}' spans {rows} rows × {cols} columns ({}), {positions} positions that \
             the reader lays out one by one in memory; {}",
            range_name(extent),
            self.allowance()
        )
    }

    /// Why a workbook whose sheets together lay out `positions` is refused.
    pub fn workbook_refused(&self, positions: u64) -> String {
        format!(
            "its sheets together span {positions} positions that the reader lays out one by one \
             in memory; {}",
            self.allowance()
        )
    }

    fn allowance(&self) -> String {
        if self.positions == self.max_table_cells {
            format!(
                "over the limit of {} table positions (--max-table-cells)",
                self.max_table_cells
            )
        } else {
            format!(
                "out of proportion to a file of {} bytes, which may span {} ({PER_BYTE} per byte \
                 of the file, at least {FLOOR}; a cell far from the others, or repeats that \
                 expand to millions of cells)",
                self.file_bytes, self.positions
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_grows_with_the_file_within_the_limit() {
        let limits = Limits::default();
        assert_eq!(DenseBudget::new(5_632, &limits).positions, FLOOR);
        assert_eq!(DenseBudget::new(1 << 20, &limits).positions, 4 << 20);
        let mut low = Limits::default();
        low.max_table_cells = 1000;
        let budget = DenseBudget::new(1 << 20, &low);
        assert_eq!(budget.positions, 1000);
        let far = Rect {
            top: 0,
            left: 0,
            bottom: 65_535,
            right: 255,
        };
        assert_eq!(
            DenseBudget::new(5_632, &limits).sheet_refused("S", far, 16_777_216),
            "sheet 'S' spans 65536 rows × 256 columns (A1:IV65536), 16777216 positions that the \
             reader lays out one by one in memory; out of proportion to a file of 5632 bytes, \
             which may span 1048576 (4 per byte of the file, at least 1048576; a cell far from \
             the others, or repeats that expand to millions of cells)"
        );
        assert!(
            budget
                .workbook_refused(2000)
                .ends_with("over the limit of 1000 table positions (--max-table-cells)")
        );
    }
}
