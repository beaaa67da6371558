#!/usr/bin/env python3
"""Fails when a file in the tree cites something the clone does not have.

Checked in every text file of the repository (tracked files; every file when not in a git
checkout):
  - notes outside the repository: any `../shared`, `/work/shared` or `shared/<name>.md`;
  - every `<name>.md` or `<dir>/<name>.md`: it must exist relative to the citing file, or to the
    repository root, or (a bare name) be the name of some file in the tree;
  - every repository path with a file extension or a trailing slash that starts at a top-level
    folder (`core/rest/client.h`, `docs/design/`): it must exist from the root (or relative to
    the citing file); `#include` lines are the compiler's business and are skipped;
  - every relative Markdown link target in a `.md` file, relative to that file;
  - every cited section: `<file>.md "Title"` needs a heading of that file containing the title,
    `<file>.md §4.1` (or `section 4`) a heading numbered `4.1.`, and `<file>.md trap 9` an item 9
    in that file's "Traps" section.
Placeholders and globs (`<name>`, `{id}`, `*`, `$`) are not paths and are skipped.

Usage: check-references.py [ROOT]    (default: the repository holding this script)
       check-references.py --self-test
"""
import os
import re
import subprocess
import sys
import tempfile

TOP_DIRS = ("bench", "cmake", "core", "docs", "emulator", "examples", "fuzz", "plugin", "schemas",
            "scripts", "templates", "tests", "tools")
SKIP_DIRS = {".git", "dist"}
SKIP_PREFIXES = ("build", "fuzz/corpus/")
NOT_A_PATH_AFTER = set("*{<$")

SHARED = re.compile(r"(\.\./)+shared\b|/work/shared\b|(?<![A-Za-z0-9_.-])shared/[A-Za-z0-9_-]+\.md")
MD_CITATION = re.compile(r"(?<![A-Za-z0-9_./:${}-])((?:\.\.?/)*(?:[A-Za-z0-9_.-]+/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*\.md)(?![A-Za-z0-9_])")
REPO_PATH = re.compile(r"(?<![A-Za-z0-9_./:${}-])((?:\.\./)*(?:" + "|".join(TOP_DIRS) + r")/[A-Za-z0-9_./-]*)")
MD_PATH = r"(?<![A-Za-z0-9_./:${}-])((?:\.\.?/)*(?:[A-Za-z0-9_.-]+/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*\.md)"
TITLE_CITATION = re.compile(MD_PATH + r"[,:]? +\"([^\"]+)\"")
NUMBER_CITATION = re.compile(MD_PATH + r"[,:]? +((?:(?:§|sections? )\d+(?:\.\d+)*(?:,? (?:and )?)?)+)")
TRAP_CITATION = re.compile(MD_PATH + r"[,:]? +(?:§\S+ )*(?:and )?traps? (\d+(?:(?:,| and) \d+)*)")
MD_LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)\s]*)?(?:\s+\"[^\"]*\")?\)")


def list_files(root):
    try:
        out = subprocess.run(["git", "-C", root, "ls-files", "-z"], capture_output=True, check=True)
        files = [f for f in out.stdout.decode().split("\0") if f]
        if files:
            return [f for f in files if os.path.isfile(os.path.join(root, f))]
    except (OSError, subprocess.CalledProcessError):
        pass
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        dirnames[:] = [d for d in dirnames
                       if d not in SKIP_DIRS and not (rel_dir == "." and d.startswith("build"))]
        files += [os.path.normpath(os.path.join(rel_dir, f)) for f in filenames]
    return files


def exists(root, citing_file, path):
    here = os.path.dirname(os.path.join(root, citing_file))
    return any(os.path.exists(os.path.normpath(os.path.join(base, path))) for base in (here, root))


def outline(path):
    """The headings of a Markdown file and the item numbers of its "Traps" section."""
    headings, traps, in_traps = [], set(), False
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            heading = re.match(r"#+\s+(.*)", line)
            if heading:
                headings.append(heading.group(1).strip())
                in_traps = "traps" in heading.group(1).lower()
            elif in_traps and re.match(r"\d+\. ", line):
                traps.add(int(line.split(".")[0]))
    return headings, traps


def section_problems(root, rel, line, outlines):
    """Cited sections of Markdown files that the cited file does not have."""
    found = []

    def cited(path):
        for base in (os.path.dirname(os.path.join(root, rel)), root):
            full = os.path.normpath(os.path.join(base, path))
            if os.path.isfile(full):
                if full not in outlines:
                    outlines[full] = outline(full)
                return outlines[full]
        return None

    for match in TITLE_CITATION.finditer(line):
        known = cited(match.group(1))
        title = match.group(2).lower()
        if known and not any(title in heading.lower() for heading in known[0]):
            found.append(f"no section \"{match.group(2)}\" in {match.group(1)}")
    for match in NUMBER_CITATION.finditer(line):
        known = cited(match.group(1))
        for number in re.findall(r"\d+(?:\.\d+)*", match.group(2)):
            if known and not any(re.match(re.escape(number) + r"\.?\s", heading) for heading in known[0]):
                found.append(f"no section {number} in {match.group(1)}")
    for match in TRAP_CITATION.finditer(line):
        known = cited(match.group(1))
        for number in re.findall(r"\d+", match.group(2)):
            if known and int(number) not in known[1]:
                found.append(f"no trap {number} in {match.group(1)}")
    return found


def check(root):
    # This file's self-test fixtures are broken references on purpose.
    here = os.path.dirname(os.path.realpath(__file__))
    itself = os.path.relpath(os.path.realpath(__file__), os.path.join(here, "..", ".."))
    files = [f for f in list_files(root) if not f.startswith(SKIP_PREFIXES) and os.path.normpath(f) != itself]
    basenames = {os.path.basename(f) for f in files}
    problems = {}
    outlines = {}
    for rel in sorted(files):
        try:
            with open(os.path.join(root, rel), encoding="utf-8") as handle:
                lines = handle.read().splitlines()
        except (UnicodeDecodeError, OSError):
            continue
        for number, line in enumerate(lines, 1):
            where = f"{rel}:{number}"
            if SHARED.search(line):
                problems[(where, "shared")] = f"{where}: cites notes outside the repository: {line.strip()}"
                continue
            for match in MD_CITATION.finditer(line):
                path = match.group(1)
                if "/" not in path and path in basenames:
                    continue
                if not exists(root, rel, path):
                    problems.setdefault((where, path), f"{where}: no such file: {path}")
            if not line.lstrip().startswith("#include"):
                for match in REPO_PATH.finditer(line):
                    path = match.group(1).rstrip(".")
                    following = line[match.end():match.end() + 1]
                    if following in NOT_A_PATH_AFTER or path.endswith(".md"):
                        continue
                    if not (path.endswith("/") or "." in os.path.basename(path)):
                        continue
                    if not exists(root, rel, path):
                        problems.setdefault((where, path), f"{where}: no such path: {path}")
            for problem in section_problems(root, rel, line, outlines):
                problems.setdefault((where, problem), f"{where}: {problem}")
            if rel.endswith(".md"):
                for match in MD_LINK.finditer(line):
                    target = match.group(1)
                    if re.match(r"^[a-z]+:", target) or target.startswith("/"):
                        continue
                    if not os.path.exists(os.path.normpath(os.path.join(root, os.path.dirname(rel), target))):
                        problems.setdefault((where, target), f"{where}: broken link: {target}")
    return list(problems.values())


def self_test():
    """The checker must flag each kind of bad reference and accept the good ones."""
    cases = {
        "good": ({"docs/a.md": "[b](b.md) docs/b.md core/x.h tests/e2e/<name>_test.cpp `{id}` x/*.md "
                              "terraform:docs/upstream.md $out/index.md ${dir}/x.md",
                  "docs/b.md": "# Section\nsee a.md", "core/x.h": "// docs/b.md \"Section\"\n#include \"core/gen.h\""}, 0),
        "shared": ({"core/x.h": "// (../shared/api-contract.md)"}, 1),
        "missing md": ({"core/x.h": "// protocol-notes.md section 4"}, 1),
        "missing path": ({"cmake/x.cmake": "# docs/design/build-hardening.md and scripts/fuzz.sh"}, 2),
        "broken link": ({"docs/a.md": "[x](../nowhere.md) [y](missing/)"}, 2),
        "sections": ({"docs/n.md": "# Notes\n## 1. One\n### 1.2 Two\n## Hosts, auth\n## 3. Traps\n1. a\n9. b",
                      "core/ok.h": "// docs/n.md \"hosts, AUTH\" docs/n.md §1, §1.2 docs/n.md section 3 "
                                   "docs/n.md trap 9 docs/n.md traps 1 and 9",
                      "core/bad.h": "// docs/n.md \"Paging\" docs/n.md §2 docs/n.md §1.3 docs/n.md trap 8"}, 4),
    }
    failed = False
    for name, (tree, expected) in cases.items():
        with tempfile.TemporaryDirectory() as root:
            for rel, text in tree.items():
                os.makedirs(os.path.join(root, os.path.dirname(rel)), exist_ok=True)
                with open(os.path.join(root, rel), "w", encoding="utf-8") as handle:
                    handle.write(text + "\n")
            found = check(root)
        if len(found) != expected:
            failed = True
            print(f"self-test {name}: expected {expected} problems, found {len(found)}: {found}")
    print("self-test: " + ("FAILED" if failed else "ok"))
    return 1 if failed else 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    root = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    problems = check(os.path.abspath(root))
    for problem in problems:
        print(problem)
    print(f"{len(problems)} broken references" if problems else "every cited file and path exists")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
