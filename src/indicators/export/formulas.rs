//! The computed columns of the exported workbook as Excel formulas that
//! read the row's own cells, as baocao reads them: the direction and the
//! comparison in any of the words the table accepts (an empty comparison
//! by the unit, points for "%"), the figures when both are numbers, else
//! the stated ratio or difference. So the same formula serves every row,
//! one typed under the table included, and a row with a stated ratio
//! follows the figures once they are typed. Each formula shows nothing on
//! a row with no input at all.

use super::super::Status;
use super::NONE;

/// The words of the table's direction column that mean "at most".
const AT_MOST: [&str; 6] = ["at_most", "tối đa", "dưới", "không quá", "<=", "≤"];

/// The words that mean "maintain".
const MAINTAIN: [&str; 3] = ["maintain", "duy trì", "giữ vững"];

/// The words of the comparison column that mean "ratio".
const RATIO: [&str; 3] = ["ratio", "tỷ lệ", "tỉ lệ"];

/// Where the cells a row's formulas read stand: the letters of their
/// columns.
pub(super) struct Columns {
    /// The ranges of the input columns, first and last (a row with no
    /// input has no result).
    pub inputs: [(String, String); 2],
    /// The unit.
    pub unit: String,
    /// The direction.
    pub direction: String,
    /// The comparison.
    pub compare: String,
    /// The target.
    pub target: String,
    /// The result.
    pub achieved: String,
    /// The stated ratio.
    pub stated_ratio: String,
    /// The stated difference.
    pub stated_difference: String,
}

/// The three formulas of one row (Excel's row number `n`).
pub(super) struct Row<'a> {
    columns: &'a Columns,
    n: u32,
}

impl Columns {
    /// The formulas of Excel row `n`.
    pub fn row(&self, n: u32) -> Row<'_> {
        Row { columns: self, n }
    }
}

impl Row<'_> {
    fn cell(&self, column: &str) -> String {
        format!("{column}{}", self.n)
    }

    /// Whether the cell of `column` holds one of `words`.
    fn one_of(&self, column: &str, words: &[&str]) -> String {
        let cell = self.cell(column);
        let tests: Vec<String> = words.iter().map(|w| format!("TRIM({cell})=\"{w}\"")).collect();
        format!("OR({})", tests.join(","))
    }

    fn at_most(&self) -> String {
        self.one_of(&self.columns.direction, &AT_MOST)
    }

    /// Compared as a ratio: so said, or said nothing and not in "%".
    fn by_ratio(&self) -> String {
        let c = self.columns;
        format!(
            "OR({},AND(TRIM({})=\"\",TRIM({})<>\"%\"))",
            self.one_of(&c.compare, &RATIO),
            self.cell(&c.compare),
            self.cell(&c.unit)
        )
    }

    fn both(&self) -> String {
        format!("AND(ISNUMBER({}),ISNUMBER({}))", self.cell(&self.columns.target), self.cell(&self.columns.achieved))
    }

    /// `formula` on a row with input, nothing on an empty one.
    fn unless_empty(&self, formula: &str) -> String {
        let ranges: Vec<String> = self.columns.inputs.iter().map(|(first, last)| format!("{first}{n}:{last}{n}", n = self.n)).collect();
        format!("=IF(COUNTA({})=0,\"\",{formula})", ranges.join(","))
    }

    /// The ratio: achieved ÷ target × 100 for a ratio that is not "at
    /// most", else the stated ratio.
    pub fn ratio(&self) -> String {
        let c = self.columns;
        let (target, achieved, stated) = (self.cell(&c.target), self.cell(&c.achieved), self.cell(&c.stated_ratio));
        let computed = format!("IF(AND({},{target}>0,NOT({})),{achieved}/{target}*100,{})", self.both(), self.at_most(), self.stated(&stated));
        self.unless_empty(&format!("IF({},{computed},\"{NONE}\")", self.by_ratio()))
    }

    /// The difference: the ratio less 100, or the result less the target in
    /// points; else as stated.
    pub fn difference(&self) -> String {
        let c = self.columns;
        let (target, achieved) = (self.cell(&c.target), self.cell(&c.achieved));
        let stated_ratio = self.cell(&c.stated_ratio);
        let stated = format!(
            "IF(ISNUMBER({d}),{d},IF(AND({},ISNUMBER({stated_ratio})),{stated_ratio}-100,\"{NONE}\"))",
            self.by_ratio(),
            d = self.cell(&c.stated_difference)
        );
        let ratio = format!("IF(AND({target}>0,NOT({})),{achieved}/{target}*100-100,{stated})", self.at_most());
        self.unless_empty(&format!("IF({},IF({},{ratio},{achieved}-{target}),{stated})", self.both(), self.by_ratio()))
    }

    /// The status: the result against the target, else the stated ratio
    /// against 100, else the stated difference against 0, each in the
    /// row's direction.
    pub fn status(&self) -> String {
        let c = self.columns;
        let (target, achieved) = (self.cell(&c.target), self.cell(&c.achieved));
        let (ratio, difference) = (self.cell(&c.stated_ratio), self.cell(&c.stated_difference));
        let from_stated = format!(
            "IF(AND({},ISNUMBER({ratio})),{},IF(ISNUMBER({difference}),{},\"{}\"))",
            self.by_ratio(),
            self.judge(&ratio, "100"),
            self.judge(&difference, "0"),
            Status::Unknown.label()
        );
        self.unless_empty(&format!("IF({},{},{from_stated})", self.both(), self.judge(&achieved, &target)))
    }

    /// The status of `value` against `mark` in the row's direction.
    fn judge(&self, value: &str, mark: &str) -> String {
        let (exceeded, met, unmet) = (Status::Exceeded.label(), Status::Met.label(), Status::NotMet.label());
        format!(
            "IF({},IF({value}<{mark},\"{exceeded}\",IF({value}={mark},\"{met}\",\"{unmet}\")),IF({},IF({value}>={mark},\"{met}\",\"{unmet}\"),IF({value}>{mark},\"{exceeded}\",IF({value}={mark},\"{met}\",\"{unmet}\"))))",
            self.at_most(),
            self.one_of(&self.columns.direction, &MAINTAIN)
        )
    }

    /// The stated ratio, or nothing.
    fn stated(&self, cell: &str) -> String {
        format!("IF(ISNUMBER({cell}),{cell},\"{NONE}\")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns() -> Columns {
        let letter = |s: &str| s.to_string();
        Columns {
            inputs: [(letter("A"), letter("E")), (letter("I"), letter("T"))],
            unit: letter("F"),
            direction: letter("G"),
            compare: letter("H"),
            target: letter("J"),
            achieved: letter("K"),
            stated_ratio: letter("N"),
            stated_difference: letter("O"),
        }
    }

    #[test]
    fn the_formulas_read_the_rows_own_cells() {
        let columns = columns();
        let row = columns.row(7);
        let ratio = row.ratio();
        assert!(ratio.starts_with("=IF(COUNTA(A7:E7,I7:T7)=0,\"\","), "{ratio}");
        assert!(ratio.contains("K7/J7*100") && ratio.contains("ISNUMBER(N7)") && ratio.contains("TRIM(F7)<>\"%\""), "{ratio}");
        let status = row.status();
        assert!(status.contains("TRIM(G7)=\"dưới\"") && status.contains("TRIM(G7)=\"duy trì\"") && status.contains("\"Chưa đánh giá\""), "{status}");
        assert!(row.difference().contains("K7-J7") && row.difference().contains("ISNUMBER(O7),O7"));
        let open = |f: &str| f.matches('(').count() == f.matches(')').count();
        assert!(open(&ratio) && open(&status) && open(&row.difference()), "balanced parentheses");
    }
}
