//! `baocao init`: a new report folder that builds at once, for a province,
//! a district or a commune: `report.yaml` with every key present or
//! commented and explained in Vietnamese, an indicator table with its
//! header row and a few example rows per group, and the booklet's usual
//! parts as prose files with one placeholder paragraph each. Its empty
//! figures print `[chưa có số liệu]` with a warning, as new-year's do.
//! `--sample` writes the bundled Trà Vinh sample instead.

use std::path::{Path, PathBuf};

use crate::assets;
use crate::error::Result;
use crate::t;

/// The level of the body that issues the booklet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    /// A province (tỉnh, thành phố trực thuộc trung ương).
    #[default]
    Province,
    /// A district (huyện, thị xã, thành phố thuộc tỉnh).
    District,
    /// A commune (xã, phường, thị trấn).
    Commune,
}

impl Level {
    /// The header pair of the cover: the parent body and the issuing body.
    fn bodies(self) -> (&'static str, &'static str) {
        match self {
            Level::Province => ("ĐẢNG BỘ TỈNH [TÊN TỈNH]", "BAN TUYÊN GIÁO TỈNH ỦY"),
            Level::District => ("ĐẢNG BỘ HUYỆN [TÊN HUYỆN]", "BAN TUYÊN GIÁO HUYỆN ỦY"),
            Level::Commune => ("ĐẢNG BỘ HUYỆN [TÊN HUYỆN]", "ĐẢNG ỦY XÃ [TÊN XÃ]"),
        }
    }

    /// What the place is called.
    fn place(self) -> &'static str {
        match self {
            Level::Province => "[Tên tỉnh]",
            Level::District => "[Tên huyện]",
            Level::Commune => "[Tên xã]",
        }
    }
}

/// Writes a new report folder `dir` for `level` reporting on `year`, all
/// or none. The folder must be empty or missing. Returns the files
/// written.
pub fn init(dir: &Path, level: Level, year: i32) -> Result<Vec<PathBuf>> {
    let facts = facts(level, year);
    let files: Vec<(&str, &[u8])> = vec![
        ("report.yaml", facts.as_bytes()),
        ("indicators.csv", INDICATORS.as_bytes()),
        ("content/mo-dau.md", OPENING.as_bytes()),
        ("content/ket-qua.md", RESULTS.as_bytes()),
        ("content/nhiem-vu.md", TASKS.as_bytes()),
    ];
    write_new(&files, dir)
}

/// Writes the bundled sample report (the Trà Vinh booklet) into `dir`,
/// which must be empty or missing.
pub fn sample(dir: &Path) -> Result<Vec<PathBuf>> {
    write_new(assets::sample_report(), dir)
}

/// Writes `files` into `dir`, which must be missing, or readable and
/// empty: all or none, replacing nothing.
fn write_new(files: &[(&str, &[u8])], dir: &Path) -> Result<Vec<PathBuf>> {
    crate::output::write_new(files, dir, || {
        (
            t!("thư mục đã có nội dung: baocao không ghi đè dữ liệu có sẵn", "the folder is not empty: baocao does not overwrite existing data"),
            t!("chọn một thư mục mới, ví dụ data/huyen-moi-2025", "choose a new folder, e.g. data/new-district-2025"),
        )
    })
}

fn facts(level: Level, year: i32) -> String {
    let (parent, issuing) = level.bodies();
    let place = level.place();
    let plan = year + 1;
    let short_title = crate::style::default_house_style().header.default_title(year, plan);
    format!(
        r#"# Thông tin chung của tài liệu (report.yaml).
# Mỗi dòng là «khóa: giá trị». Khóa có ghi (BẮT BUỘC) phải có; các khóa khác
# có thể xóa hoặc để nguyên. Dòng bắt đầu bằng # là chú thích, không in ra.
# Sửa xong, kiểm tra bằng: baocao check THƯ_MỤC; làm tài liệu: baocao build THƯ_MỤC

# Khối tiêu đề ở góc trên bên trái bìa.
parent_body: {parent}        # (BẮT BUỘC) cấp ủy cấp trên
issuing_body: {issuing}      # (BẮT BUỘC) cơ quan ban hành, in đậm, có dấu * bên dưới
# party: ĐẢNG CỘNG SẢN VIỆT NAM   # góc trên bên phải; mặc định như vậy

# (BẮT BUỘC) Tên tài liệu, in lớn giữa bìa.
title: TÀI LIỆU TUYÊN TRUYỀN KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM {year}, CÁC CHỈ TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU NĂM {plan}
audience: (Dùng cho cán bộ chủ chốt và báo cáo viên)   # dòng in nghiêng dưới tên; có thể xóa
# Tên ngắn in ở dòng đầu mỗi trang, từ trang 2. Xóa dòng này thì baocao tự ghi
# «{short_title}» theo hai năm dưới đây (mẫu header.default_title
# của templates/style.yaml; cắt còn một dòng).
short_title: {short_title}
# logo: huy-hieu.png        # ảnh trên bìa (PNG, JPEG hoặc SVG trong thư mục này); có thể xóa

place: "{place}"             # (BẮT BUỘC) địa danh ở chân bìa: «{place}, tháng 01 năm {plan}»
date: {plan}-01-15           # (BẮT BUỘC) ngày ban hành, dạng NĂM-THÁNG-NGÀY
year: {year}                 # (BẮT BUỘC) năm báo cáo
plan_year: {plan}            # (BẮT BUỘC) năm kế hoạch

# (BẮT BUỘC) Các tệp nội dung trong thư mục content/, theo thứ tự in.
content:
  - mo-dau.md
  - ket-qua.md
  - nhiem-vu.md

# Bảng chỉ tiêu: indicators.csv, hoặc sổ tính Excel indicators.xlsx (tạo bằng:
# baocao export-table THƯ_MỤC indicators.xlsx). Trang của sổ tính chứa bảng;
# mặc định là trang đầu.
# indicators_sheet: Chỉ tiêu

# Khổ giấy và cách viết số; có thể xóa cả mục này.
settings:
  paper: a4                  # a4 (mặc định), a5 hoặc 145x205
  duplex: false              # true: in hai mặt, lề trong lề ngoài đổi bên
  zero_pad_counts: true      # true: «06 nhiệm vụ»; false: «6 nhiệm vụ»
  ratio_decimals: 1          # số chữ số thập phân của tỷ lệ: «đạt 70%», «đạt 105,3%»

# Số chỉ tiêu đạt và không đạt mà tài liệu nêu, theo cột «danh sách» của bảng
# chỉ tiêu («main» ở đây là danh sách chỉ tiêu chủ yếu). Khi bảng có đủ mọi chỉ
# tiêu của danh sách, baocao tự đếm, và kiểm tra số đã nêu với số liệu.
# Nêu unmet, met hoặc cả hai; mỗi mục ghi số (unmet: 6) hoặc tên các chỉ tiêu.
summaries:
  main:
    title: chỉ tiêu chủ yếu  # tên của danh sách
    total: 4                 # tổng số chỉ tiêu của danh sách
    unmet: ~                 # các chỉ tiêu không đạt: số, hoặc tên khi đã biết, ví dụ:
    #  - Tăng trưởng GRDP
    # met: 3                 # các chỉ tiêu đạt và vượt: số («03/4 chỉ tiêu đạt và vượt») hoặc tên
"#
    )
}

/// The indicator table: its header row and a few examples per group, the
/// year's figures still empty.
const INDICATORS: &str = "\u{feff}mã;nhóm;danh sách;tên chỉ tiêu;tên ngắn;đơn vị;hướng;so sánh;căn cứ;nghị quyết;thực hiện;năm trước;năm sau;tỷ lệ đã nêu;chênh lệch đã nêu;phụ lục;ghi chú\r
ket_nap_dang_vien;Đảng;;Kết nạp đảng viên mới;;đảng viên;;;Nghị quyết;;;;;;;có;Ví dụ: thay bằng chỉ tiêu của địa phương. Phụ lục «có»: in trong bảng phụ lục cả khi chưa so được với chỉ tiêu\r
tang_truong_grdp;kinh tế;main;Tốc độ tăng trưởng tổng sản phẩm (GRDP);Tăng trưởng GRDP;%;;điểm;Nghị quyết;;;;;;;;So sánh «điểm»: chênh lệch tính bằng điểm % (mặc định của đơn vị %), «tỷ lệ»: thực hiện chia chỉ tiêu\r
thu_ngan_sach;kinh tế;main;Tổng thu ngân sách nhà nước trên địa bàn;Thu ngân sách;tỷ đồng;;;dự toán;;;;;;;;Tỷ lệ đã nêu: tỷ lệ báo cáo nêu khi không có số liệu («đạt 105,3% dự toán» ghi 105,3)\r
ho_ngheo;xã hội;main;Tỷ lệ hộ nghèo;;%;dưới;;Nghị quyết;;;;;;;;\r
che_phu_rung;môi trường;main;Tỷ lệ che phủ rừng;;%;;;Nghị quyết;;;;;;0,2;;Ví dụ: chênh lệch báo cáo đã nêu («vượt 0,2%», thấp hơn thì ghi -0,2), baocao kiểm tra với số liệu khi điền đủ\r
";

const OPENING: &str = "{# Phần mở đầu. Viết thay đoạn dưới đây; xóa dòng chú thích này khi viết xong. #}
[Phần mở đầu: bối cảnh năm {{ report.year }} của địa phương, những thuận lợi và khó khăn chính.]
";

const RESULTS: &str = "{# Phần A. Mỗi «#» là một phần, «##» một mục, «###» một tiểu mục; nhãn (A., I-, 1.) do mẫu tự đánh. #}
# KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM {{ report.year }}

## KẾT QUẢ ĐẠT ĐƯỢC

### Lĩnh vực kinh tế

[Kết quả về kinh tế.] Tốc độ tăng trưởng kinh tế (GRDP) đạt {{ ind.tang_truong_grdp.achieved }}% ({{ ind.tang_truong_grdp | achievement }}); tổng thu ngân sách nhà nước trên địa bàn đạt {{ ind.thu_ngan_sach.achieved }} tỷ đồng ({{ ind.thu_ngan_sach | achievement }}).

### Lĩnh vực văn hóa - xã hội

[Kết quả về văn hóa - xã hội.] Tỷ lệ hộ nghèo còn {{ ind.ho_ngheo.achieved }}%; tỷ lệ che phủ rừng đạt {{ ind.che_phu_rung.achieved }}%.

### Quốc phòng, an ninh

[Kết quả về quốc phòng, an ninh.]

### Công tác xây dựng Đảng và hệ thống chính trị

[Kết quả về xây dựng Đảng.] Kết nạp {{ ind.ket_nap_dang_vien.achieved }} đảng viên mới.

## HẠN CHẾ, YẾU KÉM

[Những hạn chế, yếu kém và nguyên nhân.]
";

const TASKS: &str = "{# Phần B: chỉ tiêu, nhiệm vụ và giải pháp của năm kế hoạch. #}
# CÁC CHỈ TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU NĂM {{ report.plan_year }}

## CÁC CHỈ TIÊU CHỦ YẾU

- Tốc độ tăng trưởng kinh tế (GRDP) đạt {{ ind.tang_truong_grdp.next_target }}%.
- Tổng thu ngân sách nhà nước trên địa bàn đạt {{ ind.thu_ngan_sach.next_target }} tỷ đồng.

## NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU

[Các nhiệm vụ, giải pháp chủ yếu của năm {{ report.plan_year }}.]
";
