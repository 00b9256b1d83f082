"""What the cores were doing during a benchmark: CPU seconds per kind of process, from /proc.

The development machine has 2 cores shared with other work, so a figure means little without
knowing what else ran. Linux only (reads /proc).
"""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def process_ticks() -> dict[int, tuple[int, str]]:
    """{pid: (CPU ticks used so far, command line)} for every process now."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # it ended while we looked
        found[int(stat.parent.name)] = (int(fields[11]) + int(fields[12]), command.strip())
    return found


def busy_processes(seconds: float = 3) -> list[str]:
    """The processes using the cores over the next `seconds`: '<percent of one core> <command>'."""
    first = process_ticks()
    time.sleep(seconds)
    use = [(t - first.get(pid, (t, ""))[0], command) for pid, (t, command) in process_ticks().items()]
    shares = [(100 * used / (TICKS * seconds), command) for used, command in sorted(use, reverse=True)[:8]]
    return [f"{share:.0f}% {command[:100]}" for share, command in shares if share >= 1]


@dataclass
class CpuWatch:
    """Samples every process every `every` seconds and adds up the CPU each kind used between
    start() and the last sample. A process that ends loses at most its last interval."""

    server_pid: int
    every: float = 2.0
    first: dict[int, int] = field(default_factory=dict)
    last: dict[int, tuple[int, str]] = field(default_factory=dict)
    started: float = 0.0

    def start(self) -> None:
        self.first = {pid: ticks for pid, (ticks, _) in process_ticks().items()}
        self.started = time.monotonic()

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.last |= await asyncio.to_thread(process_ticks)
            await asyncio.sleep(self.every)
        self.last |= process_ticks()

    def kind(self, pid: int, command: str) -> str:
        if pid == self.server_pid:
            return "server"
        if "lib.cli import" in command:
            return "import"
        if "chromium" in command or "playwright" in command or pid == os.getpid():
            return "browsers"  # Chromium, Playwright's driver, and this harness driving them
        return "other work on the machine"

    def seconds(self) -> dict[str, float]:
        """CPU seconds per kind since start(), and the seconds the cores had between them."""
        used = {"available": round((time.monotonic() - self.started) * (os.cpu_count() or 1))}
        for pid, (ticks, command) in self.last.items():
            kind = self.kind(pid, command)
            used[kind] = used.get(kind, 0) + (ticks - self.first.get(pid, 0)) / TICKS
        return {kind: round(value) for kind, value in used.items()}

    def busiest_others(self, count: int = 5) -> list[str]:
        """The other work's busiest processes since start(): '<CPU seconds> s <command>'."""
        others = [
            ((ticks - self.first.get(pid, 0)) / TICKS, command)
            for pid, (ticks, command) in self.last.items()
            if self.kind(pid, command) == "other work on the machine"
        ]
        return [
            f"{used:.0f} s {command[:100]}"
            for used, command in sorted(others, reverse=True)[:count]
            if used >= 1
        ]
