"""Benchmark of the bundle: from starting the frozen executable to its window on the screen.

Run after building the bundle:  python tests/benchmarks/bench_frozen_start.py dist/asahi-desk/asahi-desk
Target: the window is shown in under 1.5 s. Each run starts the executable afresh in a clean
environment (no virtual environment, HOME in a temporary folder) on its own Xvfb display, and the
time is taken from outside the process: until xdotool finds the mapped window named Asahi Desk.
Needs Xvfb and xdotool (Debian: xvfb, xdotool).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 1.5  # seconds
TIMEOUT = 30.0


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    """An Xvfb server on a free display, once it answers.

    -noreset: otherwise the server resets whenever its last client (xdotool) leaves, and refuses whoever
    connects meanwhile.
    """
    for number in range(150, 200):
        if Path(f"/tmp/.X{number}-lock").exists():
            continue
        display = f":{number}"
        server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp", "-noreset"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.perf_counter() + 10
        while server.poll() is None and time.perf_counter() < deadline:
            if subprocess.run(["xdotool", "getdisplaygeometry"], env={"DISPLAY": display, "PATH": "/usr/bin:/bin"},
                              capture_output=True).returncode == 0:
                return server, display
            time.sleep(0.05)
        server.kill()
        server.wait()
    raise SystemExit("Xvfb did not start")


def visible_window(display: str, pid: int) -> bool:
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(pid), "--name", "Asahi Desk"],
                           env={"DISPLAY": display, "PATH": "/usr/bin:/bin"}, capture_output=True, text=True)
    return found.returncode == 0 and bool(found.stdout.strip())


def one_start(executable: Path, plan: Path, env: dict[str, str], display: str) -> float:
    """Seconds from starting the executable until its main window is mapped; the process is then ended."""
    errors = tempfile.TemporaryFile()
    started = time.perf_counter()
    process = subprocess.Popen([str(executable), "--db", str(plan)], env=env, stdout=subprocess.DEVNULL, stderr=errors)
    try:
        while not visible_window(display, process.pid):
            if process.poll() is not None:
                errors.seek(0)
                raise SystemExit(f"the bundle exited with {process.returncode} before showing its window:\n"
                                 + errors.read().decode(errors="replace"))
            if time.perf_counter() - started > TIMEOUT:
                raise SystemExit(f"no window after {TIMEOUT:.0f} s")
            time.sleep(0.01)
        return time.perf_counter() - started
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("executable", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for tool in ("Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is needed (Debian: apt-get install xvfb xdotool)")
    server, display = start_xvfb()
    try:
        with tempfile.TemporaryDirectory(prefix="asahi-desk-start-") as folder:
            home = Path(folder) / "home"
            home.mkdir()
            env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "DISPLAY": display}
            plan = Path(folder) / "plan.sqlite"
            subprocess.run([str(args.executable), "init", str(plan)], env=env, check=True, capture_output=True)
            times = [one_start(args.executable, plan, env, display) for _ in range(args.runs)]
    finally:
        server.terminate()
        server.wait()
    print(f"frozen window start ({args.runs} runs, Xvfb, from exec to the window mapped):")
    print(f"  first {times[0]:.2f} s   median {statistics.median(times):.2f} s   max {max(times):.2f} s   "
          f"target < {TARGET} s: {'met' if statistics.median(times) < TARGET else 'NOT met'}")


if __name__ == "__main__":
    sys.exit(main())
