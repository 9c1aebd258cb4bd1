# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""Every external program that scripts/, .ci/ and tests/ run comes from a Debian
package that scripts/deps installs (or one those depend on, or the base system's
required packages). A machine where the package happens to be installed by hand
passes CI but a fresh one fails: this test fails instead, naming the program and
the package that holds it.

It finds programs by reading the files: in shell scripts the first word of each
command, in Python the first string of an argument list and string constants
named in capitals; a word counts as a program when an executable of that name is
on PATH or in the system directories.

usage: test_packages.py
"""

import glob
import os
import re
import shutil
import subprocess
import sys

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SYSTEM_DIRS = ["/usr/sbin", "/usr/bin", "/sbin", "/bin"]
SHELL_WORDS = {"if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done",
               "case", "esac", "in", "function", "time", "select", "exec", "local",
               "export", "readonly", "return", "shift", "set", "unset", "trap", "wait", "cd",
               "echo", "printf", "read", "test", "true", "false", "exit", "eval", "source",
               "command", "type", "kill", "builtin", "declare", "break", "continue", "[", "[["}


def deps_packages():
    text = open(os.path.join(TOP, "scripts", "deps")).read()
    m = re.search(r"^PACKAGES=\((.*?)\)", text, re.S | re.M)
    return set(m.group(1).split())


def installed_graph():
    """{package: ({depends, alternatives included}, essential_or_required)}."""
    out = subprocess.run(["dpkg-query", "-W", "-f",
                          "${Package}\t${Depends}, ${Pre-Depends}\t${Essential} ${Priority}"
                          "\t${Provides}\t${db:Status-Abbrev}\n"],
                         capture_output=True, text=True, check=True).stdout
    graph, provides = {}, {}
    for line in out.splitlines():
        pkg, deps, prio, prov, status = line.split("\t")
        if not status.startswith("ii"):
            continue
        names = {re.split(r"[ :(]", d.strip())[0] for d in re.split(r"[,|]", deps) if d.strip()}
        graph[pkg] = (names, prio.startswith("yes") or prio.endswith("required"))
        for p in prov.split(","):
            if p.strip():
                provides.setdefault(re.split(r"[ (]", p.strip())[0], set()).add(pkg)
    return graph, provides


def allowed_packages():
    graph, provides = installed_graph()
    todo = list(deps_packages()) + [p for p, (_, base) in graph.items() if base]
    seen = set()
    while todo:
        p = todo.pop()
        for q in [p] + sorted(provides.get(p, ())):
            if q in seen or q not in graph:
                continue
            seen.add(q)
            todo.extend(graph[q][0])
    return seen


def shell_commands(path):
    words = set()
    for line in open(path, errors="replace"):
        line = re.sub(r"(^|\s)#.*$", "", line)
        line = re.sub(r"'[^']*'", "''", line)
        for part in re.split(r"\|\||&&|[|;(`]|\$\(|\bthen\b|\bdo\b|\belse\b", line):
            tokens = part.split()
            while tokens and (re.match(r"^\w+=", tokens[0]) or tokens[0] in ("!", "$SUDO",
                                                                              "sudo", "exec")):
                tokens.pop(0)
            if tokens and re.match(r"^[a-z][\w.+-]*$", tokens[0]):
                words.add(tokens[0])
    return words - SHELL_WORDS


def python_commands(path):
    text = open(path).read()
    words = set(re.findall(r"\[\s*\"([a-z][\w.+-]*)\"\s*,", text))
    words |= set(re.findall(r"^[A-Z_]+ = \"([a-z][\w.+-]*)\"$", text, re.M))
    words |= set(re.findall(r"which\(\"([a-z][\w.+-]*)\"\)", text))
    return words


def system_path(prog):
    """The executable that a fresh machine would run: a system directory's first."""
    for d in SYSTEM_DIRS:
        p = os.path.join(d, prog)
        if os.path.isfile(p) and os.access(p, os.X_OK):
            return p
    return shutil.which(prog)


def variants(path):
    """path, its real path, and each with and without /usr (usrmerge: dpkg may know either)."""
    out = set()
    for c in {path, os.path.realpath(path)}:
        out |= {c, c[4:] if c.startswith("/usr/") else "/usr" + c}
    return out


def owners(paths):
    """{path: package} for the paths dpkg knows, in one dpkg -S call."""
    p = subprocess.run(["dpkg", "-S"] + sorted(paths), capture_output=True, text=True)
    found = {}
    for line in p.stdout.splitlines():
        pkgs, _, path = line.partition(": ")
        found[path.strip()] = pkgs.split(",")[0].split(":")[0].strip()
    return found


def main():
    files = [f for f in glob.glob(os.path.join(TOP, "scripts", "*")) + [
        os.path.join(TOP, ".ci", "run")] if os.path.isfile(f)]
    programs = {}
    for f in files:
        for w in shell_commands(f):
            programs.setdefault(w, os.path.relpath(f, TOP))
    for f in glob.glob(os.path.join(TOP, "tests", "*.py")):
        for w in python_commands(f):
            programs.setdefault(w, os.path.relpath(f, TOP))
    allowed = allowed_packages()
    paths = {prog: system_path(prog) for prog in programs}
    # Words that name no executable, and vsw's own programs, are not checked.
    paths = {prog: p for prog, p in paths.items() if p is not None and not p.startswith(TOP)}
    known = owners(set().union(*(variants(p) for p in paths.values())))
    failures = []
    for prog, path in sorted(paths.items()):
        where = programs[prog]
        pkg = next((known[v] for v in sorted(variants(path)) if v in known), None)
        if pkg is None:
            failures.append(f"{prog} ({where}): {path} belongs to no Debian package")
        elif pkg not in allowed:
            failures.append(f"{prog} ({where}): package {pkg} is not installed by scripts/deps "
                            "(add it to PACKAGES)")
    for f in failures:
        print("FAIL " + f)
    print(f"{len(paths)} programs run by scripts/ and tests/ checked against scripts/deps "
          f"({len(allowed)} packages with their dependencies): {len(failures)} missing")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
