#!/usr/bin/env python3
"""Start-up figures for hinet and fzf, measured in alternation on the same
generated catalogues; run by scripts/bench-startup.sh, which builds hinet
and the generator and installs fzf. Standard library only.

For each catalogue (N networks as one file, and as a folder of one file
per network) and each round, in this order:

* first start: `hinet --catalogue C search zzz` with an empty cache (read,
  parse, check, index, write the cache entry), against
  `fzf --filter zzz < LINES` (fzf has no cache: every start reads all);
* later start, first frame: the app in a 160x50 pseudo-terminal until its
  whole first frame is drawn (the footer, drawn last, shows `quit`),
  against interactive fzf until it shows its full count (`N/N`); the peak
  memory of each is read from /proc at that moment (VmHWM);
* one-shot search: `hinet search QUERY` (the cache warm) against
  `fzf --filter QUERY < LINES`, for each query.

Wall times are medians over the rounds; a ratio is hinet's median over
fzf's (below 1: hinet is faster). Peak memory of the one-shot commands is
`/usr/bin/time -f %M`. Also the bundled catalogue: first frame, and
`hinet search QUERY` against `fzf --filter QUERY` over the bundled
networks' `id<TAB>name` lines (what `hinet search` prints).
"""

import argparse
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

QUERIES = ["data analyst", "clinical coding", "infromatics", "wales"]
ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def peak_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def pty_first_frame(argv, marker, env, stdin_path=None, timeout=300):
    """Seconds from spawn until the screen text matches `marker`, and the
    process's peak memory (MB) then."""
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        try:
            if stdin_path:
                fin = os.open(stdin_path, os.O_RDONLY)
                os.dup2(fin, 0)
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
    raw = b""
    found = None
    mem = float("nan")
    while time.monotonic() - start < timeout:
        r, _, _ = select.select([fd], [], [], 0.5)
        if not r:
            continue
        try:
            chunk = os.read(fd, 1 << 16)
        except OSError:
            break
        if not chunk:
            break
        raw += chunk
        if marker.search(ANSI.sub(b" ", raw)):
            found = time.monotonic() - start
            mem = peak_mb(pid)
            break
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    if found is None:
        sys.exit(f"no first frame from {argv[0]} within {timeout} s")
    return found, mem


def timed(argv, env, stdin_path=None):
    """Wall seconds and peak memory (MB) of one run, by /usr/bin/time."""
    fd, out = tempfile.mkstemp()
    os.close(fd)
    fin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    t0 = time.monotonic()
    subprocess.run(
        ["/usr/bin/time", "-f", "%M", "-o", out] + argv,
        env=env,
        stdin=fin,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    wall = time.monotonic() - t0
    if fin is not subprocess.DEVNULL:
        fin.close()
    with open(out) as f:
        kb = [line for line in f.read().split("\n") if line.strip().isdigit()]
    os.unlink(out)
    return wall, (int(kb[-1]) / 1024 if kb else float("nan"))


def med(xs):
    return statistics.median(xs) if xs else float("nan")


class Table:
    def __init__(self):
        self.rows = []

    def add(self, what, h, f, unit):
        self.rows.append((what, h, f, unit))

    def show(self, title):
        print(f"\n## {title}")
        print(f"| what | hinet | fzf | hinet/fzf |")
        print("|---|---|---|---|")
        for what, h, f, unit in self.rows:
            if unit == "ms":
                hs, fs = f"{h * 1000:.0f} ms", f"{f * 1000:.0f} ms"
                if h < 0.1 or f < 0.1:
                    hs, fs = f"{h * 1000:.1f} ms", f"{f * 1000:.1f} ms"
            else:
                hs, fs = f"{h:.0f} MB", f"{f:.0f} MB"
            print(f"| {what} | {hs} | {fs} | {h / f:.2f} |")
        sys.stdout.flush()


def bench_catalogue(args, label, catalogue, lines, count, rounds, env):
    hinet = args.hinet
    cache = env["HINET_CACHE_DIR"]
    frame = re.compile(args.hinet_marker.encode())
    full = re.compile(rf"\b{count}/{count}\b".encode())
    first_h, first_f, first_hm, first_fm = [], [], [], []
    later_h, later_f, later_hm, later_fm = [], [], [], []
    search_h = {q: [] for q in QUERIES}
    search_f = {q: [] for q in QUERIES}
    search_hm, search_fm = [], []
    for r in range(rounds):
        # First start: empty cache.
        shutil.rmtree(cache, ignore_errors=True)
        w, m = timed([hinet, "--catalogue", catalogue, "search", "zzz"], env)
        first_h.append(w)
        first_hm.append(m)
        w, m = timed(["fzf", "--filter", "zzz"], env, lines)
        first_f.append(w)
        first_fm.append(m)
        # Once more, so the files' stat signature is recorded (the first
        # start hashed them; see src/cache/stat.rs).
        timed([hinet, "--catalogue", catalogue, "search", "zzz"], env)
        # Later start, to the first frame.
        w, m = pty_first_frame([hinet, "--catalogue", catalogue], frame, env)
        later_h.append(w)
        later_hm.append(m)
        w, m = pty_first_frame(["fzf"], full, env, stdin_path=lines)
        later_f.append(w)
        later_fm.append(m)
        # One-shot search.
        for q in QUERIES:
            w, m = timed([hinet, "--catalogue", catalogue, "search", q], env)
            search_h[q].append(w)
            search_hm.append(m)
            w, m = timed(["fzf", "--filter", q], env, lines)
            search_f[q].append(w)
            search_fm.append(m)
        print(f"  {label}: round {r + 1} of {rounds} done", file=sys.stderr)
    t = Table()
    t.add("first start (hinet: empty cache; fzf --filter)", med(first_h), med(first_f), "ms")
    t.add("first start, peak memory", med(first_hm), med(first_fm), "MB")
    t.add("later start, first frame in a pty (fzf: full count)", med(later_h), med(later_f), "ms")
    t.add("later start, peak memory at the first frame", med(later_hm), med(later_fm), "MB")
    hs = [med(search_h[q]) for q in QUERIES]
    fs = [med(search_f[q]) for q in QUERIES]
    t.add(f"one-shot search, sum of {len(QUERIES)} queries' medians", sum(hs), sum(fs), "ms")
    t.add("one-shot search, peak memory", med(search_hm), med(search_fm), "MB")
    t.show(f"{label}: {rounds} rounds")


def bench_bundled(args, rounds, env, tmp):
    hinet = args.hinet
    out = subprocess.run([hinet, "search"], env=env, capture_output=True, check=True)
    lines = os.path.join(tmp, "bundled-lines.txt")
    with open(lines, "wb") as f:
        f.write(out.stdout)
    count = out.stdout.count(b"\n")
    frame = re.compile(args.hinet_marker.encode())
    full = re.compile(rf"\b{count}/{count}\b".encode())
    fr_h, fr_f, fr_hm, fr_fm = [], [], [], []
    s_h = {q: [] for q in QUERIES}
    s_f = {q: [] for q in QUERIES}
    for _ in range(rounds):
        w, m = pty_first_frame([hinet], frame, env)
        fr_h.append(w)
        fr_hm.append(m)
        w, m = pty_first_frame(["fzf"], full, env, stdin_path=lines)
        fr_f.append(w)
        fr_fm.append(m)
        for q in QUERIES:
            s_h[q].append(timed([hinet, "search", q], env)[0])
            s_f[q].append(timed(["fzf", "--filter", q], env, lines)[0])
    t = Table()
    t.add("first frame in a pty (fzf: full count)", med(fr_h), med(fr_f), "ms")
    t.add("peak memory at the first frame", med(fr_hm), med(fr_fm), "MB")
    for q in QUERIES:
        t.add(f"`search {q}` vs `fzf --filter`", med(s_h[q]), med(s_f[q]), "ms")
    t.show(f"bundled catalogue ({count} networks): {rounds} rounds")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--hinet", required=True)
    p.add_argument("--gen", required=True)
    p.add_argument("--sizes", default="1000,10000,100000")
    p.add_argument("--layouts", default="file,dir")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--big-rounds", type=int, default=2, help="rounds at 100k and above")
    p.add_argument("--hinet-marker", default=r"\d+ of \d+ ")
    p.add_argument("--keep", action="store_true")
    args = p.parse_args()
    tmp = tempfile.mkdtemp(prefix="hinet-startup.")
    env = dict(os.environ)
    env.update(
        HINET_CONFIG_DIR=os.path.join(tmp, "config"),
        HINET_DATA_DIR=os.path.join(tmp, "data"),
        HINET_CACHE_DIR=os.path.join(tmp, "cache"),
        TERM="xterm-256color",
    )
    for k in ["HINET_CATALOGUE", "HINET_NO_CACHE", "HINET_CACHE_MAX_MB", "FZF_DEFAULT_OPTS", "FZF_DEFAULT_COMMAND", "NO_COLOR"]:
        env.pop(k, None)
    fzf = subprocess.run(["fzf", "--version"], capture_output=True, text=True).stdout.split()[0]
    print(f"# hinet vs fzf {fzf}, start-up; {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}")
    try:
        bench_bundled(args, args.rounds, env, tmp)
        for n in [int(s) for s in args.sizes.split(",") if s]:
            for layout in [s for s in args.layouts.split(",") if s]:
                lines = os.path.join(tmp, f"lines-{n}.txt")
                if layout == "file":
                    cat = os.path.join(tmp, f"c{n}.toml")
                    subprocess.run([args.gen, str(n), "--out", cat, "--lines", lines], check=True)
                else:
                    cat = os.path.join(tmp, f"c{n}")
                    subprocess.run([args.gen, str(n), "--dir", cat, "--lines", lines], check=True)
                mb = int(subprocess.run(["du", "-sb", cat], capture_output=True, text=True).stdout.split()[0]) / 1e6
                # Files older than the racy window, as a catalogue on disk is.
                time.sleep(2.5)
                rounds = args.big_rounds if n >= 100000 else args.rounds
                what = "one file" if layout == "file" else "a folder, one file per network"
                bench_catalogue(args, f"{n} networks, {what} ({mb:.0f} MB)", cat, lines, n, rounds, env)
                shutil.rmtree(env["HINET_CACHE_DIR"], ignore_errors=True)
                if os.path.isdir(cat):
                    shutil.rmtree(cat)
                else:
                    os.unlink(cat)
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
