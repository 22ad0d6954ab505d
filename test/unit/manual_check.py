#!/usr/bin/env python3
"""iosupctl's two manuals say the same: `iosupctl --help` and
userspace/iosupctl.8 rendered by man have the same sections with the
same words (markup and line breaks aside), each command's `help CMD` is
its entry there, and the page's version is `iosupctl --version`'s.
Prints what differs; exit status 1 if anything does.

usage: manual_check.py IOSUPCTL MAN_PAGE
"""
import difflib
import os
import re
import subprocess
import sys


def sections(text):
    """{TITLE: words} for a manual's lines: titles at column 0."""
    out, title = {}, None
    for line in text.splitlines():
        if re.match(r"^[A-Z][A-Z ]*$", line):
            title = line
            out[title] = []
        elif title:
            out[title].append(line)
    return {t: " ".join(" ".join(l).split()) for t, l in out.items()}


def run(*argv, env=None):
    return subprocess.run(argv, stdout=subprocess.PIPE, check=True,
                          env=env, universal_newlines=True).stdout


def differ(what, a, b):
    diff = difflib.unified_diff(a.split(), b.split(), "--help", "man page",
                                lineterm="", n=4)
    print("%s differs:\n%s" % (what, "\n".join(diff)))


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    ctl, page = argv
    env = dict(os.environ, LC_ALL="C", MANWIDTH="80")
    env.pop("MANPAGER", None)
    env.pop("PAGER", None)
    rendered = run("man", "-l", page, env=env).splitlines()
    # Less the header and footer lines.
    rendered = [l for l in rendered if not re.match(r"^(IOSUPCTL\(8\)|iosup )", l)]
    man = sections("\n".join(rendered))
    helptext = run(ctl, "--help")
    tool = sections(helptext)
    bad = 0
    if list(tool) != list(man):
        print("sections: --help has %s, the man page %s" % (list(tool), list(man)))
        bad = 1
    for title in tool:
        if title in man and tool[title] != man[title]:
            differ(title, tool[title], man[title])
            bad = 1
    version = run(ctl, "--version").split()[-1]
    th = re.search(r'^\.TH IOSUPCTL 8 \S+ "iosup ([^"]+)"', open(page).read(), re.M)
    if not th or th.group(1) != version:
        print("the page's .TH says %s, iosupctl --version %s"
              % (th and th.group(1), version))
        bad = 1
    # Each command's help: its synopsis (usage: ...) and entry.
    entries = re.split(r"\n(?=    iosupctl \[-j\] )",
                       helptext.split("\nCOMMANDS\n")[1].split("\nJSON OUTPUT\n")[0])
    for entry in entries:
        name = entry.split()[2]
        want = " ".join(entry.split())
        got = " ".join(run(ctl, "help", name).replace("usage: ", "", 1).split())
        if got != want:
            differ("help " + name, want, got)
            bad = 1
    print("manual: %d sections and %d commands' help agree with %s"
          % (len(tool), len(entries), os.path.basename(page)) if not bad else
          "manual: --help and the man page differ")
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
