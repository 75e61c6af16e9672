"""Printing attestations through CUPS (``lp``, ``lpstat``) without keeping them on disk.

Owns :class:`AttestationPrinter`: a PDF is written to a private file under
``KIOSK_HOME/attestations/`` (folder 0700, file 0600), handed to ``lp`` (``-d <printer>``
when the config names one, else the CUPS default printer) and removed as soon as ``lp``
returns — CUPS has its own copy by then. :meth:`AttestationPrinter.sweep` removes
whatever is left there (a kiosk killed while ``lp`` ran); the app calls it at start-up
and at the end of every session. The jobs sent during this run (id, printer, time; no
learner data) are kept in memory for the animator screen, which asks ``lpstat`` where
they are. Without ``lp`` nothing is written: the kiosk says printing is not available.

No Kivy here: the passport screen is the thin adapter (it runs :meth:`send` on a thread).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

log = logging.getLogger(__name__)

FOLDER = "attestations"
LP_TIMEOUT = 30.0  # seconds lp may take to hand the file to CUPS
LPSTAT_TIMEOUT = 5.0
#: "request id is Accueil-42 (1 file(s))" — lp's answer when CUPS accepted the job
_REQUEST_ID = re.compile(r"request id is (\S+)")


@dataclass(frozen=True)
class PrintJob:
    """A job CUPS accepted: its id (``Accueil-42``), the printer, when it was sent."""

    job_id: str
    printer: str
    sent_at: datetime


@dataclass(frozen=True)
class PrintOutcome:
    """What became of one print: ``job`` when CUPS accepted it; ``detail`` in French for
    the animator (what lp said)."""

    job: PrintJob | None
    detail: str

    @property
    def accepted(self) -> bool:
        return self.job is not None


class AttestationPrinter:
    """The terminal's printer as the kiosk uses it; ``printer`` None = the CUPS default."""

    def __init__(self, home: Path, printer: str | None = None) -> None:
        self.folder = home / FOLDER
        self.printer = printer
        self._lock = threading.Lock()
        self._jobs: list[PrintJob] = []

    @property
    def available(self) -> bool:
        """CUPS's client is installed (``lp`` on the PATH)."""
        return shutil.which("lp") is not None

    @property
    def jobs(self) -> list[PrintJob]:
        with self._lock:
            return list(self._jobs)

    def send(self, pdf: bytes, title: str = "Attestation") -> PrintOutcome:
        """Print ``pdf``; the file written for ``lp`` is gone when this returns."""
        lp = shutil.which("lp")
        if lp is None:
            return PrintOutcome(None, "pas d'impression ici : lp (CUPS) n'est pas installé")
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(suffix=".pdf", prefix="attestation-", dir=self.folder)
        path = Path(name)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(pdf)
            command = [lp, *(["-d", self.printer] if self.printer else []), "-t", title, str(path)]
            done = subprocess.run(command, capture_output=True, text=True, timeout=LP_TIMEOUT,
                                  check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            log.warning("printing failed: %s", error)
            return PrintOutcome(None, f"lp : {error}")
        finally:
            path.unlink(missing_ok=True)
        if done.returncode != 0:
            said = done.stderr.strip() or f"code {done.returncode}"
            log.warning("lp refused the attestation: %s", said)
            return PrintOutcome(None, f"lp : {said}")
        found = _REQUEST_ID.search(done.stdout)
        job_id = found.group(1) if found else "?"
        job = PrintJob(job_id, self.printer or _printer_of(job_id), datetime.now())
        with self._lock:
            self._jobs.append(job)
        return PrintOutcome(job, f"envoyé à l'imprimante {job.printer} (travail {job_id})")

    def states(self) -> list[tuple[PrintJob, str]]:
        """Each job of this run with where CUPS has it, in French (asks ``lpstat``)."""
        jobs = self.jobs
        if not jobs:
            return []
        pending = self._listed("not-completed")
        completed = self._listed("completed")
        out = []
        for job in jobs:
            if job.job_id in pending:
                state = "en attente ou en cours d'impression"
            elif job.job_id in completed:
                state = "imprimé"
            else:
                state = "plus dans la file (imprimé ou annulé)"
            out.append((job, state))
        return out

    def _listed(self, which: str) -> set[str]:
        lpstat = shutil.which("lpstat")
        if lpstat is None:
            return set()
        command = [lpstat, "-W", which, "-o", *([self.printer] if self.printer else [])]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=LPSTAT_TIMEOUT,
                                  check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            log.warning("lpstat failed: %s", error)
            return set()
        return {line.split()[0] for line in done.stdout.splitlines() if line.strip()}

    def sweep(self) -> int:
        """Remove every file left in the attestations folder; how many there were."""
        removed = 0
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return 0  # no folder: nothing was ever printed here
        for entry in entries:
            if entry.is_file() or entry.is_symlink():
                try:
                    entry.unlink()
                    removed += 1
                except OSError as error:
                    log.warning("could not remove %s: %s", entry, error)
        if removed:
            log.info("removed %d attestation file(s) left in %s", removed, self.folder)
        return removed


def _printer_of(job_id: str) -> str:
    """CUPS names a job after its queue: ``Accueil-42`` → ``Accueil``."""
    return job_id.rsplit("-", 1)[0] if "-" in job_id else "par défaut"
