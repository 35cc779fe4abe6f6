"""What a build is told (:class:`Settings`) and what it tells (:class:`Report`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..config import DEFAULT_SPACY_MODEL
from ..corpus import DEFAULT_MAX_BYTES, Skipped, fingerprint

ENTITIES_FILE = "entities.toml"


@dataclass
class Settings:
    """What a build needs to know; the CLI fills it from options and the environment."""

    corpus: Path
    index: Path
    workers: int = 1
    spacy_model: str = DEFAULT_SPACY_MODEL
    max_bytes: int = DEFAULT_MAX_BYTES
    progress: bool = True
    # False: facet values only from front matter and the entities file, no models (benchmarks at scale).
    models: bool = True

    @property
    def entities_file(self) -> Path:
        """The editors' entities file; a change to it makes the next build a full one."""
        return self.corpus / ENTITIES_FILE

    def entities_fingerprint(self) -> str:
        try:
            return fingerprint(self.entities_file)
        except OSError:
            return ""


@dataclass
class Report:
    """What a build did: the summary the CLI prints."""

    full: bool = False
    indexed: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    # Files that were indexed but have something the editor should know (an unreadable date line).
    notes: list[Skipped] = field(default_factory=list)
    # Articles of the whole index after the build, and how many of them have no date.
    total: int = 0
    undated: int = 0
    kept: list[str] = field(default_factory=list)  # folders that could not be read: their articles stay
    # Per export: how many posts of each kind it holds that are no articles ({"draft": 1, "revision": 2}).
    left_out: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        kind = "full rebuild" if self.full else "incremental update"
        rate = self.indexed / self.seconds if self.seconds else 0.0
        lines = [
            f"{kind}: {self.indexed} indexed, {self.unchanged} unchanged, {self.removed} removed, "
            f"{len(self.skipped)} skipped in {self.seconds:.1f}s ({rate:.1f} docs/s); "
            f"{self.total} articles in the index, {self.undated} without a date"
        ]
        lines += [f"  skipped {s.path}: {s.reason}" for s in self.skipped]
        lines += [f"  kept the articles of {folder} as they were" for folder in self.kept]
        lines += [f"  left out of {file_id}: " + ", ".join(f"{n} {_plural(kind, n)}" for kind, n in sorted(kinds.items()))
                  for file_id, kinds in self.left_out.items()]
        lines += [f"  note {n.path}: {n.reason}" for n in self.notes]
        return "\n".join(lines)


def _plural(kind: str, n: int) -> str:
    return kind if n == 1 else {"attachment": "attachments", "revision": "revisions", "draft": "drafts",
                                "menu item": "menu items"}.get(kind, kind)


class IndexBusy(RuntimeError):
    """Another build holds the index directory."""
