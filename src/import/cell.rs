//! A figure a reviewer changed, written into its cell of the indicator
//! table: one cell of one line of the CSV or the YAML changes, every other
//! byte stays.

use crate::indicators::column_key;

/// `source`, a CSV table with `delimiter`, with the cell of row `id` in
/// column `key` set to `value`; `None` when the table has no such cell.
pub fn set_csv(source: &str, delimiter: u8, id: &str, key: &str, value: &str) -> Option<String> {
    let body = source.trim_start_matches('\u{feff}');
    let offset = source.len() - body.len();
    let mut lines = line_ranges(body);
    let (header_start, header_end) = lines.next()?;
    let headings = cells(&body[header_start..header_end], delimiter);
    let heading_text = |range: &(usize, usize)| unquote(&body[header_start + range.0..header_start + range.1]);
    let id_column = headings.iter().position(|r| column_key(&heading_text(r)) == Some("id"))?;
    let column = headings.iter().position(|r| column_key(&heading_text(r)) == Some(key))?;
    for (start, end) in lines {
        let line = &body[start..end];
        let ranges = cells(line, delimiter);
        if ranges.get(id_column).is_some_and(|r| unquote(&line[r.0..r.1]).trim() == id) {
            let (from, to) = *ranges.get(column)?;
            let quoted = if value.contains([char::from(delimiter), '"', '\n']) { format!("\"{}\"", value.replace('"', "\"\"")) } else { value.to_string() };
            let mut out = source.to_string();
            out.replace_range(offset + start + from..offset + start + to, &quoted);
            return Some(out);
        }
    }
    None
}

/// `source`, a YAML table, with `key` of the row whose id is `id` set to
/// `value` (its comment kept); `None` when the row has no such line.
pub fn set_yaml(source: &str, id: &str, key: &str, value: &str) -> Option<String> {
    let lines: Vec<(usize, usize)> = line_ranges(source).collect();
    let entry = |line: &str| -> Option<(String, usize, usize)> {
        // "  - name: value # comment": the key, and the value's range.
        let trimmed = line.trim_start_matches([' ', '-']);
        let lead = line.len() - trimmed.len();
        let (name, rest) = trimmed.split_once(':')?;
        let value_start = lead + name.len() + 1 + (rest.len() - rest.trim_start().len());
        let value_end = rest.find(" #").map_or(line.trim_end().len(), |c| lead + name.len() + 1 + c).max(value_start);
        Some((name.trim().to_string(), value_start, value_end))
    };
    let row_starts: Vec<usize> = lines.iter().enumerate().filter(|(_, (s, e))| source[*s..*e].trim_start().starts_with('-')).map(|(i, _)| i).collect();
    for (n, &first) in row_starts.iter().enumerate() {
        let last = row_starts.get(n + 1).copied().unwrap_or(lines.len());
        let block = &lines[first..last];
        let is_row = block.iter().any(|(s, e)| {
            entry(&source[*s..*e]).is_some_and(|(name, vs, ve)| column_key(&name) == Some("id") && source[*s..*e][vs..ve].trim().trim_matches('"') == id)
        });
        if !is_row {
            continue;
        }
        for (s, e) in block {
            let line = &source[*s..*e];
            if let Some((name, vs, ve)) = entry(line)
                && column_key(&name) == Some(key)
            {
                let mut out = source.to_string();
                out.replace_range(s + vs..s + ve, &format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\"")));
                return Some(out);
            }
        }
    }
    None
}

/// The byte ranges of the lines of `text`, without their line ends.
fn line_ranges(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let range = (start, text[start..end].strip_suffix('\r').map_or(end, |l| start + l.len()));
        start = end + 1;
        Some(range)
    })
}

/// The byte ranges of the cells of CSV line `line`, minding quotes.
fn cells(line: &str, delimiter: u8) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, b) in line.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b if b == delimiter && !quoted => {
                ranges.push((start, i));
                start = i + 1;
            }
            _ => {}
        }
    }
    ranges.push((start, line.len()));
    ranges
}

fn unquote(cell: &str) -> String {
    let cell = cell.trim();
    match cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_csv_cell_changes() {
        let csv = "\u{feff}mã;tên chỉ tiêu;thực hiện;ghi chú\r\nviec_lam;\"Việc; làm\";16.100;x\r\nkhac;B;1;\r\n";
        let edited = set_csv(csv, b';', "viec_lam", "achieved", "16.200").unwrap();
        assert_eq!(edited, csv.replace("16.100", "16.200"));
        assert!(set_csv(csv, b';', "khong_co", "achieved", "1").is_none());
    }

    #[test]
    fn one_yaml_value_changes_and_its_comment_stays() {
        let yaml = "- id: a\n  achieved: 6,5 # ghi\n- id: b\n  thực hiện: 1.763\n";
        assert_eq!(set_yaml(yaml, "b", "achieved", "1.800").unwrap(), "- id: a\n  achieved: 6,5 # ghi\n- id: b\n  thực hiện: \"1.800\"\n");
        assert_eq!(set_yaml(yaml, "a", "achieved", "7").unwrap(), "- id: a\n  achieved: \"7\" # ghi\n- id: b\n  thực hiện: 1.763\n");
    }
}
