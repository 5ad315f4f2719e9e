//! The clerk's first hour and the checks of the data: one rule set for
//! `check` and `build`, a final copy that refuses what is unfinished, the
//! values a template may print, a partial house style told at once, the
//! help in Vietnamese, and what `init` writes. Each test runs the binary
//! and reads what it prints or writes.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::*;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A new district folder from `baocao init`, in `work`.
fn init(work: &Path, name: &str) -> std::path::PathBuf {
    let dir = work.join(name);
    let run = baocao(&["init", dir.to_str().unwrap(), "--level", "huyen", "--year", "2025"]);
    assert!(run.status.success(), "{}", stderr(&run));
    dir
}

/// The messages of the warnings a build printed ("cảnh báo: ...").
fn build_warnings(out: &std::process::Output) -> BTreeSet<String> {
    stderr(out).lines().filter_map(|l| l.strip_prefix("cảnh báo: ")).map(str::to_string).collect()
}

/// The messages of `check --format json`, by severity.
fn check_findings(dir: &Path, extra: &[&str]) -> (Option<i32>, BTreeSet<String>, BTreeSet<String>) {
    let mut args = vec!["check", dir.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let out = baocao(&args);
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)));
    let of = |severity: &str| -> BTreeSet<String> {
        found.as_array().unwrap().iter().filter(|d| d["severity"] == severity).map(|d| d["message"].as_str().unwrap().to_string()).collect()
    };
    (out.status.code(), of("error"), of("warning"))
}

#[test]
fn check_and_build_find_the_same_with_one_severity() {
    let work = temp_dir("one-rule-set");
    // Without a summaries block: one warning for the list, not one error
    // per row, and the same from both.
    let dir = init(&work, "huyen-khong-tom-tat-2025");
    let facts = std::fs::read_to_string(dir.join("report.yaml")).unwrap();
    let cut = facts.find("# Số chỉ tiêu đạt và không đạt").expect("init's summaries block");
    std::fs::write(dir.join("report.yaml"), &facts[..cut]).unwrap();
    let (code, errors, warnings) = check_findings(&dir, &[]);
    assert_eq!((code, errors.len()), (Some(0), 0), "{errors:?}");
    let list: Vec<&String> = warnings.iter().filter(|w| w.contains("summaries.main")).collect();
    assert_eq!(list.len(), 1, "one warning for the list: {warnings:#?}");
    assert!(list[0].contains("4 chỉ tiêu thuộc danh sách «main»"), "{list:?}");
    let build = baocao(&["build", dir.to_str().unwrap(), "--out", work.join("out").to_str().unwrap(), "-f", "md"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert_eq!(build_warnings(&build), warnings, "build and check tell the same, as warnings");

    // A stated figure the figures contradict: a warning in both, an error
    // of both with --final.
    let district = copy_of(&root().join("tests/data/huyen-mau-2023"), "huyen-mau-2023");
    edit(&district.join("indicators.csv"), ";0,36;;", ";0,63;;");
    let (code, errors, warnings) = check_findings(&district, &[]);
    assert_eq!((code, errors.len()), (Some(0), 0), "{errors:?}");
    let slip = "chênh lệch nêu là 0,63 điểm nhưng theo số liệu là 0,36 điểm";
    assert!(warnings.iter().any(|w| w.contains(slip)), "{warnings:?}");
    let build = baocao(&["build", district.to_str().unwrap(), "--out", work.join("out2").to_str().unwrap(), "-f", "md"]);
    assert_eq!(build.status.code(), Some(0));
    assert_eq!(build_warnings(&build), warnings);
    let (code, errors, _) = check_findings(&district, &["--final"]);
    assert_eq!(code, Some(1));
    assert!(errors.iter().any(|e| e.contains(slip) && e.contains("--final")), "{errors:?}");
    let build = baocao(&["build", district.to_str().unwrap(), "--final", "--out", work.join("out3").to_str().unwrap()]);
    assert_eq!(build.status.code(), Some(1));
    assert!(stderr(&build).contains(slip));
}

#[test]
fn a_final_copy_refuses_every_placeholder_and_draft_mark_until_all_is_filled_in() {
    let work = temp_dir("final-copy");
    let dir = init(&work, "huyen-moi-2025");
    let report = dir.join("report.yaml");
    let out = work.join("out");

    // Untouched, it builds, each placeholder a warning at its place.
    let build = baocao(&["build", dir.to_str().unwrap(), "--out", out.to_str().unwrap(), "-f", "docx"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let text = stderr(&build);
    let at = |key: &str| {
        let line = std::fs::read_to_string(&report).unwrap().lines().position(|l| l.starts_with(&format!("{key}:"))).unwrap() + 1;
        format!("{}:{line}:", report.display())
    };
    assert!(text.contains("cảnh báo: `parent_body` còn chữ giữ chỗ «[TÊN HUYỆN]»") && text.contains(&at("parent_body")), "{text}");
    assert!(text.contains("cảnh báo: `place` còn chữ giữ chỗ «[Tên huyện]»") && text.contains(&at("place")), "{text}");

    // A final copy is refused, each placeholder and empty figure named at
    // its place, and nothing is written.
    let final_out = work.join("final");
    let refused = baocao(&["build", dir.to_str().unwrap(), "--final", "--out", final_out.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    let text = stderr(&refused);
    let errors: Vec<&str> = text.lines().filter(|l| l.starts_with("lỗi: ")).collect();
    assert_eq!(errors.iter().filter(|l| l.contains("chưa có số liệu «")).count(), 8, "the eight empty figures: {text}");
    assert_eq!(errors.iter().filter(|l| l.contains("còn chữ giữ chỗ")).count(), 2, "[TÊN HUYỆN], [Tên huyện]: {text}");
    assert!(errors.iter().filter(|l| l.contains("còn đoạn giữ chỗ")).count() >= 7, "the prose's bracketed paragraphs: {text}");
    assert!(errors.iter().all(|l| l.contains("--final")), "{text}");
    for place in [format!("{}:", dir.join("indicators.csv").display()), format!("{}:2:1", dir.join("content/mo-dau.md").display()), at("parent_body")] {
        assert!(text.contains(&place), "{place} in {text}");
    }
    assert!(!final_out.exists() || outputs_in(&final_out).is_empty(), "nothing written");

    // Filled in: the facts, the figures, the prose; then a draft mark.
    let facts = std::fs::read_to_string(&report).unwrap().replace("[TÊN HUYỆN]", "CẦU KÈ").replace("[Tên huyện]", "Cầu Kè");
    std::fs::write(&report, facts).unwrap();
    let table = "mã;nhóm;danh sách;tên chỉ tiêu;tên ngắn;đơn vị;hướng;so sánh;căn cứ;nghị quyết;thực hiện;năm trước;năm sau;tỷ lệ đã nêu;chênh lệch đã nêu;phụ lục;ghi chú
ket_nap_dang_vien;Đảng;;Kết nạp đảng viên mới;;đảng viên;;;Nghị quyết;400;430;;450;;;có;
tang_truong_grdp;kinh tế;main;Tốc độ tăng trưởng tổng sản phẩm (GRDP);Tăng trưởng GRDP;%;;điểm;Nghị quyết;7;7,36;;7,5;;;;
thu_ngan_sach;kinh tế;main;Tổng thu ngân sách nhà nước trên địa bàn;Thu ngân sách;tỷ đồng;;;dự toán;1.000;1.050;;1.100;;;;
ho_ngheo;xã hội;main;Tỷ lệ hộ nghèo;;%;dưới;;Nghị quyết;2;1,5;;1,2;;;;
che_phu_rung;môi trường;main;Tỷ lệ che phủ rừng;;%;;;Nghị quyết;10;10,2;;10,5;;0,2;;
";
    std::fs::write(dir.join("indicators.csv"), table).unwrap();
    let bracket = regex_lite::Regex::new(r"\[[^\]\n]*\]").unwrap();
    for name in ["mo-dau.md", "ket-qua.md", "nhiem-vu.md"] {
        let path = dir.join("content").join(name);
        let prose = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, bracket.replace_all(&prose, "Nội dung đã viết.").into_owned()).unwrap();
    }
    let tasks = dir.join("content/nhiem-vu.md");
    let written = std::fs::read_to_string(&tasks).unwrap();
    std::fs::write(&tasks, format!("{{# BẢN NHÁP: viết lại. #}}\n{written}")).unwrap();
    let refused = baocao(&["build", dir.to_str().unwrap(), "--final", "--out", final_out.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    let errors: Vec<String> = stderr(&refused).lines().filter(|l| l.starts_with("lỗi: ")).map(str::to_string).collect();
    assert_eq!(errors.len(), 1, "only the draft mark is left: {errors:?}");
    assert!(errors[0].contains("bản nháp") && stderr(&refused).contains("content/nhiem-vu.md:1:1"), "{errors:?}");
    std::fs::write(&tasks, written).unwrap();
    let accepted = baocao(&["build", dir.to_str().unwrap(), "--final", "--out", final_out.to_str().unwrap(), "-f", "docx"]);
    assert!(accepted.status.success(), "{}", stderr(&accepted));
    assert!(!stderr(&accepted).contains("cảnh báo"), "{}", stderr(&accepted));
    let text = docx_paragraphs(&final_out.join("huyen-moi-2025.docx")).join("\n");
    assert!(!text.contains('[') && text.contains("ĐẢNG BỘ HUYỆN CẦU KÈ") && text.contains("đạt 7,36%"), "{text}");
}

#[test]
fn a_points_row_has_no_ratio_and_its_difference_drops_the_sign() {
    let dir = sample_copy("values-of-a-row");
    let prose = dir.join("content/mo-dau.md");
    let text = std::fs::read_to_string(&prose).unwrap();
    std::fs::write(&prose, format!("{text}\nTăng trưởng: {{{{ ind.tang_truong_grdp.ratio }}}}.\n")).unwrap();
    let out = temp_dir("values-of-a-row-out");
    let build = baocao(&["build", dir.to_str().unwrap(), "--out", out.to_str().unwrap(), "-f", "md"]);
    assert_eq!(build.status.code(), Some(1));
    let message = stderr(&build);
    assert!(!message.contains("chưa có số liệu"), "{message}");
    assert!(message.contains("«tang_truong_grdp» so sánh theo điểm") && message.contains("không có tỷ lệ"), "{message}");
    assert!(message.contains("ind.tang_truong_grdp.difference (7,68)") && message.contains("ind.tang_truong_grdp.against (−7,68)"), "{message}");
    assert!(message.contains(&format!("{}:", prose.display())), "at its line: {message}");
    // What each value gives, as the README's table says.
    let line = "Giá trị: {{ ind.tang_truong_grdp.difference }} | {{ ind.tang_truong_grdp.against }} | {{ ind.viec_lam_moi.ratio }} | {{ ind.viec_lam_moi.difference }} | {{ ind.viec_lam_moi.against }} | {{ ind.viec_lam_moi.status }}.";
    std::fs::write(&prose, format!("{text}\n{line}\n")).unwrap();
    let build = baocao(&["build", dir.to_str().unwrap(), "--out", out.to_str().unwrap(), "-f", "docx"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let text = docx_paragraphs(&out.join("values-of-a-row.docx")).join("\n");
    assert!(text.contains("Giá trị: 7,68 | −7,68 | 70 | 30 | 70% | Không đạt."), "{text}");
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let row = |name: &str| readme.lines().find(|l| l.starts_with(&format!("| `{name}`"))).unwrap_or_else(|| panic!("README's table of values has {name}")).to_string();
    assert!(row(".difference").contains("without its sign") && row(".difference").contains("| 30 | 7,68 |"), "{}", row(".difference"));
    assert!(row(".against").contains("with its sign") && row(".against").contains("| 70% | −7,68 |"), "{}", row(".against"));
    assert!(row(".ratio").contains("| 70 |") && row(".ratio").contains("`.difference` and `.against`"), "{}", row(".ratio"));
}

#[test]
fn a_partial_style_file_names_every_missing_key_at_its_parent() {
    let dir = sample_copy("partial-style");
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    let style = dir.join("templates/style.yaml");
    std::fs::write(&style, "font:\n  pdf: Liberation Serif\nparagraph:\n  space_after: 6\nheadings:\n  - label: \"A.\"\n  - bold: true\nbullets: [\"-\"]\n").unwrap();
    let check = baocao(&["check", dir.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1));
    let text = stderr(&check);
    let shown = style.display().to_string();
    for (message, place) in [
        ("`font` thiếu khóa bắt buộc `docx`", format!("{shown}:1:1")),
        ("`paragraph` thiếu khóa bắt buộc `line_spacing`", format!("{shown}:3:1")),
        ("`headings[1]` thiếu khóa bắt buộc `label`", format!("{shown}:7:5")),
        ("`font` thiếu khóa bắt buộc `line_box`", format!("{shown}:1:1")),
        ("`font` thiếu khóa bắt buộc `word_line`", format!("{shown}:1:1")),
        ("thiếu khóa bắt buộc `numbered`", shown.clone()),
        ("thiếu khóa bắt buộc `heading_spacing`", shown.clone()),
        ("thiếu khóa bắt buộc `cover`", shown.clone()),
        ("thiếu khóa bắt buộc `header`", shown.clone()),
        ("thiếu khóa bắt buộc `contents`", shown.clone()),
        ("thiếu khóa bắt buộc `draft`", shown.clone()),
        ("thiếu khóa bắt buộc `table`", shown.clone()),
    ] {
        let at = text.find(message).unwrap_or_else(|| panic!("{message} in {text}"));
        assert!(text[at..].lines().nth(1).unwrap().contains(&place), "{message} at {place}: {text}");
    }
    assert_eq!(text.matches("baocao templates export").count(), 12, "each with the way to the full file: {text}");
    assert!(!text.contains(&format!("{shown}:8:")), "not at the file's last line: {text}");
    // With the keys given, it builds.
    std::fs::write(&style, String::from_utf8(std::fs::read(root().join("templates/style.yaml")).unwrap()).unwrap()).unwrap();
    assert_eq!(baocao(&["check", dir.to_str().unwrap()]).status.code(), Some(0));
}

#[test]
fn the_help_is_in_vietnamese_by_default_and_english_on_request() {
    let commands = help_verbs("Lệnh:", &["--help"]);
    assert_eq!(commands, help_verbs("Commands:", &["--lang", "en", "--help"]), "the same commands in both");
    for verb in ["init", "build", "check", "import", "export-table", "new-year", "templates", "fix-encoding", "watch", "edit", "bench"] {
        assert!(commands.iter().any(|c| c == verb), "{verb} in {commands:?}");
    }
    let english = ["Usage:", "Options:", "Arguments:", "Commands:", "Possible values", "[default:", "[possible values", "Print help", "Print version", "[OPTIONS]"];
    let mut helps = vec![vec!["--help".to_string()], vec!["-h".into()], vec!["templates".into(), "export".into(), "--help".into()]];
    helps.extend(commands.iter().flat_map(|c| [vec![c.clone(), "--help".into()], vec![c.clone(), "-h".into()]]));
    for args in &helps {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let vi = baocao(&args);
        assert!(vi.status.success(), "{args:?}");
        let text = stdout(&vi);
        assert!(text.contains("Cách dùng:"), "{args:?}: {text}");
        for word in english {
            assert!(!text.contains(word), "{args:?} shows «{word}»: {text}");
        }
        // Every option's text is Vietnamese (in the short form, on the
        // option's line).
        if args.last() == Some(&"-h") {
            for line in text.lines().filter(|l| l.trim_start().starts_with('-')) {
                assert!(!line.is_ascii(), "{args:?}: an option without Vietnamese text: {line}");
            }
        }
        let mut en = vec!["--lang", "en"];
        en.extend_from_slice(&args);
        let text = stdout(&baocao(&en));
        assert!(text.contains("Usage:") && text.contains("Options:") && !text.contains("Cách dùng") && !text.contains("Tùy chọn"), "{en:?}: {text}");
    }
    let build = stdout(&baocao(&["build", "--help"]));
    assert!(build.contains("Các giá trị:\n") && build.contains("- docx: tệp DOCX để sửa") && build.contains("[mặc định: all]"), "{build}");
    // import describes both kinds.
    let import = stdout(&baocao(&["import", "--help"]));
    assert!(import.contains("1. Tài liệu do baocao làm ra, đã được góp ý") && import.contains("2. Tài liệu Word làm tay"), "{import}");
    assert!(import.contains("với data/moi chưa có, tạo thư mục báo cáo mới"), "{import}");
    assert_eq!(stdout(&baocao(&["help", "import"])), import, "baocao help import");

    // A misspelt verb: the nearest one, and every verb.
    for lang in ["vi", "en"] {
        let wrong = baocao(&["--lang", lang, "biuld", "data/tra-vinh-2020"]);
        assert_eq!(wrong.status.code(), Some(2));
        let text = stderr(&wrong);
        let near = if lang == "vi" { "có phải ý bạn là `build`?" } else { "did you mean `build`?" };
        assert!(text.contains(near), "{text}");
        for verb in &commands {
            assert!(text.contains(verb.as_str()), "{verb} listed: {text}");
        }
    }
}

#[test]
fn init_explains_every_key_and_column_and_the_sample_speaks_vietnamese() {
    let work = temp_dir("init-first-hour");
    let dir = init(&work, "huyen-moi-2025");
    let facts = std::fs::read_to_string(dir.join("report.yaml")).unwrap();
    // The comments say what met is and what the short title's default is.
    assert!(facts.contains("# met: 3") && facts.contains("các chỉ tiêu đạt và vượt"), "{facts}");
    assert!(facts.contains("Xóa dòng này thì baocao tự ghi\n# «Kết quả năm 2025, nhiệm vụ năm 2026»"), "{facts}");
    assert!(!facts.contains("mặc định là tên tài liệu"));
    // The default the comment names is the one a build gives.
    let without: String = facts.lines().filter(|l| !l.starts_with("short_title:")).map(|l| format!("{l}\n")).collect();
    std::fs::write(dir.join("report.yaml"), without).unwrap();
    let out = work.join("out");
    assert!(baocao(&["build", dir.to_str().unwrap(), "--out", out.to_str().unwrap(), "-f", "docx"]).status.success());
    assert!(docx_part(&out.join("huyen-moi-2025.docx"), "word/header1.xml").contains("Kết quả năm 2025, nhiệm vụ năm 2026"));

    // The table has every column the README documents, and the three that
    // reports add an example each.
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let table = &readme[readme.find("| column | meaning |").unwrap()..];
    let names: Vec<String> = table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .flat_map(|l| {
            let cell = l.split('|').nth(1).unwrap();
            let vietnamese = cell.split_once(" / ").map_or("", |(_, v)| v);
            vietnamese.split(',').map(|n| n.trim().trim_matches('`').to_string()).collect::<Vec<_>>()
        })
        .collect();
    assert!(names.len() >= 17, "{names:?}");
    let csv = std::fs::read_to_string(dir.join("indicators.csv")).unwrap();
    let rows: Vec<Vec<&str>> = csv.trim_start_matches('\u{feff}').lines().map(|l| l.split(';').collect()).collect();
    for name in &names {
        let column = rows[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("init's table lacks «{name}»: {:?}", rows[0]));
        if ["so sánh", "chênh lệch đã nêu", "phụ lục"].contains(&name.as_str()) {
            assert!(rows[1..].iter().any(|r| !r[column].is_empty()), "an example of «{name}»");
        }
    }
    assert!(rows.iter().all(|r| r.len() == rows[0].len()), "every row has every cell");

    // The sample's comments are Vietnamese: the editor shows them as hints.
    let sample_facts = std::fs::read_to_string(sample().join("report.yaml")).unwrap();
    let english = regex_lite::Regex::new(r"\b(the|and|of|is|are|from|with|which|this|into|each|where)\b").unwrap();
    for comment in sample_facts.lines().filter_map(|l| l.split_once('#').map(|(_, c)| c)) {
        assert!(!english.is_match(comment), "an English comment in the sample: {comment}");
    }
    // Comments print nothing: without them, the same bytes.
    let plain = copy_of(&sample(), "tra-vinh-2020");
    let uncommented: String = sample_facts
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| format!("{}\n", l.split_once(" #").map_or(l, |(value, _)| value).trim_end()))
        .collect();
    std::fs::write(plain.join("report.yaml"), uncommented).unwrap();
    let (a, b) = (work.join("with"), work.join("without"));
    assert!(baocao(&["build", sample().to_str().unwrap(), "--out", a.to_str().unwrap()]).status.success());
    assert!(baocao(&["build", plain.to_str().unwrap(), "--out", b.to_str().unwrap()]).status.success());
    for file in ["tra-vinh-2020.pdf", "tra-vinh-2020.docx"] {
        assert!(std::fs::read(a.join(file)).unwrap() == std::fs::read(b.join(file)).unwrap(), "{file} changed with the comments");
    }
}
