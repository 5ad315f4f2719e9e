//! The printed table of comments ("bảng tổng hợp ý kiến góp ý và tiếp thu,
//! giải trình"), `build --format gop-y`: from the review list gop-y.md, a
//! PDF and a DOCX with the Party header, the title, a tally and one table
//! per section of the booklet; an entry not yet answered is a warning with
//! its line (an error with `--final`); no list, no table.

use std::path::Path;

use crate::common::*;

/// The review list of the test: two sections, three offices, one entry not
/// answered (on line 11), and a comment holding markup of every writer.
const LIST: &str = "# Góp ý và tiếp thu, giải trình

Mỗi góp ý là một mục.

## Lãnh đạo công tác xây dựng Đảng

- **Sở Kế hoạch và Đầu tư**: Đề nghị nêu số văn bản của năm 2019.
  > Lãnh đạo, chỉ đạo triển khai thực hiện tốt Chương trình làm việc
  - Nguồn: góp ý trong gop-y-khdt.docx; Nguyễn Văn A, 2021-01-25T09:00:00Z
  - Tiếp thu, giải trình: Tiếp thu một phần: đã nêu số của năm 2019.
- **Sở Tài chính**: Sửa <b>&amp; {{x}} #set page(width: 1cm)
  - Tiếp thu, giải trình:

## Phát triển kinh tế

- **UBND huyện Càng Long**: Bổ sung số liệu tăng trưởng GRDP quý IV.
  - Tiếp thu, giải trình: Tiếp thu
- **Sở Kế hoạch và Đầu tư**: Không nên nêu chỉ tiêu chưa có số liệu chính thức.
  - Tiếp thu, giải trình: Không tiếp thu: số liệu đã được Cục Thống kê công bố.
";

/// What both files must say, in this order.
const SAID: [&str; 12] = [
    "BẢNG TỔNG HỢP Ý KIẾN GÓP Ý VÀ TIẾP THU, GIẢI TRÌNH",
    "Tổng số 4 ý kiến góp ý của 3 cơ quan, đơn vị: tiếp thu 1; tiếp thu một phần 1; không tiếp thu 1; chưa giải trình 1.",
    "Lãnh đạo công tác xây dựng Đảng",
    "Sở Kế hoạch và Đầu tư",
    "Đoạn dự thảo: «Lãnh đạo, chỉ đạo triển khai thực hiện tốt Chương trình làm việc»",
    "Tiếp thu một phần: đã nêu số của năm 2019.",
    "Sửa <b>&amp; {{x}} #set page(width: 1cm)",
    "(chưa giải trình)",
    "Phát triển kinh tế",
    "UBND huyện Càng Long",
    "Bổ sung số liệu tăng trưởng GRDP quý IV.",
    "Không tiếp thu: số liệu đã được Cục Thống kê công bố.",
];

fn build(dir: &Path, out: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["build", dir.to_str().unwrap(), "--out", out.to_str().unwrap(), "--format", "gop-y"];
    args.extend_from_slice(extra);
    let done = baocao(&args);
    (done.status.code(), format!("{}{}", String::from_utf8_lossy(&done.stdout), String::from_utf8_lossy(&done.stderr)))
}

/// `text` with its whitespace runs made single spaces.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every line of `SAID` in `text`, in order.
fn says_all_in_order(what: &str, text: &str) {
    let text = flat(text);
    let mut from = 0;
    for line in SAID {
        let at = text[from..].find(line).unwrap_or_else(|| panic!("the {what} says {line:?} after byte {from}: {text}"));
        from += at + line.len();
    }
}

#[test]
fn the_table_of_comments_prints_each_offices_comment_and_its_uptake() {
    let dir = copy_of(&small(), "bang-gop-y");
    let out = temp_dir("bang-gop-y-out");
    std::fs::write(dir.join("gop-y.md"), LIST).unwrap();
    let (code, said) = build(&dir, &out, &[]);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("Sở Tài chính chưa có giải trình") && said.contains("gop-y.md:11"), "the entry not answered is named with its line: {said}");
    assert_eq!(outputs_in(&out), ["bang-gop-y.gop-y.docx", "bang-gop-y.gop-y.pdf"]);

    let docx = out.join("bang-gop-y.gop-y.docx");
    says_all_in_order("DOCX", &docx_paragraphs(&docx).join("\n"));
    // One section: its first page has no page number, as the PDF's.
    let body = docx_part(&docx, "word/document.xml");
    assert!(body.contains("<w:titlePg/>") && body.contains(r#"w:type="first""#), "the first page has its own header");
    if available("pdftotext", tool("pdftotext")) {
        let pdf = out.join("bang-gop-y.gop-y.pdf");
        // In the order it was drawn: a table cell by cell, row by row.
        let text = run("pdftotext", &["-raw", "-enc", "UTF-8", pdf.to_str().unwrap(), "-"]);
        says_all_in_order("PDF", &text);
        assert_eq!(text.matches('\u{c}').count(), 1, "one page: the markup in a comment is text, never code");
    }

    // With --final an entry not answered stops the build, naming its line,
    // and the table already made stays as it was.
    let before = files_in(&out);
    let (code, said) = build(&dir, &out, &["--final"]);
    assert_ne!(code, Some(0), "{said}");
    assert!(said.contains("gop-y.md:11"), "{said}");
    assert_eq!(files_in(&out), before, "a refused build leaves the outputs as they were");

    // No list: nothing to print, and the message names the file.
    std::fs::remove_file(dir.join("gop-y.md")).unwrap();
    let (code, said) = build(&dir, &out, &[]);
    assert_ne!(code, Some(0), "{said}");
    assert!(said.contains("gop-y.md"), "{said}");
    assert_eq!(files_in(&out), before);
}
