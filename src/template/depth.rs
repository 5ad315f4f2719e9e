//! How long one template expression may be. minijinja parses a chain of
//! operators (`1 + 1 + …`, `not not …`, `x|f|f…`) into a tree as deep as
//! the chain is long and compiles and drops that tree recursively: 30 000
//! terms overflow the stack and abort the program, which no error handling
//! can catch. So each tag (`{{ … }}`, `{% … %}`) of a template or prose
//! file is measured before minijinja sees it: one with more operators than
//! [`MAX_EXPRESSION_TERMS`] is refused at its file and line. Counting every
//! operator bounds the depth of any tree the tag can give.

use std::path::Path;

use crate::error::{Error, Place, Result};
use crate::limits::MAX_EXPRESSION_TERMS;
use crate::t;

/// Words that are operators in minijinja expressions.
const OPERATOR_WORDS: [&str; 7] = ["and", "or", "not", "is", "in", "if", "else"];

/// Refuses a tag of `source` (the text of template or prose file `path`)
/// that holds more than [`MAX_EXPRESSION_TERMS`] operators.
pub fn check(path: &Path, source: &str) -> Result<()> {
    let bytes = source.as_bytes();
    let mut at = 0;
    while let Some(found) = source[at..].find('{') {
        let start = at + found;
        let close = match bytes.get(start + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => {
                at = source[start + 2..].find("#}").map_or(bytes.len(), |end| start + 2 + end + 2);
                continue;
            }
            _ => {
                at = start + 1;
                continue;
            }
        };
        let (end, operators) = measure(source, start + 2, close);
        if operators > MAX_EXPRESSION_TERMS {
            return Err(Error::input(
                Place::of_offset(path, source, start).spanning(2),
                t!(
                    "biểu thức quá dài: hơn {MAX_EXPRESSION_TERMS} phép toán trong một cặp {{{{ }}}} hoặc {{% %}}",
                    "the expression is too long: more than {MAX_EXPRESSION_TERMS} operators in one {{{{ }}}} or {{% %}}"
                ),
                Some(t!(
                    "chia phép tính thành nhiều bước bằng {{% set %}}, hoặc dùng vòng lặp {{% for %}}",
                    "split the calculation into steps with {{% set %}}, or use a {{% for %}} loop"
                )),
            ));
        }
        let inner = source.get(start + 2..end.saturating_sub(2)).unwrap_or_default();
        at = if close == "%}" && is_raw(inner) { end_of_raw(source, end) } else { end };
    }
    Ok(())
}

/// Where the tag whose content starts at `from` ends (after `close`, or at
/// the end of `source`), and how many operators it holds, past
/// [`MAX_EXPRESSION_TERMS`] not counted further.
fn measure(source: &str, from: usize, close: &str) -> (usize, usize) {
    let bytes = source.as_bytes();
    let mut operators = 0;
    let mut quote: Option<u8> = None;
    let mut i = from;
    while i < bytes.len() {
        let c = bytes[i];
        if let Some(q) = quote {
            if c == b'\\' {
                i += 2;
                continue;
            }
            if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        if bytes[i..].starts_with(close.as_bytes()) {
            return (i + 2, operators);
        }
        match c {
            b'"' | b'\'' => quote = Some(c),
            b'+' | b'-' | b'*' | b'/' | b'%' | b'~' | b'|' | b'.' | b'[' | b'(' | b'<' | b'>' | b'=' | b'!' => operators += 1,
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let word_end = bytes[i..].iter().position(|b| !(b.is_ascii_alphanumeric() || *b == b'_')).map_or(bytes.len(), |n| i + n);
                if OPERATOR_WORDS.contains(&&source[i..word_end]) {
                    operators += 1;
                }
                i = word_end;
                continue;
            }
            _ => {}
        }
        if operators > MAX_EXPRESSION_TERMS {
            // Enough to refuse: where it ends matters no more.
            return (bytes.len(), operators);
        }
        i += 1;
    }
    (bytes.len(), operators)
}

/// Whether the statement `inner` (between `{%` and `%}`) opens a raw block.
fn is_raw(inner: &str) -> bool {
    inner.trim_matches(|c: char| c == '-' || c == '+' || c.is_whitespace()) == "raw"
}

/// Where the raw block that starts at `from` ends: after its
/// `{% endraw %}`, or at the end of `source`.
fn end_of_raw(source: &str, from: usize) -> usize {
    let mut at = from;
    while let Some(found) = source[at..].find("{%") {
        let start = at + found;
        let Some(end) = source[start..].find("%}").map(|e| start + e) else { break };
        if source[start + 2..end].trim_matches(|c: char| c == '-' || c == '+' || c.is_whitespace()) == "endraw" {
            return end + 2;
        }
        at = start + 2;
    }
    source.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(source: &str) -> Option<(usize, usize)> {
        check(Path::new("t.md"), source).err().and_then(|e| e.place().map(|p| (p.line.unwrap_or(0), p.column.unwrap_or(0))))
    }

    #[test]
    fn long_operator_chains_are_refused_at_their_tag() {
        let chain = |op: &str, n: usize| format!("{}1", op.repeat(n));
        for op in ["1 + ", "not ", "-", "1 ~ ", "true and ", "x|", "a."] {
            assert_eq!(refused(&format!("dòng một\nxx {{{{ {} }}}}\n", chain(op, 30_000))), Some((2, 4)), "{op}");
            assert_eq!(refused(&format!("{{% if {} %}}x{{% endif %}}", chain(op, 400))), None, "{op}");
        }
        assert_eq!(refused(&format!("{{% set x = {} %}}", chain("1 + ", 501))), Some((1, 1)));
    }

    #[test]
    fn a_tag_at_the_limit_compiles_on_a_small_stack() {
        // A worker thread's default stack is 2 MB: every chain minijinja
        // nests, as long as the limit lets it be, renders there.
        let n = MAX_EXPRESSION_TERMS;
        let sources = [
            format!("{{{{ {}1 }}}}", "1 + ".repeat(n)),
            format!("{{{{ {}true }}}}", "not ".repeat(n)),
            format!("{{{{ {}1 }}}}", "-".repeat(n)),
            format!("{{{{ 1{} }}}}", "|abs".repeat(n)),
            format!("{{{{ {}1 }}}}", "1 ~ ".repeat(n)),
        ];
        for source in sources {
            assert!(check(Path::new("t.md"), &source).is_ok());
            let rendered = std::thread::Builder::new()
                .stack_size(2 * 1024 * 1024)
                .spawn(move || minijinja::Environment::new().render_str(&source, ()).map(|_| ()).map_err(|e| e.to_string()))
                .unwrap()
                .join()
                .expect("no stack overflow");
            assert!(rendered.is_ok(), "{rendered:?}");
        }
    }

    #[test]
    fn strings_comments_and_raw_blocks_hold_no_operators() {
        let many = "+".repeat(2_000);
        assert_eq!(refused(&format!("{{{{ '{many}' }}}} {{{{ \"{many}\" }}}}")), None);
        assert_eq!(refused(&format!("{{# {{{{ {many} }}}} #}}")), None);
        assert_eq!(refused(&format!("{{% raw %}}{{{{ {many} }}}}{{% endraw %}} {{{{ 1 }}}}")), None);
        assert_eq!(refused(&format!("{many} văn bản thường, không phải biểu thức")), None);
        assert_eq!(refused(&format!("{{% raw %}}x{{% endraw %}}{{{{ {} }}}}", "1 + ".repeat(600))), Some((1, 23)));
    }
}
