"""Sphinx extension: the benchmarks page's body converted from bench/README.md at build time.

The benchmark notes are Markdown (GitHub renders them in the repository); this converts the
subset they use (ATX headings, paragraphs, bullet and numbered lists, pipe tables, fenced code,
``code``, **bold**, *emphasis*) to reStructuredText, so the page shows the same text and tables
as the file without a Markdown parser dependency and without copying any number by hand.

docs/benchmarks.rst includes bench/README.md's text (docs/_generated/bench_readme.rst.txt; the
suffix keeps Sphinx from reading it as a document of its own); the other notes (bench/*.md and the
last full run's report, bench/results/results.md, with its chart) become pages of their own under
docs/benchmarks/, listed by docs/benchmarks.rst's toctree. Both outputs are ignored by git.
"""
import glob
import os
import re

# (Markdown file relative to the repository root, output relative to docs/); a ".rst" output is
# a page, anything else a fragment for an include
SOURCES = [("bench/README.md", "_generated/bench_readme.rst.txt"),
           ("bench/results/results.md", "benchmarks/results.rst")]
PAGES_GLOB = ("bench/*.md", "benchmarks")         # every other bench/*.md: a page under docs/benchmarks/

LEXERS = {"sh": "sh", "bash": "bash", "console": "console", "python": "python", "py": "python",
          "text": "text", "": "text"}
HEADING_CHARS = "=-~^\""

_CODE = re.compile(r"`([^`]+)`")
_TOKEN = re.compile(r"(`[^`]+`)|(\*\*.+?\*\*)|((?<![\w*])\*[^*\s](?:[^*]*[^*\s])?\*(?![\w*]))"
                    r"|(\[[^\]]+\]\([^)\s]+\))")
_SPECIAL = re.compile(r"([\\*`|_\[\]])")
_IMAGE = re.compile(r"^!\[([^\]]*)\]\(([^)\s]+)\)$")


def _escape(text):
    return _SPECIAL.sub(r"\\\1", text)


def _plain(text):
    """Text with the code spans unwrapped (for markup RST cannot nest)."""
    return _escape(_CODE.sub(lambda m: m.group(1), text))


def inline(text):
    """Markdown inline markup to RST; everything else escaped."""
    text = text.strip()
    out = []
    pos = 0
    starts_with_markup = False
    for m in _TOKEN.finditer(text):
        starts_with_markup = starts_with_markup or m.start() == 0
        out.append(_escape(text[pos:m.start()]))
        code, strong, emph, link = m.groups()
        if code:
            body = code[1:-1].strip()
            out.append("\\ ``%s``\\ " % body if body else "")
        elif strong:
            out.append("\\ **%s**\\ " % _plain(strong[2:-2]))
        elif emph:
            out.append("\\ *%s*\\ " % _plain(emph[1:-1]))
        else:
            label, url = re.match(r"\[([^\]]+)\]\(([^)\s]+)\)", link).groups()
            if re.match(r"[a-z]+://", url):
                out.append("\\ `%s <%s>`__\\ " % (_plain(label).replace("<", "\\<"), url))
            else:                                        # a link into the repository: its path
                out.append("%s (\\ ``%s``\\ )" % (_plain(label), url))
        pos = m.end()
    out.append(_escape(text[pos:]))
    result = "".join(out).strip()
    if result.startswith("\\ "):
        result = result[2:]
    if result.endswith("\\"):
        result = result[:-1].rstrip()
    if result.endswith("::"):
        result = result[:-1] + "\\:"
    # a paragraph that would read as a list item, a directive or a table
    if not starts_with_markup and re.match(r"(\d+|[a-zA-Z#]|[ivxlcdmIVXLCDM]+)[.)]\s|\(|[-+*>|.:=#~^]",
                                           result):
        result = "\\" + result
    return result


def _split_row(line):
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    cells, cur, in_code = [], [], False
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "\\" and i + 1 < len(line) and line[i + 1] == "|":
            cur.append("|")
            i += 2
            continue
        if ch == "`":
            in_code = not in_code
        if ch == "|" and not in_code:
            cells.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
        i += 1
    cells.append("".join(cur).strip())
    return cells


def _is_table_sep(line):
    return bool(re.match(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$", line))


def _table(rows):
    header, body = rows[0], rows[1:]
    width = len(header)
    out = [".. list-table::", "   :header-rows: 1", ""]
    for row in [header] + body:
        row = (row + [""] * width)[:width]
        for j, cell in enumerate(row):
            text = inline(cell) if cell else "\\ "
            out.append("   %s %s" % ("* -" if j == 0 else "  -", text))
    out.append("")
    return out


_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+(.*)$")


def convert(markdown, image_dir=None):
    """Markdown text (the subset above) to reStructuredText; image_dir: the path, relative to the
    document that shows the text, of the folder the Markdown file's relative image paths start in
    (None: images are left out)."""
    lines = markdown.splitlines()
    out = []
    levels = {}           # heading level -> underline character, in order of appearance
    i = 0
    n = len(lines)

    def block_start(line):
        return (not line.strip() or line.lstrip().startswith("```") or re.match(r"^#{1,6}\s", line)
                or line.lstrip().startswith("|") or _ITEM.match(line))

    while i < n:
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
            continue
        m = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if m:
            level = len(m.group(1))
            if level not in levels:
                levels[level] = HEADING_CHARS[len(levels)]
            title = inline(m.group(2))
            out += [title, levels[level] * (2 * len(title) + 2), ""]
            i += 1
            continue
        if stripped.startswith("```"):
            lang = stripped[3:].strip().lower()
            i += 1
            body = []
            while i < n and not lines[i].strip().startswith("```"):
                body.append(lines[i])
                i += 1
            i += 1
            out += [".. code-block:: %s" % LEXERS.get(lang, "text"), ""]
            out += [("   " + b).rstrip() for b in body] + [""]
            continue
        if stripped.startswith("|") and i + 1 < n and _is_table_sep(lines[i + 1]):
            rows = [_split_row(line)]
            i += 2
            while i < n and lines[i].strip().startswith("|"):
                rows.append(_split_row(lines[i]))
                i += 1
            out += _table(rows)
            continue
        m = _IMAGE.match(stripped)
        if m:
            alt, src = m.groups()
            if image_dir is not None and not re.match(r"[a-z]+://", src):
                out += [".. image:: %s" % "/".join([image_dir.replace(os.sep, "/"), src]).lstrip("/"),
                        "   :alt: %s" % (alt or src), ""]
            i += 1
            continue
        m = _ITEM.match(line)
        if m:
            indent, marker, text = len(m.group(1)), m.group(2), [m.group(3)]
            i += 1
            while i < n and lines[i].strip() and not block_start(lines[i]):
                text.append(lines[i].strip())
                i += 1
            depth = indent // 2
            bullet = marker[:-1] + "." if marker[0].isdigit() else "-"
            body = " ".join(text)
            prefix = "   " * depth
            out += [prefix + bullet + " " + inline(body), ""]
            continue
        para = [stripped]
        i += 1
        while i < n and not block_start(lines[i]):
            para.append(lines[i].strip())
            i += 1
        out += [inline(" ".join(para)), ""]
    return "\n".join(out) + "\n"


def _sources(root):
    sources = list(SOURCES)
    pattern, folder = PAGES_GLOB
    taken = {s for s, _ in sources}
    for path in sorted(glob.glob(os.path.join(root, pattern))):
        rel = os.path.relpath(path, root).replace(os.sep, "/")
        if rel not in taken:
            sources.append((rel, "%s/%s.rst" % (folder, os.path.splitext(os.path.basename(rel))[0])))
    return sources


def generate(srcdir):
    srcdir = os.path.abspath(srcdir)
    root = os.path.dirname(srcdir)
    written = set()
    for source, target in _sources(root):
        path = os.path.join(srcdir, target)
        # the document showing the text: the page itself, or docs/benchmarks.rst for a fragment
        shown_in = os.path.dirname(path) if target.endswith(".rst") else srcdir
        image_dir = os.path.relpath(os.path.join(root, os.path.dirname(source)), shown_in)
        with open(os.path.join(root, source), encoding="utf-8") as f:
            text = convert(f.read(), image_dir)
        if target.endswith(".rst"):
            text = (".. This page is generated from %s by docs/_ext/mdtables.py at build time; do not edit.\n\n"
                    % source) + text
        os.makedirs(os.path.dirname(path), exist_ok=True)
        written.add(os.path.normpath(path))
        old = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                old = f.read()
        if old != text:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    folder = os.path.join(srcdir, PAGES_GLOB[1])
    for stale in glob.glob(os.path.join(folder, "*.rst")):
        if os.path.normpath(stale) not in written:
            os.remove(stale)


def _on_builder_inited(app):
    generate(app.srcdir)


def setup(app):
    app.connect("builder-inited", _on_builder_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
