//! Line numbers of byte offsets in decoded text, for `origin.line`.
//!
//! The `csv` crate counts only `\n`, so a file with old Mac line ends (lone
//! `\r`) would be one long line to it. Lines here end at `\n`, `\r\n` or a
//! lone `\r`, as the text converter counts them.

/// Where each line starts, so that the line of any byte is a binary search.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// The 1-based line the byte at `offset` is on.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_end_counts_once() {
        let text = "a\nb\r\nc\rd\r\n\ne";
        let index = LineIndex::new(text);
        let line = |c: char| index.line_of(text.find(c).unwrap());
        assert_eq!(
            [line('a'), line('b'), line('c'), line('d'), line('e')],
            [1, 2, 3, 4, 6]
        );
        // A line end belongs to the line it ends.
        assert_eq!(index.line_of(text.find("\r\n").unwrap() + 1), 2);
    }
}
