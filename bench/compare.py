#!/usr/bin/env python3
"""Times baocao against the usual routes to the same two files, on this
machine, in one run, and prints the medians and the ratios.

    python3 bench/compare.py [--runs 5] [DATA]

Routes, each from process start to files written, median of --runs:
  baocao        baocao build DATA (PDF and DOCX)
  pandoc        pandoc MD -> DOCX, and pandoc MD -> Typst source + typst
                compile (pandoc from PyPI's pypandoc_binary; typst from PyPI's
                typst package) - the content is the booklet Markdown that
                baocao's templates make (baocao build --format md)
  libreoffice   soffice --convert-to pdf of baocao's DOCX (Debian's
                libreoffice-writer-nogui)

Missing tools are installed with pip where they can be; a route whose tool
is missing is reported as such. Needs a release build (cargo build --release).
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


def median_time(command, runs, cwd=None):
    """The median wall time of `command` (a list, or a list of lists run in
    sequence), in seconds."""
    commands = command if isinstance(command[0], list) else [command]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        for c in commands:
            subprocess.run(c, check=True, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


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
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not BAOCAO.exists():
        sys.exit("build first: cargo build --release")
    data = Path(args.data).resolve()
    name = data.name
    work = Path(tempfile.mkdtemp(prefix="baocao-compare-"))
    results = {}

    out = work / "baocao"
    results["baocao (PDF + DOCX)"] = median_time([str(BAOCAO), "build", str(data), "--out", str(out)], args.runs, cwd=ROOT)
    subprocess.run([str(BAOCAO), "build", str(data), "--out", str(work), "--format", "md"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    markdown = work / f"{name}.md"

    pypandoc = pip_tool("pypandoc", "pypandoc_binary")
    typst = pip_tool("typst", "typst")
    if pypandoc:
        pandoc = pypandoc.get_pandoc_path()
        docx = [pandoc, str(markdown), "-o", str(work / "pandoc.docx")]
        to_typst = [pandoc, str(markdown), "-t", "typst", "-s", "-o", str(work / "pandoc.typ")]
        results["pandoc MD -> DOCX"] = median_time(docx, args.runs)
        results["pandoc MD -> Typst source"] = median_time(to_typst, args.runs)
        if typst:
            subprocess.run(to_typst, check=True)
            compile_typst = [sys.executable, "-c", f"import typst; typst.compile({str(work / 'pandoc.typ')!r}, output={str(work / 'pandoc.pdf')!r})"]
            results["typst compile (PyPI typst, incl. Python start)"] = median_time(compile_typst, args.runs)
            results["pandoc route (both files)"] = median_time([docx, to_typst, compile_typst], args.runs)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        profile = work / "lo-profile"
        convert = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(work / "lo"), str(out / f"{name}.docx")]
        subprocess.run(convert, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # first start makes the profile
        results["LibreOffice DOCX -> PDF"] = median_time(convert, args.runs)

    base = results["baocao (PDF + DOCX)"]
    print(f"{data} on {os.cpu_count()} cores, median of {args.runs} runs")
    for label, seconds in results.items():
        print(f"  {label:<48} {seconds:7.3f} s   {seconds / base:5.2f} x baocao")
    for label in ["pandoc route (both files)", "pandoc MD -> DOCX", "LibreOffice DOCX -> PDF"]:
        if label not in results:
            print(f"  ({label}: tool not available)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
