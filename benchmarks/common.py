"""What the benchmark scripts share: the queries, timing, percentiles, ports and process memory."""

from __future__ import annotations

import socket
import statistics
import time
from pathlib import Path

# One- and two-word queries a researcher of an English/Russian news archive types.
QUERIES = [
    "oil prices", "election", "government", "court", "police", "music", "film", "football", "economy", "bank",
    "growth", "minister", "trial", "detained", "arrest", "protest", "mobile phone", "internet", "company profits",
    "prime minister", "labour party", "tax", "strike", "world cup", "champions", "record", "deal", "shares",
    "human rights", "prison", "journalist", "parliament", "war", "president", "opposition", "sanctions",
    "суд", "москва", "президент", "выборы", "правозащитники", "арест", "задержан", "полиция", "правительство",
    "компания", "банк", "нефть", "закон", "митинг", "журналист", "депутаты", "россия сша", "кремль", "акции",
    "права человека", "губернатор", "оппозиция", "тюрьма", "военные",
]


def timed(function) -> float:
    """Seconds one call takes."""
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def ms(samples: list[float], q: int) -> float:
    """The q-th percentile of samples in seconds, in milliseconds."""
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1] * 1000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MiB."""
    total = 0.0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) / 1024
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += rss_mib(int(child))
    except OSError:
        pass
    return total
