#!/usr/bin/env python3
"""Times baocao against the usual routes to the same two files, on this
machine, in one run, side by side, and prints the medians and the ratios.

    python3 bench/compare.py [--runs 9] [--no-libreoffice] [DATA]

Routes, each from process start to files written, median of --runs; the
routes take turns run by run, so that a busy minute slows them alike:
  baocao        baocao build DATA (PDF and DOCX, contents and numbered
                headings)
  pandoc        the same features the pandoc way: pandoc MD -> DOCX --toc -N,
                pandoc MD -> Typst source -s --toc -N, and a Typst compile
                to PDF (pandoc from PyPI's pypandoc_binary; Typst from PyPI's
                typst package, whose compile is timed twice: as a process,
                Python's start included, and without Python's start and the
                import (the same process importing typst alone, taken off), as
                a typst binary would run: the ratio that counts uses the
                second, the one least kind to baocao). The
                content is the booklet Markdown baocao's templates make
                (baocao build --format md).
  libreoffice   soffice --convert-to pdf of baocao's DOCX (Debian's
                libreoffice-writer-nogui)

Missing tools are installed with pip where they can be; a route whose tool
is missing is reported as such. Needs a release build (cargo build --release).
The goal: baocao at least 5 times faster than the pandoc route.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BAOCAO = ROOT / "target" / "release" / "baocao"
GOAL = 5.0


def run_time(commands, cwd=None):
    """The wall time of `commands` (lists) run in sequence, in seconds."""
    started = time.perf_counter()
    for c in commands:
        subprocess.run(c, check=True, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def pip_tool(module, package):
    try:
        return __import__(module)
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", package], check=False)
        try:
            return __import__(module)
        except ImportError:
            return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", default=str(ROOT / "data" / "tra-vinh-2020"))
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--no-libreoffice", action="store_true", help="leave LibreOffice out (it takes a second a run)")
    args = parser.parse_args()
    if not BAOCAO.exists():
        sys.exit("build first: cargo build --release")
    data = Path(args.data).resolve()
    name = data.name
    work = Path(tempfile.mkdtemp(prefix="baocao-compare-"))
    out = work / "baocao"
    baocao = [str(BAOCAO), "build", str(data), "--out", str(out)]
    subprocess.run(baocao, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run([str(BAOCAO), "build", str(data), "--out", str(work), "--format", "md"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    markdown = work / f"{name}.md"

    pypandoc = pip_tool("pypandoc", "pypandoc_binary")
    typst = pip_tool("typst", "typst")
    route = None
    if pypandoc and typst:
        pandoc = pypandoc.get_pandoc_path()
        docx = [pandoc, str(markdown), "--toc", "-N", "-o", str(work / "pandoc.docx")]
        to_typst = [pandoc, str(markdown), "-t", "typst", "-s", "--toc", "-N", "-o", str(work / "pandoc.typ")]
        compile_typst = [sys.executable, "-c", f"import typst; typst.compile({str(work / 'pandoc.typ')!r}, output={str(work / 'pandoc.pdf')!r})"]
        route = [docx, to_typst, compile_typst, [sys.executable, "-c", "import typst"]]
        for step in route:
            subprocess.run(step, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    times = {"baocao": [], "route": [], "docx": [], "typst source": [], "typst process": [], "python": []}
    for _ in range(args.runs):
        times["baocao"].append(run_time([baocao], cwd=ROOT))
        if route:
            times["route"].append(run_time(route[:3]))
            times["docx"].append(run_time([route[0]]))
            times["typst source"].append(run_time([route[1]]))
            times["typst process"].append(run_time([route[2]]))
            times["python"].append(run_time([route[3]]))
    medians = {k: statistics.median(v) for k, v in times.items() if v}
    base = medians["baocao"]
    print(f"{data} on {os.cpu_count()} cores, median of {args.runs} runs, routes taking turns")
    print(f"  {'baocao build (PDF + DOCX)':<56} {base:7.3f} s")
    if route:
        typst_inside = medians["typst process"] - medians["python"]
        lean = medians["docx"] + medians["typst source"] + typst_inside
        print(f"  {'pandoc MD -> DOCX --toc -N':<56} {medians['docx']:7.3f} s")
        print(f"  {'pandoc MD -> Typst -s --toc -N':<56} {medians['typst source']:7.3f} s")
        print(f"  {'typst compile (PyPI typst, Python start included)':<56} {medians['typst process']:7.3f} s")
        print(f"  {'typst compile (without Python start and import)':<56} {typst_inside:7.3f} s")
        print(f"  {'pandoc route, as processes (run in turn)':<56} {medians['route']:7.3f} s   {medians['route'] / base:5.2f} x baocao")
        print(f"  {'pandoc route, its Typst compile without Python start':<56} {lean:7.3f} s   {lean / base:5.2f} x baocao")
        verdict = "met" if lean / base >= GOAL else "NOT met"
        print(f"  goal: baocao >= {GOAL:.0f} x faster than the pandoc route: {verdict} ({lean / base:.2f} x)")
    else:
        print("  (pandoc route: pandoc or typst not available)")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice and not args.no_libreoffice:
        profile = work / "lo-profile"
        convert = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(work / "lo"), str(out / f"{name}.docx")]
        subprocess.run(convert, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # first start makes the profile
        lo = statistics.median(run_time([convert]) for _ in range(args.runs))
        print(f"  {'LibreOffice DOCX -> PDF':<56} {lo:7.3f} s   {lo / base:5.2f} x baocao")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
